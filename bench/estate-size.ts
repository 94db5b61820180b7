/** The size of a simulated estate, as `--sizes` spells it and the reports label it. */

export interface EstateSize {
  readonly clusters: number;
  readonly links: number;
  /**
   * Mirror topics per link, when the size says so (`1x1000x50`). Absent, links carry the
   * simulator's default 3 topics, and the size is labelled `CxL` as it always was.
   */
  readonly topicsPerLink?: number;
}

/** `CxL`, or `CxLxT` when the size names the mirror topics per link (`1x1000x50`). */
export const sizeLabel = (size: EstateSize): string =>
  `${size.clusters}x${size.links}${size.topicsPerLink === undefined ? '' : `x${size.topicsPerLink}`}`;

/** Thrown for a size that is not `CLUSTERSxLINKS` or `CLUSTERSxLINKSxTOPICS` of positive integers. */
export class InvalidEstateSizeError extends Error {
  override readonly name = 'InvalidEstateSizeError';
  readonly text: string;

  constructor(text: string) {
    super(
      `size "${text}" is not CLUSTERSxLINKS or CLUSTERSxLINKSxTOPICS (mirror topics per link), e.g. 10x50 or 1x1000x50`,
    );
    this.text = text;
  }
}

/**
 * Parses `10x50` (clusters x links) or `1x1000x50` (clusters x links x mirror topics per link).
 *
 * @throws InvalidEstateSizeError when the text is neither, or a number is not a positive integer
 */
export function parseEstateSize(text: string): EstateSize {
  const match = /^(\d+)x(\d+)(?:x(\d+))?$/.exec(text);
  if (match === null) throw new InvalidEstateSizeError(text);
  const [clusters, links, topics] = [match[1], match[2], match[3]].map((n) =>
    n === undefined ? undefined : Number(n),
  );
  if (clusters === undefined || links === undefined || clusters < 1 || links < 1 || topics === 0)
    throw new InvalidEstateSizeError(text);
  return topics === undefined ? { clusters, links } : { clusters, links, topicsPerLink: topics };
}
