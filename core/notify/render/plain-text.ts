/**
 * Text shaping shared by the renderers: SNS subjects must be short printable
 * ASCII, and free text from Confluent (error messages) can be arbitrarily long.
 */

/**
 * SNS rejects subjects of 100 characters or more ("less than 100 characters"),
 * so 99 is the most a subject may hold.
 */
export const SUBJECT_MAX_LENGTH = 99;

const ELLIPSIS = '...';

/**
 * Turns any text into one line of printable ASCII (0x20-0x7E): accents are
 * dropped (NFKD, then combining marks removed), every other non-ASCII or
 * control character becomes '?', runs of whitespace become one space, and the
 * result is cut to `maxLength` with a trailing '...'.
 */
export function toAsciiLine(text: string, maxLength: number = SUBJECT_MAX_LENGTH): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/gu, ' ')
    // One '?' per code point, not per UTF-16 unit, so an emoji is one '?'.
    .replace(/[^\x20-\x7E]/gu, '?')
    .trim();
  return truncate(ascii, maxLength);
}

/** Cuts `text` to at most `maxLength` characters, ending in '...' when cut. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength <= ELLIPSIS.length) return text.slice(0, maxLength);
  return `${text.slice(0, maxLength - ELLIPSIS.length).trimEnd()}${ELLIPSIS}`;
}

/**
 * Shortens free text (an error message) for a notification: whitespace runs
 * and line breaks collapse to one space (stack traces stay readable on one
 * line), control characters go, and text over `maxLength` keeps its start and
 * says how much was left out.
 */
export function shortenFreeText(text: string, maxLength: number): { text: string; truncated: boolean } {
  const clean = replaceControlCharacters(text, '').replace(/\s+/gu, ' ').trim();
  const chars = Array.from(clean);
  if (chars.length <= maxLength) return { text: clean, truncated: false };
  const kept = chars.slice(0, maxLength).join('').trimEnd();
  return { text: `${kept}... [${chars.length - maxLength} more characters]`, truncated: true };
}

/** Replaces C0 control characters other than tab and line breaks, and DEL, with `replacement`. */
export function replaceControlCharacters(text: string, replacement: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const isControl = (code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f;
    out += isControl ? replacement : char;
  }
  return out;
}

/** Size in bytes of `text` encoded as UTF-8, which is how SNS counts. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
