/**
 * The cause of a failure in words, for a title or subject: a poll records the failure as it was
 * thrown (`describeError`: class name, message, the request and the remedy), which the body shows
 * in full; a subject line has room for what happened only.
 */

/** `ConfluentApiError: `, `SecretNotFoundError: `, `Error: `: how `describeError` starts. */
const CLASS_NAME_PREFIX = /^(?:[A-Z][A-Za-z0-9]*(?:Error|Exception)|Error): /;
/** `(ResourceNotFoundException)` at the end: an AWS error's class, which the body carries. */
const TRAILING_CLASS_NAME = / \([A-Z][A-Za-z0-9]*(?:Exception|Error)\)$/;
/** What follows the first clause: the remedy (`; check the API key`) or the request (`[GET /kafka/...]`). */
const AFTER_FIRST_CLAUSE = /; | \[/;

/**
 * `Confluent rejected the API key (401)` from `ConfluentApiError: Confluent rejected the API key
 * for cluster lkc-1 (error_code 40101: ...); check the API key and secret [GET ..., HTTP 401]`.
 * The cluster is left out (a title names it already), and so is Confluent's error code; the HTTP
 * status stays, as the shortest precise name of the refusal. Pure.
 */
export function causeInWords(detail: string): string {
  let text = detail.trim();
  while (CLASS_NAME_PREFIX.test(text)) text = text.replace(CLASS_NAME_PREFIX, '');
  const status = /\bHTTP (\d{3})\b/.exec(text)?.[1];
  const cause = (text.split(AFTER_FIRST_CLAUSE)[0] ?? text)
    .replace(/ for cluster \S+?(?=[ :;,)]|$)/, '')
    .replace(/ \(error_code [^)]*\)/, '')
    .replace(TRAILING_CLASS_NAME, '')
    .trim();
  if (cause === '') return text;
  return status === undefined || cause.includes(status) ? cause : `${cause} (${status})`;
}
