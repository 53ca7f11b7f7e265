import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { AppError, errors } from '../http/errors.ts';
import type { Principal } from '../identity/model.ts';
import { rolesAt } from '../identity/repository.ts';
import { canonicalJson } from '../ledger/merkle.ts';
import { appendEntry } from '../ledger/service.ts';
import { encryptsInput } from '../modules/contract.ts';
import { findModule, monitoredValues } from '../modules/registry.ts';
import { validateRiskDecision } from '../modules/risk/index.ts';
import { latestEvidence } from '../register/repository.ts';
import { systemInForce } from '../register/service.ts';
import { encrypt } from '../security/encryption.ts';
import { gateway, runReference, type TrialScope } from './gateway.ts';

export interface RunRequest {
  input: unknown;
  purpose: string;
  caseReference?: string | undefined;
  team?: string | undefined;
  area?: string | undefined;
  decisionMakerId?: string | undefined;
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

/**
 * The gateway every AI module runs through: checks the system's stage and trial scope and the
 * person's role, runs the module, and stores the run (input fingerprint, input encrypted when
 * personal or sensitive, output, explanation, version, settings, time, energy) with its ledger
 * entry. The output then waits for a named reviewer (or is sampled for review after the fact).
 */
export async function startRun(
  db: Kysely<DB>,
  config: Config,
  principal: Principal,
  systemId: string,
  req: RunRequest,
) {
  const system = await systemInForce(db, principal, systemId);
  const module = findModule(system.module_id);
  const evidence = await latestEvidence(db, systemId);
  const scope = (evidence.get('trial-scope')?.data as TrialScope | undefined) ?? null;
  const runsSoFar = Number(
    (
      await db
        .selectFrom('runs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('system_id', '=', systemId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const needsDecisionMaker = system.use_case === 'reoffending-risk';
  const decisionMakerValid =
    !!req.decisionMakerId && (await rolesAt(db, req.decisionMakerId, principal.forceId)).includes('officer');
  const gate = gateway({
    stage: system.stage,
    moduleKnown: Boolean(module),
    roles: principal.roles,
    scope,
    runsSoFar,
    team: req.team,
    area: req.area,
    today: londonDay(new Date()),
    needsDecisionMaker,
    decisionMakerValid,
  });
  if (!gate.ok || !module) {
    return refuse(
      db,
      principal,
      systemId,
      gate.ok ? 409 : gate.status,
      gate.ok ? 'no-module' : gate.code,
      gate.ok ? 'No module.' : gate.message,
    );
  }

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

  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let result: ReturnType<typeof module.run>;
  try {
    result = module.run(input.data, settings.data);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw errors.validation([{ path: 'input', message }]);
  }
  const durationMs = Number(process.hrtime.bigint() - t0) / 1e6;
  attachLatestAudit(result.output, evidence.get('validation-report'), systemId);
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const energyWh = (cpuMs / 3_600_000) * config.runWatts;
  const co2eG = (energyWh / 1000) * config.gridIntensity;

  const reference = runReference(randomBytes(8));
  const fingerprint = createHash('sha256')
    .update(canonicalJson(JSON.parse(JSON.stringify(input.data))))
    .digest('hex');
  const sampled = system.review_mode === 'sampled';
  const needsReview = !sampled || Boolean(result.risky) || Math.random() < Number(system.review_sample_rate);
  const status = sampled ? 'released' : 'awaiting_review';
  const monitored = monitoredValues(module.id, input.data, result.output);
  const sealed = encryptsInput(module);

  return db.transaction().execute(async (trx) => {
    const row = await trx
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
          ? encrypt(config.dataEncryptionKey, JSON.stringify(input.data), `run-input:${reference}`)
          : null,
        input: sealed ? null : JSON.stringify(input.data),
        output: JSON.stringify(result.output),
        explanation: result.explanation,
        module_id: module.id,
        module_version: module.version,
        settings: JSON.stringify(settings.data),
        duration_ms: durationMs,
        cpu_ms: cpuMs,
        energy_wh: energyWh,
        co2e_g: co2eG,
        minutes_saved: Number(system.expected_minutes_saved),
        review_mode: system.review_mode,
        needs_review: needsReview,
        risky: Boolean(result.risky),
        decision_maker_id: needsDecisionMaker ? req.decisionMakerId! : null,
        status,
        monitored: JSON.stringify(monitored),
        released_at: status === 'released' ? new Date() : null,
      })
      .returning(['id', 'reference', 'status'])
      .executeTakeFirstOrThrow();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'run.created',
      subjectType: 'run',
      subjectId: row.id,
      payload: {
        systemId,
        reference,
        inputFingerprint: fingerprint,
        module: `${module.id}@${module.version}`,
        status,
        needsReview,
      },
    });
    return { id: row.id, reference: row.reference, status: row.status, needsReview };
  });
}

/**
 * A risk output is always shown with the latest audit of the model: the bias audit attached to
 * the system's validation report (the gate that lets a risk system into trial requires it).
 */
function attachLatestAudit(
  output: unknown,
  report: { createdAt: Date; data: unknown; version: number } | undefined,
  systemId: string,
) {
  const o = output as Record<string, unknown>;
  if (!o || typeof o !== 'object' || !('latestAudit' in o) || o.latestAudit) return;
  const audit = (report?.data as { biasAudit?: string } | undefined)?.biasAudit;
  o.latestAudit = audit
    ? {
        auditedAt: report!.createdAt.toISOString(),
        summary: audit,
        reportRef: `/systems/${systemId}/evidence/validation-report (version ${report!.version})`,
      }
    : null;
}

export async function runInForce(db: Kysely<DB>, principal: Principal, id: string) {
  const run = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
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

/**
 * A named overseer (not the person who ran it) accepts, amends or rejects an output with
 * reasons; only then is it released (or, for a risk score, passed to the named decision maker).
 */
export async function reviewRun(
  db: Kysely<DB>,
  principal: Principal,
  runId: string,
  input: ReviewInput,
  afterReview: AfterReview[] = [],
) {
  const run = await runInForce(db, principal, runId);
  if (!(await isOverseer(db, run.system_id, principal.personId))) {
    throw errors.forbidden('Only the named human overseers of this system may review its outputs.');
  }
  if (run.actor_id === principal.personId) {
    throw errors.conflict('separation-of-duties', 'You ran this output, so someone else must review it.');
  }
  const done = await db.selectFrom('reviews').select('id').where('run_id', '=', runId).executeTakeFirst();
  if (done) throw errors.conflict('already-reviewed', 'This output has already been reviewed.');
  if (input.decision === 'amended' && input.amendedOutput === undefined) {
    throw errors.validation([{ path: 'amendedOutput', message: 'is required to amend an output' }]);
  }
  const opened = await db
    .selectFrom('review_views')
    .select('opened_at')
    .where('run_id', '=', runId)
    .where('reviewer_id', '=', principal.personId)
    .executeTakeFirst();
  const seconds = opened ? Math.max(0, (Date.now() - opened.opened_at.getTime()) / 1000) : 0;
  const isRisk = run.decision_maker_id !== null;
  const status =
    input.decision === 'rejected'
      ? 'rejected'
      : run.status === 'released'
        ? 'released'
        : isRisk
          ? 'awaiting_decision'
          : 'released';
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('reviews')
      .values({
        force_id: principal.forceId,
        system_id: run.system_id,
        run_id: runId,
        reviewer_id: principal.personId,
        decision: input.decision,
        reasons: input.reasons,
        amended_output: input.amendedOutput === undefined ? null : JSON.stringify(input.amendedOutput),
        seconds_spent: seconds,
      })
      .execute();
    await trx
      .updateTable('runs')
      .set({ status, ...(status === 'released' && !run.released_at ? { released_at: new Date() } : {}) })
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
      },
    });
  });
  for (const hook of afterReview)
    await hook(db, { systemId: run.system_id, reviewerId: principal.personId, forceId: run.force_id });
  return { status };
}

/**
 * The named decision maker records their own decision and reasons on a reviewed risk score,
 * which may differ from it; only then is the run complete.
 */
export async function recordDecision(
  db: Kysely<DB>,
  principal: Principal,
  runId: string,
  decision: string,
  reasons: string,
) {
  const run = await runInForce(db, principal, runId);
  if (run.decision_maker_id !== principal.personId) {
    throw errors.forbidden('Only the named decision maker for this risk score may record the decision.');
  }
  if (run.status !== 'awaiting_decision') {
    throw errors.conflict(
      'not-awaiting-decision',
      `This run is ${run.status.replace('_', ' ')}; a decision is recorded after review.`,
    );
  }
  const problems = validateRiskDecision({ decisionMakerId: principal.personId, decision, reasons });
  if (problems.length) throw errors.validation(problems.map((p) => ({ path: p.field, message: p.message })));
  await db.transaction().execute(async (trx) => {
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
  });
}

/** An officer records that they departed from a released output, and why. */
export async function recordDeparture(db: Kysely<DB>, principal: Principal, runId: string, reasons: string) {
  const run = await runInForce(db, principal, runId);
  if (run.status !== 'released')
    throw errors.conflict('not-released', 'Departures are recorded against released outputs.');
  if (!principal.roles.includes('officer'))
    throw errors.forbidden('Only officers and staff record departures.');
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
