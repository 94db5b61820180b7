/**
 * Progress of long operations (checking clusters, reading many pages of history): a spinner
 * on stderr when stderr is a terminal, nothing at all otherwise, so pipes, scripts, CI logs
 * and `--json` output stay clean.
 */
import ora from 'ora';

export interface Progress {
  update(text: string): void;
  done(): void;
}

export type StartProgress = (text: string) => Progress;

/** Reports nothing: for tests and non-interactive use. */
export const noProgress: StartProgress = () => ({ update() {}, done() {} });

/** A spinner on `stream`, enabled only when it is a terminal and not in CI. */
export function terminalProgress(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): StartProgress {
  const enabled = stream.isTTY === true && env.CI === undefined;
  if (!enabled) return noProgress;
  return (text) => {
    const spinner = ora({ text, stream, isEnabled: true }).start();
    return {
      update: (next) => {
        spinner.text = next;
      },
      done: () => {
        spinner.stop();
      },
    };
  };
}
