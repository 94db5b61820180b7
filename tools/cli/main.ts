/**
 * `link-monitor`: the command line. `runCli` takes argv and injected I/O and
 * returns the exit code, so tests call it in-process; `bin/link-monitor.js`
 * calls it with the real process.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './check-command.js';
import { CliError, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, formatCliError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import type { CliDeps, CommandContext } from './command-context.js';
import { registerHistoryCommand } from './history-command.js';
import { registerReadinessCommand } from './readiness-command.js';
import { registerRunCommand } from './run-command.js';
import { registerSilenceCommand } from './silence-command.js';
import { registerSimulateCommand } from './simulate-command.js';
import { registerStatusCommand } from './status-command.js';

/** The version in package.json: the command ships with the repository, not as a package of its own. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

/** Builds the program with every command registered; output goes to `context.io`. */
export function buildProgram(context: CommandContext): Command {
  const program = new Command('link-monitor')
    .description(
      'Monitor Confluent cluster links: status, failover readiness, history, silences, local runs, config checks and a simulator',
    )
    .version(packageVersion(), '-V, --version', 'print the version of this checkout')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    });
  registerStatusCommand(program, context);
  registerReadinessCommand(program, context);
  registerHistoryCommand(program, context);
  registerCheckCommand(program, context);
  registerRunCommand(program, context);
  registerSimulateCommand(program, context);
  registerSilenceCommand(program, context);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs one command line.
 *
 * @param argv - the arguments after the program name, e.g. `['status', '--format', 'json']`
 * @returns the exit code: 0 success, 1 a problem found or met, 2 bad usage
 */
export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  let exitCode: number = EXIT_OK;
  const program = buildProgram({
    ...deps,
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; everything else it reports is a usage error it already printed.
      if (error.exitCode === 0) return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof CliError) {
      io.stderr.write(formatCliError(error));
      return error.exitCode;
    }
    io.stderr.write(`error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    return EXIT_PROBLEM;
  }
}
