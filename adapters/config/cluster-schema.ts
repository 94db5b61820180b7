/**
 * The schema of one `clusters` entry of the config file: its id, label, REST endpoint and where
 * its credentials come from, each refused with what to write instead.
 */
import { z } from 'zod';
import type { ClusterConfig, CredentialsSource } from './monitor-config.js';

/**
 * `#` separates key parts in the tables, so it may not appear in an id; `.` and `..` would be
 * path segments of the request URL (it would resolve to another path on the same host).
 */
const CLUSTER_ID = /^(?!\.\.?$)[A-Za-z0-9._-]{1,64}$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A key of a shared secret's JSON object. */
const SECRET_KEY = /^[A-Za-z0-9._-]{1,128}$/;
/** Printable, no control characters: labels end up in email subjects and dashboard titles. */
const LABEL = /^[^\p{Cc}]{1,64}$/u;
/** The Kafka REST v3 path, or part of it, at the end of an endpoint: `/kafka/v3`, `/kafka/v3/clusters/lkc-1`. */
const API_PATH = /\/kafka(\/v3(\/.*)?)?\/?$/;
/** Same hosts the Confluent client accepts over plain http. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

const restEndpoint = z.string().transform((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an absolute URL such as https://pkc-xxxx.confluent.cloud:443',
    });
    return z.NEVER;
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    ctx.addIssue({ code: 'custom', message: 'must be https:// (http is allowed only for loopback hosts)' });
    return z.NEVER;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    ctx.addIssue({ code: 'custom', message: 'must be https://' });
    return z.NEVER;
  }
  if (url.username !== '' || url.password !== '') {
    ctx.addIssue({ code: 'custom', message: 'must not contain credentials: put them in a secret' });
    return z.NEVER;
  }
  if (url.search !== '' || url.hash !== '') {
    ctx.addIssue({ code: 'custom', message: 'must not have a query or fragment' });
    return z.NEVER;
  }
  // The console shows URLs with the API path in them; pasted as is, every request path would hold it twice.
  if (API_PATH.test(url.pathname)) {
    ctx.addIssue({
      code: 'custom',
      message: `must be the base URL without the API path: write ${url.origin} (the monitor adds /kafka/v3/clusters/{clusterId}/links itself)`,
    });
    return z.NEVER;
  }
  return url.href.replace(/\/+$/, '');
});

export const secretId = (what: string) =>
  z
    .string()
    .trim()
    .refine((s) => SECRET_NAME.test(s) || SECRET_ARN.test(s), {
      message: `must name ${what}: a Secrets Manager secret name or ARN`,
    });

const envVar = z.string().regex(ENV_VAR, 'must be an environment variable name');

const credentials = z
  .strictObject({
    secret: secretId('the secret holding the cluster API key').optional(),
    key: z
      .string()
      .regex(
        SECRET_KEY,
        'must be the key of this cluster in the shared secret (letters, digits, ".", "_", "-")',
      )
      .optional(),
    env: z
      .strictObject({ apiKey: envVar.optional(), apiSecret: envVar.optional(), token: envVar.optional() })
      .optional(),
  })
  .transform((value, ctx): CredentialsSource => {
    if (value.secret !== undefined && value.env !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give either secret or env, not both' });
      return z.NEVER;
    }
    if (value.key !== undefined && value.secret === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['key'],
        message: 'goes with secret: the shared secret it is a key of',
      });
      return z.NEVER;
    }
    if (value.secret !== undefined)
      return value.key === undefined
        ? { kind: 'secret', secretId: value.secret }
        : { kind: 'secret', secretId: value.secret, secretKey: value.key };
    const env = value.env;
    if (env === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs secret (a Secrets Manager secret name or ARN) or, for local runs, env',
      });
      return z.NEVER;
    }
    if (env.token !== undefined && env.apiKey === undefined && env.apiSecret === undefined) {
      return { kind: 'env-bearer', tokenVar: env.token };
    }
    if (env.token === undefined && env.apiKey !== undefined && env.apiSecret !== undefined) {
      return { kind: 'env-basic', apiKeyVar: env.apiKey, apiSecretVar: env.apiSecret };
    }
    ctx.addIssue({ code: 'custom', path: ['env'], message: 'needs either apiKey and apiSecret, or token' });
    return z.NEVER;
  });

export const cluster = z
  .strictObject({
    clusterId: z.string().regex(CLUSTER_ID, 'must be a Kafka cluster id such as lkc-abc123 (not . or ..)'),
    label: z.string().trim().regex(LABEL, 'must be 1 to 64 printable characters'),
    restEndpoint,
    credentials,
  })
  .transform((c): ClusterConfig => Object.freeze({ ...c, credentials: Object.freeze(c.credentials) }));
