import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isRole } from '../identity/roles.ts';
import { systemImpact } from '../oversight/time-service.ts';
import { findDecision, isPublicDecision } from '../register/decisions.ts';
import type { FormKind } from '../register/forms.ts';
import type { Stage } from '../register/lifecycle.ts';
import { refusalsOf } from '../register/refusals.ts';
import { latestEvidence, namesOf, overseerIds, recordOf, type SystemRow } from '../register/repository.ts';
import { type AtrsInput, type AtrsSystem, PUBLIC_STAGES } from './atrs.ts';

export function findForceBySlug(db: Kysely<DB>, slug: string) {
  return db.selectFrom('forces').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

/** A force's systems in the public stages, by name. */
export function publicSystemRows(db: Kysely<DB>, forceId: number) {
  return db
    .selectFrom('ai_systems')
    .selectAll()
    .where('force_id', '=', forceId)
    .where('stage', 'in', [...PUBLIC_STAGES])
    .orderBy('name')
    .execute();
}

/** One system in the public stages, by its force and reference. */
export function publicSystemRow(db: Kysely<DB>, forceId: number, reference: string) {
  return db
    .selectFrom('ai_systems')
    .selectAll()
    .where('force_id', '=', forceId)
    .where('reference', '=', reference)
    .where('stage', 'in', [...PUBLIC_STAGES])
    .executeTakeFirst();
}

/** Forces with at least one system in the public stages, with counts per stage. */
export async function forcesWithPublicSystems(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('ai_systems')
    .innerJoin('forces', 'forces.id', 'ai_systems.force_id')
    .select(['forces.slug', 'forces.name', 'ai_systems.stage'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ai_systems.stage', 'in', [...PUBLIC_STAGES])
    .where('forces.onboarded_at', 'is not', null)
    .groupBy(['forces.slug', 'forces.name', 'ai_systems.stage'])
    .orderBy('forces.name')
    .execute();
  const forces = new Map<string, { slug: string; name: string; trial: number; live: number }>();
  for (const r of rows) {
    const f = forces.get(r.slug) ?? { slug: r.slug, name: r.name, trial: 0, live: 0 };
    if (r.stage === 'trial') f.trial += Number(r.n);
    if (r.stage === 'live') f.live += Number(r.n);
    forces.set(r.slug, f);
  }
  return [...forces.values()];
}

/** The register fields of a row, in the shape the record builder reads. */
export function systemFromRow(row: SystemRow): AtrsSystem {
  return {
    reference: row.reference,
    stage: row.stage as Stage,
    registeredAt: row.created_at,
    ...recordOf(row),
    projectLeadId: row.project_lead_id,
    productManagerId: row.product_manager_id,
  };
}

/** Everything the record of one system is built from. */
export async function atrsInputFor(db: Kysely<DB>, row: SystemRow): Promise<AtrsInput> {
  const [force, evidence, overseers, transitions] = await Promise.all([
    db.selectFrom('forces').select(['slug', 'name']).where('id', '=', row.force_id).executeTakeFirstOrThrow(),
    latestEvidence(db, row.id),
    overseerIds(db, row.id),
    db
      .selectFrom('stage_transitions')
      .select(['to_stage'])
      .select((eb) => eb.fn.min('created_at').as('at'))
      .where('system_id', '=', row.id)
      .groupBy('to_stage')
      .execute(),
  ]);
  const accountable = [row.project_lead_id, row.product_manager_id].filter((id): id is string => Boolean(id));
  const names = new Map((await namesOf(db, accountable)).map((p) => [p.id, p.name]));
  const roles = overseers.length
    ? await db
        .selectFrom('role_assignments')
        .select(['person_id', 'role'])
        .where('person_id', 'in', overseers)
        .where('force_id', '=', row.force_id)
        .where('revoked_at', 'is', null)
        .execute()
    : [];
  const { summary: impact } = await systemImpact(db, row.id);
  const refusals = (await refusalsOf(db, row.id)).filter((r) => isPublicDecision(findDecision(r.kind)!));
  return {
    impact,
    refusals: refusals.map((r) => ({ kind: r.kind as FormKind, reasons: r.reasons, at: r.created_at })),
    system: systemFromRow(row),
    force,
    evidence,
    names,
    overseers: overseers.map((id) => ({
      roles: roles
        .filter((r) => r.person_id === id)
        .map((r) => r.role)
        .filter(isRole),
    })),
    stageDates: Object.fromEntries(transitions.map((t) => [t.to_stage, new Date(t.at as Date)])),
  };
}
