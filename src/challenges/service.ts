import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { AppError, errors } from '../http/errors.ts';
import type { Principal } from '../identity/model.ts';
import { findForceBySlug } from '../identity/repository.ts';
import { shortReference } from '../incidents/model.ts';
import { openIncident } from '../incidents/service.ts';
import { appendEntry } from '../ledger/service.ts';
import { queueMail } from '../mail/outbox.ts';
import { isOverseer } from '../oversight/runs.ts';
import { decrypt, encrypt } from '../security/encryption.ts';
import { formatDay, type Lang, translator, withLang } from '../web/i18n/index.ts';
import { type ChallengeInput, type DecisionInput, handlerRefusal, isDecided, publicStatus } from './model.ts';
import { ANSWER_WORKING_DAYS, answerDueBy } from './service-standard.ts';

/** Encryption contexts: each sealed value is bound to its challenge and its field. */
export const descriptionContext = (reference: string) => `challenge-description:${reference}`;
export const contactContext = (reference: string) => `challenge-contact:${reference}`;

/**
 * Records a challenge from the public. With a run reference, the force and system come from the
 * run; without one, the person chose the force. The description and contact are encrypted at
 * rest and appear in no log and no ledger entry.
 */
export async function submitChallenge(
  db: Kysely<DB>,
  key: Buffer,
  input: ChallengeInput,
  options: SubmitOptions = {},
): Promise<{ reference: string; status: string; acknowledged: boolean }> {
  let target: { forceId: number; systemId: string | null; runId: string | null };
  if (input.runReference) {
    const run = await db
      .selectFrom('runs')
      .select(['id', 'force_id', 'system_id'])
      .where('reference', '=', input.runReference)
      .executeTakeFirst();
    if (!run)
      throw errors.validation([
        {
          path: 'runReference',
          message: `No AI output has the reference ${input.runReference}. Check it, or leave it empty and choose the police force`,
        },
      ]);
    target = { forceId: run.force_id, systemId: run.system_id, runId: run.id };
  } else {
    const force = input.force ? await findForceBySlug(db, input.force) : undefined;
    if (!force?.onboarded_at)
      throw errors.validation([{ path: 'force', message: 'Select the police force' }]);
    target = { forceId: force.id, systemId: null, runId: null };
  }
  const reference = shortReference('C');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('challenges')
      .values({
        force_id: target.forceId,
        system_id: target.systemId,
        run_id: target.runId,
        reference,
        description_encrypted: encrypt(key, input.description, descriptionContext(reference)),
        contact_encrypted: input.contact ? encrypt(key, input.contact, contactContext(reference)) : null,
      })
      .returning(['id', 'status', 'created_at'])
      .executeTakeFirstOrThrow();
    const email = options.acknowledgeAt ? acknowledgementAddress(input.contact) : null;
    if (email && options.acknowledgeAt)
      await queueMail(trx, key, {
        forceId: target.forceId,
        kind: 'challenge.acknowledgement',
        subjectId: row.id,
        to: email,
        ...acknowledgement(reference, row.created_at, options.acknowledgeAt, options.lang ?? 'en'),
      });
    await appendEntry(trx, {
      forceId: target.forceId,
      actorId: null,
      action: 'challenge.received',
      subjectType: 'challenge',
      subjectId: row.id,
      payload: { reference, systemId: target.systemId, runId: target.runId, acknowledged: email !== null },
    });
    return { reference, status: row.status, acknowledged: email !== null };
  });
}

export interface SubmitOptions {
  /**
   * The service's public address: when given (mail is on), a challenge whose contact is an
   * e-mail address is acknowledged by e-mail.
   */
  acknowledgeAt?: string | null;
  /** The language the person challenged in: the acknowledgement is written in it (default English). */
  lang?: Lang;
}

/** Where acknowledgements link to, or null when mail is off. */
export const acknowledgeAt = (config: { mailTransport: string; publicUrl: string }) =>
  config.mailTransport === 'none' ? null : config.publicUrl;

/** The contact details as an e-mail address, when that is what they are. */
export function acknowledgementAddress(contact: string | undefined): string | null {
  const c = contact?.trim();
  return c && z.email().safeParse(c).success ? c : null;
}

/** The acknowledgement e-mail, in the person's language: reference, dates and where else to go. */
export function acknowledgement(reference: string, receivedAt: Date, publicUrl: string, lang: Lang = 'en') {
  const t = translator(lang);
  return {
    subject: t('challenge.email.subject', { reference }),
    text: t('challenge.email.body', {
      reference,
      received: formatDay(receivedAt, lang),
      answerBy: formatDay(answerDueBy(receivedAt), lang),
      days: ANSWER_WORKING_DAYS,
      statusUrl:
        lang === 'en' ? `${publicUrl}/challenge/status` : withLang(`${publicUrl}/challenge/status`, lang),
    }),
  };
}

/** The status of a challenge by its reference: what the person who challenged may see. */
export async function challengeStatus(db: Kysely<DB>, reference: string) {
  const row = await db
    .selectFrom('challenges')
    .select(['reference', 'status', 'outcome_reasons', 'decided_at', 'created_at'])
    .where('reference', '=', reference)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`A challenge with the reference ${reference}`);
  return publicStatus(row);
}

export async function challengeInForce(db: Kysely<DB>, principal: Principal, id: string) {
  const row = await db
    .selectFrom('challenges as c')
    .leftJoin('ai_systems as s', 's.id', 'c.system_id')
    .leftJoin('runs as r', 'r.id', 'c.run_id')
    .leftJoin('people as h', 'h.id', 'c.handler_id')
    .leftJoin('incidents as i', 'i.id', 'c.incident_id')
    .selectAll('c')
    .select([
      's.name as system_name',
      's.reference as system_reference',
      'r.reference as run_reference',
      'r.actor_id as run_actor_id',
      'h.name as handler_name',
      'i.reference as incident_reference',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row || row.force_id !== principal.forceId)
    throw errors.notFound(`Challenge ${id} in ${principal.forceName}`);
  return row;
}
export type ChallengeRow = Awaited<ReturnType<typeof challengeInForce>>;

async function reviewersOf(db: Kysely<DB>, runId: string | null): Promise<string[]> {
  if (!runId) return [];
  const rows = await db.selectFrom('reviews').select('reviewer_id').where('run_id', '=', runId).execute();
  return rows.map((r) => r.reviewer_id);
}

/** Why this person may not decide this challenge, or null when they may. */
export async function handlerProblem(db: Kysely<DB>, principal: Principal, c: ChallengeRow) {
  return handlerRefusal({
    roles: principal.roles,
    personId: principal.personId,
    overseer: c.system_id ? await isOverseer(db, c.system_id, principal.personId) : false,
    reviewerIds: await reviewersOf(db, c.run_id),
    runActorId: c.run_actor_id,
    status: c.status,
  });
}

/** The description and contact, decrypted, for someone who may handle the challenge. */
export function openSealed(key: Buffer, c: ChallengeRow) {
  return {
    description: decrypt(key, c.description_encrypted, descriptionContext(c.reference)),
    contact: c.contact_encrypted ? decrypt(key, c.contact_encrypted, contactContext(c.reference)) : null,
  };
}

/**
 * A handler who did not review or ask for the original output records the outcome and
 * reasons; an upheld (or any) challenge can open an incident. One transaction, with the ledger.
 */
export async function decideChallenge(
  db: Kysely<DB>,
  principal: Principal,
  id: string,
  input: DecisionInput,
) {
  const c = await challengeInForce(db, principal, id);
  const refusal = await handlerProblem(db, principal, c);
  if (refusal) throw new AppError(refusal.status, refusal.code, 'Not allowed', refusal.message);
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('challenges')
      .select('status')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (isDecided(current.status))
      throw errors.conflict('already-decided', 'This challenge has already been decided.');
    const incident = input.incident
      ? await openIncident(trx, {
          forceId: c.force_id,
          systemId: c.system_id,
          title: input.incident.title,
          description: `Opened from challenge ${c.reference} (${input.outcome === 'upheld' ? 'upheld' : 'not upheld'}): ${input.reasons}`,
          severity: input.incident.severity,
          source: 'challenge',
          reportedBy: principal.personId,
        })
      : null;
    await trx
      .updateTable('challenges')
      .set({
        status: input.outcome,
        handler_id: principal.personId,
        outcome_reasons: input.reasons,
        incident_id: incident?.id ?? null,
        decided_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await appendEntry(trx, {
      forceId: c.force_id,
      actorId: principal.personId,
      action: `challenge.${input.outcome}`,
      subjectType: 'challenge',
      subjectId: id,
      payload: {
        reference: c.reference,
        runId: c.run_id,
        reasons: input.reasons,
        incidentId: incident?.id ?? null,
      },
    });
    return { status: input.outcome, incident };
  });
}
