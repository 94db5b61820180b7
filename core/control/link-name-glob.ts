/**
 * Link-name globs for silences and maintenance windows: `*` matches any run of
 * characters, `?` exactly one; everything else matches itself (no ranges or
 * escapes, so a link name can never be mistaken for a pattern error).
 */

/** Longest glob accepted: link names are short, and matching stays cheap. */
export const MAX_GLOB_LENGTH = 256;

/**
 * Whether `name` matches `glob`. Linear in the lengths (no backtracking blow-up),
 * compared by code point.
 */
export function matchesGlob(glob: string, name: string): boolean {
  const pattern = [...glob];
  const text = [...name];
  let p = 0;
  let t = 0;
  // Where the last `*` was and how much text it has taken so far, to resume from on a mismatch.
  let star = -1;
  let starText = 0;
  while (t < text.length) {
    const c = pattern[p];
    // `c` is undefined past the end of the pattern, and text[t] never is, so it matches neither way.
    if (c === '?' || (c !== '*' && c === text[t])) {
      p++;
      t++;
    } else if (c === '*') {
      star = p++;
      starText = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
