import { describe, expect, it } from 'vitest';
import { InvalidEstateSizeError, parseEstateSize, sizeLabel } from '../../../bench/estate-size.js';
import { parseOptions } from '../../../bench/run-bench.js';

describe('Function: parseEstateSize', () => {
  it('reads clusters x links as it always did, with no topics per link', () => {
    // Act
    const size = parseEstateSize('10x50');

    // Assess
    expect(size).toEqual({ clusters: 10, links: 50 });
    expect(sizeLabel(size)).toBe('10x50');
  });

  it('reads a third number as the mirror topics of each link', () => {
    // Act
    const size = parseEstateSize('1x1000x50');

    // Assess
    expect(size).toEqual({ clusters: 1, links: 1000, topicsPerLink: 50 });
    expect(sizeLabel(size)).toBe('1x1000x50');
  });

  it.each(['0x10', '1x0', '1x10x0', '1x10x', 'x10', '1x10x5x2', '1 x 10', '1x-3', ''])(
    'refuses "%s", naming both forms',
    (text) => {
      // Act & Assess
      expect(() => parseEstateSize(text)).toThrow(InvalidEstateSizeError);
      expect(() => parseEstateSize(text)).toThrow(/CLUSTERSxLINKS or CLUSTERSxLINKSxTOPICS/);
    },
  );
});

describe('Function: parseOptions (--sizes)', () => {
  it('mixes plain sizes and sizes with topics per link', () => {
    // Act
    const options = parseOptions(['--sizes', '1x10, 1x1000x50']);

    // Assess
    expect(options.sizes).toEqual([
      { clusters: 1, links: 10 },
      { clusters: 1, links: 1000, topicsPerLink: 50 },
    ]);
  });

  it('refuses a bad size on the command line', () => {
    // Act & Assess
    expect(() => parseOptions(['--sizes', '1x1000x0'])).toThrow(/CLUSTERSxLINKSxTOPICS/);
  });
});
