import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BufferSink } from '../../../../tools/cli/cli-io.js';
import { runCli } from '../../../../tools/cli/main.js';
import { chooseStack } from '../../../../tools/cli/stack-name.js';

const cloudFormation = mockClient(CloudFormationClient);
const dir = mkdtempSync(join(tmpdir(), 'stack-name-'));
const CONFIG = join(dir, 'prod.yaml');
writeFileSync(
  CONFIG,
  [
    'stackName: LinkMonitorProd',
    'clusters:',
    '  - { clusterId: lkc-a, label: prod-eu, restEndpoint: https://pkc.example.com, credentials: { secret: c/a } }',
  ].join('\n'),
);

afterEach(() => {
  cloudFormation.reset();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command whose stack answers with no outputs, so it stops right after reading it. */
async function stackAsked(argv: string[]) {
  cloudFormation.reset();
  cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [] });
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const code = await runCli(
    argv,
    { stdout, stderr, env: {}, now: () => new Date('2026-03-07T12:00:00Z') },
    { cloudFormation: () => new CloudFormationClient({ region: 'eu-west-1' }) },
  );
  const asked = cloudFormation.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input.StackName);
  return { code, asked, stderr: stderr.text };
}

const DYNAMODB = ['--store', 'dynamodb'];

describe('Function: chooseStack', () => {
  it('takes --stack, else the stackName of --config, else the default', async () => {
    // Act
    const chosen = await Promise.all([
      chooseStack({ stack: 'Other', config: CONFIG }),
      chooseStack({ config: CONFIG }),
      chooseStack({}),
    ]);

    // Assess
    expect(chosen).toEqual([
      { name: 'Other', from: '--stack' },
      { name: 'LinkMonitorProd', from: `stackName in ${CONFIG}` },
      { name: 'ClusterLinkMonitor', from: 'the default' },
    ]);
  });
});

describe("Every command that reads the deployed stack: the config's stackName", () => {
  it.each([
    ['run', ['run', '--once', '--config', CONFIG, ...DYNAMODB]],
    ['run --notify sns', ['run', '--once', '--config', CONFIG, '--notify', 'sns', '--db', ':memory:']],
    ['silence list', ['silence', 'list', '--config', CONFIG, ...DYNAMODB]],
    [
      'silence add',
      ['silence', 'add', '--link', '*', '--for', '1h', '--reason', 'x', '--config', CONFIG, ...DYNAMODB],
    ],
    ['silence expire', ['silence', 'expire', 's-1', '--config', CONFIG, ...DYNAMODB]],
    ['history', ['history', '--cluster', 'lkc-a', '--config', CONFIG, ...DYNAMODB]],
    ['status', ['status', '--config', CONFIG, ...DYNAMODB]],
  ])('%s reads the stack the config names, and says so', async (_name, argv) => {
    // Act
    const result = await stackAsked(argv);

    // Assess
    expect(result.asked).toEqual(['LinkMonitorProd']);
    expect(result.stderr).toContain(`Reading stack LinkMonitorProd (stackName in ${CONFIG})\n`);
    expect(result.stderr).toContain(`error: stack LinkMonitorProd (stackName in ${CONFIG}) has no`);
  });

  it('lets --stack name another, and falls back to the default without either', async () => {
    // Act
    const named = await stackAsked(['status', '--stack', 'Other', '--config', CONFIG, ...DYNAMODB]);
    const neither = await stackAsked(['status', ...DYNAMODB]);

    // Assess
    expect(named.asked).toEqual(['Other']);
    expect(named.stderr).toContain('Reading stack Other (--stack)\n');
    expect(neither.asked).toEqual(['ClusterLinkMonitor']);
    expect(neither.stderr).toContain('Reading stack ClusterLinkMonitor (the default)\n');
  });
});
