import type { Kysely, Selectable } from 'kysely';
import type { Config } from '../config.ts';
import type { DB, RunsTable } from '../db/schema.ts';
import type { Principal } from '../identity/model.ts';
import { findModule } from '../modules/registry.ts';
import { decrypt } from '../security/encryption.ts';
import { storedAmendedOutput, storedRunInput, storedRunOutput } from './run-input.ts';
import { isOverseer, markOpened, runInForce } from './runs.ts';

/**
 * What leaves the service about a run, for the API and the pages alike. Input and case reference
 * only for the privileged (named overseers, the person who ran it, the named decision maker);
 * output and explanation for everyone in the force once released, and for the privileged before.
 */

export type RunRow = Selectable<RunsTable>;

/** What people may see of a run's input: as stored, or as its module presents it (`presentInput`). */
function shownInput(moduleId: string, input: unknown): unknown {
  const module = findModule(moduleId);
  if (!module?.presentInput || input === null) return input;
  const parsed = module.inputSchema.safeParse(input);
  return parsed.success ? module.presentInput(parsed.data) : null;
}

export interface RunAccess {
  overseer: boolean;
  /** Ran it. */
  requester: boolean;
  decisionMaker: boolean;
  /** May see the input and, before release, the output. */
  privileged: boolean;
}

export interface PresentedReview {
  decision: 'accepted' | 'amended' | 'rejected';
  reasons: string;
  amendedOutput: unknown;
  secondsSpent: number;
  by: string;
  at: string;
}

export interface PresentedDecision {
  kind: 'decision' | 'departure';
  decision: string;
  reasons: string;
  by: string;
  at: string;
}

export interface PresentedRun {
  id: string;
  reference: string;
  systemId: string;
  status: RunRow['status'];
  /** Share done (0 to 1) and the stage the module last reported, while queued or running. */
  progress: number;
  progressStage: string | null;
  /** Why a failed run failed, in words a person understands. */
  failureReason: string | null;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  purpose: string;
  module: { id: string; version: string; settings: unknown };
  inputFingerprint: string;
  input: unknown;
  caseReference: string | null;
  output: unknown;
  explanation: string | null;
  reviewMode: RunRow['review_mode'];
  needsReview: boolean;
  decisionMakerId: string | null;
  durationMs: number;
  energyWh: number;
  co2eG: number;
  createdAt: string;
  releasedAt: string | null;
  reviews: PresentedReview[];
  decisions: PresentedDecision[];
}

/** Who the principal is to this run. */
export async function runAccess(db: Kysely<DB>, principal: Principal, run: RunRow): Promise<RunAccess> {
  const overseer = await isOverseer(db, run.system_id, principal.personId);
  const requester = run.actor_id === principal.personId;
  const decisionMaker = run.decision_maker_id === principal.personId;
  return { overseer, requester, decisionMaker, privileged: overseer || requester || decisionMaker };
}

/** The run as the principal may see it (pure apart from decrypting what they may read). */
export async function presentRun(
  db: Kysely<DB>,
  config: Config,
  run: RunRow,
  access: RunAccess,
  options: OpenOptions = {},
): Promise<PresentedRun> {
  const reviews = await db
    .selectFrom('reviews')
    .innerJoin('people', 'people.id', 'reviews.reviewer_id')
    .select([
      'reviews.decision',
      'reviews.reasons',
      'reviews.amended_output',
      'reviews.amended_output_encrypted',
      'reviews.seconds_spent',
      'reviews.created_at',
      'people.name',
    ])
    .where('run_id', '=', run.id)
    .orderBy('reviews.created_at')
    .execute();
  const decisions = await db
    .selectFrom('run_decisions')
    .innerJoin('people', 'people.id', 'run_decisions.person_id')
    .select([
      'run_decisions.kind',
      'run_decisions.decision',
      'run_decisions.reasons',
      'run_decisions.created_at',
      'people.name',
    ])
    .where('run_id', '=', run.id)
    .orderBy('run_decisions.created_at')
    .execute();
  const { privileged } = access;
  // A risk output is read before its decision only by those who may review it (overseers other
  // than the person who asked for it) and its decision maker.
  const beforeRelease =
    run.decision_maker_id !== null
      ? (access.overseer && !access.requester) || access.decisionMaker
      : privileged;
  const visible = run.status === 'released' || beforeRelease;
  return {
    id: run.id,
    reference: run.reference,
    systemId: run.system_id,
    status: run.status,
    progress: Number(run.progress),
    progressStage: run.progress_stage,
    failureReason: run.failure_reason,
    attempts: run.attempts,
    startedAt: run.started_at?.toISOString() ?? null,
    finishedAt: run.finished_at?.toISOString() ?? null,
    purpose: run.purpose,
    module: { id: run.module_id, version: run.module_version, settings: run.settings },
    inputFingerprint: run.input_fingerprint,
    input:
      privileged && (options.withInput ?? true)
        ? shownInput(run.module_id, storedRunInput(config.dataEncryptionKey, run))
        : null,
    caseReference:
      privileged && run.case_reference_encrypted
        ? decrypt(config.dataEncryptionKey, run.case_reference_encrypted, `run-case:${run.reference}`)
        : null,
    output: visible ? storedRunOutput(config.dataEncryptionKey, run) : null,
    explanation: visible ? run.explanation : null,
    reviewMode: run.review_mode,
    needsReview: run.needs_review,
    decisionMakerId: run.decision_maker_id,
    durationMs: Number(run.duration_ms),
    energyWh: Number(run.energy_wh),
    co2eG: Number(run.co2e_g),
    createdAt: run.created_at.toISOString(),
    releasedAt: run.released_at?.toISOString() ?? null,
    reviews: reviews.map((r) => ({
      decision: r.decision,
      reasons: r.reasons,
      amendedOutput: storedAmendedOutput(config.dataEncryptionKey, run.reference, r),
      secondsSpent: Number(r.seconds_spent),
      by: r.name,
      at: r.created_at.toISOString(),
    })),
    decisions: decisions.map((d) => ({
      kind: d.kind,
      decision: d.decision,
      reasons: d.reasons,
      by: d.name,
      at: d.created_at.toISOString(),
    })),
  };
}

/**
 * Opens a run for the principal: finds it in their force, records that a named overseer opened it
 * (the start of their review time), and presents it.
 */
export interface OpenOptions {
  /**
   * Decrypt and include the input for those who may see it (default). The API leaves it out
   * unless asked: a status check should not copy a whole input of personal data each time.
   */
  withInput?: boolean;
}

export async function openRun(
  db: Kysely<DB>,
  config: Config,
  principal: Principal,
  id: string,
  options: OpenOptions = {},
) {
  const row = await runInForce(db, principal, id, { input: options.withInput ?? true });
  const access = await runAccess(db, principal, row);
  if (access.overseer) await markOpened(db, row.id, principal.personId);
  return { row, access, run: await presentRun(db, config, row, access, options) };
}

/** The output that stands: an amended output when the review amended it, else the module's own. */
export function effectiveOutput(run: Pick<PresentedRun, 'output' | 'reviews'>): unknown {
  const amended = run.reviews.find((r) => r.decision === 'amended');
  return amended && run.output !== null ? amended.amendedOutput : run.output;
}
