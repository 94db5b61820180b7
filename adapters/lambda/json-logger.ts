/**
 * Structured JSON log lines for every function of the monitor, in the shape the Powertools Logger
 * writes (`level`, `message`, `timestamp`, `service`, the Lambda context keys, then the extra
 * fields), so log queries read them the same way. Written here instead of bundling that utility:
 * it and what it pulls in are about 21 KB of each bundle (the poller's budget is 400 KB), and the
 * functions log a handful of lines per invocation (docs/decisions/002-lambda-bundle.md).
 */
import type { Context } from 'aws-lambda';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * The variable the stack sets every function's log level with. Powertools' name, kept from when
 * the functions used it so that deployed configuration and runbooks stay valid.
 */
export const LOG_LEVEL_ENV = 'POWERTOOLS_LOG_LEVEL';

/** What code that logs needs of a logger; the use cases take this, tests pass a recording one. */
export interface Log {
  info(message: string, extra?: Readonly<Record<string, unknown>>): void;
  warn(message: string, extra?: Readonly<Record<string, unknown>>): void;
  error(message: string, extra?: Readonly<Record<string, unknown>>): void;
}

/** A logger a handler's middleware gives each invocation's context (`addLambdaContext`). */
export interface LambdaLog extends Log {
  /** Adds the invocation's Lambda context to every later line. */
  addContext(context: Context): void;
}

export interface JsonLoggerOptions {
  readonly serviceName: string;
  /** Lines below this level are dropped. @default INFO */
  readonly level?: LogLevel;
  /** @default DEBUG and INFO to process.stdout, WARN and ERROR to process.stderr, one line each */
  readonly write?: (level: LogLevel, line: string) => void;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

const RANK: Readonly<Record<LogLevel, number>> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 };

/** `level` as a log level, or INFO when it is not one (e.g. unset). */
export function logLevelOf(level: string | undefined): LogLevel {
  const upper = level?.toUpperCase();
  return upper !== undefined && upper in RANK ? (upper as LogLevel) : 'INFO';
}

/** A function's logger, at the level the stack set in its environment (`LOG_LEVEL_ENV`). */
export function lambdaLogger(
  serviceName: string,
  env: Readonly<Record<string, string | undefined>>,
): JsonLogger {
  return new JsonLogger({ serviceName, level: logLevelOf(env[LOG_LEVEL_ENV]) });
}

function defaultWrite(level: LogLevel, line: string): void {
  (RANK[level] >= RANK.WARN ? process.stderr : process.stdout).write(`${line}\n`);
}

/** Errors keep their name and message in JSON (`JSON.stringify` drops both). */
function replacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

export class JsonLogger implements LambdaLog {
  readonly #options: JsonLoggerOptions;
  readonly #minimum: number;
  readonly #write: (level: LogLevel, line: string) => void;
  #context: Record<string, unknown> = {};
  #coldStart = true;

  constructor(options: JsonLoggerOptions) {
    this.#options = options;
    this.#minimum = RANK[options.level ?? 'INFO'];
    this.#write = options.write ?? defaultWrite;
  }

  addContext(context: Context): void {
    this.#context = {
      cold_start: this.#coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: Number(context.memoryLimitInMB),
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    this.#coldStart = false;
  }

  debug(message: string, extra?: Readonly<Record<string, unknown>>): void {
    this.#log('DEBUG', message, extra);
  }

  info(message: string, extra?: Readonly<Record<string, unknown>>): void {
    this.#log('INFO', message, extra);
  }

  warn(message: string, extra?: Readonly<Record<string, unknown>>): void {
    this.#log('WARN', message, extra);
  }

  error(message: string, extra?: Readonly<Record<string, unknown>>): void {
    this.#log('ERROR', message, extra);
  }

  #log(level: LogLevel, message: string, extra: Readonly<Record<string, unknown>> | undefined): void {
    if (RANK[level] < this.#minimum) return;
    const line = {
      level,
      message,
      timestamp: (this.#options.now?.() ?? new Date()).toISOString(),
      service: this.#options.serviceName,
      ...this.#context,
      ...extra,
    };
    this.#write(level, JSON.stringify(line, replacer));
  }
}
