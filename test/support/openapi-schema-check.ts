/**
 * Checks a JSON body against a schema of one of the project's contracts (`spec/*.openapi.yaml`):
 * `$ref`, `allOf`, `required`, `nullable`, `type` and `items`, the subset those contracts use.
 * For the simulator's own answers, so that they follow the contract and not just the client.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Schema {
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly type?: string;
  readonly nullable?: boolean;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
}

type Components = Readonly<Record<string, Schema>>;

/** The schemas of `spec/{file}`, by name. */
export function contractSchemas(file: string): Components {
  const document = parseYaml(readFileSync(`${ROOT}spec/${file}`, 'utf8')) as {
    components: { schemas: Components };
  };
  return document.components.schemas;
}

/**
 * Every way `value` departs from the schema named `name`, each as `path: problem`; empty when
 * it conforms.
 */
export function schemaProblems(schemas: Components, name: string, value: unknown): string[] {
  const problems: string[] = [];
  check(schemas, { $ref: `#/components/schemas/${name}` }, value, '(body)', problems);
  return problems;
}

function check(schemas: Components, schema: Schema, value: unknown, path: string, problems: string[]): void {
  if (schema.$ref !== undefined) {
    const target = schemas[schema.$ref.replace('#/components/schemas/', '')];
    if (target === undefined) problems.push(`${path}: unknown schema ${schema.$ref}`);
    else check(schemas, target, value, path, problems);
    return;
  }
  for (const part of schema.allOf ?? []) check(schemas, part, value, path, problems);
  if (value === null) {
    if (schema.type !== undefined && schema.nullable !== true)
      problems.push(`${path}: null, not ${schema.type}`);
    return;
  }
  if (schema.type !== undefined && !hasType(value, schema.type))
    problems.push(`${path}: ${Array.isArray(value) ? 'array' : typeof value}, not ${schema.type}`);
  if (Array.isArray(value) && schema.items !== undefined) {
    const items = schema.items;
    value.forEach((item, index) => {
      check(schemas, items, item, `${path}[${index}]`, problems);
    });
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? [])
      if (!Object.hasOwn(record, key)) problems.push(`${path}.${key}: required, missing`);
    for (const [key, property] of Object.entries(schema.properties ?? {}))
      if (Object.hasOwn(record, key)) check(schemas, property, record[key], `${path}.${key}`, problems);
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isSafeInteger(value);
    default:
      return typeof value === type;
  }
}
