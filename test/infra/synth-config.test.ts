import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { setUpSynth } from '../../infra/synth-config.js';

const dir = mkdtempSync(join(tmpdir(), 'synth-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('Function: setUpSynth', () => {
  it('builds nothing without a config in the context, and says how to pass one', async () => {
    // Act
    const setup = await setUpSynth(new App());

    // Assess
    expect(setup.ok).toBe(false);
    if (setup.ok) return;
    expect(setup.message).toContain('npx cdk synth -c config=config/monitor.yaml');
    expect(setup.message).toContain('cp config/monitor.example.yaml config/monitor.yaml');
  });

  it('names the file, each bad field and the check command for an invalid config', async () => {
    // Prepare
    const path = configFile('bad.yaml', [
      'clusters:',
      '  - clusterId: lkc-abc123',
      '    label: prod-eu',
      '    restEndpoint: http://pkc-abc12.example.com',
      '    credentials: { secret: monitor/prod-eu }',
      'schedul: 5m',
    ]);

    // Act
    const setup = await setUpSynth(new App({ context: { config: path } }));

    // Assess
    expect(setup.ok).toBe(false);
    if (setup.ok) return;
    expect(setup.message).toContain(`${path}: clusters[0].restEndpoint: must be https://`);
    expect(setup.message).toMatch(new RegExp(`${path.replace(/[.]/g, '\\.')}: .*schedul`));
    expect(setup.message).toContain(`link-monitor check --config ${path}`);
  });

  it('refuses the deploy rules too: credentials from the environment', async () => {
    // Prepare
    const path = configFile('local.yaml', [
      'clusters:',
      '  - clusterId: lkc-abc123',
      '    label: prod-eu',
      '    restEndpoint: https://pkc-abc12.example.com',
      '    credentials: { env: { apiKey: KEY, apiSecret: SECRET } }',
    ]);

    // Act
    const setup = await setUpSynth(new App({ context: { config: path } }));

    // Assess
    expect(setup.ok).toBe(false);
    if (setup.ok) return;
    expect(setup.message).toContain(
      `${path}: clusters[0].credentials: env credentials are for local runs only`,
    );
  });
});
