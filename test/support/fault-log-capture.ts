/**
 * Captures everything a piece of code writes to stdout, stderr and the console while it runs
 * (the functions' loggers write to the process streams, `console.*` goes through vitest), so a test
 * can assert that no secret ever reaches a log line.
 */
import { inspect } from 'node:util';
import { vi } from 'vitest';

export interface CapturedOutput {
  /** Everything written so far, in order. */
  text(): string;
  restore(): void;
}

export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const keep = (chunk: unknown) =>
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      keep(chunk);
      return true;
    }),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      keep(chunk);
      return true;
    }),
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        keep(`${args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}\n`);
      }),
    ),
  ];
  return {
    text: () => chunks.join(''),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** Errors with their causes and every property, as a log sink that dumps objects would show them. */
function safeJson(value: unknown): string {
  return inspect(value, { depth: 8, breakLength: Number.POSITIVE_INFINITY });
}
