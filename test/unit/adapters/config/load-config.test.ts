import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../../../adapters/config/invalid-config-error.js';
import { loadConfigFile, parseConfig } from '../../../../adapters/config/load-config.js';
import { severitiesAtOrAbove } from '../../../../adapters/config/monitor-config.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';

const FILE = 'config/monitor.yaml';

/** A minimal valid config as YAML, with `extra` appended at the top level. */
function yamlWith(extra = '', cluster = ''): string {
  return [
    'clusters:',
    '  - clusterId: lkc-abc123',
    '    label: prod-eu',
    '    restEndpoint: https://pkc-abc12.eu-west-1.aws.confluent.cloud:443',
    '    credentials: { secret: cluster-link-monitor/prod-eu }',
    cluster,
    extra,
  ].join('\n');
}

function errorOf(run: () => unknown): InvalidConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidConfigError) return error;
    throw error;
  }
  throw new Error('expected an InvalidConfigError');
}

describe('parseConfig', () => {
  it('fills every default from the minimal config', () => {
    // Act
    const config = parseConfig(yamlWith(), FILE);

    // Assess
    expect(config.fileName).toBe(FILE);
    expect(config.stackName).toBe('ClusterLinkMonitor');
    expect(config.clusters).toEqual([
      {
        clusterId: 'lkc-abc123',
        label: 'prod-eu',
        restEndpoint: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
        credentials: { kind: 'secret', secretId: 'cluster-link-monitor/prod-eu' },
      },
    ]);
    expect(config.schedule).toEqual({ expression: 'rate(1 minute)', intervalMs: 60_000 });
    expect(config.pollTimeoutMs).toBe(50_000);
    expect(config.emailRecipients).toEqual([]);
    expect(config.slack).toBeNull();
    expect(config.alarmEmails).toEqual([]);
    expect(config.settings).toEqual(DEFAULT_POLL_SETTINGS);
    expect(config.metricsLevel).toBe('monitor');
    expect(config.dashboard).toBe(false);
    expect(config.topicEncryption).toBe('aws-managed');
    expect(config.reserveConcurrency).toBe(false);
    expect(config.clusterSecretPrefixes).toEqual([]);
    expect(config.secretKmsKeys).toEqual([]);
  });

  it('reads the deploy settings: reserved concurrency, secret paths and the keys of the secrets', () => {
    // Prepare
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

    // Act
    const config = parseConfig(
      yamlWith(
        `reserveConcurrency: true\nclusterSecretPrefixes: [cluster-link-monitor/clusters/]\nsecretKmsKeys: ["${key}", "${key}"]`,
      ),
      FILE,
    );

    // Assess
    expect(config.reserveConcurrency).toBe(true);
    expect(config.clusterSecretPrefixes).toEqual(['cluster-link-monitor/clusters/']);
    expect(config.secretKmsKeys).toEqual([key]);
  });

  it('reads the cost opt-ins: per-cluster metrics, the dashboard and a key of its own', () => {
    // Act
    const config = parseConfig(
      yamlWith('metricsLevel: cluster\ndashboard: true\ntopicEncryption: customer-managed'),
      FILE,
    );

    // Assess
    expect(config.metricsLevel).toBe('cluster');
    expect(config.dashboard).toBe(true);
    expect(config.topicEncryption).toBe('customer-managed');
  });

  it("reads a cluster's key in a shared secret", () => {
    // Act
    const config = parseConfig(
      yamlWith().replace('{ secret: cluster-link-monitor/prod-eu }', '{ secret: monitor/all, key: prod-eu }'),
      FILE,
    );

    // Assess
    expect(config.clusters[0]?.credentials).toEqual({
      kind: 'secret',
      secretId: 'monitor/all',
      secretKey: 'prod-eu',
    });
  });

  it('returns a deeply frozen object', () => {
    // Act
    const config = parseConfig(yamlWith(), FILE);

    // Assess
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.clusters)).toBe(true);
    expect(Object.isFrozen(config.clusters[0])).toBe(true);
    expect(Object.isFrozen(config.clusters[0]?.credentials)).toBe(true);
    expect(Object.isFrozen(config.settings)).toBe(true);
  });

  it('maps every setting to PollSettings', () => {
    // Prepare
    const text = yamlWith(
      [
        'concurrency: 4',
        'digestThreshold: 10',
        'reminderInterval: 90m',
        'dampingPolls: 2',
        'unreachableAfterPolls: 5',
        'historyRetentionDays: 30',
        'notifyTopicChanges: true',
        'notifyMessageChanges: true',
      ].join('\n'),
    );

    // Act
    const { settings } = parseConfig(text, FILE);

    // Assess
    expect(settings).toEqual({
      ...DEFAULT_POLL_SETTINGS,
      concurrency: 4,
      digestThreshold: 10,
      reminderIntervalMs: 90 * 60_000,
      dampingPolls: 2,
      unreachableAfterPolls: 5,
      retentionDays: 30,
      notifyTopicChanges: true,
      notifyMessageChanges: true,
    });
  });

  it.each([
    ['rate(1 minute)', 'rate(1 minute)', 60_000],
    ['rate(5 minutes)', 'rate(5 minutes)', 300_000],
    ['rate(1 hour)', 'rate(60 minutes)', 3_600_000],
    ['1m', 'rate(1 minute)', 60_000],
    ['5 minutes', 'rate(5 minutes)', 300_000],
    ['2m', 'rate(2 minutes)', 120_000],
  ])('accepts schedule %j as %s', (schedule, expression, intervalMs) => {
    // Act
    const config = parseConfig(yamlWith(`schedule: ${schedule}`), FILE);

    // Assess
    expect(config.schedule).toEqual({ expression, intervalMs });
  });

  it('turns reminders off with 0', () => {
    // Act
    const config = parseConfig(yamlWith('reminderInterval: 0'), FILE);

    // Assess
    expect(config.settings.reminderIntervalMs).toBe(0);
  });

  it('reads env credentials for local runs, basic and bearer', () => {
    // Prepare
    const text = yamlWith(
      '',
      [
        '  - clusterId: lkc-local1',
        '    label: local-basic',
        '    restEndpoint: http://127.0.0.1:8082',
        '    credentials: { env: { apiKey: LOCAL_KEY, apiSecret: LOCAL_SECRET } }',
        '  - clusterId: lkc-local2',
        '    label: local-token',
        '    restEndpoint: http://localhost:8082',
        '    credentials: { env: { token: LOCAL_TOKEN } }',
      ].join('\n'),
    );

    // Act
    const config = parseConfig(text, FILE);

    // Assess
    expect(config.clusters.map((c) => c.credentials)).toEqual([
      { kind: 'secret', secretId: 'cluster-link-monitor/prod-eu' },
      { kind: 'env-basic', apiKeyVar: 'LOCAL_KEY', apiSecretVar: 'LOCAL_SECRET' },
      { kind: 'env-bearer', tokenVar: 'LOCAL_TOKEN' },
    ]);
  });

  it('accepts a secret ARN', () => {
    // Prepare
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cluster-link-monitor/prod-eu-AbCdEf';
    const text = yamlWith().replace('secret: cluster-link-monitor/prod-eu', `secret: "${arn}"`);

    // Act
    const config = parseConfig(text, FILE);

    // Assess
    expect(config.clusters[0]?.credentials).toEqual({ kind: 'secret', secretId: arn });
  });

  it('reads email recipients, Slack and alarm emails', () => {
    // Prepare
    const text = yamlWith(
      [
        'emailRecipients:',
        '  - address: oncall@example.com',
        '    minSeverity: critical',
        '  - address: team@example.com',
        'slack: { webhookSecret: monitor/slack, minSeverity: warning }',
        'alarmEmails: [ops@example.com]',
      ].join('\n'),
    );

    // Act
    const config = parseConfig(text, FILE);

    // Assess
    expect(config.emailRecipients).toEqual([
      { address: 'oncall@example.com', minSeverity: 'critical' },
      { address: 'team@example.com', minSeverity: 'info' },
    ]);
    expect(config.slack).toEqual({ webhookSecret: 'monitor/slack', minSeverity: 'warning' });
    expect(config.alarmEmails).toEqual(['ops@example.com']);
  });

  it('reads JSON when the file name ends in .json', () => {
    // Prepare
    const text = JSON.stringify({
      clusters: [
        {
          clusterId: 'lkc-abc123',
          label: 'prod-eu',
          restEndpoint: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
          credentials: { secret: 'cluster-link-monitor/prod-eu' },
        },
      ],
      schedule: '5m',
      pollTimeout: '2m',
    });

    // Act
    const config = parseConfig(text, 'config/monitor.json');

    // Assess
    expect(config.schedule.expression).toBe('rate(5 minutes)');
    expect(config.pollTimeoutMs).toBe(120_000);
  });

  describe('refuses', () => {
    it.each([
      [
        'the cluster id "." (a path segment of the request URL)',
        yamlWith().replace('clusterId: lkc-abc123', "clusterId: '.'"),
        'clusters[0].clusterId: must be a Kafka cluster id such as lkc-abc123 (not . or ..)',
      ],
      [
        'the cluster id ".."',
        yamlWith().replace('clusterId: lkc-abc123', "clusterId: '..'"),
        'clusters[0].clusterId: must be a Kafka cluster id such as lkc-abc123 (not . or ..)',
      ],
      [
        'a shared secret key without the secret',
        yamlWith().replace('{ secret: cluster-link-monitor/prod-eu }', '{ key: prod-eu, env: { token: T } }'),
        'clusters[0].credentials.key: goes with secret',
      ],
      [
        'a shared secret key with characters a JSON key of ours never has',
        yamlWith().replace('{ secret: cluster-link-monitor/prod-eu }', '{ secret: monitor/all, key: "a b" }'),
        'clusters[0].credentials.key: must be the key of this cluster in the shared secret',
      ],
      [
        'an unknown metrics level',
        yamlWith('metricsLevel: link'),
        'metricsLevel: must be one of monitor, cluster',
      ],
      [
        'an unknown topic encryption',
        yamlWith('topicEncryption: none'),
        'topicEncryption: must be one of aws-managed, customer-managed',
      ],
      [
        'http:// to a host that is not loopback',
        yamlWith().replace(
          'https://pkc-abc12.eu-west-1.aws.confluent.cloud:443',
          'http://pkc-abc12.example.com',
        ),
        'config/monitor.yaml: clusters[0].restEndpoint: must be https:// (http is allowed only for loopback hosts)',
      ],
      [
        'credentials in the endpoint URL',
        yamlWith().replace('https://pkc', 'https://key:secret@pkc'),
        'clusters[0].restEndpoint: must not contain credentials',
      ],
      [
        'an endpoint with the API path in it, as the console shows it',
        yamlWith().replace(
          'https://pkc-abc12.eu-west-1.aws.confluent.cloud:443',
          'https://pkc-abc12.eu-west-1.aws.confluent.cloud:443/kafka/v3/',
        ),
        'clusters[0].restEndpoint: must be the base URL without the API path: write https://pkc-abc12.eu-west-1.aws.confluent.cloud (the monitor adds /kafka/v3/clusters/{clusterId}/links itself)',
      ],
      [
        'an endpoint with a cluster path in it',
        yamlWith().replace(
          'https://pkc-abc12.eu-west-1.aws.confluent.cloud:443',
          'https://pkc-abc12.eu-west-1.aws.confluent.cloud/kafka/v3/clusters/lkc-abc123',
        ),
        'clusters[0].restEndpoint: must be the base URL without the API path',
      ],
      [
        'an endpoint that is not a URL',
        yamlWith().replace('https://pkc-abc12.eu-west-1.aws.confluent.cloud:443', 'pkc-abc12'),
        'clusters[0].restEndpoint: must be an absolute URL',
      ],
      [
        'credentials without a secret name',
        yamlWith().replace('{ secret: cluster-link-monitor/prod-eu }', '{}'),
        'clusters[0].credentials: needs secret',
      ],
      [
        'an empty secret name',
        yamlWith().replace('{ secret: cluster-link-monitor/prod-eu }', "{ secret: '' }"),
        'clusters[0].credentials.secret: must name the secret holding the cluster API key',
      ],
      [
        'both a secret and env credentials',
        yamlWith().replace(
          '{ secret: cluster-link-monitor/prod-eu }',
          '{ secret: cluster-link-monitor/prod-eu, env: { token: T } }',
        ),
        'clusters[0].credentials: give either secret or env, not both',
      ],
      [
        'env credentials with only an API key',
        yamlWith().replace('{ secret: cluster-link-monitor/prod-eu }', '{ env: { apiKey: K } }'),
        'clusters[0].credentials.env: needs either apiKey and apiSecret, or token',
      ],
      ['a missing label', yamlWith().replace('    label: prod-eu\n', ''), 'clusters[0].label: is required'],
      [
        'a cluster id with a # (used as a key separator)',
        yamlWith().replace('lkc-abc123', '"lkc#1"'),
        'clusters[0].clusterId: must be a Kafka cluster id',
      ],
      [
        'duplicate cluster ids',
        yamlWith(
          '',
          [
            '  - clusterId: lkc-abc123',
            '    label: prod-us',
            '    restEndpoint: https://pkc-def34.us-east-1.aws.confluent.cloud',
            '    credentials: { secret: cluster-link-monitor/prod-us }',
          ].join('\n'),
        ),
        'config/monitor.yaml: clusters[1].clusterId: duplicates clusters[0].clusterId',
      ],
      [
        'duplicate labels',
        yamlWith(
          '',
          [
            '  - clusterId: lkc-def456',
            '    label: PROD-EU',
            '    restEndpoint: https://pkc-def34.us-east-1.aws.confluent.cloud',
            '    credentials: { secret: cluster-link-monitor/prod-us }',
          ].join('\n'),
        ),
        'clusters[1].label: duplicates clusters[0].label',
      ],
      ['no clusters', 'clusters: []', 'clusters: must list at least one cluster'],
      ['a missing clusters list', 'schedule: 1m', 'clusters: is required'],
      [
        'a schedule shorter than the default poll timeout',
        yamlWith('schedule: 30s'),
        'schedule: must be at least 1 minute',
      ],
      [
        'a poll timeout that does not fit inside the interval',
        yamlWith('schedule: 1m\npollTimeout: 60s'),
        'config/monitor.yaml: pollTimeout: the poll timeout (1m) must be shorter than the schedule interval (1m)',
      ],
      ['a schedule in seconds', yamlWith('schedule: 90s'), 'schedule: must be a whole number of minutes'],
      [
        'a cron schedule',
        yamlWith("schedule: 'cron(0 * * * ? *)'"),
        'schedule: cron expressions are not supported',
      ],
      ['a schedule over an hour', yamlWith('schedule: 2h'), 'schedule: must be at most 1h'],
      ['a schedule with words', yamlWith('schedule: every minute'), 'schedule: must be a rate expression'],
      ['a duration without a unit', yamlWith('reminderInterval: 5'), 'reminderInterval: must be a duration'],
      [
        'a poll timeout over 15 minutes',
        yamlWith('schedule: 1h\npollTimeout: 20m'),
        'pollTimeout: must be at most 15m',
      ],
      [
        'a short reminder',
        yamlWith('reminderInterval: 10s'),
        'reminderInterval: must be at least 1m (or 0 to turn it off)',
      ],
      [
        'a secret path that does not end a path segment (it would grant every name that starts so)',
        yamlWith('clusterSecretPrefixes: [cluster-link-monitor]'),
        'clusterSecretPrefixes[0]: must be a secret name path ending in "/"',
      ],
      [
        'a KMS alias where a key ARN is needed',
        yamlWith('secretKmsKeys: ["arn:aws:kms:eu-west-1:123456789012:alias/secrets"]'),
        'secretKmsKeys[0]: must be a KMS key ARN',
      ],
      [
        'an unknown top-level key',
        yamlWith('scheduel: 1m'),
        'config/monitor.yaml: scheduel: is not a known setting',
      ],
      [
        'an unknown key in a cluster',
        yamlWith().replace('    label: prod-eu', '    label: prod-eu\n    apiKey: oops'),
        'clusters[0].apiKey: is not a known setting',
      ],
      [
        'an invalid recipient address',
        yamlWith('emailRecipients: [{ address: not-an-address }]'),
        'emailRecipients[0].address: must be an email address',
      ],
      [
        'an unknown severity',
        yamlWith('emailRecipients: [{ address: a@example.com, minSeverity: resolved }]'),
        'emailRecipients[0].minSeverity: must be one of critical, warning, info',
      ],
      [
        'a duplicate alarm email',
        yamlWith('alarmEmails: [a@example.com, A@example.com]'),
        'alarmEmails[1]: duplicates alarmEmails[0]',
      ],
      ['a fractional count', yamlWith('dampingPolls: 1.5'), 'dampingPolls: must be a whole number'],
      ['a zero concurrency', yamlWith('concurrency: 0'), 'concurrency: must be at least 1'],
      ['a string flag', yamlWith('notifyTopicChanges: "yes"'), 'notifyTopicChanges: must be true or false'],
      ['a list at the top', '- a\n- b\n', 'config/monitor.yaml: (root): must be a mapping'],
      ['an empty file', '', 'config/monitor.yaml: (file): is empty'],
      ['broken YAML', 'clusters: [\n', 'config/monitor.yaml: line 2, column 1: is not valid YAML'],
      ['duplicate YAML keys', `${yamlWith()}\nclusters: []\n`, 'is not valid YAML: Map keys must be unique'],
    ])('%s', (_name, text, expected) => {
      // Act
      const error = errorOf(() => parseConfig(text, FILE));

      // Assess
      expect(error.message).toContain(expected);
      expect(error.fileName).toBe(FILE);
    });

    it('reports every bad field at once, each on its own line', () => {
      // Prepare
      const text = yamlWith('concurrency: 0\ndampingPolls: -1');

      // Act
      const error = errorOf(() => parseConfig(text, FILE));

      // Assess
      expect(error.issues.map((i) => i.path)).toEqual(['dampingPolls', 'concurrency']);
      expect(error.message.split('\n')).toHaveLength(2);
    });

    it('broken JSON without quoting the text', () => {
      // Act
      const error = errorOf(() => parseConfig('{"clusters": [hunter2]}', 'monitor.json'));

      // Assess
      expect(error.message).toMatch(/^monitor\.json: \(file\): is not valid JSON/);
      expect(error.message).not.toContain('hunter2');
    });

    it("a value meant to name a credential without quoting it, nor a URL's credentials", () => {
      // Prepare: an API key pasted where the name of its environment variable belongs
      const pasted = 'sk-secret-value-1234';
      const text = yamlWith(
        '',
        [
          '  - clusterId: lkc-local1',
          '    label: local',
          '    restEndpoint: https://user:hunter2@pkc.example.com',
          `    credentials: { env: { apiKey: ${pasted}, apiSecret: "a b" } }`,
        ].join('\n'),
      );

      // Act
      const error = errorOf(() => parseConfig(text, FILE));

      // Assess
      expect(error.message).toContain(
        'clusters[1].credentials.env.apiKey: must be an environment variable name\n',
      );
      expect(error.message).toContain(
        'clusters[1].restEndpoint: must not contain credentials: put them in a secret (got "https://pkc.example.com")',
      );
      expect(error.message).not.toContain(pasted);
      expect(error.message).not.toContain('hunter2');
    });
  });

  it('throws nothing but InvalidConfigError for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(FILE, 'monitor.json'), (text, name) => {
        try {
          parseConfig(text, name);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidConfigError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but InvalidConfigError for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        try {
          parseConfig(JSON.stringify(value), 'monitor.json');
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidConfigError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but InvalidConfigError for mutations of a valid config', () => {
    const base = JSON.parse(JSON.stringify(parseConfigInput()));
    fc.assert(
      fc.property(
        fc.constantFrom(
          ...Object.keys(base),
          'clusters.0.label',
          'clusters.0.credentials',
          'clusters.0.restEndpoint',
        ),
        fc.jsonValue({ maxDepth: 2 }),
        (path, value) => {
          const copy = JSON.parse(JSON.stringify(base));
          const keys = path.split('.');
          let target = copy;
          for (const key of keys.slice(0, -1)) target = target[key];
          target[keys.at(-1) as string] = value;
          try {
            parseConfig(JSON.stringify(copy), 'monitor.json');
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidConfigError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

function parseConfigInput() {
  return {
    clusters: [
      {
        clusterId: 'lkc-abc123',
        label: 'prod-eu',
        restEndpoint: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
        credentials: { secret: 'cluster-link-monitor/prod-eu' },
      },
    ],
    schedule: 'rate(5 minutes)',
    pollTimeout: '1m',
    emailRecipients: [{ address: 'a@example.com', minSeverity: 'warning' }],
    alarmEmails: ['ops@example.com'],
    reminderInterval: '4h',
    concurrency: 8,
  };
}

describe('loadConfigFile', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'monitor-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the example config shipped with the project', async () => {
    // Act
    const config = await loadConfigFile('config/monitor.example.yaml');

    // Assess
    expect(config.clusters.map((c) => c.label)).toEqual(['prod-eu', 'prod-us']);
    expect(config.clusters.every((c) => c.credentials.kind === 'secret')).toBe(true);
    expect(config.slack).not.toBeNull();
    expect(config.emailRecipients.length).toBeGreaterThan(0);
    expect(config.alarmEmails.length).toBeGreaterThan(0);
  });

  it('names the path of a file it cannot read', async () => {
    // Prepare
    const path = join(dir, 'missing.yaml');

    // Act
    const promise = loadConfigFile(path);

    // Assess
    await expect(promise).rejects.toThrow(InvalidConfigError);
    await expect(promise).rejects.toThrow(`${path}: (file): cannot be read (ENOENT)`);
  });

  it('names the path in validation errors', async () => {
    // Prepare
    const path = join(dir, 'bad.yaml');
    await writeFile(path, yamlWith('concurrency: 100'));

    // Act
    const promise = loadConfigFile(path);

    // Assess
    await expect(promise).rejects.toThrow(`${path}: concurrency: must be at most 64`);
  });
});

describe('severitiesAtOrAbove', () => {
  it.each([
    ['critical', ['critical', 'resolved']],
    ['warning', ['critical', 'warning', 'resolved']],
    ['info', ['critical', 'warning', 'info', 'resolved']],
  ] as const)('%s receives %j', (min, expected) => {
    expect(severitiesAtOrAbove(min)).toEqual(expected);
  });
});

describe('parseConfig, what a config error tells its reader', () => {
  it.each([
    ['schedul: 5m', 'schedul: is not a known setting; did you mean schedule?'],
    ['StackName: Prod', 'StackName: is not a known setting; did you mean stackName?'],
    ['reminderIntervall: 1h', 'reminderIntervall: is not a known setting; did you mean reminderInterval?'],
    ['colour: blue', 'colour: is not a known setting'],
  ])('suggests the closest known key for %j', (line, expected) => {
    // Act
    const error = errorOf(() => parseConfig(yamlWith(line), FILE));

    // Assess
    expect(error.message).toBe(`${FILE}: ${expected}`);
  });

  it('suggests the closest key of a nested mapping from that mapping', () => {
    // Prepare
    const text = yamlWith().replace('    label: prod-eu', '    lable: prod-eu');

    // Act
    const error = errorOf(() => parseConfig(text, FILE));

    // Assess
    expect(error.message).toContain(
      `${FILE}: clusters[0].lable: is not a known setting; did you mean label?`,
    );
  });

  it('quotes the bad value, cut short', () => {
    // Prepare
    const text = yamlWith(
      [
        'maintenanceWindows:',
        '  - { name: w, days: [sat], start: "02:00", duration: 1h, timeZone: Europe/Berln, reason: patching }',
        `stackName: ${'x'.repeat(200)}-`,
      ].join('\n'),
    );

    // Act
    const error = errorOf(() => parseConfig(text, FILE));

    // Assess
    expect(error.message).toContain(
      'maintenanceWindows[0].timeZone: must be an IANA time zone such as Europe/Berlin or UTC (got "Europe/Berln")',
    );
    expect(error.message).toContain(
      `stackName: must be a CloudFormation stack name: a letter, then letters, digits or "-" (got "${'x'.repeat(37)}...")`,
    );
  });

  it.each([
    ['rate(2 minute)', 'must be written rate(2 minutes)'],
    ['rate(1 minutes)', 'must be written rate(1 minute)'],
    ['rate(3 hour)', 'must be written rate(3 hours)'],
  ])('refuses the schedule %j, saying what to write', (schedule, expected) => {
    // Act
    const error = errorOf(() => parseConfig(yamlWith(`schedule: ${schedule}`), FILE));

    // Assess
    expect(error.message).toBe(
      `${FILE}: schedule: ${expected}: EventBridge takes the singular unit for 1 only (got "${schedule}")`,
    );
  });
});
