/**
 * A synthesized stack run locally as it deploys, for the deployed-* suites: a function's bundle
 * invoked as Lambda runs it, with the handler, timeout and memory its template gives it; the
 * poller under the guard of its synthesized role, named after the tables a test made on DynamoDB
 * Local and the topics of the local AWS endpoint; and a table read whole.
 */
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { functionAssetDir, type Synthesized } from '../infra/synth-monitor.js';
import { type BundleRun, runBundledHandler } from './bundled-handler.js';
import { dynamoDbEndpoint } from './dynamodb-endpoint.js';
import { bundleDeployment, type GuardedFunction, guardFunction } from './iam/guarded-function.js';
import type { TemplateJson } from './iam/template-names.js';

export type Row = Record<string, AttributeValue>;

export interface InvokeOptions {
  readonly event: unknown;
  readonly functionName: string;
  /** The function's environment, on top of the credentials DynamoDB Local keeps its tables under. */
  readonly env: Readonly<Record<string, string>>;
  /** Runs the handler this far ahead of the host's clock. @default 0 */
  readonly clockShiftMs?: number;
}

/** Runs the function `functionId` of the synthesized bundle once, as Lambda would. */
export function invokeFunction(
  synth: Synthesized,
  functionId: string,
  options: InvokeOptions,
): Promise<BundleRun> {
  const properties = (synth.template.toJSON() as TemplateJson).Resources[functionId]?.Properties ?? {};
  return runBundledHandler({
    ...(options.clockShiftMs !== undefined && { clockShiftMs: options.clockShiftMs }),
    dir: functionAssetDir(synth, functionId),
    handler: properties.Handler as string,
    event: options.event,
    timeoutMs: (properties.Timeout as number) * 1000,
    memoryMb: properties.MemorySize as number,
    functionName: options.functionName,
    env: {
      // DynamoDB Local keeps one database per access key and region: the tables were made with these.
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // Every AWS call goes through the guard, which allows what the synthesized role allows.
      ...options.env,
    },
  });
}

/**
 * The poller `pollerId` under the guard of its role, its tables the local ones in `tables` (by
 * logical id), its topics and secrets on the local AWS endpoint, where a topic's name is its id.
 */
export function guardPoller(
  template: TemplateJson,
  pollerId: string,
  tables: ReadonlyMap<string, string>,
  awsEndpoint: string,
): Promise<GuardedFunction> {
  const topics = Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::SNS::Topic')
    .map(([id]) => [id, id]);
  return guardFunction({
    names: bundleDeployment(template, { ...Object.fromEntries(tables), ...Object.fromEntries(topics) }),
    functionLogicalId: pollerId,
    upstreams: { dynamodb: dynamoDbEndpoint(), sns: awsEndpoint, secretsmanager: awsEndpoint },
  });
}

/** Every item of the table, page after page. */
export async function scanTable(dynamodb: DynamoDBClient, table: string): Promise<Row[]> {
  const rows: Row[] = [];
  let start: Row | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    rows.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return rows;
}
