import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { assertCan } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { canonicalJson } from '../ledger/merkle.ts';
import { appendEntry } from '../ledger/service.ts';
import { checkReasons } from '../register/refusals.ts';
import type { SystemRow } from '../register/repository.ts';
import { systemInForce } from '../register/service.ts';
import { type AtrsRecord, buildAtrsRecord, missingFields, PUBLIC_STAGES } from './atrs.ts';
import { atrsInputFor } from './repository.ts';

/**
 * Publication of a public record: a named person (the product manager or the AI lead) previews
 * the exact text, sees the checks, and approves that text by its SHA-256. The text and hash are
 * kept, the hash is pinned in the ledger entry, and the public pages serve exactly that text;
 * any later change to the record needs a new approval before the public sees it.
 */

export interface PublicationIssue {
  /** An error refuses approval; a warning is shown to the approver. */
  severity: 'error' | 'warning';
  /** The record path it concerns. */
  field: string;
  message: string;
}

/** What the checks read besides the record: the register's own words and the trial scope. */
export interface RegisterFacts {
  purpose: string;
  affectedGroups: readonly string[];
  trialStart: string | null;
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/**
 * Inconsistencies of a record, pure. Errors: a phase that is not published, dates out of order
 * (registered before published, trial before live), evidence that names none of the people the
 * register says the system affects (it was written for another system), and, for a live system,
 * any empty field. Warnings: evidence whose purpose or people differ from the register's, a
 * trial scope that starts before the system was registered, empty fields of a trial record.
 */
export function publicationChecks(record: AtrsRecord, register: RegisterFacts): PublicationIssue[] {
  const out: PublicationIssue[] = [];
  const error = (field: string, message: string) => out.push({ severity: 'error', field, message });
  const warning = (field: string, message: string) => out.push({ severity: 'warning', field, message });
  const l = record.lifecycle;
  const phase = record.tier1.phase;
  if (phase !== 'trial' && phase !== 'live')
    error(
      'tier1.phase',
      `Only systems in trial or live are published; this one is ${record.tier1.phaseTitle}.`,
    );
  if (l.publishedOn && l.publishedOn < l.registeredOn)
    error(
      'lifecycle.publishedOn',
      `Published on ${l.publishedOn}, before it was registered on ${l.registeredOn}.`,
    );
  if (l.trialFrom && l.trialFrom < l.registeredOn)
    error('lifecycle.trialFrom', `Trial from ${l.trialFrom}, before it was registered on ${l.registeredOn}.`);
  if (l.liveFrom && !l.trialFrom)
    error('lifecycle.trialFrom', `Live from ${l.liveFrom} with no trial before it.`);
  if (l.liveFrom && l.trialFrom && l.liveFrom < l.trialFrom)
    error('lifecycle.liveFrom', `Live from ${l.liveFrom}, before the trial started on ${l.trialFrom}.`);
  if (register.trialStart && register.trialStart < l.registeredOn)
    warning(
      'tier2.decisionMaking.frequencyAndScale.trialStart',
      `The trial scope starts on ${register.trialStart}, before the system was registered on ${l.registeredOn}.`,
    );
  const d = record.tier2.descriptionAndRationale;
  if (!d.affectedGroups.some((g) => register.affectedGroups.includes(g)))
    error(
      'tier2.descriptionAndRationale.affectedGroups',
      `The scoping form names ${d.affectedGroups.join(', ')} as affected; the register names ${register.affectedGroups.join(', ')}. None match: the evidence may be about another system.`,
    );
  else if (!same(d.affectedGroups, register.affectedGroups))
    warning(
      'tier2.descriptionAndRationale.affectedGroups',
      `The scoping form's people affected (${d.affectedGroups.join(', ')}) differ from the register's (${register.affectedGroups.join(', ')}).`,
    );
  if (d.purpose.trim() !== register.purpose.trim())
    warning(
      'tier2.descriptionAndRationale.purpose',
      `The scoping form's purpose ("${d.purpose}") differs from the register's ("${register.purpose}").`,
    );
  for (const field of missingFields(record)) {
    if (phase === 'live') error(field, 'A live system’s record must fill this field.');
    else warning(field, 'Not filled yet.');
  }
  return out;
}

/** The exact published text of a record (canonical JSON) and its SHA-256 in hex. */
export function publicationText(record: AtrsRecord): { text: string; sha256: string } {
  const text = canonicalJson(record);
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}

const today = () => new Date().toISOString().slice(0, 10);

/** The record as it would be published today, with its text, hash and checks. */
async function draft(db: Kysely<DB>, row: SystemRow) {
  const built = buildAtrsRecord(await atrsInputFor(db, row));
  const record: AtrsRecord = { ...built, lifecycle: { ...built.lifecycle, publishedOn: today() } };
  const scope = record.tier2.decisionMaking.frequencyAndScale;
  const issues = publicationChecks(record, {
    purpose: row.purpose,
    affectedGroups: row.affected_groups as string[],
    trialStart: scope?.trialStart ?? null,
  });
  return { record, ...publicationText(record), issues };
}

/** The latest approved publication of a system, or null. */
export async function latestPublication(db: Kysely<DB>, systemId: string) {
  const row = await db
    .selectFrom('publications')
    .innerJoin('people', 'people.id', 'publications.approved_by')
    .select([
      'publications.body',
      'publications.sha256',
      'publications.approved_at',
      'people.name as approver',
    ])
    .where('publications.system_id', '=', systemId)
    .orderBy('publications.approved_at', 'desc')
    .orderBy('publications.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** The approved text of a system's public record, as served to the public; null if none. */
export async function publishedRecord(db: Kysely<DB>, systemId: string): Promise<AtrsRecord | null> {
  const p = await latestPublication(db, systemId);
  return p ? (JSON.parse(p.body) as AtrsRecord) : null;
}

/** What the approver previews: the exact text, its hash, the checks, and what is published now. */
export async function previewPublication(db: Kysely<DB>, principal: Principal, systemId: string) {
  assertCan(principal, 'record.publish');
  const row = await systemInForce(db, principal, systemId);
  const d = await draft(db, row);
  const current = await latestPublication(db, systemId);
  return {
    system: { id: row.id, reference: row.reference, name: row.name, stage: row.stage },
    record: d.record,
    text: d.text,
    sha256: d.sha256,
    issues: d.issues,
    approvable: !d.issues.some((i) => i.severity === 'error'),
    published: current
      ? {
          sha256: current.sha256,
          approvedAt: current.approved_at.toISOString(),
          approvedBy: current.approver,
          upToDate: current.sha256 === d.sha256,
        }
      : null,
  };
}

/**
 * Locks the system and drafts its record again: the text decided on must be the one previewed
 * (same SHA-256), or nothing is decided.
 */
async function previewedDraft(trx: Transaction<DB>, principal: Principal, systemId: string, sha256: string) {
  await trx.selectFrom('ai_systems').select('id').where('id', '=', systemId).forUpdate().execute();
  const row = await systemInForce(trx, principal, systemId);
  const d = await draft(trx, row);
  if (d.sha256 !== sha256)
    throw errors.conflict(
      'record-changed',
      'The record changed since you previewed it (its SHA-256 differs); preview it again before deciding.',
      { sha256: d.sha256 },
    );
  return { row, d };
}

/**
 * Approves the exact text previewed (named by its SHA-256) for publication. Refused when the
 * record changed since the preview, while any check is an error (naming the fields), or when
 * the system is not in trial or live. The text, its hash and the approver are kept, and the
 * ledger entry pins the hash.
 */
export async function approvePublication(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  sha256: string,
): Promise<{ sha256: string; reference: string }> {
  assertCan(principal, 'record.publish');
  return db.transaction().execute(async (trx) => {
    const { row, d } = await previewedDraft(trx, principal, systemId, sha256);
    const blocking = d.issues.filter((i) => i.severity === 'error');
    if (blocking.length)
      throw errors.conflict(
        'record-inconsistent',
        `The record cannot be published until these are put right: ${blocking.map((i) => `${i.field}: ${i.message}`).join(' ')}`,
        { issues: blocking, fields: blocking.map((i) => i.field) },
      );
    if (!(PUBLIC_STAGES as readonly string[]).includes(row.stage))
      throw errors.conflict('not-public-stage', 'Only systems in trial or live are published.');
    await trx
      .insertInto('publications')
      .values({
        force_id: row.force_id,
        system_id: systemId,
        body: d.text,
        sha256: d.sha256,
        approved_by: principal.personId,
      })
      .execute();
    await appendEntry(trx, {
      forceId: row.force_id,
      actorId: principal.personId,
      action: 'record.published',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: { reference: row.reference, sha256: d.sha256, phase: d.record.tier1.phase },
    });
    return { sha256: d.sha256, reference: row.reference };
  });
}

/**
 * Refuses the exact text previewed (named by its SHA-256), with reasons: nothing new is
 * published, and the ledger entry pins the refused text's hash, the reasons and the effect. The
 * text approved earlier, if any, stays public.
 */
export async function refusePublication(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  sha256: string,
  given: string | undefined,
): Promise<{ sha256: string; effect: string }> {
  assertCan(principal, 'record.publish');
  const reasons = checkReasons(given);
  return db.transaction().execute(async (trx) => {
    const { row, d } = await previewedDraft(trx, principal, systemId, sha256);
    const current = await latestPublication(trx, systemId);
    const effect = current
      ? 'This text is not published; the text approved earlier stays public until a new one is approved.'
      : 'This text is not published; the record stays off the public pages until a text is approved.';
    await appendEntry(trx, {
      forceId: row.force_id,
      actorId: principal.personId,
      action: 'record.publication-refused',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: { reference: row.reference, sha256: d.sha256, reasons, effect },
    });
    return { sha256: d.sha256, effect };
  });
}
