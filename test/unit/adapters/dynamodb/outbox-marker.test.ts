import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbCalls } from '../../../../adapters/dynamodb/dynamodb-calls.js';
import { markedSum, OutboxMarker } from '../../../../adapters/dynamodb/outbox-marker.js';

const dynamo = mockClient(DynamoDBClient);
afterEach(() => dynamo.reset());

function aMarker(): OutboxMarker {
  return new OutboxMarker(
    new DynamoDbCalls(new DynamoDBClient({ region: 'us-east-1' }), () => undefined),
    'snapshots',
  );
}

describe('Function: markedSum', () => {
  it('adds up to the same for the same ids in any order, and to another for other ids', () => {
    // Act
    const sum = markedSum(['lkc-1#link-a#1#0', 'lkc-1#link-b#1#0']);

    // Assess
    expect(markedSum(['lkc-1#link-b#1#0', 'lkc-1#link-a#1#0'])).toBe(sum);
    expect(markedSum(['lkc-1#link-a#1#0'])).not.toBe(sum);
    expect(markedSum(['lkc-1#link-a#1#0', 'lkc-1#link-a#1#0', 'lkc-1#link-b#1#0'])).not.toBe(sum);
    expect(markedSum([])).toBe(0n);
  });
});

describe('Class: OutboxMarker', () => {
  it("adds the marked ids' sum with the seq, in plain digits", () => {
    // Act
    const update = aMarker().mark('lkc-1', ['lkc-1#link-a#1#0']);

    // Assess
    expect(update.UpdateExpression).toBe('ADD #seq :one, #sum :sum');
    expect(update.ExpressionAttributeValues?.[':sum']).toEqual({
      N: markedSum(['lkc-1#link-a#1#0']).toString(),
    });
    expect(update.ConditionExpression).toBeUndefined();
  });

  it('reads a marker set before it had a sum as marked for unknown events', async () => {
    // Prepare
    dynamo
      .on(GetItemCommand)
      .resolves({ Item: { clusterId: { S: 'lkc-1' }, itemKey: { S: '#OUTBOX' }, seq: { N: '3' } } });

    // Act
    const reading = await aMarker().read('claimPendingEvents', 'lkc-1');

    // Assess
    expect(reading).toEqual({ seq: '3', markedSum: null });
    expect(dynamo.commandCalls(GetItemCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('reads what a claim noted of a drained outbox', async () => {
    // Prepare
    dynamo.on(GetItemCommand).resolves({
      Item: {
        seq: { N: '2' },
        markedSum: { N: '12345' },
        seenSeq: { N: '2' },
        seenAt: { S: '2026-11-26T08:00:00.000Z' },
      },
    });

    // Act
    const reading = await aMarker().read('claimPendingEvents', 'lkc-1');

    // Assess
    expect(reading).toEqual({
      seq: '2',
      markedSum: 12345n,
      seen: { seq: '2', at: '2026-11-26T08:00:00.000Z' },
    });
  });
});
