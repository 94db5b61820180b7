/**
 * What a test of a `link-monitor` command on the embedded store starts from: a temporary
 * directory for each test, the path of a store in it, and the command run in-process with its
 * output captured and its clock stopped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { BufferSink, type CliIo } from '../../tools/cli/cli-io.js';
import { runCli } from '../../tools/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `link-monitor argv` with no environment, at `now`. */
export async function runCliAt(now: Date, argv: string[]): Promise<CliResult> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIo = { stdout, stderr, env: {}, now: () => now };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export interface StoreDir {
  readonly dir: string;
  /** `state.db` in `dir`: no store is there until a test makes one. */
  readonly db: string;
}

/** A directory made anew before each test of the file that calls it, and removed after it. */
export function storeDirPerTest(prefix: string): StoreDir {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get db() {
      return join(dir, 'state.db');
    },
  };
}
