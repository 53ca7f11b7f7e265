import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { assertCan } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import type { SystemInput } from './model.ts';
import { findSystem, recordOf } from './repository.ts';
import { createSystem } from './service.ts';

/**
 * The national catalogue: systems recorded by the national tenant that any force can adopt,
 * each listed with every force that uses it, so forces use the same systems the same way.
 */
export async function listCatalogue(db: Kysely<DB>) {
  const entries = await db
    .selectFrom('ai_systems as s')
    .innerJoin('forces as f', 'f.id', 's.force_id')
    .select([
      's.id',
      's.reference',
      's.name',
      's.description',
      's.use_case',
      's.capability',
      's.stage',
      's.model',
    ])
    .where('f.kind', '=', 'national')
    .orderBy('s.name')
    .execute();
  const adopters = entries.length
    ? await db
        .selectFrom('ai_systems as s')
        .innerJoin('forces as f', 'f.id', 's.force_id')
        .select(['s.catalogue_entry_id', 'f.slug', 'f.name', 's.stage', 's.reference'])
        .where(
          's.catalogue_entry_id',
          'in',
          entries.map((e) => e.id),
        )
        .orderBy('f.name')
        .execute()
    : [];
  return entries.map((e) => ({
    id: e.id,
    reference: e.reference,
    name: e.name,
    description: e.description,
    useCase: e.use_case,
    capability: e.capability,
    stage: e.stage,
    model: e.model as { name: string; version: string },
    usedBy: adopters
      .filter((a) => a.catalogue_entry_id === e.id)
      .map((a) => ({ force: a.slug, forceName: a.name, stage: a.stage, reference: a.reference })),
  }));
}

/** A force adopts a catalogue entry: a new system in its register, starting at horizon, linked. */
export async function adoptCatalogueEntry(
  db: Kysely<DB>,
  principal: Principal,
  entryId: string,
  people: Pick<SystemInput, 'projectLeadId' | 'productManagerId' | 'overseerIds'>,
) {
  assertCan(principal, 'catalogue.adopt');
  const entry = await findSystem(db, entryId);
  const force =
    entry &&
    (await db.selectFrom('forces').select('kind').where('id', '=', entry.force_id).executeTakeFirst());
  if (!entry || force?.kind !== 'national') throw errors.notFound(`National catalogue entry ${entryId}`);
  const existing = await db
    .selectFrom('ai_systems')
    .select('reference')
    .where('force_id', '=', principal.forceId)
    .where('catalogue_entry_id', '=', entryId)
    .executeTakeFirst();
  if (existing)
    throw errors.conflict(
      'already-adopted',
      `${principal.forceName} already uses this system as ${existing.reference}.`,
    );
  return createSystem(
    db,
    principal,
    {
      ...recordOf(entry),
      moduleId: entry.module_id,
      moduleSettings: entry.module_settings as Record<string, unknown>,
      ...people,
    },
    { catalogueEntryId: entryId },
  );
}
