/**
 * The README's config table and the example config are the reference users read: every key the
 * schema accepts must be in both, and neither may document a key the schema would refuse.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLUSTER_KEYS, CONFIG_FILE_KEYS } from '../../../adapters/config/config-schema.js';
import { parseConfig } from '../../../adapters/config/load-config.js';

/** Every ```yaml block of a markdown file that sets top-level config keys. */
function configBlocks(markdown: string): Record<string, unknown>[] {
  return [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```/gm)]
    .map((m) => parse(m[1] ?? '') as unknown)
    .filter(
      (value): value is Record<string, unknown> =>
        typeof value === 'object' &&
        value !== null &&
        Object.keys(value).some((key) => CONFIG_FILE_KEYS.includes(key)),
    );
}

/** The settings named in the first column of the README's table under `## Configure`. */
function documentedKeys(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configure\n')) ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) =>
    [...(row.split('|')[1] ?? '').matchAll(/`([A-Za-z]+)(?:\[\])?`/g)].map((m) => m[1] ?? ''),
  );
}

describe('config reference', () => {
  it('the README table lists every key the config schema accepts, and nothing else', () => {
    // Prepare
    const readme = readFileSync('README.md', 'utf8');

    // Act
    const documented = documentedKeys(readme);

    // Assess
    expect([...documented].sort()).toEqual([...CONFIG_FILE_KEYS].sort());
  });

  it('the README table names every field of a cluster', () => {
    // Prepare
    const readme = readFileSync('README.md', 'utf8');
    const clustersRow = readme.split('\n').find((line) => line.startsWith('| `clusters[]`')) ?? '';

    // Assess
    for (const key of CLUSTER_KEYS) expect(clustersRow).toContain(`\`${key}\``);
  });

  it('the example config sets every key, so copying it shows every setting', () => {
    // Prepare
    const example = parse(readFileSync('config/monitor.example.yaml', 'utf8')) as Record<string, unknown>;

    // Assess
    expect(Object.keys(example).sort()).toEqual([...CONFIG_FILE_KEYS].sort());
  });

  it('every config example in the README and the alerting guide is valid with the example clusters', () => {
    // Prepare
    const example = parse(readFileSync('config/monitor.example.yaml', 'utf8')) as Record<string, unknown>;
    const blocks = ['README.md', 'docs/alerting-control.md'].flatMap((file) =>
      configBlocks(readFileSync(file, 'utf8')).map((block) => ({ file, block })),
    );

    // Act
    const parsed = blocks.map(
      ({ file, block }) =>
        () =>
          parseConfig(JSON.stringify({ ...example, ...block }), `${file}.json`),
    );

    // Assess
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const parse of parsed) expect(parse).not.toThrow();
  });
});
