import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, RunStatus, RunsTable } from '../db/schema.ts';
import { AppError, errors } from '../http/errors.ts';
import { assertCan, can } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { postingOf } from '../identity/postings.ts';
import { rolesAt } from '../identity/repository.ts';
import { canonicalJson } from '../ledger/merkle.ts';
import { appendEntry } from '../ledger/service.ts';
import { encryptsInput, executionOf, reviewPolicyOf } from '../modules/contract.ts';
import { findModule } from '../modules/registry.ts';
import { validateRiskDecision } from '../modules/risk/index.ts';
import { runOutsideAuthorisation } from '../register/authorised-scope.ts';
import { latestEvidence } from '../register/repository.ts';
import { systemInForce } from '../register/service.ts';
import { dataKeyOf, encrypt } from '../security/encryption.ts';
import { executeRun, type RunRuntime } from './execute.ts';
import { type GatewayDecision, gateway, runReference, type TrialScope } from './gateway.ts';
import { RUN_COLUMNS_BUT_INPUT } from './run-columns.ts';
import { amendedColumns } from './run-input.ts';
import { effectiveReviewMode, move, reviewedState } from './run-states.ts';

export type { RunRuntime } from './execute.ts';

export interface RunRequest {
  input: unknown;
  purpose: string;
  caseReference?: string | undefined;
  decisionMakerId?: string | undefined;
}

export interface StartedRun {
  id: string;
  reference: string;
  status: RunStatus;
  /** Where to follow the run (the API; the page is /runs/:id). */
  url: string;
  failureReason?: string | null;
}

const londonDay = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

/** A refusal is recorded (table and ledger) before it is returned, in its own transaction. */
async function refuse(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  status: number,
  code: string,
  message: string,
): Promise<never> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('run_refusals')
      .values({
        force_id: principal.forceId,
        system_id: systemId,
        actor_id: principal.personId,
        code,
        message,
      })
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'run.refused',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: { code, message },
    });
  });
  throw new AppError(status, code, 'Run refused', message);
}

/** Refusals found inside the start transaction are recorded after it rolls back. */
class Refusal extends Error {
  constructor(readonly decision: Exclude<GatewayDecision, { ok: true }>) {
    super(decision.message);
  }
}

/**
 * The gateway every AI module runs through: checks the system's stage and trial scope (the
 * person's team and area come from their posting in the force, never from the request) and the
 * person's role, validates the input, and records the run as `queued` with its ledger entry and
 * its job, in one transaction. A worker then executes it (`executeRun`); interactive modules are
 * executed at once, inline, within their time budget.
 */
export async function startRun(
  rt: RunRuntime,
  principal: Principal,
  systemId: string,
  req: RunRequest,
): Promise<StartedRun> {
  const { db, config } = rt;
  const system = await systemInForce(db, principal, systemId);
  const module = findModule(system.module_id);
  const policy = module ? reviewPolicyOf(module) : { sampling: 'never' as const, decisionMaker: false };
  const needsDecisionMaker = policy.decisionMaker || system.use_case === 'reoffending-risk';
  const decisionMakerValid =
    !!req.decisionMakerId &&
    can(
      { personId: req.decisionMakerId, roles: await rolesAt(db, req.decisionMakerId, principal.forceId) },
      'run.be-decision-maker',
    );
  const evidence = await latestEvidence(db, systemId);
  const scope = (evidence.get('trial-scope')?.data as TrialScope | undefined) ?? null;
  const posting = await postingOf(db, principal.personId, principal.forceId);

  const check = (stage: string, runsSoFar: number) =>
    gateway({
      stage,
      moduleKnown: Boolean(module),
      roles: principal.roles,
      scope,
      runsSoFar,
      team: posting.team ?? undefined,
      area: posting.area ?? undefined,
      today: londonDay(new Date()),
      needsDecisionMaker,
      decisionMakerValid,
    });
  // Only a trial caps its runs, so only a trial counts them.
  const runsSoFar = (q: Kysely<DB>, stage: string) => (stage === 'trial' ? countRuns(q, systemId) : 0);
  const first = check(system.stage, await runsSoFar(db, system.stage));
  if (!first.ok) return refuse(db, principal, systemId, first.status, first.code, first.message);
  if (!module) return refuse(db, principal, systemId, 409, 'no-module', 'No module.');

  const settings = module.settingsSchema.safeParse(system.module_settings ?? {});
  if (!settings.success) {
    return refuse(
      db,
      principal,
      systemId,
      409,
      'bad-settings',
      `The register entry's module settings are not valid: ${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const input = module.inputSchema.safeParse(req.input);
  if (!input.success) {
    throw errors.validation(
      input.error.issues.map((i) => ({ path: `input.${i.path.join('.')}`, message: i.message })),
    );
  }
  const outside = await runOutsideAuthorisation(db, system, module, input.data);
  if (outside) return refuse(db, principal, systemId, 403, 'outside-authorised-scope', outside);

  const reference = runReference(randomBytes(8));
  const plainInput = JSON.parse(JSON.stringify(input.data)) as unknown;
  const fingerprint = createHash('sha256').update(canonicalJson(plainInput)).digest('hex');
  const sealed = encryptsInput(module);
  const reviewMode = effectiveReviewMode(system.review_mode, policy);
  const execution = executionOf(module);

  let row: { id: string; reference: string; status: RunStatus };
  try {
    row = await db.transaction().execute(async (trx) => {
      // The system row is locked, so its stage and the trial's run count cannot change under us.
      const locked = await trx
        .selectFrom('ai_systems')
        .select('stage')
        .where('id', '=', systemId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const gate = check(locked.stage, await runsSoFar(trx, locked.stage));
      if (!gate.ok) throw new Refusal(gate);
      const inserted = await trx
        .insertInto('runs')
        .values({
          force_id: principal.forceId,
          system_id: systemId,
          reference,
          actor_id: principal.personId,
          purpose: req.purpose,
          case_reference_encrypted: req.caseReference
            ? encrypt(config.dataEncryptionKey, req.caseReference, `run-case:${reference}`)
            : null,
          input_fingerprint: fingerprint,
          input_encrypted: sealed
            ? encrypt(config.dataEncryptionKey, JSON.stringify(plainInput), `run-input:${reference}`, {
                compress: true,
              })
            : null,
          input: sealed ? null : JSON.stringify(plainInput),
          output: null,
          explanation: null,
          module_id: module.id,
          module_version: module.version,
          settings: JSON.stringify(settings.data),
          minutes_saved: Number(system.expected_minutes_saved),
          review_mode: reviewMode,
          needs_review: true,
          decision_maker_id: needsDecisionMaker ? req.decisionMakerId! : null,
          status: 'queued',
          team: posting?.team ?? null,
          area: posting?.area ?? null,
        })
        .returning(['id', 'reference', 'status'])
        .executeTakeFirstOrThrow();
      await appendEntry(trx, {
        forceId: principal.forceId,
        actorId: principal.personId,
        action: 'run.created',
        subjectType: 'run',
        subjectId: inserted.id,
        payload: {
          systemId,
          reference,
          inputFingerprint: fingerprint,
          module: `${module.id}@${module.version}`,
          status: 'queued',
          reviewMode,
          execution: execution.kind,
        },
      });
      if (execution.kind === 'job') await rt.queue.enqueue(trx, inserted.id);
      return inserted;
    });
  } catch (error) {
    if (error instanceof Refusal)
      return refuse(db, principal, systemId, error.decision.status, error.decision.code, error.message);
    throw error;
  }
  if (execution.kind === 'interactive') {
    await executeRun(rt, row.id, { inline: true, budgetMs: execution.budgetMs });
    const done = await db
      .selectFrom('runs')
      .select(['status', 'failure_reason'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    return { ...row, status: done.status, failureReason: done.failure_reason, url: `/api/runs/${row.id}` };
  }
  return { ...row, url: `/api/runs/${row.id}` };
}

/** Runs that count against a trial's cap: every run but those that failed before an output. */
async function countRuns(db: Kysely<DB>, systemId: string): Promise<number> {
  const row = await db
    .selectFrom('runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('system_id', '=', systemId)
    .where('status', '!=', 'failed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A run of the principal's force. With `input: false` its input is not read (the row's input
 * fields are null): a status check or a page that does not show the input never copies it out
 * of the database, which on the embedded database happens on the thread that answers HTTP.
 */
export async function runInForce(
  db: Kysely<DB>,
  principal: Principal,
  id: string,
  options: { input?: boolean } = {},
): Promise<Selectable<RunsTable>> {
  const run =
    options.input === false
      ? await db
          .selectFrom('runs')
          .select(RUN_COLUMNS_BUT_INPUT)
          .where('id', '=', id)
          .executeTakeFirst()
          .then((r) => r && { ...r, input: null, input_encrypted: null })
      : await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!run || run.force_id !== principal.forceId)
    throw errors.notFound(`Run ${id} in ${principal.forceName}`);
  return run;
}

export async function isOverseer(db: Kysely<DB>, systemId: string, personId: string): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('system_overseers')
      .select('person_id')
      .where('system_id', '=', systemId)
      .where('person_id', '=', personId)
      .executeTakeFirst(),
  );
}

/** Records that a named overseer opened a run for review (the start of review time). */
export async function markOpened(db: Kysely<DB>, runId: string, reviewerId: string): Promise<void> {
  await db
    .insertInto('review_views')
    .values({ run_id: runId, reviewer_id: reviewerId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface ReviewInput {
  decision: 'accepted' | 'amended' | 'rejected';
  reasons: string;
  amendedOutput?: unknown;
}

/** Hooks run inside the review transaction (over-reliance checks plug in here). */
export type AfterReview = (
  db: Kysely<DB>,
  review: { systemId: string; reviewerId: string; forceId: number },
) => Promise<void>;

/** A unique-index violation: the database refused a second review or decision for the same run. */
const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';

/**
 * A named overseer (not the person who ran it) accepts, amends or rejects an output with
 * reasons; only then is it released (or, for a risk score, passed to the named decision maker).
 * The run row is locked for the whole check-and-write, and the database allows one review per
 * run, so two reviews sent at once leave exactly one review and one ledger entry.
 */
export async function reviewRun(
  db: Kysely<DB>,
  principal: Principal,
  runId: string,
  input: ReviewInput,
  afterReview: AfterReview[] = [],
) {
  if (input.decision === 'amended' && input.amendedOutput === undefined) {
    throw errors.validation([{ path: 'amendedOutput', message: 'is required to amend an output' }]);
  }
  const result = await db
    .transaction()
    .execute(async (trx) => {
      const run = await lockRun(trx, principal, runId);
      const done = await trx
        .selectFrom('reviews')
        .select('id')
        .where('run_id', '=', runId)
        .executeTakeFirst();
      assertCan(principal, 'run.review', {
        overseer: await isOverseer(trx, run.system_id, principal.personId),
        requester: run.actor_id === principal.personId,
        reviewed: Boolean(done),
        runStatus: run.status,
      });
      if (input.decision === 'amended') {
        const module = findModule(run.module_id);
        const checked = module?.outputSchema.safeParse(input.amendedOutput);
        if (!checked?.success) {
          throw errors.validation(
            (checked?.error.issues ?? [{ path: [], message: 'no module to check it against' }]).map((i) => ({
              path: `amendedOutput${i.path.length ? `.${i.path.join('.')}` : ''}`,
              message: i.message,
            })),
          );
        }
      }
      const opened = await trx
        .selectFrom('review_views')
        .select('opened_at')
        .where('run_id', '=', runId)
        .where('reviewer_id', '=', principal.personId)
        .executeTakeFirst();
      const seconds = opened ? Math.max(0, (Date.now() - opened.opened_at.getTime()) / 1000) : 0;
      const status = reviewedState(input.decision, run.decision_maker_id !== null);
      move(run.status, status, 'overseer');
      await trx
        .insertInto('reviews')
        .values({
          force_id: principal.forceId,
          system_id: run.system_id,
          run_id: runId,
          reviewer_id: principal.personId,
          decision: input.decision,
          reasons: input.reasons,
          ...amendedColumns(
            // Bound to the handle when the services were built; needed only to seal.
            findModule(run.module_id)?.sealsOutput === true ? dataKeyOf(db) : Buffer.alloc(0),
            findModule(run.module_id)?.sealsOutput === true,
            run.reference,
            input.amendedOutput === undefined ? null : JSON.stringify(input.amendedOutput),
          ),
          seconds_spent: seconds,
        })
        .execute();
      await trx
        .updateTable('runs')
        .set({ status, ...(status === 'released' ? { released_at: new Date() } : {}) })
        .where('id', '=', runId)
        .execute();
      await appendEntry(trx, {
        forceId: principal.forceId,
        actorId: principal.personId,
        action: `run.${input.decision}`,
        subjectType: 'run',
        subjectId: runId,
        payload: {
          reference: run.reference,
          status,
          reasons: input.reasons,
          secondsSpent: Math.round(seconds),
          // What the reviewer changed is pinned here, however the amendment is stored.
          ...(input.amendedOutput === undefined
            ? {}
            : {
                amendedOutputSha256: createHash('sha256')
                  .update(canonicalJson(input.amendedOutput))
                  .digest('hex'),
              }),
        },
      });
      return { status, systemId: run.system_id, forceId: run.force_id };
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e))
        throw errors.conflict('already-reviewed', 'This output has already been reviewed.');
      throw e;
    });
  for (const hook of afterReview)
    await hook(db, { systemId: result.systemId, reviewerId: principal.personId, forceId: result.forceId });
  return { status: result.status };
}

/** The run, locked for the rest of the transaction, if it is in the person's force. */
async function lockRun(trx: Transaction<DB>, principal: Principal, runId: string) {
  const run = await trx.selectFrom('runs').selectAll().where('id', '=', runId).forUpdate().executeTakeFirst();
  if (!run || run.force_id !== principal.forceId)
    throw errors.notFound(`Run ${runId} in ${principal.forceName}`);
  return run;
}

/**
 * The named decision maker records their own decision and reasons on a reviewed risk score,
 * which may differ from it; only then is the run complete. Locked as reviews are.
 */
export async function recordDecision(
  db: Kysely<DB>,
  principal: Principal,
  runId: string,
  decision: string,
  reasons: string,
) {
  const problems = validateRiskDecision({ decisionMakerId: principal.personId, decision, reasons });
  await db
    .transaction()
    .execute(async (trx) => {
      const run = await lockRun(trx, principal, runId);
      assertCan(principal, 'run.decide', {
        decisionMaker: run.decision_maker_id === principal.personId,
        runStatus: run.status,
      });
      if (problems.length)
        throw errors.validation(problems.map((p) => ({ path: p.field, message: p.message })));
      move(run.status, 'released', 'decision-maker');
      await trx
        .updateTable('runs')
        .set({ status: 'released', released_at: new Date() })
        .where('id', '=', runId)
        .execute();
      await recordRunDecision(trx, principal, run, {
        kind: 'decision',
        decision,
        reasons,
        action: 'run.decision-recorded',
        payload: { decision },
      });
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e))
        throw errors.conflict('not-awaiting-decision', 'A decision has already been recorded for this run.');
      throw e;
    });
}

/** An officer records that they departed from a released output, and why. */
export async function recordDeparture(db: Kysely<DB>, principal: Principal, runId: string, reasons: string) {
  const run = await runInForce(db, principal, runId);
  assertCan(principal, 'run.depart', { runStatus: run.status });
  await db.transaction().execute((trx) =>
    recordRunDecision(trx, principal, run, {
      kind: 'departure',
      decision: 'departed',
      reasons,
      action: 'run.departed',
      payload: {},
    }),
  );
}

/** Writes a person's decision on a run (their own decision, or a departure) and its ledger entry. */
async function recordRunDecision(
  trx: Transaction<DB>,
  principal: Principal,
  run: { id: string; reference: string },
  d: { kind: 'decision' | 'departure'; decision: string; reasons: string; action: string; payload: object },
) {
  await trx
    .insertInto('run_decisions')
    .values({
      force_id: principal.forceId,
      run_id: run.id,
      person_id: principal.personId,
      kind: d.kind,
      decision: d.decision,
      reasons: d.reasons,
    })
    .execute();
  await appendEntry(trx, {
    forceId: principal.forceId,
    actorId: principal.personId,
    action: d.action,
    subjectType: 'run',
    subjectId: run.id,
    payload: { reference: run.reference, ...d.payload, reasons: d.reasons },
  });
}
