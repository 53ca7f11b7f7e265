import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import { assertCan } from '../../../identity/abilities.ts';
import type { Principal } from '../../../identity/model.ts';
import { appendEntry } from '../../../ledger/service.ts';
import type { RunRuntime } from '../../../oversight/runs.ts';
import { decrypt } from '../../../security/encryption.ts';
import { FRESH, type Queue } from '../engine.ts';
import { type ChatLang, phrase } from '../phrases.ts';
import { inQueueOrder } from './queue.ts';
import { checkText, closeRow, type Line, line, linesOf, notesContext, type Row, seal } from './service.ts';

/**
 * The people behind the chat: handlers (officers and staff who run AI systems) see the queue,
 * take a chat and write in it, hand it back or close it with notes, and flag wrong answers.
 */

export const OUTCOMES = [
  'answered',
  'crime-report-taken',
  'referred-to-999',
  'signposted',
  'lost-property',
  'no-further-action',
  'ended-by-caller',
] as const;

export interface HandlerView {
  id: string;
  reference: string;
  lang: string;
  status: Row['status'];
  route: string;
  queue: Queue | null;
  interpreter: string | null;
  queuedAt: Date | null;
  takenBy: string | null;
  takenByMe: boolean;
  lines: Line[];
  notes: string | null;
  outcome: string | null;
  rating: number | null;
  reasons: string[];
  createdAt: Date;
}

async function rowInForce(db: Kysely<DB> | Transaction<DB>, p: Principal, id: string, lock = false) {
  let q = db.selectFrom('assistant_conversations').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || row.force_id !== p.forceId) throw errors.notFound(`Conversation ${id} in ${p.forceName}`);
  return row;
}

function present(key: Buffer, p: Principal, row: Row, names: Map<string, string>): HandlerView {
  const lines = linesOf(key, row);
  return {
    id: row.id,
    reference: row.reference,
    lang: row.lang,
    status: row.status,
    route: row.route,
    queue: row.queue,
    interpreter: row.interpreter,
    queuedAt: row.queued_at,
    takenBy: row.taken_by ? (names.get(row.taken_by) ?? null) : null,
    takenByMe: row.taken_by === p.personId,
    lines,
    notes: row.notes_encrypted ? decrypt(key, row.notes_encrypted, notesContext(row.reference)) : null,
    outcome: row.outcome,
    rating: row.rating,
    // Why it is in the queue: triage's reasons on the latest escalated message, or the caller's ask.
    reasons:
      lines.findLast((l) => l.reasons?.length)?.reasons ??
      (row.queue ? ['The caller asked for a person.'] : []),
    createdAt: row.created_at,
  };
}

async function namesOf(db: Kysely<DB>, ids: Array<string | null>) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** What the caller sees of a handler: their first name. */
const firstName = (p: Principal) => p.name.split(/\s+/)[0] ?? p.name;

/** The chat, locked, when this handler has it; otherwise a conflict saying what to do. */
async function myChat(
  trx: Transaction<DB>,
  p: Principal,
  id: string,
  refusal: (reference: string) => string,
) {
  const row = await rowInForce(trx, p, id, true);
  if (row.status !== 'with-person' || row.taken_by !== p.personId)
    throw errors.conflict('not-yours', refusal(row.reference));
  return row;
}

/** The handlers' console: waiting conversations in the order to take them, and those with a person. */
export async function handlerQueue(rt: RunRuntime, p: Principal) {
  assertCan(p, 'run.start');
  const rows = await rt.db
    .selectFrom('assistant_conversations')
    .selectAll()
    .where('force_id', '=', p.forceId)
    .where('status', 'in', ['waiting', 'with-person'])
    .execute();
  const names = await namesOf(
    rt.db,
    rows.map((r) => r.taken_by),
  );
  const key = rt.config.dataEncryptionKey;
  const waitingRows = inQueueOrder(
    rows
      .filter((r) => r.status === 'waiting' && r.queue && r.queued_at)
      .map((r) => ({ ...r, queue: r.queue as Queue, queuedAt: r.queued_at as Date })),
  );
  return {
    waiting: waitingRows.map((r) => present(key, p, r, names)),
    withPerson: rows.filter((r) => r.status === 'with-person').map((r) => present(key, p, r, names)),
  };
}

export async function handlerView(rt: RunRuntime, p: Principal, id: string): Promise<HandlerView> {
  assertCan(p, 'run.start');
  const row = await rowInForce(rt.db, p, id);
  return present(rt.config.dataEncryptionKey, p, row, await namesOf(rt.db, [row.taken_by]));
}

/** A handler takes a waiting conversation (or one still with the assistant) and joins the chat. */
export async function takeConversation(rt: RunRuntime, p: Principal, id: string): Promise<void> {
  assertCan(p, 'run.start');
  const key = rt.config.dataEncryptionKey;
  await rt.db.transaction().execute(async (trx) => {
    const row = await rowInForce(trx, p, id, true);
    if (row.status === 'closed')
      throw errors.conflict('conversation-closed', `Conversation ${row.reference} has ended.`);
    if (row.status === 'with-person' && row.taken_by !== p.personId)
      throw errors.conflict('taken', `Conversation ${row.reference} is already with another handler.`);
    if (row.status === 'with-person') return;
    const lines = [
      ...linesOf(key, row),
      line('assistant', phrase(row.lang as ChatLang, 'withPerson', { name: firstName(p) })),
    ];
    await trx
      .updateTable('assistant_conversations')
      .set({
        transcript_encrypted: seal(key, row, lines, FRESH).transcript_encrypted,
        status: 'with-person',
        taken_by: p.personId,
        taken_at: new Date(),
        queued_at: row.queued_at ?? new Date(),
        handed_over: true,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await appendEntry(trx, {
      forceId: p.forceId,
      actorId: p.personId,
      action: 'assistant.conversation.taken',
      subjectType: 'assistant_conversation',
      subjectId: id,
      payload: { reference: row.reference, queue: row.queue },
    });
  });
}

/** The handler who took the conversation writes to the caller in the same chat. */
export async function handlerReply(rt: RunRuntime, p: Principal, id: string, text: unknown): Promise<void> {
  assertCan(p, 'run.start');
  const message = checkText(text);
  const key = rt.config.dataEncryptionKey;
  await rt.db.transaction().execute(async (trx) => {
    const row = await myChat(trx, p, id, (ref) => `Take conversation ${ref} before you reply.`);
    const lines = [...linesOf(key, row), line('handler', message, { name: firstName(p) })];
    await trx
      .updateTable('assistant_conversations')
      .set({
        transcript_encrypted: seal(key, row, lines, FRESH).transcript_encrypted,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
  });
}

/** The handler hands the conversation back to the assistant (the caller's question is answered). */
export async function handBack(rt: RunRuntime, p: Principal, id: string): Promise<void> {
  assertCan(p, 'run.start');
  const key = rt.config.dataEncryptionKey;
  await rt.db.transaction().execute(async (trx) => {
    const row = await myChat(
      trx,
      p,
      id,
      (ref) => `Only the handler with conversation ${ref} can hand it back.`,
    );
    const lines = [...linesOf(key, row), line('assistant', phrase(row.lang as ChatLang, 'thanks'))];
    await trx
      .updateTable('assistant_conversations')
      .set({
        ...seal(key, row, lines, FRESH),
        status: 'assistant',
        queue: null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await appendEntry(trx, {
      forceId: p.forceId,
      actorId: p.personId,
      action: 'assistant.conversation.handed-back',
      subjectType: 'assistant_conversation',
      subjectId: id,
      payload: { reference: row.reference },
    });
  });
}

/** The handler closes the conversation with its outcome and notes (notes sealed). */
export async function closeConversation(
  rt: RunRuntime,
  p: Principal,
  id: string,
  input: { outcome: unknown; notes?: unknown },
): Promise<void> {
  assertCan(p, 'run.start');
  const outcome = String(input.outcome ?? '');
  if (!(OUTCOMES as readonly string[]).includes(outcome))
    throw errors.validation([{ path: 'outcome', message: 'Choose the outcome' }]);
  const notes = typeof input.notes === 'string' ? input.notes.trim() : '';
  if (notes.length > 4000)
    throw errors.validation([{ path: 'notes', message: 'Keep the notes to 4,000 characters or fewer' }]);
  await rt.db.transaction().execute(async (trx) => {
    const row = await rowInForce(trx, p, id, true);
    if (row.status === 'closed')
      throw errors.conflict('conversation-closed', `Conversation ${row.reference} has ended.`);
    if (row.status === 'with-person' && row.taken_by !== p.personId)
      throw errors.conflict('not-yours', `Conversation ${row.reference} is with another handler.`);
    await closeRow(trx, rt.config.dataEncryptionKey, row, p.personId, outcome, notes || null);
  });
}

/**
 * A handler flags an answer the assistant gave as wrong: the flag goes to the article's owner
 * (on their knowledge-base page) and to the ledger.
 */
export async function flagAnswer(
  rt: RunRuntime,
  p: Principal,
  id: string,
  input: { article: unknown; note: unknown },
): Promise<{ owner: string }> {
  assertCan(p, 'run.start');
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (!note) throw errors.validation([{ path: 'note', message: 'Say what was wrong with the answer' }]);
  if (note.length > 2000)
    throw errors.validation([{ path: 'note', message: 'Keep the note to 2,000 characters or fewer' }]);
  const row = await rowInForce(rt.db, p, id);
  const [slug, version] = String(input.article ?? '').split('@');
  const cited = linesOf(rt.config.dataEncryptionKey, row).some((l) =>
    l.citations?.some((c) => c.article === slug && String(c.version) === version),
  );
  if (!cited)
    throw errors.validation([
      { path: 'article', message: 'Choose an answer the assistant gave in this conversation' },
    ]);
  const article = await rt.db
    .selectFrom('assistant_articles')
    .innerJoin('people', 'people.id', 'assistant_articles.owner_id')
    .select(['assistant_articles.id', 'owner_id', 'people.name'])
    .where('assistant_articles.force_id', '=', p.forceId)
    .where('slug', '=', slug!)
    .where('version', '=', Number(version))
    .executeTakeFirstOrThrow();
  await rt.db.transaction().execute(async (trx) => {
    const flag = await trx
      .insertInto('assistant_answer_flags')
      .values({
        force_id: p.forceId,
        conversation_id: id,
        article_id: article.id,
        owner_id: article.owner_id,
        note,
        flagged_by: p.personId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendEntry(trx, {
      forceId: p.forceId,
      actorId: p.personId,
      action: 'assistant.answer.flagged',
      subjectType: 'assistant_article',
      subjectId: article.id,
      payload: {
        flag: flag.id,
        conversation: row.reference,
        article: slug,
        version: Number(version),
        owner: article.owner_id,
      },
    });
  });
  return { owner: article.name };
}
