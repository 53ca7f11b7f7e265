import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TimelineEntry } from './page-views.ts';

/** The ledger entries about one system, oldest first: who did what, and when. */
export async function systemLedger(db: Kysely<DB>, systemId: string): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .leftJoin('people', 'people.id', 'ledger_entries.actor_id')
    .select([
      'ledger_entries.seq',
      'ledger_entries.at',
      'ledger_entries.action',
      'ledger_entries.payload',
      'people.name as actor',
    ])
    .where('subject_type', '=', 'ai-system')
    .where('subject_id', '=', systemId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    action: r.action,
    actor: r.actor,
    payload: r.payload,
  }));
}
