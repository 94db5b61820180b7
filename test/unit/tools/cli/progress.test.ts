import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../../../tools/cli/progress.js';

/** A stand-in for stderr that records what is written to it. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { written: string[] } {
  const written: string[] = [];
  return {
    isTTY,
    columns: 80,
    written,
    write(chunk: string) {
      written.push(chunk);
      return true;
    },
    on() {
      return this;
    },
    cursorTo() {
      return true;
    },
    clearLine() {
      return true;
    },
    moveCursor() {
      return true;
    },
    removeListener() {
      return this;
    },
  } as unknown as NodeJS.WriteStream & { written: string[] };
}

describe('Function: terminalProgress', () => {
  it('stays quiet when stderr is not a terminal', () => {
    const stream = fakeStream(false);
    const progress = terminalProgress(stream, {})('Listing the links of 3 cluster(s)');
    progress.update('Listed 1 of 3 cluster(s)');
    progress.done();
    expect(stream.written).toEqual([]);
  });

  it('stays quiet in CI even on a terminal', () => {
    const stream = fakeStream(true);
    const progress = terminalProgress(stream, { CI: 'true' })('Reading history');
    progress.done();
    expect(stream.written).toEqual([]);
  });

  it('shows the text on a terminal', () => {
    const stream = fakeStream(true);
    const progress = terminalProgress(stream, {})('Reading history');
    progress.update('Reading history: 2 page(s), 150 event(s)');
    progress.done();
    expect(stream.written.join('')).toContain('Reading history');
  });
});
