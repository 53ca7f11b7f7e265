import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, TriageContactsTable } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import { assertCan } from '../../../identity/abilities.ts';
import type { Principal } from '../../../identity/model.ts';
import { openIncident } from '../../../incidents/service.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { runReference } from '../../../oversight/gateway.ts';
import { type RunRuntime, startRun } from '../../../oversight/runs.ts';
import { systemInForce } from '../../../register/service.ts';
import { decrypt, encrypt } from '../../../security/encryption.ts';
import { type Decision, decisionSchema, type Reason, type Route, routeRank } from '../types.ts';
import { type ContactQueue, queueOf, weeklyFigures } from './queue.ts';

type Row = Selectable<TriageContactsTable>;

/** The longest message a contact may add, and the most turns a contact may have. */
export const MAX_MESSAGE = 5000;
export const MAX_TURNS = 200;

/** What a handler sees of a contact: its words, route, reasons and place in the queue. */
export interface ContactView {
  id: string;
  reference: string;
  systemId: string;
  route: Route;
  topic: string | null;
  lang: string | null;
  interpreter: string | null;
  queue: ContactQueue | null;
  queuedAt: Date | null;
  status: Row['status'];
  turns: string[];
  reasons: Reason[];
  lastRunId: string | null;
  createdAt: Date;
}

const transcriptContext = (reference: string) => `triage-contact:${reference}`;
const reasonsContext = (reference: string) => `triage-reasons:${reference}`;

function present(key: Buffer, row: Row): ContactView {
  return {
    id: row.id,
    reference: row.reference,
    systemId: row.system_id,
    route: row.route,
    topic: row.topic,
    lang: row.lang,
    interpreter: row.interpreter,
    queue: row.queued_at ? queueOf(row.route, row.interpreter) : null,
    queuedAt: row.queued_at,
    status: row.status,
    turns: JSON.parse(decrypt(key, row.transcript_encrypted, transcriptContext(row.reference))) as string[],
    reasons: row.reasons_encrypted
      ? (JSON.parse(decrypt(key, row.reasons_encrypted, reasonsContext(row.reference))) as Reason[])
      : [],
    lastRunId: row.last_run_id,
    createdAt: row.created_at,
  };
}

export async function contactInForce(db: Kysely<DB>, principal: Principal, id: string): Promise<Row> {
  const row = await db.selectFrom('triage_contacts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.force_id !== principal.forceId)
    throw errors.notFound(`Contact ${id} in ${principal.forceName}`);
  return row;
}

export async function openContactView(
  rt: RunRuntime,
  principal: Principal,
  id: string,
): Promise<ContactView> {
  assertCan(principal, 'run.start');
  return present(rt.config.dataEncryptionKey, await contactInForce(rt.db, principal, id));
}

function checkText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw errors.validation([{ path: 'text', message: 'Enter the message' }]);
  if (trimmed.length > MAX_MESSAGE)
    throw errors.validation([
      { path: 'text', message: `A message must be ${MAX_MESSAGE} characters or fewer` },
    ]);
  return trimmed;
}

/**
 * Opens a contact with its first message and triages it at once (a run of the triage system,
 * inline): an escalated contact is in the handlers' queue before this returns.
 */
export async function startContact(
  rt: RunRuntime,
  principal: Principal,
  input: { systemId: string; text: string; lang?: string | undefined },
): Promise<ContactView> {
  assertCan(principal, 'run.start');
  const system = await systemInForce(rt.db, principal, input.systemId);
  if (system.module_id !== 'triage')
    throw errors.validation([{ path: 'systemId', message: 'Choose a system that runs 101 triage' }]);
  const text = checkText(input.text);
  const reference = runReference(randomBytes(8)).replace(/^R-/, 'T-');
  const row = await rt.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('triage_contacts')
      .values({
        force_id: principal.forceId,
        system_id: input.systemId,
        reference,
        created_by: principal.personId,
        lang: input.lang ?? null,
        transcript_encrypted: encrypt(
          rt.config.dataEncryptionKey,
          JSON.stringify([]),
          transcriptContext(reference),
        ),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'triage.contact.opened',
      subjectType: 'triage_contact',
      subjectId: inserted.id,
      payload: { reference, systemId: input.systemId },
    });
    return inserted;
  });
  return addTurn(rt, principal, row, text);
}

/** Adds a message to an open contact and triages the whole contact again. */
export async function addMessage(
  rt: RunRuntime,
  principal: Principal,
  id: string,
  input: { text: string },
): Promise<ContactView> {
  assertCan(principal, 'run.start');
  const row = await contactInForce(rt.db, principal, id);
  if (row.status === 'closed') throw errors.conflict('contact-closed', `Contact ${row.reference} is closed.`);
  if (row.turns >= MAX_TURNS)
    throw errors.validation([{ path: 'text', message: `A contact has at most ${MAX_TURNS} messages` }]);
  return addTurn(rt, principal, row, checkText(input.text));
}

async function addTurn(rt: RunRuntime, principal: Principal, row: Row, text: string): Promise<ContactView> {
  const key = rt.config.dataEncryptionKey;
  const turns = [...present(key, row).turns, text];
  const run = await startRun(rt, principal, row.system_id, {
    input: { turns: turns.map((t) => ({ text: t })), ...(row.lang ? { lang: row.lang } : {}) },
    purpose: `101 contact ${row.reference}, message ${turns.length}`,
  });
  const output = await rt.db
    .selectFrom('runs')
    .select(['output'])
    .where('id', '=', run.id)
    .executeTakeFirst();
  const parsed = decisionSchema.safeParse(output?.output ?? null);
  // No decision (refused, failed, over its time budget): a person takes the contact.
  const decision: Decision | null = parsed.success ? parsed.data : null;
  return rt.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('triage_contacts')
      .selectAll()
      .where('id', '=', row.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const next = nextState(locked, decision, run.failureReason ?? `The run ended ${run.status}.`);
    const escalated = routeRank(next.route) > routeRank(locked.route) || (next.queue && !locked.queued_at);
    const updated = await trx
      .updateTable('triage_contacts')
      .set({
        route: next.route,
        topic: next.topic,
        lang: next.lang,
        interpreter: next.interpreter,
        turns: turns.length,
        transcript_encrypted: encrypt(key, JSON.stringify(turns), transcriptContext(row.reference)),
        reasons_encrypted: encrypt(key, JSON.stringify(next.reasons), reasonsContext(row.reference)),
        last_run_id: run.id,
        queued_at: next.queue ? (locked.queued_at ?? new Date()) : null,
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (escalated) {
      await appendEntry(trx, {
        forceId: row.force_id,
        actorId: principal.personId,
        action: 'triage.contact.escalated',
        subjectType: 'triage_contact',
        subjectId: row.id,
        payload: {
          reference: row.reference,
          route: next.route,
          queue: next.queue,
          runId: run.id,
          turn: turns.length,
          // Which rules and classes fired, never the caller's words.
          reasons: next.reasons.map((r) => ({ kind: r.kind, id: r.id, route: r.route, turn: r.turn })),
          versions: decision?.versions ?? null,
        },
      });
    }
    return present(key, updated);
  });
}

interface State {
  route: Route;
  topic: string | null;
  lang: string | null;
  interpreter: string | null;
  reasons: Reason[];
  queue: ContactQueue | null;
}

/**
 * The contact after a triage decision: its route never falls (a later, calmer message does not
 * take a contact out of the queue), and a contact whose triage gave no decision goes to a person.
 */
export function nextState(
  current: Pick<Row, 'route' | 'topic' | 'lang' | 'interpreter'>,
  decision: Decision | null,
  failure: string,
): State {
  if (!decision) {
    const route: Route = routeRank(current.route) >= routeRank('human') ? current.route : 'human';
    const reason: Reason = {
      kind: 'carried',
      id: 'triage-failed',
      route: 'human',
      text: `Triage gave no decision (${failure}); a person takes the contact.`,
      words: [],
      turn: 0,
    };
    return { ...current, route, reasons: [reason], queue: queueOf(route, current.interpreter) };
  }
  const route = routeRank(decision.route) >= routeRank(current.route) ? decision.route : current.route;
  const interpreter = decision.interpreter ?? current.interpreter;
  return {
    route,
    topic: route === 'routine' ? decision.topic : null,
    lang: decision.lang,
    interpreter,
    reasons: decision.reasons,
    queue: queueOf(route, interpreter),
  };
}

/** The handlers' queue: open contacts waiting for a person, most urgent first, then longest waiting. */
export async function handlerQueue(rt: RunRuntime, principal: Principal): Promise<ContactView[]> {
  assertCan(principal, 'run.start');
  const rows = await rt.db
    .selectFrom('triage_contacts')
    .selectAll()
    .where('force_id', '=', principal.forceId)
    .where('status', '!=', 'closed')
    .where('queued_at', 'is not', null)
    .execute();
  return rows
    .map((r) => present(rt.config.dataEncryptionKey, r))
    .sort(
      (a, b) =>
        routeRank(b.route) - routeRank(a.route) ||
        (a.queuedAt?.getTime() ?? 0) - (b.queuedAt?.getTime() ?? 0),
    );
}

/** A handler takes a waiting contact, or closes it; each with its ledger entry. */
export async function setContactStatus(
  db: Kysely<DB>,
  principal: Principal,
  id: string,
  status: 'taken' | 'closed',
): Promise<void> {
  assertCan(principal, 'run.start');
  await db.transaction().execute(async (trx) => {
    const row = await lockContact(trx, principal, id);
    if (row.status === 'closed')
      throw errors.conflict('contact-closed', `Contact ${row.reference} is closed.`);
    if (row.status === status) return;
    await trx
      .updateTable('triage_contacts')
      .set({
        status,
        taken_by: status === 'taken' ? principal.personId : row.taken_by,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await appendEntry(trx, {
      forceId: row.force_id,
      actorId: principal.personId,
      action: `triage.contact.${status}`,
      subjectType: 'triage_contact',
      subjectId: id,
      payload: { reference: row.reference },
    });
  });
}

async function lockContact(trx: Transaction<DB>, principal: Principal, id: string): Promise<Row> {
  const row = await trx
    .selectFrom('triage_contacts')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.force_id !== principal.forceId)
    throw errors.notFound(`Contact ${id} in ${principal.forceName}`);
  return row;
}

export interface FlagInput {
  kind: 'missed' | 'false_alarm';
  /** For a miss: the route the contact should have had. */
  shouldBe?: 'human' | 'urgent' | 'emergency' | undefined;
  note: string;
}

/**
 * A handler says triage got a contact wrong. A miss (it should have escalated) opens an incident
 * for the system at once, owned by its product manager; a false alarm is counted. Both are in the
 * ledger and in the weekly figures.
 */
export async function flagContact(
  db: Kysely<DB>,
  principal: Principal,
  id: string,
  input: FlagInput,
): Promise<{ flagId: string; incident: { id: string; reference: string } | null }> {
  assertCan(principal, 'run.start');
  const note = input.note.trim();
  if (!note) throw errors.validation([{ path: 'note', message: 'Say what triage got wrong' }]);
  if (note.length > 2000)
    throw errors.validation([{ path: 'note', message: 'Keep the note to 2,000 characters or fewer' }]);
  if (input.kind === 'missed' && !input.shouldBe)
    throw errors.validation([{ path: 'shouldBe', message: 'Say which route the contact should have had' }]);
  return db.transaction().execute(async (trx) => {
    const row = await lockContact(trx, principal, id);
    if (input.kind === 'missed' && input.shouldBe && routeRank(row.route) >= routeRank(input.shouldBe))
      throw errors.conflict(
        'not-a-miss',
        `Contact ${row.reference} was already routed ${row.route}: that is not a miss for ${input.shouldBe}.`,
      );
    if (input.kind === 'false_alarm' && row.route === 'routine')
      throw errors.conflict('not-escalated', `Contact ${row.reference} was not escalated.`);
    const taken = await trx
      .selectFrom('triage_flags')
      .select('id')
      .where('contact_id', '=', id)
      .where('kind', '=', input.kind)
      .executeTakeFirst();
    if (taken) throw errors.conflict('already-flagged', `Contact ${row.reference} is already flagged.`);
    const incident =
      input.kind === 'missed'
        ? await openIncident(trx, {
            forceId: row.force_id,
            systemId: row.system_id,
            title: `101 triage missed a contact that should have been ${input.shouldBe}`,
            description: `Contact ${row.reference} was routed ${row.route}; a handler says it should have been ${input.shouldBe}. Handler's note: ${note}`,
            severity: input.shouldBe === 'human' ? 'minor' : 'serious',
            source: 'report',
            reportedBy: principal.personId,
          })
        : null;
    const flag = await trx
      .insertInto('triage_flags')
      .values({
        force_id: row.force_id,
        contact_id: id,
        run_id: row.last_run_id,
        kind: input.kind,
        should_be: input.shouldBe ?? null,
        note,
        flagged_by: principal.personId,
        incident_id: incident?.id ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendEntry(trx, {
      forceId: row.force_id,
      actorId: principal.personId,
      action: 'triage.contact.flagged',
      subjectType: 'triage_contact',
      subjectId: id,
      payload: {
        reference: row.reference,
        kind: input.kind,
        route: row.route,
        shouldBe: input.shouldBe ?? null,
        incident: incident?.reference ?? null,
      },
    });
    return { flagId: flag.id, incident };
  });
}

/** Recall and false alarms per week and language for one triage system (handlers' flags). */
export async function systemFigures(db: Kysely<DB>, principal: Principal, systemId: string) {
  assertCan(principal, 'incident.report');
  await systemInForce(db, principal, systemId);
  const contacts = await db
    .selectFrom('triage_contacts')
    .select(['id', 'created_at', 'lang', 'route'])
    .where('system_id', '=', systemId)
    .execute();
  const flags = await db
    .selectFrom('triage_flags')
    .innerJoin('triage_contacts', 'triage_contacts.id', 'triage_flags.contact_id')
    .select(['triage_flags.contact_id', 'triage_flags.kind'])
    .where('triage_contacts.system_id', '=', systemId)
    .execute();
  return weeklyFigures(
    contacts.map((c) => ({ id: c.id, createdAt: c.created_at, lang: c.lang, route: c.route })),
    flags.map((f) => ({ contactId: f.contact_id, kind: f.kind })),
  );
}
