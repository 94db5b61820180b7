/**
 * Why a secret could not be read from Secrets Manager, one class per thing an
 * operator does about it. Each names the secret id and, when AWS answered, the
 * AWS error name; never the secret's value nor the AWS message (which can quote
 * request details). They are `CredentialsError`s: every secret here holds one
 * (a cluster's API key, a Slack webhook URL).
 */
import { CredentialsError } from './credentials-error.js';

/** Any failure of a cached secret read. */
export class SecretReadError extends CredentialsError {
  override readonly name: string = 'SecretReadError';
  /** The failure will not go away by asking again (a missing, refused or malformed secret). */
  readonly lasting: boolean;

  constructor(secretId: string, problem: string, options: { awsErrorName?: string; lasting: boolean }) {
    super(
      secretId,
      problem,
      options.awsErrorName === undefined ? {} : { awsErrorName: options.awsErrorName },
    );
    this.lasting = options.lasting;
  }
}

/** No secret by that name or ARN in this account and region (or it is scheduled for deletion). */
export class SecretNotFoundError extends SecretReadError {
  override readonly name = 'SecretNotFoundError';
  constructor(secretId: string, awsErrorName: string) {
    super(secretId, `Secrets Manager has no such secret in this region (${awsErrorName})`, {
      awsErrorName,
      lasting: true,
    });
  }
}

/** The caller's role may not read the secret, or may not decrypt it with its KMS key. */
export class SecretAccessDeniedError extends SecretReadError {
  override readonly name = 'SecretAccessDeniedError';
  constructor(secretId: string, awsErrorName: string) {
    super(secretId, `Secrets Manager refused to give the secret (${awsErrorName}); check the permissions`, {
      awsErrorName,
      lasting: true,
    });
  }
}

/** Secrets Manager could not be asked: no region or AWS credentials, a network failure, throttling, a 5xx. */
export class SecretsManagerUnreachableError extends SecretReadError {
  override readonly name = 'SecretsManagerUnreachableError';
  constructor(secretId: string, reason: string) {
    super(secretId, `Secrets Manager could not be reached (${reason})`, {
      awsErrorName: reason,
      lasting: false,
    });
  }
}

/** The secret was read but does not hold what it should; `problem` describes its shape, never its content. */
export class MalformedSecretError extends SecretReadError {
  override readonly name = 'MalformedSecretError';
  constructor(secretId: string, problem: string) {
    super(secretId, problem, { lasting: true });
  }
}

const NOT_FOUND = new Set(['ResourceNotFoundException']);
const DENIED = new Set([
  'AccessDeniedException',
  'DecryptionFailure',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);
const UNAVAILABLE = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalServiceError',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'CredentialsProviderError',
  'TimeoutError',
  'AbortError',
]);
/** Socket error codes, which Node puts on the error or its cause. */
const NETWORK_CODE = /^E[A-Z_]+$/;

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODE.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classifies what `GetSecretValue` threw. Only names and codes are read from
 * the error, so nothing it quotes can reach a log.
 */
export function secretReadErrorFor(secretId: string, error: unknown): SecretReadError {
  const name = error instanceof Error ? error.name : 'UnknownError';
  if (NOT_FOUND.has(name)) return new SecretNotFoundError(secretId, name);
  if (DENIED.has(name)) return new SecretAccessDeniedError(secretId, name);
  const code = networkCode(error);
  if (code !== undefined) return new SecretsManagerUnreachableError(secretId, code);
  if (UNAVAILABLE.has(name)) return new SecretsManagerUnreachableError(secretId, name);
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata
    ?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) return new SecretsManagerUnreachableError(secretId, name);
  // The SDK says "Region is missing" before sending anything; only its own message names the cause.
  if (error instanceof Error && /region is missing/i.test(error.message)) {
    return new SecretsManagerUnreachableError(secretId, 'no AWS region configured');
  }
  return new SecretReadError(secretId, `Secrets Manager GetSecretValue failed (${name})`, {
    awsErrorName: name,
    lasting: typeof status === 'number' && status < 500,
  });
}
