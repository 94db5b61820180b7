/**
 * `link-monitor check --config FILE`: validates the config (the same parser
 * synth uses), reports the deploy rules it breaks as warnings (synth refuses
 * the errors among them; the file may be meant for local runs), resolves each
 * cluster's credentials, lists its links, and reports every problem with the
 * cluster and a hint. Exit 1 on any problem.
 *
 * `link-monitor check --deployed [--config FILE] [--stack NAME]`: the post-deploy
 * self-test of `deployed-check.ts` instead (read-only, with the caller's AWS
 * credentials). Exit 1 on any failure; warnings alone exit 0.
 */
import type { Command } from 'commander';
import { deployFindings } from '../../adapters/config/deploy-rules.js';
import { InvalidConfigError } from '../../adapters/config/invalid-config-error.js';
import { loadConfigFile } from '../../adapters/config/load-config.js';
import type { MonitorConfig } from '../../adapters/config/monitor-config.js';
import { ConfluentLinksClient } from '../../adapters/confluent/confluent-links-client.js';
import { type CheckReport, type ClusterCheck, formatCheckJson, formatCheckText } from './check-format.js';
import { CliError, CliUsageError, EXIT_PROBLEM } from './cli-errors.js';
import { resolveConnections } from './cluster-connections.js';
import type { CommandContext } from './command-context.js';
import { checkDeployed } from './deployed-check.js';
import { formatDeployedJson, formatDeployedText } from './deployed-check-format.js';
import type { DeployedReport } from './deployed-findings.js';
import { AwsDeployedStackReader } from './deployed-stack-reader.js';
import { CLI_FROM_CLONE } from './invocation.js';
import { describeProblem } from './listing-problems.js';
import { noProgress } from './progress.js';
import { chooseStack, DEFAULT_STACK_NAME, describeStack } from './stack-name.js';
import { printable } from './text-table.js';

/** Per-cluster listing deadline: long enough for retries, short enough for an interactive check. */
const CHECK_DEADLINE_MS = 30_000;

/**
 * Runs the check. Never throws for a problem it can report; the report says `ok: false`.
 */
export async function checkConfig(path: string, context: CommandContext): Promise<CheckReport> {
  let config: Awaited<ReturnType<typeof loadConfigFile>>;
  try {
    config = await loadConfigFile(path);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    return {
      configFile: path,
      clusters: [],
      // As synth prints them (`InvalidConfigError.message`): one `FILE: FIELD: message` line each.
      configProblems: error.message.split('\n'),
      deployFindings: [],
      ok: false,
    };
  }
  const connections = await resolveConnections(config.clusters, {
    env: context.io.env,
    ...(context.secretsManager === undefined ? {} : { secretsManager: context.secretsManager }),
  });
  const progress = (context.io.progress ?? noProgress)(
    `Listing the links of ${connections.length} cluster(s)`,
  );
  let finished = 0;
  const tick = <T>(check: T): T => {
    finished++;
    progress.update(`Listed ${finished} of ${connections.length} cluster(s)`);
    return check;
  };
  const checks = await Promise.all(
    connections.map(async (connection): Promise<ClusterCheck> => {
      const base = {
        clusterId: connection.cluster.clusterId,
        label: connection.cluster.label,
        restEndpoint: connection.cluster.restEndpoint,
        credentials: connection.cluster.credentials.kind,
      };
      if (!connection.ok) return { ...base, links: null, problem: connection.problem };
      try {
        // One client per cluster: a cluster with unusable settings must not stop the others being checked.
        const client = new ConfluentLinksClient({
          clusters: [connection.config],
          options: { maxAttempts: 2 },
        });
        const listing = await client.listLinks({
          clusterId: connection.cluster.clusterId,
          deadline: Date.now() + CHECK_DEADLINE_MS,
        });
        return tick({ ...base, links: listing.links, problem: null });
      } catch (error) {
        return tick({ ...base, links: null, problem: describeProblem(error, connection.cluster) });
      }
    }),
  );
  progress.done();
  return {
    configFile: path,
    clusters: checks,
    configProblems: [],
    deployFindings: deployFindings(config),
    ok: checks.every((c) => c.problem === null),
  };
}

/**
 * Checks the deployed stack: named by `--stack`, else by the config's `stackName`. The config,
 * when given, names the cluster secrets whose access is checked and the expected email subscribers.
 * @throws CliError when the config is invalid or the stack cannot be read
 */
export async function checkDeployedStack(
  flags: { config?: string; stack?: string },
  context: CommandContext,
): Promise<DeployedReport> {
  let config: MonitorConfig | null = null;
  if (flags.config !== undefined) {
    try {
      config = await loadConfigFile(flags.config);
    } catch (error) {
      if (!(error instanceof InvalidConfigError)) throw error;
      throw new CliError(`${flags.config}: the config is not valid`, {
        hint: `run \`${CLI_FROM_CLONE} check --config ${flags.config}\` to see its problems`,
      });
    }
  }
  const reader = new AwsDeployedStackReader({
    ...(context.cloudFormation && { cloudFormation: context.cloudFormation() }),
    ...(context.lambda && { lambda: context.lambda() }),
    ...(context.sns && { sns: context.sns() }),
    ...(context.scheduler && { scheduler: context.scheduler() }),
    ...(context.iam && { iam: context.iam() }),
  });
  const stack = await chooseStack(flags, config);
  context.io.stderr.write(`Checking ${describeStack(stack)}\n`);
  try {
    return await checkDeployed(reader, { stackName: stack.name, config });
  } finally {
    reader.close();
  }
}

export function registerCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description(
      "Validate a config file, resolve each cluster's credentials and list its links; with --deployed, self-test the deployed stack",
    )
    .option(
      '--config <file>',
      'the monitor config file (YAML or JSON); with --deployed, the one the stack was deployed from',
    )
    .option(
      '--deployed',
      "check the deployed stack instead (read-only): Lambda concurrency, subscriptions confirmed, schedules enabled, each role's permissions",
    )
    .option(
      '--stack <name>',
      `with --deployed: the stack (default: the config's stackName, else ${DEFAULT_STACK_NAME})`,
    )
    .option('--json', 'print the report as JSON')
    .action(async (flags: { config?: string; deployed?: boolean; stack?: string; json?: boolean }) => {
      if (flags.deployed) {
        const report = await checkDeployedStack(flags, context);
        // Endpoints and error texts come from AWS: no terminal escapes reach the screen.
        context.io.stdout.write(
          flags.json ? formatDeployedJson(report) : printable(formatDeployedText(report)),
        );
        if (!report.ok) context.setExitCode(EXIT_PROBLEM);
        return;
      }
      if (flags.config === undefined) {
        throw new CliUsageError('check needs --config FILE', 'or --deployed to check the deployed stack');
      }
      if (flags.stack !== undefined) {
        throw new CliUsageError('--stack applies to --deployed only');
      }
      const report = await checkConfig(flags.config, context);
      // Link names and error texts come from the server: no terminal escapes reach the screen.
      const text = flags.json ? formatCheckJson(report) : printable(formatCheckText(report));
      context.io.stdout.write(text);
      if (!report.ok) context.setExitCode(EXIT_PROBLEM);
    });
}
