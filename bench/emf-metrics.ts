/**
 * Counts the CloudWatch custom metrics a poll's log output defines through the Embedded Metric
 * Format: each distinct namespace, metric name and dimension set with its values is one metric
 * that CloudWatch bills per month.
 */

interface EmfDirective {
  readonly Namespace?: string;
  readonly Dimensions?: readonly (readonly string[])[];
  readonly Metrics?: readonly { readonly Name?: string }[];
}

/** Distinct metric keys (`namespace|name|dim=value,...`) defined by the EMF lines in `logs`. */
export function emfMetricKeys(logs: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const text of logs) {
    for (const line of text.split('\n')) {
      if (!line.includes('"_aws"')) continue;
      let document: Record<string, unknown>;
      try {
        document = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      const aws = document._aws as { CloudWatchMetrics?: readonly EmfDirective[] } | undefined;
      for (const directive of aws?.CloudWatchMetrics ?? []) {
        const sets = directive.Dimensions?.length ? directive.Dimensions : [[]];
        for (const dimensions of sets) {
          const dims = [...dimensions]
            .sort()
            .map((name) => `${name}=${String(document[name])}`)
            .join(',');
          for (const metric of directive.Metrics ?? [])
            keys.add(`${directive.Namespace}|${metric.Name}|${dims}`);
        }
      }
    }
  }
  return keys;
}

/** Metric names defined per dimension shape (values replaced by `*`), to show what multiplies. */
export function emfMetricShapes(keys: ReadonlySet<string>): Map<string, number> {
  const shapes = new Map<string, number>();
  for (const key of keys) {
    const [namespace, name, dims = ''] = key.split('|');
    const shape = `${namespace}/${name} [${dims.replace(/=[^,]*/g, '=*')}]`;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  return shapes;
}

/**
 * The metric keys left if `dimension` were kept only on the metrics in `keep` (the ones alarms read)
 * and dropped from every other metric: what a leaner metrics design would be billed for.
 */
export function withoutDimension(
  keys: ReadonlySet<string>,
  dimension: string,
  keep: ReadonlySet<string>,
): Set<string> {
  const reduced = new Set<string>();
  for (const key of keys) {
    const [namespace, name = '', dims = ''] = key.split('|');
    if (keep.has(name)) {
      reduced.add(key);
      continue;
    }
    const kept = dims
      .split(',')
      .filter((d) => d !== '' && !d.startsWith(`${dimension}=`))
      .join(',');
    reduced.add(`${namespace}|${name}|${kept}`);
  }
  return reduced;
}
