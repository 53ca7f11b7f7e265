import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { createTestDatabase } from '../test/db.ts';
import { openRunQueue, type RunQueue } from './queue.ts';

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('the run queue on a PostgreSQL server', () => {
  let database: Database | undefined;
  const queues: RunQueue[] = [];
  afterAll(async () => {
    for (const queue of queues) await queue.stop();
    await database?.close();
  });

  it('survives two processes installing pg-boss at once: no pooled connection is left in a failed transaction', async () => {
    database = await createTestDatabase();
    const db = database.db;
    // Services starting together on a database pg-boss has not seen yet race to install it and
    // to create the run queue; pg-boss lets the loser's install fail inside its own BEGIN ...
    // COMMIT, and concurrent queue creation can deadlock. Three rounds of three.
    for (let round = 0; round < 3; round++) {
      for (const queue of queues.splice(0)) await queue.stop();
      await sql`DROP SCHEMA IF EXISTS pgboss CASCADE`.execute(db);
      queues.push(...(await Promise.all([0, 1, 2].map(() => openRunQueue(db, { supervise: false })))));
    }
    // Every connection in the pool (4) answers afterwards.
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        sql<{ n: number }>`SELECT ${i}::int AS n, pg_sleep(0.05)`.execute(db),
      ),
    );
    expect(answers.map((a) => a.rows[0]?.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const version = await sql<{ version: number }>`SELECT version FROM pgboss.version`.execute(db);
    expect(version.rows).toHaveLength(1);
  });
});
