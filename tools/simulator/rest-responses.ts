/**
 * Bodies the simulator sends, shaped as `spec/list-links.openapi.yaml` and a
 * real Confluent server shape them. Pure: callers decide status and headers.
 */

/** A JSON error body as Confluent sends it (`error_code` + `message`). */
export interface ConfluentErrorBody {
  readonly error_code: number;
  readonly message: string | null;
}

export const AUTHENTICATION_FAILED: ConfluentErrorBody = Object.freeze({
  error_code: 40101,
  message: 'Authentication failed',
});

export function forbiddenBody(clusterId: string): ConfluentErrorBody {
  return { error_code: 40301, message: `Request is not authorized for cluster ${clusterId}` };
}

export function clusterNotFoundBody(clusterId: string): ConfluentErrorBody {
  return { error_code: 404, message: `Cluster ${clusterId} cannot be found.` };
}

export const NOT_FOUND: ConfluentErrorBody = Object.freeze({
  error_code: 404,
  message: 'HTTP 404 Not Found',
});

export const METHOD_NOT_ALLOWED: ConfluentErrorBody = Object.freeze({
  error_code: 405,
  message: 'HTTP 405 Method Not Allowed',
});

/** A retriable Kafka error (spec: 5xx carry 50003 when retriable). */
export const SERVER_ERROR: ConfluentErrorBody = Object.freeze({
  error_code: 50003,
  message: 'Kafka cluster is temporarily unavailable. Please retry later.',
});

/** Jetty's DoSFilter page, the only 429 body the spec documents (text/html, no Retry-After). */
export function jettyTooManyRequestsHtml(path: string): string {
  return (
    '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n' +
    '<title>Error 429 Too Many Requests</title>\n</head>\n<body><h2>HTTP ERROR 429 Too Many Requests</h2>\n' +
    `<table>\n<tr><th>URI:</th><td>${escapeHtml(path)}</td></tr>\n<tr><th>STATUS:</th><td>429</td></tr>\n` +
    '<tr><th>MESSAGE:</th><td>Too Many Requests</td></tr>\n<tr><th>SERVLET:</th><td>default</td></tr>\n' +
    '</table>\n\n</body>\n</html>\n'
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/**
 * One page of the links collection (`KafkaLinkDataList`).
 *
 * @param self - absolute URL of this page
 * @param next - absolute URL of the next page, or null on the last
 * @param data - items built by `toRestLink`
 */
export function linksPageBody(
  self: string,
  next: string | null,
  data: readonly unknown[],
): Record<string, unknown> {
  return { kind: 'KafkaLinkDataList', metadata: { self, next }, data };
}

/** Page cursors are opaque to clients; an offset in base64url is enough here. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

/** The offset a token stands for, or null when the token is not one the simulator issued. */
export function decodePageToken(token: string): number | null {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match?.[1] === undefined ? null : Number(match[1]);
}

export function linkNotFoundBody(linkName: string): ConfluentErrorBody {
  return { error_code: 404, message: `Cluster link '${linkName}' does not exist.` };
}

export function topicNotFoundBody(topicName: string): ConfluentErrorBody {
  return { error_code: 404, message: `Mirror topic '${topicName}' does not exist.` };
}

/** A mirror topics collection (`KafkaMirrorDataList`); the simulator never pages it. */
export function mirrorsPageBody(self: string, data: readonly unknown[]): Record<string, unknown> {
  return { kind: 'KafkaMirrorDataList', metadata: { self, next: null }, data };
}

/** A request the API would refuse as malformed (`error_code` 400). */
export function badRequestBody(message: string): ConfluentErrorBody {
  return { error_code: 400, message };
}

/** Any mirror action that is not a failover or promote dry run: the simulator never changes anything. */
export function actionRefusedBody(action: string, validateOnly: boolean): ConfluentErrorBody {
  return badRequestBody(
    validateOnly
      ? `${action} is not simulated: only mirrors:failover and mirrors:promote dry runs are`
      : `${action} without validate_only=true would change mirror topics: the simulator refuses it`,
  );
}
