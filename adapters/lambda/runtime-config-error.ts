/**
 * Reading a function's environment so that every failure names the variable (and the field),
 * never its value: a broken deployment fails on its first invocation saying what to fix.
 */
import type * as z from '../../core/zod-mini.js';

/** The environment or a file it points at is missing or malformed; names the variable and the field, never a value. */
export class RuntimeConfigError extends Error {
  override readonly name = 'RuntimeConfigError';
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`environment variable ${variable}: ${problem}`);
    this.variable = variable;
  }
}

/** The variable's value; undefined when it is unset or blank. */
export function optionalVariable(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** @throws RuntimeConfigError when the variable is unset or blank */
export function requiredVariable(env: NodeJS.ProcessEnv, variable: string): string {
  const value = optionalVariable(env, variable);
  if (value === undefined) throw new RuntimeConfigError(variable, 'is not set');
  return value;
}

/**
 * Parses JSON that `variable` holds or points at, against a schema.
 * @param what where the text came from, to prefix the problem with (e.g. `file clusters.json: `)
 * @throws RuntimeConfigError naming the variable and the first bad field
 */
export function parseVariableJson<T>(text: string, variable: string, schema: z.ZodMiniType<T>, what = ''): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RuntimeConfigError(variable, `${what}is not valid JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    throw new RuntimeConfigError(variable, `${what}${where}${issue?.message ?? 'is invalid'}`);
  }
  return result.data;
}
