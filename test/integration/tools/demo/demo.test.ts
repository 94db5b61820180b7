import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm start (the local demo)', () => {
  it('plays the default scenario in fast mode and shows each notification in order', async () => {
    // Act
    const { stdout } = await run('npx', ['tsx', 'tools/demo/demo.ts'], {
      env: { ...process.env, DEMO_FAST: '1' },
      timeout: 60_000,
      maxBuffer: 10 * 1024 * 1024,
    });

    // Assess
    const subjects = stdout.split('\n').filter((line) => line.trim().startsWith('Subject: '));
    expect(subjects.map((s) => s.trim())).toEqual([
      expect.stringMatching(
        /^Subject: \[CRITICAL\] dr-eu: link payments-from-prod mirror topic refunds FAILED \(SOURCE_TOPIC_MAY_BE_DELETED\)$/,
      ),
      expect.stringMatching(
        /^Subject: \[CRITICAL\] dr-eu lkc-dr1eu: link payments-from-prod ACTIVE -> UNAVAILABLE \(AUTHENTICATION_ERROR\)/,
      ),
      // Too long with the cluster id: the id (in the body) goes, the error code and the duration stay.
      expect.stringMatching(
        /^Subject: \[CRITICAL\] dr-eu: link payments-from-prod still UNAVAILABLE \(AUTHENTICATION_ERROR\) for 4h \d+m$/,
      ),
      expect.stringMatching(
        /^Subject: \[WARNING\] analytics-us: link inventory-from-erp task AclSync IN_ERROR \(MISCONFIGURATION_ERROR\)$/,
      ),
      expect.stringMatching(/^Subject: \[CRITICAL\] analytics-us lkc-an1us: 4 link changes/),
      expect.stringMatching(/^Subject: \[WARNING\] dr-eu lkc-dr1eu: link audit-from-onprem ACTIVE -> PAUSED/),
      expect.stringMatching(/^Subject: \[INFO\] dr-eu lkc-dr1eu: link orders-from-prod recreated/),
      expect.stringMatching(/^Subject: \[RESOLVED\] dr-eu lkc-dr1eu: link audit-from-onprem recovered/),
      expect.stringMatching(/^Subject: \[RESOLVED\] dr-eu lkc-dr1eu: link payments-from-prod recovered/),
      expect.stringMatching(/^Subject: \[RESOLVED\] analytics-us lkc-an1us: 4 link changes/),
      expect.stringMatching(
        /^Subject: \[RESOLVED\] analytics-us lkc-an1us: link inventory-from-erp task AclSync/,
      ),
    ]);
    // The mirror topic and the task are named with their errors, as Confluent reported them.
    expect(stdout).toContain("error: SOURCE_TOPIC_MAY_BE_DELETED: Topic 'refunds' was not found");
    expect(stdout).toContain(
      "error: MISCONFIGURATION_ERROR: acl.filters: resource type 'TOPICS' is not valid",
    );
    expect(stdout).toContain('mirror topic refunds: mirror_status FAILED -> ACTIVE');
    expect(stdout).toContain('=== Step 1/9');
    expect(stdout).toContain('Slack:');
    expect(stdout).toContain('$ link-monitor status');
    expect(stdout).toMatch(/payments-from-prod .*│ ok ACTIVE/);
    expect(stdout).toContain('$ link-monitor history --cluster lkc-dr1eu');
    expect(stdout).toMatch(/LINK_STILL_UNHEALTHY/);
    // Hints that work from a clone: `npx link-monitor` would ask the package registry.
    expect(stdout).toMatch(/^ {2}node bin\/link-monitor\.js status --db \S+state\.db$/m);
    expect(stdout).not.toContain('npx link-monitor');
    expect(stdout).toMatch(/Demo finished in [\d.]+ s: 17 polls, 11 notifications\./);
  });
});
