import { errors } from '../http/errors.ts';
import type { Principal } from './model.ts';
import type { Role } from './roles.ts';

/**
 * Who may do what to people and roles. One policy per resource: the table is the rule, and the
 * tests check every role against every action.
 */
export const peoplePolicy = {
  list: ['admin'],
  create: ['admin'],
  grantRole: ['admin'],
  post: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type PeopleAction = keyof typeof peoplePolicy;

export function allowed(
  policy: Record<string, readonly Role[]>,
  principal: Principal,
  action: string,
): boolean {
  const roles = policy[action];
  return roles?.some((r) => principal.roles.includes(r)) ?? false;
}

export function authorize(
  policy: Record<string, readonly Role[]>,
  principal: Principal,
  action: string,
  what: string,
): void {
  if (!allowed(policy, principal, action)) {
    const roles = policy[action] ?? [];
    throw errors.forbidden(
      `Only ${roles.join(' or ') || 'nobody'} in ${principal.forceName} may ${what}; you hold ${principal.roles.join(', ') || 'no role'} there.`,
    );
  }
}
