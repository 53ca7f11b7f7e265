import { hostname } from 'node:os';
import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Config } from '../config.ts';
import type { DB, RunStatus, RunsTable } from '../db/schema.ts';
import { appendEntry } from '../ledger/service.ts';
import { reviewPolicyOf } from '../modules/contract.ts';
import { findModule } from '../modules/registry.ts';
import { latestEvidence } from '../register/repository.ts';
import { type Executor, inlineExecutor } from '../runtime/executor.ts';
import {
  type LatestAudit,
  type ModuleTaskFailure,
  type ModuleTaskResult,
  type TaskInput,
  UNREADABLE_INPUT,
} from '../runtime/module-task.ts';
import type { RunQueue } from '../runtime/queue.ts';
import { opens } from '../security/encryption.ts';
import { RUN_COLUMNS_BUT_INPUT } from './run-columns.ts';
import { outputColumns } from './run-input.ts';
import { completionState, move } from './run-states.ts';

/**
 * What the runtime needs to start and execute runs: the database, the queue that carries runs
 * to workers, where module code runs, and the random source for sampled review (injected so
 * tests can cover any sampling rate).
 */
export interface RunRuntime {
  db: Kysely<DB>;
  config: Config;
  queue: RunQueue;
  executor: Executor;
  random: () => number;
}

/** A run is tried at most this many times when the worker running it stops. */
export const MAX_ATTEMPTS = 3;

/** A running run whose worker has said nothing for this long is taken to have stopped. */
export const STALE_AFTER_MS = 60_000;

/** Which process executed a run (host and process id), recorded when it starts. */
const WORKER_NAME = `${hostname()}:${process.pid}`;

/** Progress and heartbeats are written at most this often. */
const WRITE_EVERY_MS = 1_000;

type RunRow = Awaited<ReturnType<typeof lockRun>>;

/** Locks a run's row and reads it; its input (megabytes, sealed) only for the claim that runs it. */
async function lockRun(trx: Transaction<DB>, runId: string, options: { input?: boolean } = {}) {
  const query = trx.selectFrom('runs').where('id', '=', runId).forUpdate();
  return options.input
    ? query.selectAll().executeTakeFirst()
    : query
        .select(RUN_COLUMNS_BUT_INPUT)
        .executeTakeFirst()
        .then((r) => r && { ...r, input: null, input_encrypted: null });
}

/** Moves a run through the transition table, with its ledger entry, in the caller's transaction. */
async function transition(
  trx: Transaction<DB>,
  run: Pick<RunRow & object, 'id' | 'force_id' | 'reference' | 'status'>,
  to: RunStatus,
  set: Omit<Updateable<RunsTable>, 'status'>,
  payload: Record<string, unknown> = {},
) {
  const t = move(run.status, to, 'worker');
  await trx
    .updateTable('runs')
    .set({ ...set, status: to })
    .where('id', '=', run.id)
    .execute();
  await appendEntry(trx, {
    forceId: run.force_id,
    actorId: null,
    action: t.action,
    subjectType: 'run',
    subjectId: run.id,
    payload: { reference: run.reference, status: to, ...payload },
  });
}

interface Claim {
  id: string;
  systemId: string;
  attempt: number;
  moduleId: string;
  /** Opened on the worker's thread, not here: a whole input is never parsed on the event loop. */
  input: TaskInput;
  settings: unknown;
}

/**
 * Takes a queued run for this worker: refuses (fails with the reason) a run whose system may no
 * longer run, and takes over a run whose worker stopped. Anything else (already done, or being
 * run by a live worker) is left alone, so no run is ever completed twice.
 */
async function claim(rt: RunRuntime, runId: string): Promise<Claim | null> {
  return rt.db.transaction().execute(async (trx) => {
    let run = await lockRun(trx, runId, { input: true });
    if (!run) return null;
    if (run.status === 'running') {
      const beat = run.heartbeat_at?.getTime() ?? 0;
      if (Date.now() - beat < STALE_AFTER_MS) return null;
      await requeue(trx, run, 'The worker running it stopped.');
      run = (await lockRun(trx, runId, { input: true }))!;
      if (run.status !== 'queued') return null;
    }
    if (run.status !== 'queued') return null;
    const system = await trx
      .selectFrom('ai_systems')
      .select('stage')
      .where('id', '=', run.system_id)
      .executeTakeFirstOrThrow();
    if (system.stage !== 'live' && system.stage !== 'trial') {
      await transition(trx, run, 'failed', {
        failure_reason:
          system.stage === 'suspended'
            ? 'The system was suspended after this run was queued, so it was not run.'
            : `The system moved to the ${system.stage} stage after this run was queued, so it was not run.`,
        finished_at: new Date(),
      });
      return null;
    }
    const context = `run-input:${run.reference}`;
    if (run.input_encrypted !== null && !opens(rt.config.dataEncryptionKey, run.input_encrypted, context)) {
      await transition(trx, run, 'failed', {
        failure_reason: UNREADABLE_INPUT,
        finished_at: new Date(),
      });
      return null;
    }
    const attempt = run.attempts + 1;
    const now = new Date();
    await transition(
      trx,
      run,
      'running',
      { attempts: attempt, started_at: now, heartbeat_at: now, progress: 0, progress_stage: 'starting' },
      { attempt, worker: WORKER_NAME },
    );
    const input: TaskInput =
      run.input_encrypted !== null
        ? {
            sealed: run.input_encrypted,
            key: rt.config.dataEncryptionKey,
            context,
          }
        : { plain: run.input };
    return {
      id: run.id,
      systemId: run.system_id,
      attempt,
      moduleId: run.module_id,
      input,
      settings: run.settings,
    };
  });
}

/**
 * Back to the queue after its worker stopped, within the attempt limit; failed with the reason
 * after it. The caller holds the row lock.
 */
async function requeue(trx: Transaction<DB>, run: NonNullable<RunRow>, why: string) {
  if (run.attempts >= MAX_ATTEMPTS) {
    await transition(trx, run, 'failed', {
      failure_reason: `${why} It was tried ${run.attempts} times, the most allowed, so it was not completed.`,
      finished_at: new Date(),
    });
    return false;
  }
  await transition(trx, run, 'queued', { progress: 0, progress_stage: null }, { reason: why });
  return true;
}

export interface ExecuteOptions {
  /** Run the module on this thread (interactive modules) instead of the runtime's executor. */
  inline?: boolean;
  /** An interactive module's time budget: a run over it fails rather than keep someone waiting. */
  budgetMs?: number;
}

/**
 * Executes one run: claim it, run its module away from the event loop with progress and a
 * heartbeat, then store the output (checked against the module's output schema) and move it to
 * review or release, or to `failed` with a reason. Returns the run's state, or null if this
 * worker had nothing to do.
 */
export async function executeRun(
  rt: RunRuntime,
  runId: string,
  options: ExecuteOptions = {},
): Promise<RunStatus | null> {
  const c = await claim(rt, runId);
  if (!c) return null;
  const { db } = rt;
  let lastWrite = 0;
  /** Writes to the run only while this worker still holds it (the attempt is the fencing token). */
  const mine = (set: Updateable<RunsTable>) =>
    db
      .updateTable('runs')
      .set(set)
      .where('id', '=', c.id)
      .where('status', '=', 'running')
      .where('attempts', '=', c.attempt)
      .execute()
      .catch(() => undefined);
  const beat = setInterval(() => void mine({ heartbeat_at: new Date() }), STALE_AFTER_MS / 4);
  beat.unref();
  let pending: Promise<unknown> = Promise.resolve();
  const onProgress = (share: number, stage: string) => {
    const now = Date.now();
    if (now - lastWrite < WRITE_EVERY_MS) return;
    lastWrite = now;
    pending = mine({ progress: share, progress_stage: stage, heartbeat_at: new Date() });
  };
  let result: ModuleTaskResult | ModuleTaskFailure;
  try {
    const executor = options.inline ? inlineExecutor : rt.executor;
    const audit = latestAuditOf(await latestEvidence(db, c.systemId), c.systemId);
    result = await executor.run(
      { moduleId: c.moduleId, input: c.input, settings: c.settings, latestAudit: audit },
      onProgress,
    );
  } finally {
    clearInterval(beat);
    await pending;
  }
  const over = result.ok && options.budgetMs !== undefined ? overBudget(result, options.budgetMs) : null;
  return complete(rt, c, over ? { ok: false, reason: over } : result);
}

/**
 * Why an interactive run broke its time budget, or null if it kept to it. The budget is on the
 * processor time the module itself used: on a machine busy with other work the wall-clock time
 * also counts time the module spent waiting its turn, which says nothing about the module.
 */
export function overBudget(
  result: Pick<ModuleTaskResult, 'durationMs' | 'cpuMs'>,
  budgetMs: number,
): string | null {
  if (result.cpuMs <= budgetMs) return null;
  return `The module used ${Math.round(result.cpuMs)} ms of processor time (${Math.round(result.durationMs)} ms in all), over its ${budgetMs} ms budget; a person takes over.`;
}

async function complete(
  rt: RunRuntime,
  c: Claim,
  result: ModuleTaskResult | ModuleTaskFailure,
): Promise<RunStatus | null> {
  const { db, config } = rt;
  return db.transaction().execute(async (trx) => {
    const run = await lockRun(trx, c.id);
    // Another worker took over after this one was thought stopped: its result stands, not ours.
    if (run?.status !== 'running' || run.attempts !== c.attempt) return null;
    const finished = new Date();
    const module = findModule(run.module_id);
    if (!result.ok || !module) {
      const reason = result.ok ? `No AI module "${run.module_id}" is installed here.` : result.reason;
      await transition(trx, run, 'failed', { failure_reason: reason, finished_at: finished });
      return 'failed';
    }
    const system = await trx
      .selectFrom('ai_systems')
      .select(['review_sample_rate'])
      .where('id', '=', run.system_id)
      .executeTakeFirstOrThrow();
    const { to, needsReview } = completionState({
      reviewMode: run.review_mode,
      policy: reviewPolicyOf(module),
      sampleRate: Number(system.review_sample_rate),
      risky: result.risky,
      draw: rt.random(),
    });
    const finalTo: RunStatus = run.decision_maker_id !== null ? 'awaiting_review' : to;
    const energyWh = (result.cpuMs / 3_600_000) * config.runWatts;
    await transition(
      trx,
      run,
      finalTo,
      {
        ...outputColumns(
          config.dataEncryptionKey,
          module.sealsOutput === true,
          run.reference,
          result.outputJson,
        ),
        explanation: result.explanation,
        duration_ms: result.durationMs,
        cpu_ms: result.cpuMs,
        energy_wh: energyWh,
        co2e_g: (energyWh / 1000) * config.gridIntensity,
        needs_review: needsReview || finalTo === 'awaiting_review',
        risky: result.risky,
        monitored: result.monitoredJson,
        progress: 1,
        progress_stage: 'done',
        finished_at: finished,
        ...(finalTo === 'released' ? { released_at: finished } : {}),
      },
      {
        needsReview: finalTo === 'awaiting_review',
        outputSha256: result.outputSha256,
      },
    );
    return finalTo;
  });
}

/**
 * A risk output is always shown with the latest audit of the model: the bias audit attached to
 * the system's validation report (the gate that lets a risk system into trial requires it).
 */
function latestAuditOf(
  evidence: Awaited<ReturnType<typeof latestEvidence>>,
  systemId: string,
): LatestAudit | null {
  const report = evidence.get('validation-report');
  const audit = (report?.data as { biasAudit?: string } | undefined)?.biasAudit;
  return audit && report
    ? {
        auditedAt: report.createdAt.toISOString(),
        summary: audit,
        reportRef: `/systems/${systemId}/evidence/validation-report (version ${report.version})`,
      }
    : null;
}

/**
 * Runs left `running` by a worker that stopped go back to the queue (or fail after the attempt
 * limit), each with its ledger entry and a new job. With the embedded database this process is
 * the only worker, so every running run is such a run (`staleBefore` = now); worker processes on
 * a server pass the heartbeat limit.
 */
export async function recoverInterruptedRuns(
  rt: Pick<RunRuntime, 'db' | 'queue'>,
  staleBefore: Date,
  why = 'The service stopped while it was running.',
): Promise<number> {
  const stale = await rt.db
    .selectFrom('runs')
    .select('id')
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', staleBefore)]))
    .execute();
  let n = 0;
  for (const { id } of stale) {
    await rt.db.transaction().execute(async (trx) => {
      const run = await lockRun(trx, id);
      if (run?.status !== 'running') return;
      if ((run.heartbeat_at?.getTime() ?? 0) >= staleBefore.getTime()) return;
      if (await requeue(trx, run, why)) await rt.queue.enqueue(trx, id);
      n++;
    });
  }
  return n;
}
