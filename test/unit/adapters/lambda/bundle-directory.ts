/** A stand-in for the directory of a deployed function's bundle, for the tests of what it reads there. */

export const BUNDLE_DIR = '/var/task';

/** A bundle directory holding only the given files; `reads` lists every path read. */
export function bundleDirectory(files: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    options: {
      baseDir: BUNDLE_DIR,
      readFile: (path: string) => {
        reads.push(path);
        const name = path.slice(BUNDLE_DIR.length + 1);
        const content = files[name];
        if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
        return content;
      },
    },
  };
}
