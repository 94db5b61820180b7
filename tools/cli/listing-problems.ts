/**
 * What went wrong reaching a cluster, in words an operator can act on: the
 * kind of problem, a message (never a secret) and a hint. Pure.
 */
import type { ClusterConfig } from '../../adapters/config/monitor-config.js';
import { isConfluentApiError } from '../../adapters/confluent/confluent-errors.js';
import { CredentialsError } from '../../adapters/secrets/credentials-error.js';
import {
  MalformedSecretError,
  SecretAccessDeniedError,
  SecretNotFoundError,
  SecretsManagerUnreachableError,
} from '../../adapters/secrets/secret-errors.js';

export type ProblemKind =
  | 'credentials'
  | 'auth'
  | 'not-found'
  | 'tls'
  | 'unreachable'
  | 'timeout'
  | 'rate-limited'
  | 'server'
  | 'invalid-response'
  | 'config'
  | 'other';

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
  readonly hint: string;
}

/** Node's codes for certificate and handshake failures (OpenSSL's names, plus Node's own). */
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|EPROTO/;
const TLS_IN_TEXT = /\b[A-Z_]*(CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME)[A-Z_]*\b/;

/** Error codes along the cause chain (fetch wraps the socket error one or two levels down). */
function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function credentialsHint(error: CredentialsError, cluster: Pick<ClusterConfig, 'credentials'>): string {
  if (cluster.credentials.kind !== 'secret') {
    return 'export the environment variables the config names under credentials.env';
  }
  if (error instanceof MalformedSecretError)
    return 'make the secret hold {"api_key","api_secret"} or {"token"}';
  if (error instanceof SecretNotFoundError) return 'check the secret name and the AWS region (AWS_REGION)';
  if (error instanceof SecretAccessDeniedError) {
    return 'allow secretsmanager:GetSecretValue on the secret (and kms:Decrypt on its key) for your AWS identity';
  }
  if (error instanceof SecretsManagerUnreachableError) {
    return 'check that AWS credentials and a region are set (AWS_PROFILE, AWS_REGION) and that Secrets Manager can be reached';
  }
  return `Secrets Manager refused (${error.awsErrorName ?? 'unknown error'}): check the secret name, the AWS region and your permissions`;
}

/**
 * Classifies an error met while resolving credentials for, or listing the links of, `cluster`.
 */
export function describeProblem(
  error: unknown,
  cluster: Pick<ClusterConfig, 'clusterId' | 'restEndpoint' | 'credentials'>,
): Problem {
  if (error instanceof CredentialsError) {
    return { kind: 'credentials', message: error.message, hint: credentialsHint(error, cluster) };
  }
  if (isConfluentApiError(error)) {
    const codes = causeCodes(error);
    // The client keeps the cause only when it cannot reveal a secret; its message names the code either way.
    const tls =
      codes.find((c) => TLS_CODE.test(c)) ??
      (error.kind === 'network' ? TLS_IN_TEXT.exec(error.message)?.[0] : undefined);
    if (tls !== undefined) {
      return {
        kind: 'tls',
        message: `TLS handshake with ${cluster.restEndpoint} failed (${tls})`,
        hint: 'check the endpoint host name; for a private CA set NODE_EXTRA_CA_CERTS to its certificate file',
      };
    }
    switch (error.kind) {
      case 'auth':
        return {
          kind: 'auth',
          message: error.message,
          hint:
            error.status === 403
              ? 'the credentials are valid but lack permission: grant the key access to the cluster (e.g. CloudClusterAdmin or a read role binding)'
              : 'the API key/secret (or token) was rejected: use a key scoped to this Kafka cluster, not a Cloud API key',
        };
      case 'network': {
        const code = codes.find((c) => /^E[A-Z]+$/.test(c)) ?? 'connection failed';
        return {
          kind: 'unreachable',
          message: `cannot reach ${cluster.restEndpoint} (${code})`,
          hint:
            code === 'ENOTFOUND' || code === 'EAI_AGAIN'
              ? 'the host name does not resolve: check restEndpoint and your DNS/VPN'
              : 'check restEndpoint, the port, firewalls, VPN/PrivateLink routing from this machine',
        };
      }
      case 'timeout':
      case 'deadline':
        return {
          kind: 'timeout',
          message: error.message,
          hint: 'the endpoint did not answer in time: check network routing (PrivateLink endpoints answer only inside their VPC)',
        };
      case 'client':
        return error.status === 404
          ? {
              kind: 'not-found',
              message: error.message,
              hint: `check clusterId ${cluster.clusterId}, and that restEndpoint is the cluster's base URL with no path after the host (the monitor adds /kafka/v3/clusters/${cluster.clusterId}/links)`,
            }
          : {
              kind: 'other',
              message: error.message,
              hint: 'the endpoint refused the request: check restEndpoint',
            };
      case 'rate-limited':
        return {
          kind: 'rate-limited',
          message: error.message,
          hint: 'Confluent is throttling this key: try again later',
        };
      case 'server':
        return {
          kind: 'server',
          message: error.message,
          hint: 'Confluent reported a server error: try again later',
        };
      case 'invalid-response':
      case 'pagination':
        return {
          kind: 'invalid-response',
          message: error.message,
          hint: 'the endpoint did not answer like Kafka REST v3: check that restEndpoint is the cluster REST endpoint',
        };
      case 'config':
        return { kind: 'config', message: error.message, hint: 'fix the cluster entry in the config file' };
    }
  }
  return {
    kind: 'other',
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    hint: 'unexpected error',
  };
}
