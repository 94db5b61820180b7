/**
 * Builds the Lambda bundles exactly as the stack does, from the stack's own bundling options
 * (`LAMBDA_BUNDLING` in `infra/constructs/monitor-function.ts`: esbuild, ESM, minified, external
 * source maps, the AWS SDK bundled with only the environment credential provider), measures their
 * size, and times a cold import of the poller bundle in a fresh `node` process against an empty
 * module. Should the stack ever leave a package external (`externalModules`), the bundle's imports of
 * it resolve to the project's `node_modules` (the bundles are written under the project), as the
 * deployed bundle's would to the runtime's, so the cold start includes loading it, as on Lambda.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build as esbuild } from 'esbuild';
import { LAMBDA_BUNDLING } from '../infra/constructs/monitor-function.js';

/** The stack bundles from the project root; its alias paths are relative to it. */
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The stack's bundling options as esbuild options (what `NodejsFunction` puts on esbuild's command line). */
export function stackEsbuildOptions(): BuildOptions {
  const alias = Object.fromEntries(
    LAMBDA_BUNDLING.esbuildArgs['--alias'].map((entry) => {
      const at = entry.indexOf('=');
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
  return {
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    format: LAMBDA_BUNDLING.format,
    target: LAMBDA_BUNDLING.target,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    external: [...LAMBDA_BUNDLING.externalModules],
    alias,
  };
}

export interface BundleSize {
  readonly name: string;
  readonly entry: string;
  /** Null when the entry does not exist (yet). */
  readonly minifiedBytes: number | null;
  /** gzip -9 of the minified bundle, close to what the deployment zip holds. */
  readonly gzippedBytes: number | null;
  readonly outfile: string | null;
  /** Bytes in the bundle by npm package (`(project)` for this repository's code), largest first. */
  readonly contributors: readonly { readonly name: string; readonly bytes: number }[];
}

/**
 * Bundles one handler like `MonitorFunction` does.
 *
 * @param minify - false for the benchmark's own harness code, which is not measured
 */
export async function bundleLambda(entry: string, outDir: string, minify = true): Promise<string> {
  return (await build(entry, outDir, minify)).outfile;
}

async function build(entry: string, outDir: string, minify: boolean) {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'index.mjs');
  const result = await esbuild({
    ...stackEsbuildOptions(),
    entryPoints: [entry],
    outfile,
    minify: minify && LAMBDA_BUNDLING.minify,
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)?.inputs ?? {};
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const name = packageOf(path);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const contributors = [...byPackage.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
  return { outfile, contributors };
}

/** `node_modules/@aws-sdk/client-sns/dist-es/x.js` -> `@aws-sdk/client-sns`. */
function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return '(project)';
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
}

/** Bundles each entry that exists and reports its sizes. */
export async function measureBundles(
  entries: Readonly<Record<string, string>>,
  outRoot: string,
): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    if (!existsSync(entry)) {
      sizes.push({ name, entry, minifiedBytes: null, gzippedBytes: null, outfile: null, contributors: [] });
      continue;
    }
    const { outfile, contributors } = await build(entry, join(outRoot, name), true);
    sizes.push({
      name,
      entry,
      minifiedBytes: statSync(outfile).size,
      gzippedBytes: gzipSync(readFileSync(outfile), { level: 9 }).length,
      outfile,
      contributors,
    });
  }
  return sizes;
}

export interface ColdStart {
  readonly runs: number;
  /** Median wall time of a fresh `node` process that imports the empty module and exits. */
  readonly emptyProcessMs: number;
  readonly bundleProcessMs: number;
  /** Median time of the `import()` alone, measured inside the process. */
  readonly emptyImportMs: number;
  readonly bundleImportMs: number;
  /** bundleProcessMs / emptyProcessMs: what the cold start adds to a bare runtime start. */
  readonly processRatio: number;
}

/**
 * Times `runs` fresh processes importing the bundle and as many importing an empty module,
 * interleaved so that both see the same machine load. `env` must satisfy the module's
 * cold-start configuration checks.
 */
export async function measureColdStart(
  bundle: string,
  env: NodeJS.ProcessEnv,
  scratchDir: string,
  runs: number,
): Promise<ColdStart> {
  mkdirSync(scratchDir, { recursive: true });
  const empty = join(scratchDir, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const empties: { wall: number; inner: number }[] = [];
  const bundles: { wall: number; inner: number }[] = [];
  // One warm-up of each, so the first measured run does not pay for a cold disk cache.
  await timeImport(empty, env);
  await timeImport(bundle, env);
  for (let i = 0; i < runs; i++) {
    empties.push(await timeImport(empty, env));
    bundles.push(await timeImport(bundle, env));
  }
  const emptyProcessMs = median(empties.map((r) => r.wall));
  const bundleProcessMs = median(bundles.map((r) => r.wall));
  return {
    runs,
    emptyProcessMs,
    bundleProcessMs,
    emptyImportMs: median(empties.map((r) => r.inner)),
    bundleImportMs: median(bundles.map((r) => r.inner)),
    processRatio: bundleProcessMs / emptyProcessMs,
  };
}

async function timeImport(file: string, env: NodeJS.ProcessEnv): Promise<{ wall: number; inner: number }> {
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now() - t));`;
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`importing ${file} failed (${code}): ${err.slice(-500)}`)),
    );
  });
  return { wall: performance.now() - started, inner: Number(output) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
