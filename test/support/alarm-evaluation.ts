/**
 * Reads a synthesized CloudWatch alarm against the EMF documents a function wrote, the way
 * CloudWatch does: the documents' values of the alarm's metric (same namespace, name and exactly
 * its dimensions) are grouped into the alarm's periods, reduced by its statistic, and the last
 * evaluation periods decide, missing ones as `TreatMissingData` says. For the infra tests that show
 * an alarm watches what the poller really sends.
 */

/** The properties of an `AWS::CloudWatch::Alarm` on one metric, as synthesized. */
export interface SynthesizedAlarm {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: readonly { readonly Name: string; readonly Value: unknown }[];
  readonly Statistic: 'Sum' | 'Maximum' | 'Minimum' | 'SampleCount';
  readonly Period: number;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly Threshold: number;
  readonly ComparisonOperator: string;
  readonly TreatMissingData?: 'breaching' | 'notBreaching' | 'ignore' | 'missing';
}

/** One value of the alarm's metric, at the time its document was stamped (epoch ms). */
export interface Datapoint {
  readonly timestamp: number;
  readonly value: number;
}

interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string }[];
    }[];
  };
  readonly [field: string]: unknown;
}

function isEmf(record: unknown): record is EmfDocument {
  return typeof record === 'object' && record !== null && '_aws' in record;
}

/** The values of the alarm's metric in the documents; other records (log lines) are skipped. */
export function datapointsFor(alarm: SynthesizedAlarm, records: readonly unknown[]): Datapoint[] {
  const wanted = new Map(alarm.Dimensions.map((d) => [d.Name, d.Value]));
  const points: Datapoint[] = [];
  for (const record of records) {
    if (!isEmf(record)) continue;
    for (const directive of record._aws.CloudWatchMetrics) {
      if (directive.Namespace !== alarm.Namespace) continue;
      if (!directive.Metrics.some((m) => m.Name === alarm.MetricName)) continue;
      for (const names of directive.Dimensions) {
        const sameNames = names.length === wanted.size && names.every((name) => wanted.has(name));
        if (!sameNames || !names.every((name) => record[name] === wanted.get(name))) continue;
        const value = record[alarm.MetricName];
        for (const v of Array.isArray(value) ? value : [value])
          points.push({ timestamp: record._aws.Timestamp, value: v as number });
      }
    }
  }
  return points;
}

function reduce(statistic: SynthesizedAlarm['Statistic'], values: readonly number[]): number {
  switch (statistic) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'SampleCount':
      return values.length;
  }
}

function breaches(alarm: SynthesizedAlarm, value: number): boolean {
  switch (alarm.ComparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.Threshold;
    case 'GreaterThanThreshold':
      return value > alarm.Threshold;
    case 'LessThanThreshold':
      return value < alarm.Threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= alarm.Threshold;
    default:
      throw new Error(`comparison ${alarm.ComparisonOperator} not modelled`);
  }
}

/**
 * The alarm's state when evaluated at `at` (epoch ms): its last `EvaluationPeriods` complete
 * periods, aligned on multiples of the period, each breaching, not breaching or missing. `ignore`
 * and `missing` keep `previous` when every period is missing.
 */
export function alarmStateAt(
  alarm: SynthesizedAlarm,
  points: readonly Datapoint[],
  at: number,
  previous: 'ALARM' | 'OK' = 'OK',
): 'ALARM' | 'OK' {
  const period = alarm.Period * 1000;
  const lastEnd = Math.floor(at / period) * period;
  let breaching = 0;
  let present = 0;
  for (let i = 0; i < alarm.EvaluationPeriods; i++) {
    const end = lastEnd - i * period;
    const values = points.filter((p) => p.timestamp >= end - period && p.timestamp < end).map((p) => p.value);
    if (values.length === 0) {
      if (alarm.TreatMissingData === 'breaching') breaching++;
      continue;
    }
    present++;
    if (breaches(alarm, reduce(alarm.Statistic, values))) breaching++;
  }
  const missingKeepsState = alarm.TreatMissingData === 'ignore' || alarm.TreatMissingData === 'missing';
  if (present === 0 && missingKeepsState) return previous;
  return breaching >= (alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods) ? 'ALARM' : 'OK';
}

/** The alarm's state evaluated every minute from `from` to `to`, in order. */
export function alarmStatesEveryMinute(
  alarm: SynthesizedAlarm,
  points: readonly Datapoint[],
  from: number,
  to: number,
): { readonly at: number; readonly state: 'ALARM' | 'OK' }[] {
  const states: { at: number; state: 'ALARM' | 'OK' }[] = [];
  let state: 'ALARM' | 'OK' = 'OK';
  for (let at = from; at <= to; at += 60_000) {
    state = alarmStateAt(alarm, points, at, state);
    states.push({ at, state });
  }
  return states;
}
