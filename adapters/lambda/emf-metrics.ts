/**
 * CloudWatch metrics in embedded metric format (EMF): JSON lines on stdout that CloudWatch Logs
 * turns into metrics, with no API call. The functions write their own, a few dozen lines, instead
 * of bundling the Powertools Metrics utility: that utility and what it pulls in are about 11 KB of
 * each bundle (the poller's budget is 400 KB), and they use four of its methods. The documents
 * have the shape Powertools writes (the `service` dimension on every metric), so alarms and the
 * dashboard read them the same way.
 */

/** The units the monitor's metrics use. */
export type EmfUnit = 'Count' | 'Milliseconds';

/** What the functions' metric code needs of a metrics writer. */
export interface MetricsSink {
  /** Stores a value to send with the next `publishStoredMetrics`. */
  addMetric(name: string, unit: EmfUnit, value: number): void;
  /** A dimension of the next document only; cleared once it is published. */
  addDimension(name: string, value: string): void;
  hasStoredMetrics(): boolean;
  /** Writes the stored metrics as one document and clears them and the added dimensions. */
  publishStoredMetrics(): void;
}

export interface EmfMetricsOptions {
  readonly namespace: string;
  /** Sent as the `service` dimension of every metric. */
  readonly serviceName: string;
  /** @default a line on process.stdout */
  readonly write?: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

/** EMF allows 100 metrics per document; a function sends at most a dozen at a time. */
const MAX_METRICS_PER_DOCUMENT = 100;

export class EmfMetrics implements MetricsSink {
  readonly #options: EmfMetricsOptions;
  readonly #write: (line: string) => void;
  #metrics = new Map<string, { unit: EmfUnit; values: number[] }>();
  #dimensions = new Map<string, string>();

  constructor(options: EmfMetricsOptions) {
    this.#options = options;
    this.#write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  addMetric(name: string, unit: EmfUnit, value: number): void {
    const stored = this.#metrics.get(name);
    if (stored === undefined) this.#metrics.set(name, { unit, values: [value] });
    else stored.values.push(value);
    if (this.#metrics.size >= MAX_METRICS_PER_DOCUMENT) this.publishStoredMetrics();
  }

  addDimension(name: string, value: string): void {
    this.#dimensions.set(name, value);
  }

  hasStoredMetrics(): boolean {
    return this.#metrics.size > 0;
  }

  publishStoredMetrics(): void {
    const metrics = this.#metrics;
    const dimensions = this.#dimensions;
    this.#metrics = new Map();
    this.#dimensions = new Map();
    if (metrics.size === 0) return;
    const values: Record<string, string | number | number[]> = { service: this.#options.serviceName };
    for (const [name, value] of dimensions) values[name] = value;
    for (const [name, { values: sent }] of metrics)
      values[name] = sent.length === 1 ? (sent[0] as number) : sent;
    const document = {
      _aws: {
        Timestamp: (this.#options.now ?? Date.now)(),
        CloudWatchMetrics: [
          {
            Namespace: this.#options.namespace,
            Dimensions: [['service', ...dimensions.keys()]],
            Metrics: [...metrics].map(([name, { unit }]) => ({ Name: name, Unit: unit })),
          },
        ],
      },
      ...values,
    };
    this.#write(JSON.stringify(document));
  }
}
