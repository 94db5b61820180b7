/**
 * The one way this project builds a Lambda function: Node.js 24 on ARM64,
 * bundled locally by esbuild as minified ESM with source maps and the AWS SDK
 * inside (docs/decisions/002-lambda-bundle.md), its own log
 * group with a retention, its log level and service name, and a role that may write only
 * to that log group (no managed policy): every other permission is granted
 * explicitly by the stack.
 */
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { commonFunctionEnvironment } from '../../adapters/lambda/function-environment.js';
import { BundledFiles } from './bundled-files.js';

/** ESM bundles have no `require`; some dependencies still call it for Node built-ins. */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __monitorCreateRequire } from 'node:module'; const require = __monitorCreateRequire(import.meta.url);";

/**
 * How every function is bundled; the benchmark builds its bundles from these
 * same options (`bench/lambda-bundles.ts`), so what it measures is what deploys.
 * Bundling runs locally (esbuild is a dev dependency): the alias path is relative to the project root.
 */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  // Runs on Lambda's Node 24; node20 keeps the bundle runnable locally too.
  target: 'node20',
  mainFields: ['module', 'main'],
  banner: CREATE_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // The SDK is bundled, tree-shaken, so the deployed version is the one tested and the cold start
  // is shorter than loading the runtime's copy (docs/decisions/002-lambda-bundle.md). The one
  // exception is the event-stream codec (about 20 KB): the SDK imports it lazily, only for
  // event-stream operations, which none of the services these functions call has.
  externalModules: ['@smithy/core/event-streams'],
  // Lambda passes the role's credentials in the environment: the SDK's default chain is replaced
  // by the environment provider alone (adapters/lambda/role-credentials.ts).
  esbuildArgs: {
    '--alias': ['@aws-sdk/credential-provider-node=./adapters/lambda/role-credentials.ts'],
  },
} as const satisfies BundlingOptions;

export interface MonitorFunctionProps {
  /** Path of the handler module, relative to the project root. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  /**
   * Files written next to the bundled handler (file name to content), for
   * configuration too large for the environment. Never secret values: the
   * bundle is readable by anyone who may get the function's code.
   */
  readonly bundledFiles?: Readonly<Record<string, string>>;
  /** @default none: the function shares the account's unreserved concurrency */
  readonly reservedConcurrentExecutions?: number;
  /**
   * The `service` of its log lines and metrics, which the function's code names itself; set as
   * `POWERTOOLS_SERVICE_NAME` as well, which deployed functions have always carried (no code reads it now).
   */
  readonly serviceName: string;
  /** @default INFO */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** @default three months */
  readonly logRetention?: logs.RetentionDays;
}

export class MonitorFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MonitorFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      // Kept when the stack is deleted, but not after a failed first create: nothing logged yet.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    // Only its own log group: the managed AWSLambdaBasicExecutionRole would allow every group.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const projectRoot = process.cwd();
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        ...commonFunctionEnvironment(props.serviceName, props.logLevel ?? 'INFO'),
        ...props.environment,
      },
      bundling: {
        ...LAMBDA_BUNDLING,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        externalModules: [...LAMBDA_BUNDLING.externalModules],
        esbuildArgs: { '--alias': [...LAMBDA_BUNDLING.esbuildArgs['--alias']] },
        forceDockerBundling: false,
        ...(props.bundledFiles !== undefined && { commandHooks: new BundledFiles(props.bundledFiles) }),
      },
    });
  }
}
