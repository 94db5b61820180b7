import { type StartProgress, terminalProgress } from './progress.js';

/**
 * What a command may touch of the outside world, injected so that tests run
 * commands in-process with captured output and a fixed clock.
 */

/** Anything text can be written to: `process.stdout`, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
  /** The terminal's width in characters; undefined when the output is not a terminal (a pipe, a file). */
  readonly columns?: number | undefined;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: NodeJS.ProcessEnv;
  /** The clock `status`, `history` and `run` use. */
  readonly now: () => Date;
  /** Aborted on SIGINT/SIGTERM; `run` finishes the poll in flight and stops. */
  readonly stopSignal?: AbortSignal;
  /** Shows progress of long operations; nothing when absent. */
  readonly progress?: StartProgress;
}

/** The real process: its streams, environment and clock. */
export function processIo(stopSignal?: AbortSignal): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
    progress: terminalProgress(process.stderr, process.env),
    ...(stopSignal === undefined ? {} : { stopSignal }),
  };
}

/** Collects everything written, for tests and for the demo's own rendering. */
export class BufferSink implements TextSink {
  #chunks: string[] = [];

  /** @param columns the width of the terminal it stands for; none: a pipe. */
  constructor(readonly columns?: number) {}

  write(text: string): boolean {
    this.#chunks.push(text);
    return true;
  }

  get text(): string {
    return this.#chunks.join('');
  }
}
