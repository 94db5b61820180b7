import { describe, expect, it } from 'vitest';
import { deployFindings } from '../../../../adapters/config/deploy-rules.js';
import { parseConfig } from '../../../../adapters/config/load-config.js';
import { type GrantPlace, readSecretsGrant } from '../../../../adapters/config/secret-grants.js';
import { POLLER_CREDENTIALS_POLICY_CHARS } from '../../../../adapters/config/secret-rules.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const arn = (name: string, account = ACCOUNT, region = REGION) =>
  `arn:aws:secretsmanager:${region}:${account}:secret:${name}`;

function config(secret: string, extra: string[] = []) {
  return parseConfig(
    [
      'clusters:',
      `  - { clusterId: lkc-eu, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: "${secret}" } }`,
      ...extra,
    ].join('\n'),
    'monitor.yaml',
  );
}

const errors = (findings: ReturnType<typeof deployFindings>) => findings.filter((f) => f.level === 'error');

describe('Function: deployFindings, for secrets', () => {
  const target = { account: ACCOUNT, region: REGION };

  it("refuses a cluster's secret in another account than the stack's, naming the cluster and the secret", () => {
    // Prepare
    const secret = arn('monitor/prod-eu', '999988887777');

    // Act
    const findings = errors(deployFindings(config(secret), target));

    // Assess
    expect(findings).toEqual([
      {
        level: 'error',
        path: 'clusters[0].credentials.secret',
        message: expect.stringMatching(
          /^the secret of cluster prod-eu \(lkc-eu\), arn:\S+:secret:monitor\/prod-eu, is in account 999988887777, but the stack deploys to account 111122223333: .*copy the secret into that account/,
        ),
      },
    ]);
  });

  it("refuses a cluster's secret in another region: the functions read their own region's Secrets Manager", () => {
    // Act
    const findings = errors(deployFindings(config(arn('monitor/prod-eu', ACCOUNT, 'us-east-1')), target));

    // Assess
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      [
        'clusters[0].credentials.secret',
        expect.stringMatching(/is in region us-east-1, but the stack deploys to region eu-west-1: .*replica/),
      ],
    ]);
  });

  it("refuses the receivers' secrets elsewhere too: the Slack webhook and a route's PagerDuty routing key", () => {
    // Prepare
    const elsewhere = arn('monitor/receiver', ACCOUNT, 'us-east-1');
    const routed = config(arn('monitor/prod-eu'), [
      `slack: { webhookSecret: "${elsewhere}" }`,
      `routes: [{ name: pay, receivers: { pagerDuty: [{ routingKeySecret: "${elsewhere}" }] } }]`,
    ]);

    // Act
    const findings = errors(deployFindings(routed, target));

    // Assess
    expect(findings.map((f) => f.path)).toEqual([
      'slack.webhookSecret',
      'routes[0].receivers.pagerDuty[0].routingKeySecret',
    ]);
    expect(findings[1]?.message).toContain("the secret of route pay's PagerDuty routing key");
  });

  it("accepts ARNs of the stack's account and region, and names, which are always the stack's own", () => {
    // Act
    const findings = [
      ...deployFindings(config(arn('monitor/prod-eu-AbCdEf')), target),
      ...deployFindings(config('monitor/prod-eu'), target),
    ];

    // Assess
    expect(errors(findings)).toEqual([]);
  });

  it("refuses, where the target is unknown, ARNs of two accounts: they cannot both be the stack's", () => {
    // Prepare
    const two = config(arn('monitor/prod-eu'), [
      `  - { clusterId: lkc-us, label: prod-us, restEndpoint: https://pkc-us.example.com, credentials: { secret: "${arn('monitor/prod-us', '999988887777')}" } }`,
    ]);

    // Act
    const findings = errors(deployFindings(two));

    // Assess
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      [
        'clusters[1].credentials.secret',
        expect.stringContaining(
          'is in account 999988887777, but clusters[0].credentials.secret names one in account 111122223333',
        ),
      ],
    ]);
  });

  it("warns when a cluster secret path also covers a receiver's secret, which the poller may then read", () => {
    // Act
    const findings = deployFindings(
      config('monitor/prod-eu', [
        'slack: { webhookSecret: monitor/slack }',
        'clusterSecretPrefixes: [monitor/]',
      ]),
    );

    // Assess
    expect(findings).toContainEqual({
      level: 'warning',
      path: 'clusterSecretPrefixes[0]',
      message: expect.stringContaining('also covers the secret of the Slack webhook (monitor/slack)'),
    });
  });

  it('refuses a grant larger than the role has room for, and takes the same secrets under one path', () => {
    // Prepare
    const clusters = (count: number) =>
      Array.from(
        { length: count },
        (_, i) =>
          `  - { clusterId: lkc-${i}, label: c-${i}, restEndpoint: https://pkc-${i}.example.com, credentials: { secret: monitor/clusters/cluster-number-${i} } }`,
      );
    const many = ['clusters:', ...clusters(100)];

    // Act
    const oneByOne = errors(deployFindings(parseConfig(many.join('\n'), 'monitor.yaml')));
    const underPath = errors(
      deployFindings(
        parseConfig([...many, 'clusterSecretPrefixes: [monitor/clusters/]'].join('\n'), 'm.yaml'),
      ),
    );

    // Assess
    expect(oneByOne).toEqual([
      {
        level: 'error',
        path: 'clusters',
        message: expect.stringMatching(
          new RegExp(
            `^the poller's grant to read 100 different secrets takes up to \\d+ characters of its IAM policy, more than the ${POLLER_CREDENTIALS_POLICY_CHARS} its role has room for`,
          ),
        ),
      },
    ]);
    expect(oneByOne[0]?.message).toContain('name it in clusterSecretPrefixes');
    expect(underPath).toEqual([]);
  });
});

describe('Function: readSecretsGrant', () => {
  const place: GrantPlace = { secretArn: (name) => `arn:STACK:secret:${name}`, region: 'REGION' };
  const sids = { read: 'Read', decrypt: 'Decrypt' };

  it('grants a name and a partial ARN with the random suffix Secrets Manager adds', () => {
    // Act
    const [read] = readSecretsGrant(sids, { secretIds: ['monitor/prod-eu', arn('monitor/prod-us')] }, place);

    // Assess
    expect(read?.resources).toEqual([
      'arn:STACK:secret:monitor/prod-eu-??????',
      `${arn('monitor/prod-us')}-??????`,
    ]);
  });

  it('grants an ARN whose name ends in six characters both as is and with the suffix: it may be either', () => {
    // Act
    const [read] = readSecretsGrant(sids, { secretIds: [arn('team-abcdef')] }, place);

    // Assess
    expect(read?.resources).toEqual([arn('team-abcdef'), `${arn('team-abcdef')}-??????`]);
  });

  it('grants a path once for the names under it, and every other secret one by one, each once', () => {
    // Act
    const [read] = readSecretsGrant(
      sids,
      { secretIds: ['monitor/a', 'monitor/b', 'other/c', 'other/c'], prefixes: ['monitor/'] },
      place,
    );

    // Assess
    expect(read?.resources).toEqual(['arn:STACK:secret:monitor/*', 'arn:STACK:secret:other/c-??????']);
  });

  it('lets the role decrypt with the configured keys through Secrets Manager of its region only', () => {
    // Prepare
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

    // Act
    const statements = readSecretsGrant(sids, { secretIds: ['monitor/a'], kmsKeys: [key] }, place);

    // Assess
    expect(statements[1]).toEqual({
      sid: 'Decrypt',
      actions: ['kms:Decrypt'],
      resources: [key],
      conditions: { StringEquals: { 'kms:ViaService': 'secretsmanager.REGION.amazonaws.com' } },
    });
    expect(readSecretsGrant(sids, { secretIds: ['monitor/a'] }, place)).toHaveLength(1);
  });
});
