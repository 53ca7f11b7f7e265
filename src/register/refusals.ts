import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { assertCan } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { appendEntry } from '../ledger/service.ts';
import {
  type DecisionDef,
  findDecision,
  REASONS_MAX,
  REASONS_MIN,
  refusalEffectText,
  stageAfterRefusal,
} from './decisions.ts';
import { FORMS, type FormKind } from './forms.ts';
import type { EvidenceState } from './gates.ts';
import type { Stage } from './lifecycle.ts';
import { reviewEvidence, submitEvidence, systemInForce } from './service.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The decision a form carries, or 404 for a form that is not an approval or authorisation. */
export function decisionFor(form: string): DecisionDef {
  const d = findDecision(form);
  if (!d) throw errors.notFound(`An approval or authorisation called "${form}"`);
  return d;
}

/** Reasons are required: 10 to 5,000 characters once trimmed; the message names the field. */
export function checkReasons(reasons: string | undefined): string {
  const text = (reasons ?? '').trim();
  if (text.length < REASONS_MIN)
    throw errors.validation([
      { path: 'reasons', message: `Enter your reasons for refusing (at least ${REASONS_MIN} characters)` },
    ]);
  if (text.length > REASONS_MAX)
    throw errors.validation([
      {
        path: 'reasons',
        message: `Reasons must be ${REASONS_MAX.toLocaleString('en-GB')} characters or fewer`,
      },
    ]);
  return text;
}

/**
 * Refuses an approval or authorisation, with reasons. The refusal table (`decisions.ts`) decides
 * the effect: the system stays, or returns to the stage whose step must be redone; the forms to
 * redo count again only in a version written after the refusal. The refusal, any stage change
 * and the ledger entry commit together or not at all.
 */
export async function refuseDecision(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  form: string,
  given: string | undefined,
): Promise<{ from: Stage; to: Stage; effect: string }> {
  const d = decisionFor(form);
  const title = FORMS[d.form].title;
  assertCan(principal, 'decision.refuse', { step: { title, roles: d.roles } });
  const reasons = checkReasons(given);
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('ai_systems').select('id').where('id', '=', systemId).forUpdate().execute();
    const system = await systemInForce(trx, principal, systemId);
    const from = system.stage as Stage;
    if (!d.at.includes(from))
      throw errors.conflict(
        'wrong-stage',
        `The ${title} is decided at the ${d.at.join(' or ')} stage; this system is at ${from}.`,
      );
    // An approval refuses one exact version of someone else's form, pinned by its hash.
    let refused: { version: number; hash: string } | null = null;
    if (d.kind === 'approval') {
      const latest = await trx
        .selectFrom('evidence')
        .select(['id', 'version', 'hash', 'author_id'])
        .where('system_id', '=', systemId)
        .where('kind', '=', d.form)
        .orderBy('version', 'desc')
        .executeTakeFirst();
      if (!latest) throw errors.conflict('nothing-to-refuse', `No ${title} has been submitted yet.`);
      if (latest.author_id === principal.personId)
        throw errors.conflict(
          'separation-of-duties',
          `Separation of duties: you wrote this ${title}, so you cannot decide on it.`,
        );
      await trx
        .insertInto('approvals')
        .values({
          force_id: principal.forceId,
          evidence_id: latest.id,
          hash: latest.hash,
          approver_id: principal.personId,
          decision: 'rejected',
          reasons,
        })
        .execute();
      refused = { version: latest.version, hash: latest.hash };
    }
    const to = stageAfterRefusal(d, from);
    const now = new Date();
    await trx
      .insertInto('refusals')
      .values({
        force_id: principal.forceId,
        system_id: systemId,
        kind: d.form,
        reasons,
        redo: JSON.stringify(d.onRefusal.redo),
        from_stage: from,
        to_stage: to,
        actor_id: principal.personId,
      })
      .execute();
    if (to !== from) {
      await trx
        .updateTable('ai_systems')
        .set({ stage: to, previous_stage: from, stage_entered_at: now, updated_at: now })
        .where('id', '=', systemId)
        .execute();
      await trx
        .insertInto('stage_transitions')
        .values({
          force_id: principal.forceId,
          system_id: systemId,
          action: `refuse-${d.form}`,
          from_stage: from,
          to_stage: to,
          actor_id: principal.personId,
          reasons,
        })
        .execute();
    }
    const effect = refusalEffectText(d, from);
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'decision.refused',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: {
        kind: d.form,
        reasons,
        from,
        to,
        redo: [...d.onRefusal.redo],
        effect,
        ...(refused ? { version: refused.version, hash: refused.hash } : {}),
      },
    });
    return { from, to, effect };
  });
}

/** A system's refusals, oldest first, with who refused. */
export function refusalsOf(db: Q, systemId: string) {
  return db
    .selectFrom('refusals')
    .leftJoin('people', 'people.id', 'refusals.actor_id')
    .select([
      'refusals.kind',
      'refusals.reasons',
      'refusals.redo',
      'refusals.from_stage',
      'refusals.to_stage',
      'refusals.created_at',
      'people.name as actor_name',
    ])
    .where('refusals.system_id', '=', systemId)
    .orderBy('refusals.created_at')
    .execute();
}

/**
 * Marks the forms a refusal asks to be written again: a version from before the refusal no
 * longer counts (the gates treat it as missing).
 */
export function markRefused(
  evidence: Map<FormKind, EvidenceState>,
  refusals: ReadonlyArray<{ redo: unknown; created_at: Date }>,
): void {
  for (const r of refusals)
    for (const kind of r.redo as FormKind[]) {
      const e = evidence.get(kind);
      if (e && e.createdAt <= r.created_at) evidence.set(kind, { ...e, refused: true });
    }
}

/**
 * Gives an approval or authorisation: an approval approves the exact version named by its hash;
 * an authorisation is written by the decider (its `decision` field filled in as given).
 */
export async function approveDecision(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  form: string,
  given: {
    data?: unknown;
    version?: number | undefined;
    hash?: string | undefined;
    reasons?: string | undefined;
  },
): Promise<{ version: number; hash: string }> {
  const d = decisionFor(form);
  if (d.kind === 'approval') {
    if (!given.version || !given.hash)
      throw errors.validation([
        { path: 'version', message: 'Name the version and hash you approve (reload the form and try again)' },
      ]);
    await reviewEvidence(db, principal, systemId, d.form, {
      version: given.version,
      hash: given.hash,
      decision: 'approved',
      reasons: given.reasons?.trim() || 'Approved.',
    });
    return { version: given.version, hash: given.hash };
  }
  const example = FORMS[d.form].example as Record<string, unknown>;
  const data = given.data && typeof given.data === 'object' && !Array.isArray(given.data) ? given.data : {};
  return submitEvidence(db, principal, systemId, d.form, {
    ...data,
    ...('decision' in example ? { decision: example.decision } : {}),
  });
}
