/**
 * Least privilege, checked: each statement, and each action of a statement with several, of a
 * role's identity policies taken away in turn; a grant is needed when some call the role was seen
 * to make is refused without it.
 */
import type { AuthorizationRequest } from './authorization-requests.js';
import { evaluate } from './iam-guard.js';
import type { PolicyStatement, ResourceAccess, RoleAccess } from './synthesized-access.js';

/** One grant that can be taken away: a statement, or one action of a statement. */
export interface GrantRemoval {
  readonly policy: string;
  readonly statement: number;
  /** The statement's Sid, or its position and actions. */
  readonly label: string;
  /** Null: the whole statement. */
  readonly action: string | null;
}

export function grantRemovals(role: RoleAccess): GrantRemoval[] {
  return role.identityPolicies.flatMap(({ name, policy }) =>
    policy.Statement.flatMap((statement, index) => {
      const label = statement.Sid ?? `statement ${index + 1} (${[statement.Action].flat().join(', ')})`;
      const actions = [statement.Action ?? []].flat();
      return [
        { policy: name, statement: index, label, action: null },
        ...(actions.length > 1
          ? actions.map((action) => ({ policy: name, statement: index, label, action }))
          : []),
      ];
    }),
  );
}

export function withoutGrant(role: RoleAccess, removal: GrantRemoval): RoleAccess {
  return {
    ...role,
    identityPolicies: role.identityPolicies.map((p) => {
      if (p.name !== removal.policy) return p;
      const statements = p.policy.Statement.flatMap((s, index): PolicyStatement[] => {
        if (index !== removal.statement) return [s];
        if (removal.action === null) return [];
        return [{ ...s, Action: [s.Action ?? []].flat().filter((a) => a !== removal.action) }];
      });
      return { ...p, policy: { ...p.policy, Statement: statements } };
    }),
  };
}

/** The calls the role refuses, each as `action resource`. */
export async function refusedCalls(
  role: RoleAccess,
  resources: ResourceAccess,
  calls: readonly AuthorizationRequest[],
  account: string,
): Promise<string[]> {
  const decided = await Promise.all(
    calls.map(async (call) => ({ call, decision: await evaluate(role, resources, call, account) })),
  );
  return decided.filter((d) => d.decision !== 'Allowed').map((d) => `${d.call.action} ${d.call.resource}`);
}
