import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkStateStore } from '../../../../core/ports.js';
import { StoreError } from '../../../../core/store-errors.js';
import { CliError, CliUsageError } from '../../../../tools/cli/cli-errors.js';
import { openSelectedStore, withStore } from '../../../../tools/cli/store-selection.js';
import { aClusterId, aClusterRecord } from '../../../support/store-contract.js';

const cloudFormation = mockClient(CloudFormationClient);
const deps = {
  cloudFormation: () => new CloudFormationClient({ region: 'eu-west-1' }),
  dynamoDb: () => new DynamoDBClient({ region: 'eu-west-1' }),
};

afterEach(() => {
  cloudFormation.reset();
});

async function failure(flags: Parameters<typeof openSelectedStore>[0]): Promise<CliError> {
  const error = await openSelectedStore(flags, 'read', deps).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('Function: openSelectedStore (dynamodb)', () => {
  it('takes the table names from the stack outputs', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand, { StackName: 'Monitor' }).resolves({
      Stacks: [
        {
          StackName: 'Monitor',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'SnapshotTableName', OutputValue: 'snap-1' },
            { OutputKey: 'HistoryTableName', OutputValue: 'hist-1' },
          ],
        },
      ],
    });

    // Act
    const opened = await openSelectedStore({ store: 'dynamodb', stack: 'Monitor' }, 'read', deps);
    opened.close();

    // Assess
    expect(opened.description).toBe('dynamodb snap-1 / hist-1');
  });

  it('explains a stack that does not exist', async () => {
    // Prepare
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' }));

    // Act
    const error = await failure({ store: 'dynamodb', stack: 'Nope' });

    // Assess
    expect(error.message).toBe('stack Nope does not exist in this account and region');
    expect(error.hint).toContain('--snapshot-table/--history-table');
  });

  it('explains missing AWS credentials', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );

    // Act
    const error = await failure({ store: 'dynamodb' });

    // Assess
    expect(error.message).toBe('no AWS credentials found for stack ClusterLinkMonitor');
    expect(error.hint).toContain('AWS_PROFILE');
  });

  it('explains a stack without the table outputs', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [] });

    // Act
    const error = await failure({ store: 'dynamodb', stack: 'Other' });

    // Assess
    expect(error.message).toBe('stack Other (--stack) has no SnapshotTableName/HistoryTableName outputs');
  });

  it('refuses an unknown store kind as a usage error', async () => {
    // Act
    const error = await failure({ store: 'postgres' });

    // Assess
    expect(error).toBeInstanceOf(CliUsageError);
    expect(error.exitCode).toBe(2);
  });
});

describe('Function: withStore', () => {
  async function refusal(work: (store: LinkStateStore) => Promise<unknown>): Promise<CliError> {
    const opened = await openSelectedStore({ store: 'embedded', db: ':memory:' }, 'write', deps);
    const error = await withStore(opened, work).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }

  it("turns the port's refused query into a usage error naming the store", async () => {
    // Act
    const error = await refusal((store) =>
      store.clusterHistory({
        clusterId: aClusterId(),
        from: '2031-01-01T00:00:00Z',
        to: '2031-02-01T00:00:00Z',
        cursor: 'not-one-of-ours',
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(CliUsageError);
    expect(error.message).toMatch(
      /^embedded :memory:: clusterHistory \(cluster lkc-\S+\): cursor is not one this query returned$/,
    );
  });

  it("names the store and the port's error for a refused commit, whichever store threw it", async () => {
    // Act
    const error = await refusal((store) =>
      store.commitCluster({
        clusterId: 'lkc-a',
        expectedVersion: null,
        next: aClusterRecord('lkc-b'),
        events: [],
      }),
    );

    // Assess
    expect(error).not.toBeInstanceOf(CliUsageError);
    expect(error.message).toMatch(/^embedded :memory:: InvalidCommitError: commitCluster \(cluster lkc-a\)/);
  });

  it('explains a store failure by its reason, e.g. a missing DynamoDB table', async () => {
    // Act
    const error = await refusal(async () => {
      throw new StoreError('DynamoDB call failed', {
        operation: 'listClusters',
        reasons: ['ResourceNotFoundException'],
      });
    });

    // Assess
    expect(error.message).toBe('embedded :memory:: table not found');
    expect(error.hint).toContain('--snapshot-table');
  });
});
