/**
 * Monthly AWS cost of running the monitor on a 1-minute schedule, computed from what the benchmark
 * measured. List prices, us-east-1, on-demand, without free tiers (a small account pays less).
 */

/** The prices used, and where they come from. */
export const PRICES = {
  checked: '2026-11-26',
  source: 'aws.amazon.com/{lambda,dynamodb,sns,cloudwatch,secrets-manager}/pricing, us-east-1 list prices',
  lambdaPerMillionRequests: 0.2,
  /** Arm (the stack deploys ARM_64), first 7.5 billion GB-s tier. */
  lambdaArmPerGbSecond: 0.0000133334,
  /** On-demand, since the November 2024 price reduction. */
  dynamodbPerMillionReadUnits: 0.125,
  dynamodbPerMillionWriteUnits: 0.625,
  dynamodbPerGbMonth: 0.25,
  snsPerMillionPublishes: 0.5,
  snsPerHundredThousandEmails: 2.0,
  /** Standard class Lambda logs, first 10 TB tier. */
  logsIngestionPerGb: 0.5,
  logsStoragePerGbMonth: 0.03,
  /** First 10,000 metrics. */
  customMetricPerMonth: 0.3,
  standardAlarmPerMonth: 0.1,
  dashboardPerMonth: 3.0,
  secretPerMonth: 0.4,
  secretsPerTenThousandCalls: 0.05,
  /** A customer managed KMS key; rotations add to it in a key's first years. */
  kmsKeyPerMonth: 1.0,
} as const;

/** 730 hours a month, one poll a minute. */
export const POLLS_PER_MONTH = 730 * 60;
/**
 * The Lambda platform's own lines per invocation in JSON log format (`platform.start`,
 * `platform.report`), which the function does not write and the benchmark cannot see.
 */
export const PLATFORM_LOG_BYTES_PER_POLL = 700;
/** The stack's log retention (three months): once it is reached, three months of logs are stored at any time. */
export const LOG_RETENTION_MONTHS = 3;
/** Each secret is re-read every 15 minutes by a warm container (`functions/poller/handler.ts`). */
export const SECRET_READS_PER_MONTH = 730 * 4;

/**
 * Alarms of the default stack (`infra/constructs/monitor-alarms.ts`, no Slack): poll failed (the
 * poller's dead-letter queue), poller not running, clusters unreachable, notifications not
 * delivered, and part of a poll's work failed while the rest went on (`IsolatedFailures`:
 * notifications not claimed or published, links or cluster states not recorded, notifications
 * given up, detail or silence reads failed, clusters not polled in time). Their number does not
 * depend on the clusters up to `MAX_CLUSTERS_PER_INVOCATION`; past it, each shard has its own
 * "not running" alarm instead of the one on the function.
 */
export const DEFAULT_ALARMS = 5;
/** What `slack` (or any routed Slack or PagerDuty receiver) adds: notifier errors and its two dead-letter queues. */
export const SLACK_ALARMS = 3;

export interface CostInputs {
  readonly clusters: number;
  /** Billed duration of a steady-state poll. */
  readonly pollMs: number;
  readonly memoryMb: number;
  readonly readUnitsPerPoll: number;
  readonly writeUnitsPerPoll: number;
  readonly publishesPerPoll: number;
  readonly logBytesPerPoll: number;
  readonly customMetrics: number;
  readonly alarms: number;
  readonly dashboards: number;
  readonly secrets: number;
  /** Customer managed KMS keys (`topicEncryption: customer-managed`). */
  readonly kmsKeys: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: string;
  readonly monthlyUsd: number;
}

/** One line per billed item, in the order of the stack's resources. */
export function monthlyCost(inputs: CostInputs): CostLine[] {
  const polls = POLLS_PER_MONTH;
  const gbSeconds = polls * (Math.ceil(inputs.pollMs) / 1000) * (inputs.memoryMb / 1024);
  const logGb = (polls * (inputs.logBytesPerPoll + PLATFORM_LOG_BYTES_PER_POLL)) / 1024 ** 3;
  const readUnits = polls * inputs.readUnitsPerPoll;
  const writeUnits = polls * inputs.writeUnitsPerPoll;
  const publishes = polls * inputs.publishesPerPoll;
  const secretReads = inputs.secrets * SECRET_READS_PER_MONTH;
  return [
    {
      item: 'Lambda requests',
      quantity: `${fmt(polls)} invocations`,
      monthlyUsd: (polls / 1e6) * PRICES.lambdaPerMillionRequests,
    },
    {
      item: 'Lambda duration',
      quantity: `${fmt(gbSeconds)} GB-s (${Math.ceil(inputs.pollMs)} ms x ${inputs.memoryMb} MB)`,
      monthlyUsd: gbSeconds * PRICES.lambdaArmPerGbSecond,
    },
    {
      item: 'DynamoDB reads',
      quantity: `${fmt(readUnits)} RRU`,
      monthlyUsd: (readUnits / 1e6) * PRICES.dynamodbPerMillionReadUnits,
    },
    {
      item: 'DynamoDB writes',
      quantity: `${fmt(writeUnits)} WRU`,
      monthlyUsd: (writeUnits / 1e6) * PRICES.dynamodbPerMillionWriteUnits,
    },
    {
      item: 'SNS publishes',
      quantity: `${fmt(publishes)} publishes`,
      monthlyUsd: (publishes / 1e6) * PRICES.snsPerMillionPublishes,
    },
    {
      item: 'CloudWatch Logs ingestion',
      quantity: `${logGb.toFixed(2)} GB (${fmt(inputs.logBytesPerPoll + PLATFORM_LOG_BYTES_PER_POLL)} B/poll)`,
      monthlyUsd: logGb * PRICES.logsIngestionPerGb,
    },
    {
      item: 'CloudWatch Logs storage',
      quantity: `${(logGb * LOG_RETENTION_MONTHS).toFixed(2)} GB kept ${LOG_RETENTION_MONTHS} months`,
      monthlyUsd: logGb * LOG_RETENTION_MONTHS * PRICES.logsStoragePerGbMonth,
    },
    {
      item: 'CloudWatch custom metrics (EMF)',
      quantity: `${fmt(inputs.customMetrics)} metrics`,
      monthlyUsd: inputs.customMetrics * PRICES.customMetricPerMonth,
    },
    {
      item: 'CloudWatch alarms',
      quantity: `${inputs.alarms} standard alarms`,
      monthlyUsd: inputs.alarms * PRICES.standardAlarmPerMonth,
    },
    {
      item: 'CloudWatch dashboard',
      quantity: `${inputs.dashboards}`,
      monthlyUsd: inputs.dashboards * PRICES.dashboardPerMonth,
    },
    {
      item: 'KMS key',
      quantity: inputs.kmsKeys === 0 ? 'AWS managed key' : `${inputs.kmsKeys} customer managed key(s)`,
      monthlyUsd: inputs.kmsKeys * PRICES.kmsKeyPerMonth,
    },
    {
      item: 'Secrets Manager',
      quantity: `${inputs.secrets} secret(s), ${fmt(secretReads)} reads`,
      monthlyUsd: secretsCost(inputs.secrets),
    },
  ];
}

export function totalOf(lines: readonly CostLine[]): number {
  return lines.reduce((sum, line) => sum + line.monthlyUsd, 0);
}

/** What `count` secrets cost a month, read by one warm container each 15 minutes. */
export function secretsCost(count: number): number {
  return (
    count * PRICES.secretPerMonth +
    ((count * SECRET_READS_PER_MONTH) / 1e4) * PRICES.secretsPerTenThousandCalls
  );
}

/** Cost of recording and announcing changes, per 1,000 changed links, from a churn poll. */
export function changeCostPerThousand(
  writeUnitsPerChange: number,
  readUnitsPerChange: number,
  publishesPerChange: number,
): number {
  return (
    1000 *
    ((writeUnitsPerChange / 1e6) * PRICES.dynamodbPerMillionWriteUnits +
      (readUnitsPerChange / 1e6) * PRICES.dynamodbPerMillionReadUnits +
      (publishesPerChange / 1e6) * PRICES.snsPerMillionPublishes)
  );
}

export function usd(value: number): string {
  if (value === 0) return '$0';
  if (value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
