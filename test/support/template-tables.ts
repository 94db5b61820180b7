/**
 * The tables a synthesized template defines, created in DynamoDB Local under names of the test's
 * own, with the key schema, indexes and TTL the template gives them: what a deployed function
 * finds, without a deployment.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

interface TableResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

const TABLE_TYPES = new Set(['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table']);

/** `CreateTable` input from a template's `AWS::DynamoDB::GlobalTable` (or `Table`) definition. */
export function createTableInput(resource: TableResource, tableName: string): CreateTableCommandInput {
  const p = resource.Properties as {
    KeySchema: CreateTableCommandInput['KeySchema'];
    AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
    GlobalSecondaryIndexes?: { IndexName: string; KeySchema: unknown; Projection: unknown }[];
    LocalSecondaryIndexes?: { IndexName: string; KeySchema: unknown; Projection: unknown }[];
  };
  const indexes = (list: typeof p.GlobalSecondaryIndexes) =>
    list?.map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: p.KeySchema,
    AttributeDefinitions: p.AttributeDefinitions,
    ...(p.GlobalSecondaryIndexes && {
      GlobalSecondaryIndexes: indexes(
        p.GlobalSecondaryIndexes,
      ) as CreateTableCommandInput['GlobalSecondaryIndexes'],
    }),
    ...(p.LocalSecondaryIndexes && {
      LocalSecondaryIndexes: indexes(
        p.LocalSecondaryIndexes,
      ) as CreateTableCommandInput['LocalSecondaryIndexes'],
    }),
  };
}

/**
 * Creates every table of the template as `{prefix}-{logicalId}`, TTL as the template sets it.
 * @returns the local table name by logical id
 */
export async function createTemplateTables(
  dynamodb: DynamoDBClient,
  resources: Readonly<Record<string, TableResource>>,
  prefix: string,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const [id, table] of Object.entries(resources).filter(([, r]) => TABLE_TYPES.has(r.Type))) {
    const name = `${prefix}-${id}`;
    await dynamodb.send(new CreateTableCommand(createTableInput(table, name)));
    const ttl = table.Properties?.TimeToLiveSpecification as
      | { AttributeName: string; Enabled: boolean }
      | undefined;
    if (ttl !== undefined) {
      await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: ttl }));
    }
    names.set(id, name);
  }
  return names;
}

export async function deleteTables(dynamodb: DynamoDBClient, names: Iterable<string>): Promise<void> {
  for (const name of names) await dynamodb.send(new DeleteTableCommand({ TableName: name }));
}
