/**
 * Reads the monitor's config file (YAML, or JSON when the name ends in `.json`)
 * into a validated, frozen `MonitorConfig`.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { monitorConfigSchema } from './config-schema.js';
import { closestKey, knownKeysAt, quotedValue } from './config-suggestions.js';
import { type ConfigIssue, formatFieldPath, InvalidConfigError } from './invalid-config-error.js';
import type { MonitorConfig } from './monitor-config.js';

/** Anything larger is not a config file; refusing it early bounds the work. */
const MAX_CONFIG_BYTES = 1_000_000;

/**
 * Reads and validates a config file.
 * @throws InvalidConfigError naming the file and every bad field, also when the file cannot be read.
 */
export async function loadConfigFile(path: string): Promise<MonitorConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InvalidConfigError(path, [{ path: '(file)', message: `cannot be read (${code})` }]);
  }
  return parseConfig(text, path);
}

/**
 * Parses and validates config text. `fileName` names the source in messages and
 * picks the syntax: JSON for `*.json`, YAML otherwise.
 * @throws InvalidConfigError naming the file and every bad field; never any other error.
 */
export function parseConfig(text: string, fileName: string): MonitorConfig {
  if (text.length > MAX_CONFIG_BYTES) {
    throw new InvalidConfigError(fileName, [{ path: '(file)', message: 'is larger than 1 MB' }]);
  }
  const document = fileName.toLowerCase().endsWith('.json')
    ? parseJson(text, fileName)
    : parseYaml(text, fileName);
  let result: ReturnType<ReturnType<typeof monitorConfigSchema>['safeParse']>;
  try {
    result = monitorConfigSchema(fileName).safeParse(document);
  } catch {
    // Defensive: the schema's own code should never throw, but the contract is "InvalidConfigError only".
    throw new InvalidConfigError(fileName, [{ path: '(root)', message: 'could not be validated' }]);
  }
  if (!result.success) {
    throw new InvalidConfigError(
      fileName,
      result.error.issues.flatMap((issue) => toConfigIssues(issue, document)),
    );
  }
  return result.data;
}

function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the offending text in its message; keep only the position.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? '' : ` (at character ${position})`;
    throw new InvalidConfigError(fileName, [{ path: '(file)', message: `is not valid JSON${where}` }]);
  }
}

function parseYaml(text: string, fileName: string): unknown {
  try {
    const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const first = document.errors[0];
    if (first !== undefined) {
      const where = first.linePos?.[0];
      throw new InvalidConfigError(fileName, [
        {
          path: where ? `line ${where.line}, column ${where.col}` : '(file)',
          message: `is not valid YAML: ${(first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
        },
      ]);
    }
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) {
      throw new InvalidConfigError(fileName, [{ path: '(file)', message: 'is empty' }]);
    }
    return value;
  } catch (error) {
    if (error instanceof InvalidConfigError) throw error;
    throw new InvalidConfigError(fileName, [
      { path: '(file)', message: `is not valid YAML: ${(error as Error).message}` },
    ]);
  }
}

function toConfigIssues(issue: z.core.$ZodIssue, document: unknown): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(monitorConfigSchema(''), issue.path) ?? [];
    return issue.keys.map((key) => {
      const meant = closestKey(key, known);
      return {
        path: formatFieldPath([...issue.path, key]),
        message: `is not a known setting${meant === null ? '' : `; did you mean ${meant}?`}`,
      };
    });
  }
  const path = formatFieldPath(issue.path);
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    // zod reports the input's type only in its text; the value itself is quoted below.
    if (issue.message.endsWith('received undefined')) return [{ path, message: 'is required' }];
    return [{ path, message: `must be ${article(issue.expected)}${quotedValue(document, issue.path)}` }];
  }
  if (issue.message === 'is required') return [{ path, message: issue.message }];
  return [{ path, message: `${issue.message}${quotedValue(document, issue.path)}` }];
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
