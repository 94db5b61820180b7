/**
 * Extra files written into a NodejsFunction's bundle, next to `index.mjs`,
 * through the `afterBundling` command hook. The function reads them at cold
 * start relative to its own module: data too large for Lambda's 4 KB
 * environment needs no network call or permission this way, and it is part of
 * the deployment package, so a change deploys a new code version.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** Copies argv[1] to argv[2]; node is there wherever esbuild bundles, `cp` is not (Windows). */
const COPY_SCRIPT = "require('node:fs').copyFileSync(process.argv[1], process.argv[2])";

export class BundledFiles implements ICommandHooks {
  /**
   * Hash of every name and content. Public on purpose: CDK caches bundles under a
   * key built from the JSON of the bundling options, which leaves out the hook
   * functions, so this is what tells two different file sets apart.
   */
  readonly digest: string;
  readonly #staged: readonly { readonly name: string; readonly path: string }[];

  /**
   * Stages the files in a directory named by their digest (the hook copies from there).
   * @param files file name (no directory) to UTF-8 content
   * @throws Error for a name that is a path
   */
  constructor(files: Readonly<Record<string, string>>) {
    const entries = Object.entries(files).sort(([a], [b]) => a.localeCompare(b));
    for (const [name] of entries) {
      if (basename(name) !== name || name === '.' || name === '..' || /["\\]/.test(name)) {
        throw new Error(`bundled file name "${name}" must be a plain file name`);
      }
    }
    const hash = createHash('sha256');
    for (const [name, content] of entries) hash.update(`${name}\u0000${content}\u0000`);
    this.digest = hash.digest('hex');

    const dir = join(tmpdir(), 'cluster-link-monitor-bundled-files', this.digest);
    mkdirSync(dir, { recursive: true });
    this.#staged = entries.map(([name, content]) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return { name, path };
    });
  }

  beforeBundling(): string[] {
    return [];
  }

  beforeInstall(): string[] {
    return [];
  }

  afterBundling(_inputDir: string, outputDir: string): string[] {
    return this.#staged.map(
      (file) => `node -e "${COPY_SCRIPT}" "${file.path}" "${join(outputDir, file.name)}"`,
    );
  }
}
