import { errors } from '../http/errors.ts';
import type { Principal } from './model.ts';
import type { Role } from './roles.ts';

/**
 * Checks against a table of actions to roles. The force's rules are in `abilities.ts`; these
 * helpers serve role tables still kept beside their domain.
 */
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
