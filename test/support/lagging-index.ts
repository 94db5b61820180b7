/**
 * A DynamoDB Local client whose outbox index lags behind the table, as a global secondary index
 * in AWS may for a moment: DynamoDB Local updates its indexes with the write, so the lag is made
 * here, by leaving chosen events out of the index's Query results until `catchUp`. Everything else
 * (the base table, the marker, every condition) is DynamoDB Local's own.
 */
import type { DynamoDBClient, QueryCommandInput, QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import { HISTORY_INDEX } from '../../adapters/dynamodb/table-design.js';
import { localDynamoDbClient } from '../../tools/local-aws/dynamodb-local.js';

export interface LaggingIndex {
  readonly client: DynamoDBClient;
  /** The outbox index does not show these events yet. */
  lagOn(eventIds: readonly string[]): void;
  /** The outbox index shows every event again. */
  catchUp(): void;
  /** Outbox index Queries answered so far, and how many events they left out. */
  readonly queries: { answered: number; leftOut: number };
}

export function laggingIndexClient(endpoint: string): LaggingIndex {
  const client = localDynamoDbClient(endpoint);
  const behind = new Set<string>();
  const queries = { answered: 0, leftOut: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as QueryCommandInput;
      if (context.commandName !== 'QueryCommand' || input.IndexName !== HISTORY_INDEX.pending) return result;
      const output = result.output as QueryCommandOutput;
      const shown = (output.Items ?? []).filter((item) => !behind.has(item.eventId?.S ?? ''));
      queries.answered += 1;
      queries.leftOut += (output.Items?.length ?? 0) - shown.length;
      output.Items = shown;
      output.Count = shown.length;
      return result;
    },
    // Initialize: the outermost step, where the output is already parsed.
    { step: 'initialize', name: 'laggingOutboxIndex' },
  );
  return {
    client,
    lagOn: (eventIds) => {
      for (const id of eventIds) behind.add(id);
    },
    catchUp: () => behind.clear(),
    queries,
  };
}
