/**
 * Evaluates an SNS attribute filter policy against message attributes, for the
 * subset of the policy language the monitor writes: exact strings,
 * `anything-but` lists, `exists` and `$or`, on `String` and `String.Array` attributes. Anything else throws, so a policy the monitor
 * starts writing in a new form is noticed here instead of silently passing.
 */
type Attributes = Readonly<Record<string, { readonly StringValue: string; readonly DataType?: string }>>;

function matchesValue(rule: unknown, value: string | undefined): boolean {
  if (typeof rule === 'string') return value === rule;
  if (rule !== null && typeof rule === 'object' && 'anything-but' in rule) {
    const excluded = (rule as { 'anything-but': unknown })['anything-but'];
    if (!Array.isArray(excluded)) throw new Error('anything-but must be a list here');
    // SNS: anything-but matches only when the attribute is present.
    return value !== undefined && !excluded.includes(value);
  }
  if (rule !== null && typeof rule === 'object' && 'exists' in rule) {
    const exists = (rule as { exists: unknown }).exists;
    if (typeof exists !== 'boolean') throw new Error('exists must be true or false');
    return (value !== undefined) === exists;
  }
  throw new Error(`unsupported filter rule ${JSON.stringify(rule)}`);
}

export function filterPolicyMatches(
  policy: Record<string, unknown> | null | undefined,
  attributes: Attributes,
): boolean {
  if (policy === null || policy === undefined) return true;
  return Object.entries(policy).every(([key, rules]) => {
    if (key === '$or') {
      if (!Array.isArray(rules)) throw new Error('$or must be a list');
      return rules.some((branch) => filterPolicyMatches(branch as Record<string, unknown>, attributes));
    }
    if (!Array.isArray(rules)) throw new Error(`rules of ${key} must be a list`);
    const attribute = attributes[key];
    // SNS: a String.Array attribute matches a rule when any of its elements does.
    if (attribute?.DataType === 'String.Array') {
      const values = JSON.parse(attribute.StringValue) as unknown;
      if (!Array.isArray(values)) throw new Error(`${key} is a String.Array that is not an array`);
      return values.some((value) => rules.some((rule) => matchesValue(rule, String(value))));
    }
    return rules.some((rule) => matchesValue(rule, attribute?.StringValue));
  });
}
