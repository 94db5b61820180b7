/**
 * Every way listing the links of a cluster can fail, as one error family. Each
 * error carries what an operator needs (cluster, URL path, HTTP status,
 * Confluent `error_code`) and never a credential: messages are built only from
 * those fields, and text from the server is scrubbed before it gets here.
 */

/**
 * - `auth`: 401/403, the credentials were rejected or lack permission.
 * - `rate-limited`: 429 after the retries allowed.
 * - `server`: 5xx after the retries allowed.
 * - `client`: another 4xx or an unexpected 3xx; retrying will not help.
 * - `network`: connection refused/reset, or the body was cut off.
 * - `timeout`: no complete response within the per-request timeout.
 * - `deadline`: the caller's deadline passed.
 * - `invalid-response`: a 2xx whose body is not a valid links page.
 * - `pagination`: `metadata.next` points elsewhere, loops, or exceeds the page cap.
 * - `config`: the cluster's endpoint or credentials are unusable.
 */
export type ConfluentErrorKind =
  | 'auth'
  | 'rate-limited'
  | 'server'
  | 'client'
  | 'network'
  | 'timeout'
  | 'deadline'
  | 'invalid-response'
  | 'pagination'
  | 'config';

export interface ConfluentApiErrorFields {
  readonly kind: ConfluentErrorKind;
  readonly clusterId: string;
  /** URL path of the request that failed (no query, no host, no credentials); null when none was built. */
  readonly path: string | null;
  /** HTTP status, or null when no response arrived. */
  readonly status?: number | null;
  /** Confluent's `error_code` from the JSON error body, when there was one. */
  readonly errorCode?: number | null;
  /** Confluent's `message` from the JSON error body (scrubbed, shortened), when there was one. */
  readonly confluentMessage?: string | null;
  /** Requests made for the failing page, including the last. */
  readonly attempts?: number;
  readonly cause?: unknown;
}

/** Any failure to list the links of one cluster. `kind` says which. */
export class ConfluentApiError extends Error {
  override readonly name: string = 'ConfluentApiError';
  readonly kind: ConfluentErrorKind;
  readonly clusterId: string;
  readonly path: string | null;
  readonly status: number | null;
  readonly errorCode: number | null;
  readonly confluentMessage: string | null;
  readonly attempts: number;

  constructor(message: string, fields: ConfluentApiErrorFields) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.kind = fields.kind;
    this.clusterId = fields.clusterId;
    this.path = fields.path;
    this.status = fields.status ?? null;
    this.errorCode = fields.errorCode ?? null;
    this.confluentMessage = fields.confluentMessage ?? null;
    this.attempts = fields.attempts ?? 0;
  }

  /** True when the request was tried more than once before giving up. */
  get retried(): boolean {
    return this.attempts > 1;
  }

  /** The fields that are safe to log or store (the cause is left out on purpose). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      clusterId: this.clusterId,
      path: this.path,
      status: this.status,
      errorCode: this.errorCode,
      confluentMessage: this.confluentMessage,
      attempts: this.attempts,
      retried: this.retried,
    };
  }
}

/** A 2xx page that is not a valid links page: bad JSON, wrong shape, too large, or inconsistent with earlier pages. */
export class InvalidLinksResponseError extends ConfluentApiError {
  override readonly name: string = 'InvalidLinksResponseError';
  /** What is wrong, e.g. `data[3].cluster_link_id: Required`. */
  readonly problem: string;

  constructor(fields: { clusterId: string; path: string | null; problem: string; status?: number | null }) {
    super(
      `Invalid links response for cluster ${fields.clusterId} at ${fields.path ?? '(no path)'}: ${fields.problem}`,
      {
        kind: 'invalid-response',
        clusterId: fields.clusterId,
        path: fields.path,
        status: fields.status ?? null,
        attempts: 1,
      },
    );
    this.problem = fields.problem;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problem: this.problem };
  }
}

/** The cluster configuration cannot be used (bad endpoint, insecure scheme, unknown cluster). Names the field, never its secret value. */
export class ConfluentConfigError extends ConfluentApiError {
  override readonly name: string = 'ConfluentConfigError';

  constructor(clusterId: string, message: string) {
    super(message, { kind: 'config', clusterId, path: null });
  }
}

/** True for any error of this family, whatever its subclass. */
export function isConfluentApiError(error: unknown): error is ConfluentApiError {
  return error instanceof ConfluentApiError;
}
