import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BufferSink } from '../../../../tools/cli/cli-io.js';
import { runCli } from '../../../../tools/cli/main.js';
import { SIMULATED_LINK_SECRET } from '../../../../tools/simulator/simulated-link-configs.js';

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
      // AclSync is switched on (acl.sync.enable), so its error is a broken sync too: one message
      // for both, its subject shortened to fit (the body below says it whole): the cluster and the
      // link name stay whole, the second finding is counted.
      expect.stringMatching(
        /^Subject: \[WARNING\] analytics-us: link inventory-from-erp task AclSync IN_ERROR and 1 more$/,
      ),
      expect.stringMatching(/^Subject: \[CRITICAL\] analytics-us lkc-an1us: 4 link changes/),
      // The pause (under a silence) and the recreation (in a maintenance window) are not notified;
      // the end of the silence on the still paused link is, once.
      expect.stringMatching(
        /^Subject: \[WARNING\] dr-eu lkc-dr1eu: link audit-from-onprem still PAUSED for 20m \(was silenced by s-[0-9a-f]{8}\)$/,
      ),
      expect.stringMatching(/^Subject: \[RESOLVED\] dr-eu lkc-dr1eu: link audit-from-onprem recovered/),
      expect.stringMatching(/^Subject: \[RESOLVED\] dr-eu lkc-dr1eu: link payments-from-prod recovered/),
      // The four links and task AclSync, read again every poll while it was in error, recover together.
      expect.stringMatching(/^Subject: \[RESOLVED\] analytics-us lkc-an1us: 5 link changes/),
      // Failover readiness, every link ACTIVE: a stall, a stuck failover, a sync switched off.
      expect.stringMatching(
        /^Subject: \[CRITICAL\] dr-eu: link payments-from-prod mirror topic payments stalled \(2,400 messages behind\)$/,
      ),
      expect.stringMatching(
        /^Subject: \[CRITICAL\] dr-eu: link orders-from-prod mirror topic order-events stuck in PENDING_STOPPED for 11m$/,
      ),
      expect.stringMatching(
        /^Subject: \[WARNING\] dr-eu lkc-dr1eu: link audit-from-onprem config consumer\.offset\.sync\.enable switched off$/,
      ),
      expect.stringMatching(
        /^Subject: \[RESOLVED\] dr-eu lkc-dr1eu: link audit-from-onprem config consumer\.offset\.sync\.enable switched on$/,
      ),
      expect.stringMatching(
        /^Subject: \[RESOLVED\] dr-eu lkc-dr1eu: link orders-from-prod mirror topic order-events no longer stuck$/,
      ),
      expect.stringMatching(
        /^Subject: \[RESOLVED\] dr-eu lkc-dr1eu: link payments-from-prod mirror topic payments fetching again$/,
      ),
    ]);
    // The mirror topic and the task are named with their errors, as Confluent reported them.
    expect(stdout).toContain("error: SOURCE_TOPIC_MAY_BE_DELETED: Topic 'refunds' was not found");
    expect(stdout).toContain(
      "error: MISCONFIGURATION_ERROR: acl.filters: resource type 'TOPICS' is not valid",
    );
    expect(stdout).toContain(
      'task AclSync IN_ERROR (MISCONFIGURATION_ERROR) although acl.sync.enable is on: ACLs are not synced',
    );
    expect(stdout).toContain('mirror topic refunds: mirror_status FAILED -> ACTIVE');
    expect(stdout).toContain('=== Step 1/15');
    // A silence added from the command line before planned work, and a window of the config.
    expect(stdout).toMatch(
      /^ {4}\$ link-monitor silence add --cluster dr-eu --link audit-from-onprem --for 15m --reason '[^']+' --by \S+ --db \S+$/m,
    );
    expect(stdout).toMatch(/^ {4}Added silence s-[0-9a-f]{8} until /m);
    expect(stdout).toMatch(
      /^ {2}Window {8}orders-rebuild: every (mon|tue|wed|thu|fri|sat|sun) \d\d:\d\d UTC for 20m/m,
    );
    expect(stdout).toMatch(
      /silenced by s-[0-9a-f]{8}: dr-eu link audit-from-onprem link_state ACTIVE -> PAUSED \(recorded, not notified\)/,
    );
    expect(stdout).toMatch(/silenced by window:orders-rebuild: dr-eu link orders-from-prod link recreated/);
    // History keeps both with the silence's id; silence list shows the silence and the window.
    expect(stdout).toMatch(
      /audit-from-onprem +│ warning +│ LINK_STATE_CHANGED +│ link_state ACTIVE -> PAUSED +│ silenced s-[0-9a-f]{8}/,
    );
    expect(stdout).toMatch(/orders-from-prod +│ info +│ LINK_RECREATED .*│ silenced window:orders-rebuild/);
    expect(stdout).toMatch(/\$ link-monitor silence list --config \S+demo-config\.yaml --db/);
    expect(stdout).toMatch(/│ s-[0-9a-f]{8} +│ ended +│ cluster=dr-eu link=audit-from-onprem/);
    expect(stdout).toMatch(/│ window:orders-rebuild │ ended +│ cluster=dr-eu link=orders-\*/);
    // Readiness: the settings in force, then what each check found, with its figures and errors.
    expect(stdout).toMatch(
      /^ {2}Readiness {5}checked every poll: stalled after 3 reads, target 5m behind, stuck after 10m, failover dry runs \(validate_only=true\)$/m,
    );
    expect(stdout).toContain(
      'mirror topic payments: stalled, fetch offsets unmoved over 3 reads (worst partition 2,400 messages behind)',
    );
    expect(stdout).toContain(
      'error: REQUEST_TIMED_OUT: Stopping the mirror of order-events timed out: the source cluster lkc-prd1eu',
    );
    expect(stdout).toContain(
      'config consumer.offset.sync.enable true -> false: consumer offsets are not synced: consumers would reprocess after failover',
    );
    expect(stdout).not.toContain(SIMULATED_LINK_SECRET);
    expect(stdout).toContain('Slack:');
    expect(stdout).toContain('$ link-monitor status');
    expect(stdout).toMatch(/payments-from-prod .*│ ok ACTIVE/);
    // The readiness report of the same store, next to status: one verdict a link, with why.
    expect(stdout).toMatch(/^\$ link-monitor readiness --config \S+demo-config\.yaml --db \S+state\.db$/m);
    expect(stdout).toMatch(
      /│ dr-eu \(lkc-dr1eu\) +│ orders-from-prod +│ not ready +│ failover dry run: 1 of 2 topics would not fail over \(order-events\); order-events: error 400/,
    );
    expect(stdout).toMatch(/│ order-events STOPPED: it is not mirroring +│/);
    expect(stdout).toMatch(/│ payments-from-prod +│ ready +│ - +│ payments ~\d+s behind +│/);
    expect(stdout).toContain('8 link(s): 7 ready, 0 at risk, 1 not ready');
    expect(stdout).toMatch(
      /^Actions asked of the simulated Confluent: [1-9]\d* dry run\(s\), each with validate_only=true; nothing else\.$/m,
    );
    expect(stdout).toContain('$ link-monitor history --cluster lkc-dr1eu');
    expect(stdout).toMatch(/LINK_STILL_UNHEALTHY/);
    // Hints that work from a clone: `npx link-monitor` would ask the package registry.
    expect(stdout).toMatch(/^ {2}node bin\/link-monitor\.js status --db \S+state\.db$/m);
    expect(stdout).not.toContain('npx link-monitor');
    expect(stdout).toMatch(/Demo finished in [\d.]+ s: 29 polls, 15 notifications\./);
  });

  it('reports a mistake in the scenario file as simulate does, without a stack trace', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'demo-scenario-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nclusters: []\nsteps: []\n');
    const stdout = new BufferSink();
    const stderr = new BufferSink();
    await runCli(['simulate', '--scenario', bad], { stdout, stderr, env: {}, now: () => new Date() });

    // Act
    const demo = await run('npx', ['tsx', 'tools/demo/demo.ts', '--scenario', bad], {
      env: { ...process.env, DEMO_FAST: '1' },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );

    // Assess
    expect(stderr.text).toMatch(/^error: Scenario .*bad\.yaml: /);
    expect(demo.code).toBe(1);
    expect(demo.stderr).toBe(stderr.text);
    rmSync(dir, { recursive: true, force: true });
  });
});
