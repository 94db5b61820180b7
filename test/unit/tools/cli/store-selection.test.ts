import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, CliUsageError } from '../../../../tools/cli/cli-errors.js';
import { openSelectedStore } from '../../../../tools/cli/store-selection.js';

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
    expect(error.message).toBe('stack Other has no SnapshotTableName/HistoryTableName outputs');
  });

  it('refuses an unknown store kind as a usage error', async () => {
    // Act
    const error = await failure({ store: 'postgres' });

    // Assess
    expect(error).toBeInstanceOf(CliUsageError);
    expect(error.exitCode).toBe(2);
  });
});
