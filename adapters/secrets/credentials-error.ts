/**
 * Credentials for a cluster could not be obtained. Names the secret (or the
 * environment variable) and the reason; never a secret value.
 */
export class CredentialsError extends Error {
  override readonly name: string = 'CredentialsError';
  /** The Secrets Manager secret id, or `env:NAME` for an environment variable. */
  readonly source: string;
  /** The AWS error name when Secrets Manager refused, e.g. `AccessDeniedException`. */
  readonly awsErrorName: string | null;

  constructor(source: string, problem: string, options: { awsErrorName?: string; cause?: unknown } = {}) {
    super(
      `credentials ${source}: ${problem}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.source = source;
    this.awsErrorName = options.awsErrorName ?? null;
  }
}
