#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the package needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../tools/cli/main.ts');
const { processIo } = await import('../tools/cli/cli-io.ts');
const { handleProcessSignals } = await import('../tools/cli/process-signals.ts');

// Signals, a closed stdout and the exit code after a stop: tools/cli/process-signals.ts.
const stop = handleProcessSignals(process);
process.exitCode = stop.exitCode(await runCli(process.argv.slice(2), processIo(stop.signal)));
