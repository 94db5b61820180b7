import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npx cdk synth (the real CLI, offline)', () => {
  const work = mkdtempSync(join(tmpdir(), 'monitor-cdk-cli-'));

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('synthesizes the example config to a template, exit code 0', { timeout: 600_000 }, async () => {
    // Prepare
    const outdir = join(work, 'cdk.out');
    const env = {
      ...process.env,
      CI: 'true',
      CDK_DISABLE_VERSION_CHECK: '1',
      CDK_DISABLE_CLI_TELEMETRY: '1',
      CDK_HOME: join(work, 'cdk-home'),
    };

    // Act
    const result = await run(
      'npx',
      ['cdk', 'synth', '--no-notices', '-q', '-o', outdir, '-c', 'config=config/monitor.example.yaml'],
      { env, cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 },
    );

    // Assess: execFile rejects on a non-zero exit, so reaching here means exit code 0.
    expect(result.stderr).not.toMatch(/AwsSolutions-/);
    // cdk.json sets every recommended feature flag, so synth has nothing to say about them.
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/feature flags? (are|is) not configured/);
    const templatePath = join(outdir, 'ClusterLinkMonitor.template.json');
    expect(existsSync(templatePath)).toBe(true);
    const template = JSON.parse(readFileSync(templatePath, 'utf8'));
    expect(Object.values(template.Resources).map((r) => (r as { Type: string }).Type)).toContain(
      'AWS::Scheduler::Schedule',
    );
  });

  it('stops with the file and field named when the config is invalid', { timeout: 600_000 }, async () => {
    // Prepare
    const bad = join(work, 'bad.yaml');
    writeFileSync(
      bad,
      [
        'clusters:',
        '  - clusterId: lkc-abc123',
        '    label: prod-eu',
        '    restEndpoint: http://pkc-abc12.example.com',
        '    credentials: { secret: monitor/prod-eu }',
      ].join('\n'),
    );
    const env = {
      ...process.env,
      CI: 'true',
      CDK_DISABLE_VERSION_CHECK: '1',
      CDK_DISABLE_CLI_TELEMETRY: '1',
      CDK_HOME: join(work, 'cdk-home'),
    };

    // Act
    const failure = await run(
      'npx',
      ['cdk', 'synth', '--no-notices', '-q', '-o', join(work, 'bad.out'), '-c', `config=${bad}`],
      { env, cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 },
    ).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );

    // Assess
    expect(failure).not.toBeNull();
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain(
      `${bad}: clusters[0].restEndpoint: must be https:// (http is allowed only for loopback hosts)`,
    );
    expect(failure?.stderr).toContain(`link-monitor check --config ${bad}`);
    // The message alone: no stack trace, no dump of the error object.
    expect(failure?.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(failure?.stderr).not.toContain('InvalidConfigError');
  });

  it('refuses to synthesize without -c config=..., saying how to pass one', {
    timeout: 180_000,
  }, async () => {
    // Prepare
    const env = {
      ...process.env,
      CI: 'true',
      CDK_DISABLE_VERSION_CHECK: '1',
      CDK_DISABLE_CLI_TELEMETRY: '1',
      CDK_HOME: join(work, 'cdk-home'),
    };

    // Act
    const failure = await run('npx', ['cdk', 'synth', '--no-notices', '-q', '-o', join(work, 'none.out')], {
      env,
      cwd: process.cwd(),
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );

    // Assess
    expect(failure).not.toBeNull();
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain('No config given');
    expect(failure?.stderr).toContain('npx cdk deploy -c config=config/monitor.yaml');
    expect(existsSync(join(work, 'none.out', 'ClusterLinkMonitor.template.json'))).toBe(false);
  });
});
