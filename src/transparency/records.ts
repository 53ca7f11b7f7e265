import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SystemRow } from '../register/repository.ts';
import { type AtrsRecord, buildAtrsRecord, missingFields, PUBLIC_STAGES } from './atrs.ts';
import { publishedRecord } from './publication.ts';
import { atrsInputFor, findForceBySlug, publicSystemRows } from './repository.ts';

/** A system's record with what it still lacks (for the force itself, at any stage). */
export async function recordWithGaps(db: Kysely<DB>, row: SystemRow) {
  const record = buildAtrsRecord(await atrsInputFor(db, row));
  const missing = missingFields(record);
  return { record, complete: missing.length === 0, missing };
}

export async function publicRecordsOfForce(db: Kysely<DB>, forceId: number): Promise<AtrsRecord[]> {
  const rows = await publicSystemRows(db, forceId);
  const out: AtrsRecord[] = [];
  for (const row of rows) {
    // Only the text approved for publication, exactly as approved.
    const record = await publishedRecord(db, row.id);
    if (record) out.push(record);
  }
  return out;
}

export class UnknownForceError extends Error {
  constructor(readonly slug: string) {
    super(`No force with the slug "${slug}".`);
  }
}

/** The public records of one force (by slug) or of every force, for the export. */
export async function exportRecords(db: Kysely<DB>, forceSlug?: string): Promise<AtrsRecord[]> {
  if (forceSlug) {
    const force = await findForceBySlug(db, forceSlug);
    if (!force) throw new UnknownForceError(forceSlug);
    return publicRecordsOfForce(db, force.id);
  }
  const forces = await db
    .selectFrom('forces')
    .select('id')
    .where('onboarded_at', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('ai_systems')
          .select('ai_systems.id')
          .whereRef('ai_systems.force_id', '=', 'forces.id')
          .where('ai_systems.stage', 'in', [...PUBLIC_STAGES]),
      ),
    )
    .orderBy('slug')
    .execute();
  const out: AtrsRecord[] = [];
  for (const f of forces) out.push(...(await publicRecordsOfForce(db, f.id)));
  return out;
}
