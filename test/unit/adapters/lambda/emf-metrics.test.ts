import { describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../../../adapters/lambda/emf-metrics.js';

function recording() {
  const lines: string[] = [];
  const metrics = new EmfMetrics({
    namespace: 'Ns',
    serviceName: 'svc',
    write: (line) => lines.push(line),
    now: () => 1_700_000_000_000,
  });
  return { metrics, documents: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('Function: EmfMetrics', () => {
  it('writes the stored metrics as one EMF document with the service dimension and the added ones', () => {
    // Prepare
    const { metrics, documents } = recording();

    // Act
    metrics.addDimension('ClusterId', 'lkc-1');
    metrics.addMetric('Links', 'Count', 3);
    metrics.addMetric('ClusterPollDuration', 'Milliseconds', 120);
    metrics.publishStoredMetrics();

    // Assess
    expect(documents()).toEqual([
      {
        _aws: {
          Timestamp: 1_700_000_000_000,
          CloudWatchMetrics: [
            {
              Namespace: 'Ns',
              Dimensions: [['service', 'ClusterId']],
              Metrics: [
                { Name: 'Links', Unit: 'Count' },
                { Name: 'ClusterPollDuration', Unit: 'Milliseconds' },
              ],
            },
          ],
        },
        service: 'svc',
        ClusterId: 'lkc-1',
        Links: 3,
        ClusterPollDuration: 120,
      },
    ]);
  });

  it('clears metrics and added dimensions once published, and writes nothing when nothing is stored', () => {
    // Prepare
    const { metrics, documents } = recording();
    metrics.addDimension('ClusterId', 'lkc-1');
    metrics.addMetric('Links', 'Count', 3);
    metrics.publishStoredMetrics();

    // Act
    metrics.publishStoredMetrics();
    metrics.addMetric('ClustersFailed', 'Count', 1);
    const stored = metrics.hasStoredMetrics();
    metrics.publishStoredMetrics();

    // Assess
    expect(stored).toBe(true);
    expect(metrics.hasStoredMetrics()).toBe(false);
    const second = documents()[1] as { _aws: { CloudWatchMetrics: { Dimensions: string[][] }[] } };
    expect(documents()).toHaveLength(2);
    expect(second._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(second).not.toHaveProperty('ClusterId');
  });

  it('sends a metric added twice as a list of values', () => {
    // Prepare
    const { metrics, documents } = recording();

    // Act
    metrics.addMetric('ChangeEvents', 'Count', 1);
    metrics.addMetric('ChangeEvents', 'Count', 2);
    metrics.publishStoredMetrics();

    // Assess
    expect(documents()[0]).toMatchObject({ ChangeEvents: [1, 2] });
  });
});
