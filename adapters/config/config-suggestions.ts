/**
 * What a config error adds for its reader: the setting meant by a misspelt key, and the value the
 * file holds (cut short), so that the mistake can be seen without opening the file.
 */
import type { z } from 'zod';

/** An unknown key is matched to a known one no further than this many edits away. */
const MAX_EDITS = 2;
/** The most of a value a message quotes. */
const MAX_QUOTED_CHARS = 40;
/**
 * Fields whose value a message never quotes. A config holds no secret values (only secret ids
 * and environment variable names), but a value refused here may be a key pasted where its name
 * belongs, and config errors end up in CI logs.
 */
const UNQUOTED_FIELDS = new Set([
  'apiKey',
  'apiSecret',
  'token',
  'key',
  'secret',
  'webhookSecret',
  'routingKeySecret',
]);

/**
 * The known key closest to `key` by edit distance (letters swapped count as one edit), ignoring
 * case; null when none is within a couple of edits. No dependency of the project offers this, and
 * the keys are few and short, so a plain dynamic-programming distance is enough.
 */
export function closestKey(key: string, known: readonly string[]): string | null {
  let best: { key: string; edits: number } | null = null;
  for (const candidate of known) {
    const edits = editDistance(key.toLowerCase(), candidate.toLowerCase());
    // A short key two edits from another is as likely a different word as a typo.
    const allowed = Math.min(MAX_EDITS, Math.max(1, Math.floor(candidate.length / 4)));
    if (edits <= allowed && (best === null || edits < best.edits)) best = { key: candidate, edits };
  }
  return best?.key ?? null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, at(i - 2, j - 2) + 1);
      row[j] = d;
    }
  }
  return at(a.length, b.length);
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly element?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
  readonly innerType?: z.core.$ZodType;
  readonly options?: readonly z.core.$ZodType[];
}

/** The keys the schema allows in the mapping at `path`, or null when it is not a known mapping. */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): readonly string[] | null {
  let current: z.core.$ZodType | undefined = schema;
  let depth = 0;
  while (current !== undefined) {
    const def = current._zod.def as unknown as SchemaDef;
    switch (def.type) {
      case 'pipe':
        current = def.in;
        break;
      case 'default':
      case 'prefault':
      case 'optional':
      case 'nullable':
      case 'readonly':
        current = def.innerType;
        break;
      case 'object': {
        if (depth === path.length) return Object.keys(def.shape ?? {});
        const segment = path[depth++];
        current = typeof segment === 'string' ? def.shape?.[segment] : undefined;
        break;
      }
      case 'array':
        if (depth++ === path.length) return null;
        current = def.element;
        break;
      case 'union':
        for (const option of def.options ?? []) {
          const keys = knownKeysAt(option, path.slice(depth));
          if (keys !== null) return keys;
        }
        return null;
      default:
        return null;
    }
  }
  return null;
}

/**
 * ` (got "rate(2 minute)")` for a scalar value at `path` of the document, cut to a few dozen
 * characters, without a URL's credentials, query or fragment; empty for a mapping, a list, a
 * missing value or a field whose value is never quoted.
 */
export function quotedValue(document: unknown, path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (typeof last === 'string' && UNQUOTED_FIELDS.has(last)) return '';
  let value: unknown = document;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  if (typeof value === 'number' || typeof value === 'boolean') return ` (got ${String(value)})`;
  if (typeof value !== 'string') return '';
  const shown = /^\w+:\/\//.test(value)
    ? value.replace(/^(\w+:\/\/)[^/@\s]*@/, '$1').replace(/[?#].*$/s, '')
    : value;
  const cut = shown.length > MAX_QUOTED_CHARS ? `${shown.slice(0, MAX_QUOTED_CHARS - 3)}...` : shown;
  return ` (got ${JSON.stringify(cut)})`;
}
