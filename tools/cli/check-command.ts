/**
 * `link-monitor check --config FILE`: validates the config (the same parser
 * synth uses), reports the deploy rules it breaks as warnings (synth refuses
 * the errors among them; the file may be meant for local runs), resolves each
 * cluster's credentials, lists its links, and reports every problem with the
 * cluster and a hint. Exit 1 on any problem.
 */
import type { Command } from 'commander';
import { deployFindings } from '../../adapters/config/deploy-rules.js';
import { InvalidConfigError } from '../../adapters/config/invalid-config-error.js';
import { loadConfigFile } from '../../adapters/config/load-config.js';
import { ConfluentLinksClient } from '../../adapters/confluent/confluent-links-client.js';
import { type CheckReport, type ClusterCheck, formatCheckJson, formatCheckText } from './check-format.js';
import { EXIT_PROBLEM } from './cli-errors.js';
import { resolveConnections } from './cluster-connections.js';
import type { CommandContext } from './command-context.js';
import { describeProblem } from './listing-problems.js';
import { noProgress } from './progress.js';
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
      configProblems: error.issues.map((i) => `${i.path}: ${i.message}`),
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

export function registerCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description("Validate a config file, resolve each cluster's credentials and list its links")
    .requiredOption('--config <file>', 'the monitor config file (YAML or JSON)')
    .option('--json', 'print the report as JSON')
    .action(async (flags: { config: string; json?: boolean }) => {
      const report = await checkConfig(flags.config, context);
      // Link names and error texts come from the server: no terminal escapes reach the screen.
      const text = flags.json ? formatCheckJson(report) : printable(formatCheckText(report));
      context.io.stdout.write(text);
      if (!report.ok) context.setExitCode(EXIT_PROBLEM);
    });
}
