/** Messages between the benchmark and its `lambda-worker` child processes. */

export type WorkerRequest =
  /** `captureLog`: send back what the invocation wrote to stdout (to count its metrics). */
  | { readonly type: 'invoke'; readonly remainingMs: number; readonly captureLog: boolean }
  | { readonly type: 'stop' };

export type WorkerReply =
  | { readonly type: 'ready'; readonly importMs: number }
  | {
      readonly type: 'result';
      readonly durationMs: number;
      /** Highest `rss` sampled during the invocation. */
      readonly peakRssBytes: number;
      /** Bytes the invocation wrote to stdout: its log lines and EMF metrics. */
      readonly logBytes: number;
      /** The invocation's stdout when asked for, else null. */
      readonly log: string | null;
      readonly importMs: number;
      readonly summary: unknown;
      readonly error: string | null;
    }
  | { readonly type: 'usage'; readonly maxRssBytes: number };
