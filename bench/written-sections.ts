/**
 * Sections of `bench/RESULTS.md` that a script other than `npm run bench` writes, each between
 * `<!-- name: written by <script> -->` and `<!-- /name -->`. Their script replaces its own section
 * and leaves the rest of the file alone; `npm run bench`, which rewrites the rest, keeps them.
 */

const SECTION = /<!-- ([a-z][a-z0-9-]*): written by [^>]*-->\n[\s\S]*?<!-- \/\1 -->/g;

/** The written sections of `doc`, by name, markers included. */
export function writtenSections(doc: string): Map<string, string> {
  return new Map([...doc.matchAll(SECTION)].map((match) => [match[1] as string, match[0]]));
}

/** `doc` with the section `name` replaced by `section` (markers included), or added at its end. */
export function withWrittenSection(doc: string, name: string, section: string): string {
  const existing = writtenSections(doc).get(name);
  if (existing !== undefined) return doc.replace(existing, () => section);
  return `${doc.replace(/\n*$/, '')}\n\n${section}\n`;
}

/** `next` with every written section of `previous` it lacks, at its end. */
export function keepingWrittenSections(previous: string | null, next: string): string {
  if (previous === null) return next;
  let kept = next;
  for (const [name, section] of writtenSections(previous))
    if (!writtenSections(kept).has(name)) kept = withWrittenSection(kept, name, section);
  return kept;
}
