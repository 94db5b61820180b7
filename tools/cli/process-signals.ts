/**
 * How the `link-monitor` process meets its surroundings when it runs unattended: a stop signal
 * ends it within a bounded time (container runtimes kill after 10 s, Docker, or 30 s, Kubernetes),
 * a second signal ends it at once, and a closed stdout (`run | head`, a log shipper that went
 * away) ends it quietly instead of with an `EPIPE` stack.
 */
import { constants } from 'node:os';

/** A stopping process that has not ended by then is ended: under Docker's 10 s grace period. */
export const STOP_GRACE_MS = 8_000;

/** The shell's exit code for a process ended by a signal: 128 plus its number (SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** What `process` offers that the handlers use; a test passes a stand-in. */
export interface ProcessLike {
  on(event: NodeJS.Signals, listener: () => void): unknown;
  exit(code: number): never;
  readonly stdout: Pick<NodeJS.WriteStream, 'on'>;
  readonly stderr: Pick<NodeJS.WriteStream, 'on' | 'write'>;
}

export interface ProcessStop {
  /** Aborted on the first SIGINT/SIGTERM, or when stdout is closed. */
  readonly signal: AbortSignal;
  /** The exit code to end with, given the command's: 128+signal after a stop by signal, 141 after a closed stdout. */
  exitCode(commandCode: number): number;
}

/**
 * Installs the handlers: the first signal asks the command to stop (`run` abandons its posts,
 * which stay pending, and starts no new poll) and ends the process after `graceMs` if it has not
 * ended; a second signal ends it at once with 128 plus that signal's number.
 */
export function handleProcessSignals(proc: ProcessLike, graceMs = STOP_GRACE_MS): ProcessStop {
  const stop = new AbortController();
  let stoppedBy: NodeJS.Signals | 'SIGPIPE' | null = null;
  const begin = (cause: NodeJS.Signals | 'SIGPIPE', code: number) => {
    stoppedBy = cause;
    stop.abort(cause);
    const timer = setTimeout(() => {
      proc.stderr.write(`Not stopped within ${graceMs / 1000}s of ${cause}: exiting now.\n`);
      proc.exit(code);
    }, graceMs);
    // Only a process that would not end on its own waits for it.
    timer.unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    proc.on(signal, () => {
      if (stoppedBy !== null) proc.exit(signalExitCode(signal));
      else begin(signal, signalExitCode(signal));
    });
  }
  proc.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // Nobody reads any more: stop as on a signal, writing nothing more there.
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      if (stoppedBy === null) begin('SIGPIPE', signalExitCode('SIGPIPE'));
      return;
    }
    throw error;
  });
  proc.stderr.on('error', () => {
    // Nowhere left to say anything; the exit code still tells.
  });
  return {
    signal: stop.signal,
    exitCode: (commandCode) =>
      stoppedBy === null || commandCode !== 0 ? commandCode : signalExitCode(stoppedBy as NodeJS.Signals),
  };
}
