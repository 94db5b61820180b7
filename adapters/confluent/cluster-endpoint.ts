/**
 * Validation of one cluster's connection settings, done once when the client is
 * built: a bad endpoint or credential fails before any request, with a message
 * that names the field and never its secret value.
 */
import * as z from '../../core/zod-mini.js';
import { ConfluentConfigError } from './confluent-errors.js';
import { authorizationHeader, type ConfluentCredentials, secretStrings } from './credentials.js';

/** One Kafka cluster to list links from. */
export interface ConfluentClusterConfig {
  /** The Kafka cluster id (e.g. `lkc-abc123`), used in the URL path. */
  readonly clusterId: string;
  /** Base URL of the cluster's REST endpoint, e.g. `https://pkc-00000.region.provider.confluent.cloud`. */
  readonly restEndpoint: string;
  readonly credentials: ConfluentCredentials;
}

/** A cluster whose settings passed validation, ready to request. */
export interface ResolvedCluster {
  readonly clusterId: string;
  /** Origin every request must stay on (scheme, host, port). */
  readonly origin: string;
  /** First page of the listing. */
  readonly linksUrl: URL;
  readonly authorization: string;
  readonly credentialKind: ConfluentCredentials['kind'];
  /** Strings that must never appear in an error. */
  readonly secrets: readonly string[];
}

/** Plain http is allowed only here, for local test servers and mocks. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

// Printable ASCII without control characters: anything else is refused by fetch, whose message would quote the value.
const headerSafe = z.string().check(z.minLength(1), z.regex(/^[\x21-\x7e]+$/));

const credentialsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('basic'), apiKey: headerSafe.check(z.regex(/^[^:]+$/)), apiSecret: headerSafe }),
  z.object({ kind: z.literal('bearer'), token: headerSafe }),
]);

/**
 * Checks one cluster's settings and builds what requests need.
 *
 * @throws ConfluentConfigError naming the bad field: empty cluster id (or `.`/`..`), endpoint that is not an https URL
 *   (http only on 127.0.0.1, ::1, localhost), endpoint with credentials, query or fragment, unusable credentials
 */
export function resolveCluster(cluster: ConfluentClusterConfig): ResolvedCluster {
  const clusterId = typeof cluster.clusterId === 'string' ? cluster.clusterId : '';
  if (clusterId.trim() === '')
    throw new ConfluentConfigError('(none)', 'clusterId must be a non-empty string');
  // `.` and `..` are path segments even when encoded: the request would resolve to another path.
  if (clusterId === '.' || clusterId === '..')
    throw new ConfluentConfigError(clusterId, `clusterId must not be "${clusterId}"`);
  const field = `restEndpoint of cluster ${clusterId}`;

  let endpoint: URL;
  try {
    endpoint = new URL(String(cluster.restEndpoint));
  } catch {
    // The text is not echoed: a malformed value may still hold a key pasted in by mistake.
    throw new ConfluentConfigError(clusterId, `${field} is not a valid absolute URL`);
  }
  if (endpoint.username !== '' || endpoint.password !== '') {
    throw new ConfluentConfigError(
      clusterId,
      `${field} must not contain credentials; pass them as credentials`,
    );
  }
  if (endpoint.protocol === 'http:' && !LOOPBACK_HOSTS.has(endpoint.hostname)) {
    throw new ConfluentConfigError(
      clusterId,
      `${field} uses http:// (${endpoint.origin}); only https is allowed, except for loopback hosts (127.0.0.1, ::1, localhost)`,
    );
  }
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
    throw new ConfluentConfigError(clusterId, `${field} must be an https:// URL, not ${endpoint.protocol}`);
  }
  if (endpoint.search !== '' || endpoint.hash !== '') {
    throw new ConfluentConfigError(clusterId, `${field} must not have a query or fragment`);
  }

  const credentials = credentialsSchema.safeParse(cluster.credentials);
  if (!credentials.success) {
    const issue = credentials.error.issues[0];
    const where = issue && issue.path.length > 0 ? `credentials.${issue.path.join('.')}` : 'credentials';
    // Only the field name: zod's own message could quote the value.
    throw new ConfluentConfigError(
      clusterId,
      `${where} of cluster ${clusterId} is missing or unusable (must be non-empty printable ASCII without spaces; an API key has no ':')`,
    );
  }

  // An endpoint may carry a path prefix (a proxy); the API path is appended to it.
  const base = endpoint.pathname.replace(/\/+$/, '');
  const linksUrl = new URL(
    `${base}/kafka/v3/clusters/${encodeURIComponent(clusterId)}/links`,
    endpoint.origin,
  );
  return {
    clusterId,
    origin: endpoint.origin,
    linksUrl,
    authorization: authorizationHeader(credentials.data),
    credentialKind: credentials.data.kind,
    secrets: secretStrings(credentials.data),
  };
}
