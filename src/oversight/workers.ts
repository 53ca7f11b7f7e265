import type PgBoss from 'pg-boss';
import { RUN_QUEUE, type RunJob } from '../runtime/queue.ts';
import { executeRun, type RunRuntime, recoverInterruptedRuns, STALE_AFTER_MS } from './execute.ts';

export interface RunWorkers {
  stop(): Promise<void>;
}

/**
 * Takes runs from the queue: `concurrency` at a time, each executed by `executeRun`. A job always
 * completes once its run is settled (the run row, not the job, is the record); a job whose worker
 * died is retried by pg-boss and finds the run taken over or done. Every half minute runs whose
 * worker has gone silent are put back on the queue.
 */
export async function startRunWorkers(rt: RunRuntime, concurrency: number): Promise<RunWorkers> {
  const ids: string[] = [];
  for (let i = 0; i < Math.max(1, concurrency); i++) {
    ids.push(
      await rt.queue.boss.work<RunJob>(
        RUN_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: 0.5 },
        async ([job]: PgBoss.Job<RunJob>[]) => {
          if (job) await executeRun(rt, job.data.runId);
        },
      ),
    );
  }
  const sweep = setInterval(() => {
    void recoverInterruptedRuns(
      rt,
      new Date(Date.now() - STALE_AFTER_MS),
      'The worker running it stopped.',
    ).catch(() => undefined);
  }, STALE_AFTER_MS / 2);
  sweep.unref();
  return {
    async stop() {
      clearInterval(sweep);
      for (const id of ids) await rt.queue.boss.offWork({ id }).catch(() => undefined);
    },
  };
}

/**
 * Executes every queued run now, in this process, until the queue is empty: for the demo seed,
 * the command line and tests. The same jobs, claims and transitions as the workers.
 */
export async function drainRuns(rt: RunRuntime): Promise<number> {
  let n = 0;
  for (;;) {
    const jobs = await rt.queue.boss.fetch<RunJob>(RUN_QUEUE, { batchSize: 10 });
    if (!jobs?.length) return n;
    for (const job of jobs) {
      try {
        if (await executeRun(rt, job.data.runId)) n++;
        await rt.queue.boss.complete(RUN_QUEUE, job.id);
      } catch (error) {
        await rt.queue.boss.fail(RUN_QUEUE, job.id, { message: String(error) });
        throw error;
      }
    }
  }
}
