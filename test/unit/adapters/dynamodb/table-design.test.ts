import { describe, expect, it } from 'vitest';
import {
  HISTORY_TABLE,
  SNAPSHOT_TABLE,
  toCreateTableInput,
  toTimeToLiveInput,
} from '../../../../adapters/dynamodb/table-design.js';

describe('table design', () => {
  it('defines each key attribute once, even when several indexes share it', () => {
    const input = toCreateTableInput(HISTORY_TABLE, 'history');

    const names = input.AttributeDefinitions?.map((a) => a.AttributeName);
    expect(names).toEqual([
      'clusterId',
      'eventId',
      'timeKey',
      'linkKey',
      'severityBucket',
      'pendingClusterId',
    ]);
    expect(input.AttributeDefinitions?.every((a) => a.AttributeType === 'S')).toBe(true);
  });

  it('gives the history table one index per access pattern plus the outbox, all sorted by time', () => {
    const input = toCreateTableInput(HISTORY_TABLE, 'history');

    expect(
      input.GlobalSecondaryIndexes?.map((i) => [
        i.IndexName,
        ...(i.KeySchema ?? []).map((k) => k.AttributeName),
      ]),
    ).toEqual([
      ['byClusterTime', 'clusterId', 'timeKey'],
      ['byLink', 'linkKey', 'timeKey'],
      ['bySeverity', 'severityBucket', 'timeKey'],
      ['pending', 'pendingClusterId', 'timeKey'],
    ]);
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'clusterId', KeyType: 'HASH' },
      { AttributeName: 'eventId', KeyType: 'RANGE' },
    ]);
  });

  it('lists clusters from a sparse index of the snapshot table', () => {
    const input = toCreateTableInput(SNAPSHOT_TABLE, 'snapshots');

    expect(input.TableName).toBe('snapshots');
    expect(input.GlobalSecondaryIndexes?.[0]?.KeySchema?.[0]?.AttributeName).toBe('clusterListKey');
  });

  it('expires history by expiresAt and never expires snapshots', () => {
    expect(toTimeToLiveInput(HISTORY_TABLE, 'history')?.TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
    expect(toTimeToLiveInput(SNAPSHOT_TABLE, 'snapshots')).toBeUndefined();
  });
});
