/**
 * Renders a template's intrinsics the way they deploy, with every value at its longest, so that
 * sizes measured on the result (policies, environments) are upper bounds of the deployed ones.
 */
import { LONGEST_ARN_PARTS } from '../../adapters/config/secret-grants.js';

/**
 * The longest name or ARN a `Ref` or `Fn::GetAtt` of this stack resolves to: CloudFormation
 * generates names from the stack name (at most 128 characters), the logical id and 13 random
 * characters, and the longest partition, region and account in front keep every ARN under this.
 */
export const LONGEST_RESOURCE_REFERENCE = 260;

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Partition': LONGEST_ARN_PARTS.partition,
  'AWS::Region': LONGEST_ARN_PARTS.region,
  'AWS::AccountId': LONGEST_ARN_PARTS.account,
  'AWS::URLSuffix': 'amazonaws.com',
};

export function renderLongest(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renderLongest);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) return PSEUDO[object.Ref as string] ?? 'x'.repeat(LONGEST_RESOURCE_REFERENCE);
  if ('Fn::GetAtt' in object) return 'x'.repeat(LONGEST_RESOURCE_REFERENCE);
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => renderLongest(part) as string).join(separator);
  }
  return Object.fromEntries(Object.entries(object).map(([key, v]) => [key, renderLongest(v)]));
}

/** Characters of a policy document as IAM counts them (JSON without whitespace), at its longest. */
export function longestPolicyChars(document: unknown): number {
  return JSON.stringify(renderLongest(document)).length;
}
