#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the package needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../tools/cli/main.ts');
const { processIo } = await import('../tools/cli/cli-io.ts');

const stop = new AbortController();
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // A second signal means "now": the in-flight poll is abandoned.
    if (stopping) process.exit(130);
    stopping = true;
    stop.abort(signal);
  });
}
process.exitCode = await runCli(process.argv.slice(2), processIo(stop.signal));
