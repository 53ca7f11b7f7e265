import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { dataKeyOf } from '../security/encryption.ts';
import { storedAmendedOutput, storedRunOutput } from './run-input.ts';

/** A run's output as its reviewer released it, and who that was. */
export interface ReleasedOutput<T> {
  runId: string;
  reference: string;
  output: T;
  reviewer: string;
  reviewedAt: Date;
}

/**
 * The most recently released of some runs, as reviewed: the reviewer's amended output where they
 * corrected it, else the run's own, opened when sealed and checked against the module's schema.
 * Null when none is released or what is stored does not fit the schema. The caller checks who is
 * asking and logs the access.
 */
export async function latestReleased<T>(
  db: Kysely<DB>,
  runIds: SelectQueryBuilder<DB, keyof DB, { run_id: string }>,
  schema: z.ZodType<T>,
): Promise<ReleasedOutput<T> | null> {
  const row = await db
    .selectFrom('runs')
    .innerJoin('reviews', 'reviews.run_id', 'runs.id')
    .innerJoin('people', 'people.id', 'reviews.reviewer_id')
    .select([
      'runs.id',
      'runs.reference',
      'runs.output',
      'runs.output_encrypted',
      'reviews.amended_output',
      'reviews.amended_output_encrypted',
      'people.name',
      'reviews.created_at',
    ])
    .where('runs.id', 'in', runIds)
    .where('runs.status', '=', 'released')
    .orderBy('runs.released_at', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const key = dataKeyOf(db);
  const parsed = schema.safeParse(storedAmendedOutput(key, row.reference, row) ?? storedRunOutput(key, row));
  if (!parsed.success) return null;
  return {
    runId: row.id,
    reference: row.reference,
    output: parsed.data,
    reviewer: row.name,
    reviewedAt: row.created_at,
  };
}
