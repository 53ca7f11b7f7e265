import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { DB } from '../db/schema.ts';

/** The pg-boss queue that carries runs to workers. A job's data is only the run's id. */
export const RUN_QUEUE = 'module-run';

/** How many times pg-boss retries a job whose worker died (the run row counts attempts too). */
export const JOB_RETRY_LIMIT = 3;

export interface RunJob {
  runId: string;
}

/**
 * pg-boss speaks to the database through Kysely, so it shares the pool, and transactions. Outside
 * a transaction, each statement runs on one pooled connection that is rolled back if it fails:
 * pg-boss sends `BEGIN; ...; COMMIT` as one text, and when two processes install its schema at
 * once the loser's text fails inside that block (pg-boss expects this and carries on), which would
 * otherwise hand the pool a connection stuck in an aborted transaction.
 */
function adapter(db: Kysely<DB>): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const query = CompiledQuery.raw(text, (values ?? []) as unknown[]);
      const result = db.isTransaction
        ? await db.executeQuery(query)
        : await db.connection().execute(async (connection) => {
            try {
              return await connection.executeQuery(query);
            } catch (error) {
              await connection.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => {});
              throw error;
            }
          });
      return result as { rows: unknown[] } as { rows: never[] };
    },
  };
}

export interface RunQueue {
  /** Queues a run inside the caller's transaction: the job exists exactly when the run row does. */
  enqueue(trx: Kysely<DB>, runId: string, expireInSeconds?: number): Promise<void>;
  boss: PgBoss;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss (an existing, maintained PostgreSQL-backed job queue) on the service's database.
 * It creates its own schema (`pgboss`) and the run queue on first start; web and worker
 * processes share them. Processes that start together race to create both: pg-boss serialises
 * its install with an advisory lock, yet the loser can still fail (PostgreSQL's catalogue caches
 * are not refreshed by an advisory lock, so it may try to create the schema again; two queue
 * creations can deadlock). The loser starts again, a little later, and finds them made.
 */
export async function openRunQueue(
  db: Kysely<DB>,
  options: { supervise?: boolean; attempts?: number } = {},
): Promise<RunQueue> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const boss = new PgBoss({
      db: adapter(db),
      schedule: false,
      supervise: options.supervise ?? true,
      migrate: true,
    });
    boss.on('error', () => {});
    try {
      await boss.start();
      if (!(await boss.getQueue(RUN_QUEUE))) await boss.createQueue(RUN_QUEUE);
      return runQueue(boss);
    } catch (error) {
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

function runQueue(boss: PgBoss): RunQueue {
  return {
    boss,
    async enqueue(trx, runId, expireInSeconds = 3600) {
      await boss.send(RUN_QUEUE, { runId } satisfies RunJob, {
        db: adapter(trx),
        retryLimit: JOB_RETRY_LIMIT,
        retryDelay: 2,
        expireInSeconds,
      });
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
