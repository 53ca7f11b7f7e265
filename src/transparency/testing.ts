import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { demoEmail } from '../identity/demo.ts';
import type { Principal } from '../identity/model.ts';
import { onboardIfNew } from '../identity/onboarding.ts';
import type { Role } from '../identity/roles.ts';
import { FORM_KINDS, FORMS, type FormKind } from '../register/forms.ts';
import type { Stage } from '../register/lifecycle.ts';
import { type SystemInput, systemInputSchema } from '../register/model.ts';
import { createSystem } from '../register/service.ts';
import { walkTo } from '../register/walk.ts';
import type { AtrsEvidence, AtrsInput } from './atrs.ts';

/** A complete register record (external supplier, UK processing) for tests. */
export function exampleSystemInput(overrides: Partial<SystemInput> = {}): SystemInput {
  return systemInputSchema.parse({
    name: 'Burglary hot spot forecast',
    description:
      'Forecasts where burglary is most likely next week, so patrols and prevention visits can be planned.',
    useCase: 'hotspot-forecasting',
    capability: 'forecasting',
    purpose: 'Plan visible patrols and crime prevention visits where burglary is most likely.',
    expectedBenefits: ['Analyst time released', 'Earlier prevention advice, with "quotes", commas'],
    expectedMinutesSavedPerTask: 45,
    supplier: {
      type: 'external',
      name: 'Example Analytics Ltd',
      companiesHouseNumber: '01234567',
      role: 'Builds and maintains the forecasting model',
      procurementRoute: 'Direct award under a Crown Commercial Service framework',
      dataAccessTerms: 'Pseudonymised extracts only, processed in the UK; no training on force data.',
    },
    processing: { provider: 'Force data centre', processingCountry: 'United Kingdom', storageCountry: 'UK' },
    model: { name: 'Kernel density forecast', version: '2.1.0' },
    trainingData: {
      source: 'Recorded burglary, police.uk',
      period: '2019 to 2023',
      knownGaps: 'Unreported crime is absent; recording practice varies between areas.',
    },
    affectedGroups: ['Residents of forecast areas'],
    ...overrides,
  });
}

const PEOPLE = { lead: 'lead-id', pm: 'pm-id' };

/** A builder input with the example of every form, as for a system at `stage`. */
export function exampleAtrsInput(
  stage: Stage = 'live',
  kinds: readonly FormKind[] = FORM_KINDS,
): AtrsInput & { evidence: Map<FormKind, AtrsEvidence> } {
  const at = new Date('2026-03-10T12:00:00Z');
  const evidence = new Map<FormKind, AtrsEvidence>(
    kinds.map((k) => [k, { data: structuredClone(FORMS[k].example), createdAt: at, approved: true }]),
  );
  const input = exampleSystemInput({ projectLeadId: null, productManagerId: null });
  return {
    system: {
      ...input,
      projectLeadId: PEOPLE.lead,
      productManagerId: PEOPLE.pm,
      reference: 'DEMO-AI-0001',
      stage,
      registeredAt: new Date('2025-11-01T09:00:00Z'),
    },
    force: { slug: 'demo', name: 'Demo Constabulary' },
    evidence,
    names: new Map([
      [PEOPLE.lead, 'Tom Okafor'],
      [PEOPLE.pm, 'Sam Patel'],
      ['overseer-id', 'Overseer Private-Name'],
    ]),
    overseers: [{ roles: ['analyst'] }, { roles: ['officer'] }],
    stageDates: {
      scoping: new Date('2025-11-02T00:00:00Z'),
      trial: new Date('2026-04-01T00:00:00Z'),
      live: new Date('2026-09-01T00:00:00Z'),
    },
  };
}

/** The demo user holding each role, as a principal (as if signed in). */
export function demoCast(db: Kysely<DB>, force: { id: number; slug: string; name: string }) {
  return async (role: Role): Promise<Principal> => {
    const person = await db
      .selectFrom('people')
      .select(['id', 'name', 'email'])
      .where('email', '=', demoEmail(role))
      .executeTakeFirstOrThrow();
    return {
      personId: person.id,
      name: person.name,
      email: person.email,
      forceId: force.id,
      forceSlug: force.slug,
      forceName: force.name,
      roles: [role],
      sessionId: 'test',
      csrfToken: 'test',
    };
  };
}

/** Gives every demo person their demo role in another force too (to test force separation). */
export async function grantDemoRolesIn(db: Kysely<DB>, forceId: number): Promise<void> {
  const people = await db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('email', 'like', '%@demo.police.example')
    .execute();
  await db
    .insertInto('role_assignments')
    .values(people.map((p) => ({ person_id: p.id, force_id: forceId, role: p.email.split('@')[0]! })))
    .execute();
  await db.transaction().execute((trx) => onboardIfNew(trx, forceId, null));
}

/**
 * Registers a system in `force` as its demo people and walks it to `stage` with the example
 * of every form, naming a project lead, a product manager and two overseers.
 */
export async function seedSystem(
  db: Kysely<DB>,
  force: { id: number; slug: string; name: string },
  name: string,
  stage: Stage,
): Promise<{ id: string; reference: string }> {
  const cast = demoCast(db, force);
  const [lead, pm, officer, analyst] = await Promise.all(
    (['project-lead', 'product-manager', 'officer', 'analyst'] as const).map((r) => cast(r)),
  );
  const created = await createSystem(
    db,
    await cast('ai-lead'),
    exampleSystemInput({
      name,
      projectLeadId: lead!.personId,
      productManagerId: pm!.personId,
      overseerIds: [officer!.personId, analyst!.personId],
    }),
  );
  await walkTo(db, created.id, stage, cast);
  return created;
}
