/** Synthesizes the monitor app for a config into a temporary directory (helpers for the infra tests). */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfigFile, parseConfig } from '../../adapters/config/load-config.js';
import type { MonitorConfig } from '../../adapters/config/monitor-config.js';
import type { ClusterLinkMonitorStack } from '../../infra/cluster-link-monitor-stack.js';
import { buildMonitorApp } from '../../infra/monitor-app.js';

export interface Synthesized {
  readonly config: MonitorConfig;
  readonly stack: ClusterLinkMonitorStack;
  readonly template: Template;
  /** Violations cdk-nag reported (after acknowledgements), from the validation report if one was written. */
  readonly nagViolations: readonly { ruleName: string; constructPaths: string[] }[];
  readonly outdir: string;
}

interface ValidationReport {
  pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

/** The context `cdk synth` passes the app from cdk.json (the feature flags), so tests build what deploys. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/**
 * @param options.bundle - false: no function code is bundled (the template is the same), for
 *   tests that only read the template. @default true
 */
export function synthesize(config: MonitorConfig, options: { readonly bundle?: boolean } = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'monitor-synth-'));
  const context = {
    ...cdkJsonContext(),
    ...(options.bundle === false && { 'aws:cdk:bundling-stacks': [] }),
  };
  const { app, stack } = buildMonitorApp(config, new App({ outdir, context }));
  app.synth();
  const reportPath = join(outdir, 'validation-report.json');
  const report: ValidationReport = existsSync(reportPath)
    ? JSON.parse(readFileSync(reportPath, 'utf8'))
    : { pluginReports: [] };
  const nagViolations = report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((v) => ({
      ruleName: v.ruleName,
      constructPaths: v.violatingConstructs.map((c) => c.constructPath),
    })),
  );
  return { config, stack, template: Template.fromStack(stack), nagViolations, outdir };
}

/**
 * The directory synth staged a function's code in (what `cdk deploy` zips and
 * uploads): found from the template's `Code.S3Key` through the stack's asset manifest.
 */
export function functionAssetDir(synth: Synthesized, functionLogicalId: string): string {
  const fn = synth.template.toJSON().Resources[functionLogicalId] as
    | { Properties: { Code: { S3Key: string } } }
    | undefined;
  if (fn === undefined) throw new Error(`no resource ${functionLogicalId} in the template`);
  const key = fn.Properties.Code.S3Key;
  const manifest = JSON.parse(
    readFileSync(join(synth.outdir, `${synth.stack.artifactId}.assets.json`), 'utf8'),
  ) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  const asset = Object.values(manifest.files).find((file) =>
    Object.values(file.destinations).some((destination) => destination.objectKey === key),
  );
  if (asset === undefined) throw new Error(`no asset uploads to ${key}`);
  return join(synth.outdir, asset.source.path);
}

export async function synthesizeExample(): Promise<Synthesized> {
  return synthesize(await loadConfigFile('config/monitor.example.yaml'));
}

export function synthesizeYaml(yaml: string): Synthesized {
  return synthesize(parseConfig(yaml, 'test-config.yaml'));
}
