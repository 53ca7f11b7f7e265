import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { appendEntry } from '../ledger/service.ts';
import { DEMO_FORCE } from './forces.ts';
import { onboardIfNew } from './onboarding.ts';
import { hashPassword } from './passwords.ts';
import { ROLE_NAMES, ROLES, type Role } from './roles.ts';

export const demoEmail = (role: Role) => `${role}@demo.police.example`;

/** People invented for the demo: one per role, named so screenshots read naturally. */
const DEMO_NAMES: Record<Role, string> = {
  'chief-constable': 'Alex Morgan',
  'ai-lead': 'Priya Shah',
  'project-lead': 'Tom Okafor',
  'delivery-team': 'Jess Walker',
  'product-manager': 'Sam Patel',
  'it-team': 'Chris Evans',
  'data-protection-officer': 'Dana Hughes',
  'information-security-officer': 'Lee Chen',
  'head-of-information-security': 'Morgan Reid',
  legal: 'Ruth Adeyemi',
  procurement: 'Omar Farouk',
  analyst: 'Nina Kowalski',
  'business-change': 'Ben Carter',
  hr: 'Gill Foster',
  officer: 'PC Jamie Lewis',
  'ethics-committee': 'Prof. Ann Idowu',
  'oversight-board': 'Ray Murphy',
  admin: 'Kim Taylor',
};

/** Teams and areas of the demo people who use AI tools (trial scopes are checked against them). */
const DEMO_POSTINGS: Partial<Record<Role, { team: string; area: string }>> = {
  analyst: { team: 'Analysts', area: 'Force headquarters' },
  officer: { team: 'North neighbourhood team', area: 'North area command' },
  'product-manager': { team: 'Digital policing', area: 'Force headquarters' },
  'project-lead': { team: 'Digital policing', area: 'Force headquarters' },
};

/**
 * The demo force with one person per role (`<role>@demo.police.example`). Only ever called in
 * demo mode, and only on an empty database.
 */
export async function seedDemoPeople(db: Kysely<DB>, password: string): Promise<{ forceId: number }> {
  const hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const force = await trx
      .insertInto('forces')
      .values({ slug: DEMO_FORCE.slug, name: DEMO_FORCE.name, kind: DEMO_FORCE.kind })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendEntry(trx, {
      forceId: force.id,
      actorId: null,
      action: 'force.created',
      subjectType: 'force',
      subjectId: String(force.id),
      payload: { slug: DEMO_FORCE.slug, kind: DEMO_FORCE.kind },
    });
    for (const role of ROLES) {
      const person = await trx
        .insertInto('people')
        .values({ email: demoEmail(role), name: DEMO_NAMES[role], password_hash: hash })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('role_assignments')
        .values({ person_id: person.id, force_id: force.id, role })
        .execute();
      await appendEntry(trx, {
        forceId: force.id,
        actorId: null,
        action: 'person.created',
        subjectType: 'person',
        subjectId: person.id,
        payload: { roles: [role], demo: true, title: ROLE_NAMES[role] },
      });
      const posting = DEMO_POSTINGS[role];
      if (posting) {
        await trx
          .insertInto('postings')
          .values({ person_id: person.id, force_id: force.id, ...posting })
          .execute();
        await appendEntry(trx, {
          forceId: force.id,
          actorId: null,
          action: 'person.posted',
          subjectType: 'person',
          subjectId: person.id,
          payload: posting,
        });
      }
    }
    await onboardIfNew(trx, force.id, null);
    return { forceId: force.id };
  });
}
