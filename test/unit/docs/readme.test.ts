/**
 * What the README promises about itself and states about its dependencies: short enough to read
 * (the detail lives in docs/), a quick start of two commands, the Node.js version the AWS SDK
 * itself requires and the warning it prints below the next one, figures that agree with the
 * decision records, and what a config mistake is answered with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../../adapters/config/invalid-config-error.js';
import { parseConfig } from '../../../adapters/config/load-config.js';

const readme = readFileSync('README.md', 'utf8');
const require = createRequire(import.meta.url);

/** The text of the README section under `## {title}`, up to the next `## `. */
function section(title: string): string {
  return readme.split(/^## /m).find((s) => s.startsWith(`${title}\n`)) ?? '';
}

/** The directory of an installed package. */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The lowest Node.js major an `engines.node` range like `>=20.0.0` allows. */
function minimumMajor(range: string): number {
  const match = /^>=\s*(\d+)/.exec(range);
  if (match === null) throw new Error(`an engines range this test does not read: ${range}`);
  return Number(match[1]);
}

describe('README.md', () => {
  it('is at most 300 lines: the detail lives in docs/', () => {
    // Act
    const lines = readme.replace(/\n$/, '').split('\n').length;

    // Assess
    expect(lines).toBeLessThanOrEqual(300);
  });

  it('has a quick start of two commands: the demo, then every test', () => {
    // Act
    const commands = [...section('Quick start').matchAll(/^```sh\n([\s\S]*?)^```/gm)].flatMap((m) =>
      (m[1] ?? '')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => line.replace(/\s+#.*$/, '')),
    );

    // Assess
    expect(commands).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('asks for the Node.js version the AWS SDK requires, as package.json does', () => {
    // Prepare
    const sdkMinimums = ['@aws-sdk/core', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sns'].map((name) =>
      minimumMajor(
        (
          JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as {
            engines: { node: string };
          }
        ).engines.node,
      ),
    );
    const ours = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines
      .node;

    // Act
    const stated = /with Node\.js (\d+) or newer \(what the AWS SDK for JavaScript v3 requires/.exec(
      section('Quick start'),
    );

    // Assess
    const required = Math.max(...sdkMinimums);
    expect(Number(stated?.[1])).toBe(required);
    expect(minimumMajor(ours)).toBe(required);
  });

  it('explains the warning the AWS SDK prints below the Node.js version it will require next', () => {
    // Prepare: the SDK's own check, as it is installed
    const check = readFileSync(
      join(packageDir('@aws-sdk/core'), 'dist-es/submodules/client/emitWarningIfUnsupportedVersion.js'),
      'utf8',
    );
    const next = /const vv = (\d+);/.exec(check)?.[1];
    const name = /process\.emitWarning\(`(\w+):/.exec(check)?.[1];

    // Act
    const quickStart = section('Quick start').replace(/\s+/g, ' ');

    // Assess
    expect(next).toBeDefined();
    expect(name).toBe('NodeVersionSupportWarning');
    expect(quickStart).toContain(`\`${name}\``);
    expect(quickStart).toContain(`will require Node ${next}`);
    expect(quickStart).toContain(`gone on Node ${next} or newer`);
  });

  it('gives the size Powertools took of the bundle as the decision record measured it', () => {
    // Prepare
    const decision = readFileSync('docs/decisions/002-lambda-bundle.md', 'utf8').replace(/\s+/g, ' ');

    // Act
    const inReadme = /Powertools Logger and Metrics, which took (\d+) KB/.exec(
      readme.replace(/\s+/g, ' '),
    )?.[1];
    const measured = /Powertools Logger and Metrics with their common code were (\d+) KB/.exec(decision)?.[1];

    // Assess
    expect(measured).toBeDefined();
    expect(inReadme).toBe(measured);
  });

  it('promises a suggestion for an unknown config key only as far as the config check makes one', () => {
    // Prepare
    const base = [
      'clusters:',
      '  - clusterId: lkc-a',
      '    label: prod-eu',
      '    restEndpoint: https://pkc-1.example.com',
      '    credentials: { secret: monitor/prod-eu }',
    ].join('\n');
    const messageFor = (extra: string): string => {
      try {
        parseConfig(`${base}\n${extra}\n`, 'monitor.yaml');
      } catch (error) {
        if (error instanceof InvalidConfigError) return error.message;
        throw error;
      }
      throw new Error(`${extra} was accepted`);
    };
    const text = section('Configure').replace(/\s+/g, ' ');

    // Act
    const nearMiss = messageFor('schedul: 5m');
    const farOff = messageFor('zzqqxx: 1');

    // Assess
    expect(text).toContain('An unknown key is refused by name');
    expect(text.includes('nearest known key')).toBe(nearMiss.includes('did you mean schedule'));
    const everyMistake = /every mistake is reported/.test(text);
    expect(everyMistake && !farOff.includes('did you mean')).toBe(false);
  });
});

describe('docs/decisions', () => {
  it('numbers each decision record once', () => {
    // Act
    const numbers = readdirSync('docs/decisions')
      .filter((name) => name.endsWith('.md'))
      .map((name) => name.slice(0, 3));

    // Assess
    expect(numbers.every((n) => /^\d{3}$/.test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
