import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function linkMonitor(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/link-monitor.js', ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bin/link-monitor.js', () => {
  it('runs the TypeScript CLI without a build step and lists every command in --help', async () => {
    // Act
    const result = await linkMonitor('--help');

    // Assess
    expect(result.code).toBe(0);
    for (const command of ['status', 'history', 'run', 'check', 'simulate']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it('prints the version of the checkout with --version', async () => {
    // Prepare
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

    // Act
    const result = await linkMonitor('--version');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('passes the exit code of a failed command to the shell', async () => {
    // Act
    const result = await linkMonitor('status', '--db', 'test/does-not-exist.db');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: no embedded store at test/does-not-exist.db');
  });
});
