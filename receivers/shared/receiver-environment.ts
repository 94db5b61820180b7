/**
 * A receiver's environment contract, declared once as the variables it reads:
 * each config field with its variable's name and schema. The stack sets the
 * variables by these names, the function reads them at cold start with
 * {@link readReceiverEnvironment}, failing on the first bad one by name, never by
 * value. Every receiver has the id of the one secret it reads and the optional
 * queue for messages refused for good. zod/mini, as in every module a function
 * loads: full zod would add about 400 KB to the bundle.
 */
import * as z from '../../core/zod-mini.js';
import { ReceiverConfigError } from './receiver-errors.js';

/** One environment variable: its name, and the schema its value must pass. */
export interface EnvironmentVariable {
  readonly name: string;
  readonly schema: z.ZodMiniType;
}

/** A receiver's variables, by the config field each fills. */
export type EnvironmentVariables = Readonly<Record<string, EnvironmentVariable>>;

/** The config the variables read into. */
export type EnvironmentConfig<Variables extends EnvironmentVariables> = {
  readonly [Field in keyof Variables]: z.output<Variables[Field]['schema']>;
};

/** A required variable naming the secret that holds `what`, e.g. `the webhook URL`. */
export function secretIdVariable(what: string) {
  return z
    .string({ error: `is required: the secret that holds ${what}` })
    .check(z.trim(), z.minLength(1, `must name the secret that holds ${what}`));
}

/**
 * The queue that takes messages refused for good (and malformed records), without Lambda's
 * retries. Optional; empty reads as none.
 */
export const deadLetterQueueUrlVariable = z.optional(
  z.union([
    z.url({ protocol: /^https?$/, error: 'must be an SQS queue URL' }),
    z.pipe(
      z.literal(''),
      z.transform(() => undefined),
    ),
  ]),
);

/** The variables' names by config field, for the stack and `link-monitor check --deployed`. */
export function environmentNames<Variables extends EnvironmentVariables>(
  variables: Variables,
): { readonly [Field in keyof Variables]: Variables[Field]['name'] } {
  return Object.freeze(
    Object.fromEntries(Object.entries(variables).map(([field, variable]) => [field, variable.name])),
  ) as { readonly [Field in keyof Variables]: Variables[Field]['name'] };
}

/**
 * Reads and checks the variables; call once at cold start, so a broken deployment fails on its
 * first invocation with the variable named.
 * @throws ReceiverConfigError naming the first bad variable and what is wrong, never its value
 */
export function readReceiverEnvironment<Variables extends EnvironmentVariables>(
  variables: Variables,
  env: Readonly<Record<string, string | undefined>>,
): EnvironmentConfig<Variables> {
  const schema = z.object(
    Object.fromEntries(Object.values(variables).map((variable) => [variable.name, variable.schema])),
  );
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0] ?? 'environment');
    throw new ReceiverConfigError(`${field} ${issue?.message ?? 'is invalid'}`, field);
  }
  const values = result.data as Record<string, unknown>;
  return Object.freeze(
    Object.fromEntries(Object.entries(variables).map(([field, variable]) => [field, values[variable.name]])),
  ) as EnvironmentConfig<Variables>;
}
