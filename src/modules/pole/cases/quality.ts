import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Principal } from '../../../identity/model.ts';
import { storedAmendedOutput, storedRunOutput } from '../../../oversight/run-input.ts';
import { dataKeyOf } from '../../../security/encryption.ts';
import { poleOutputSchema } from '../module.ts';

export interface KindQuality {
  /** The month of the reviews, YYYY-MM. */
  month: string;
  kind: string;
  /** Entities of this kind in reviewed analyses. */
  reviewed: number;
  rejected: number;
  corrected: number;
  /** Share the reviewers kept (rejected ones are the false finds): (reviewed − rejected) / reviewed. */
  precision: number;
}

/**
 * How right the analyses were, as their reviewers found: per month and entity kind, the entities
 * reviewed, rejected (found wrongly) and corrected (found, named wrongly), and the precision
 * that follows. Rejected analyses count every entity as reviewed and none as rejected: the
 * reviewer threw the whole output away, not single entities.
 */
export async function correctionFigures(db: Kysely<DB>, principal: Principal): Promise<KindQuality[]> {
  const rows = await db
    .selectFrom('runs')
    .innerJoin('reviews', 'reviews.run_id', 'runs.id')
    .select([
      'runs.reference',
      'runs.output',
      'runs.output_encrypted',
      'reviews.amended_output',
      'reviews.amended_output_encrypted',
      'reviews.created_at',
    ])
    .where('runs.force_id', '=', principal.forceId)
    .where('runs.module_id', '=', 'pole')
    .execute();
  const cells = new Map<string, KindQuality>();
  const key = dataKeyOf(db);
  for (const row of rows) {
    const original = poleOutputSchema.safeParse(storedRunOutput(key, row));
    if (!original.success) continue;
    const stored = storedAmendedOutput(key, row.reference, row);
    const amended = stored ? poleOutputSchema.safeParse(stored) : null;
    const corrections = amended?.success ? amended.data.corrections : [];
    const month = row.created_at.toISOString().slice(0, 7);
    const cell = (kind: string) => {
      const k = `${month}|${kind}`;
      let c = cells.get(k);
      if (!c) {
        c = { month, kind, reviewed: 0, rejected: 0, corrected: 0, precision: 1 };
        cells.set(k, c);
      }
      return c;
    };
    for (const e of original.data.entities) cell(e.kind).reviewed += 1;
    for (const c of corrections.filter((x) => x.target === 'entity')) {
      if (c.action === 'rejected') cell(c.kind).rejected += 1;
      else cell(c.kind).corrected += 1;
    }
  }
  return [...cells.values()]
    .map((c) => ({ ...c, precision: c.reviewed ? (c.reviewed - c.rejected) / c.reviewed : 1 }))
    .sort((a, b) => (a.month === b.month ? a.kind.localeCompare(b.kind) : a.month < b.month ? 1 : -1));
}
