import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AssistantConversationsTable, DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { runReference } from '../../../oversight/gateway.ts';
import { type RunRuntime, startRun } from '../../../oversight/runs.ts';
import { decrypt, encrypt } from '../../../security/encryption.ts';
import { type ChatState, chatStateSchema, FRESH, type Queue } from '../engine.ts';
import { indexesOf } from '../knowledge/service.ts';
import {
  type AssistantInput,
  type AssistantSettings,
  assistantSettingsSchema,
  assistantTurn,
} from '../module.ts';
import { type ChatLang, phrase } from '../phrases.ts';
import { checkCrime } from './crime-check.ts';
import { higherQueue, openAt, placeOf } from './queue.ts';

export type Row = Selectable<AssistantConversationsTable>;

export const MAX_MESSAGE = 2000;
export const MAX_TURNS = 200;

/** One line of a conversation as the caller and the handler see it. */
export interface Line {
  from: 'caller' | 'assistant' | 'handler';
  text: string;
  at: string;
  /** The handler's name, on their lines. */
  name?: string;
  citations?: Array<{ article: string; version: number; title: string }>;
  route?: string;
  /** Why triage escalated, on the assistant's line that answered an escalated message. */
  reasons?: string[];
  runId?: string;
}

export interface Place {
  queue: Queue;
  position: number;
  minutes: number;
}

/** What the caller is told after each message. */
export interface Reply {
  text: string;
  lang: ChatLang;
  route: string;
  citations: Array<{ article: string; title: string }>;
  handoff: { queue: Queue; position: number; minutes: number } | null;
  status: Row['status'];
}

const transcriptContext = (ref: string) => `assistant-transcript:${ref}`;
const stateContext = (ref: string) => `assistant-state:${ref}`;
export const notesContext = (ref: string) => `assistant-notes:${ref}`;
const lostContext = (ref: string) => `assistant-lost:${ref}`;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** The force's public channel, the assistant's 101 chat: its system and settings. */
export interface Channel {
  forceId: number;
  forceSlug: string;
  forceName: string;
  systemId: string;
  systemReference: string;
  settings: AssistantSettings;
  principal: Principal;
}

const CHANNEL_EMAIL = (slug: string) => `web-chat@${slug}.bluelamp.invalid`;

/**
 * The force's 101 chat: its assistant system (live, else on trial) and the account the chat runs
 * under. That account is a record of who acted ("101 web chat, for a member of the public"); it
 * is disabled, holds no password and can never sign in.
 */
export async function channelOf(db: Kysely<DB>, forceSlug: string): Promise<Channel> {
  const force = await db
    .selectFrom('forces')
    .select(['id', 'slug', 'name', 'onboarded_at'])
    .where('slug', '=', forceSlug)
    .executeTakeFirst();
  if (!force?.onboarded_at) throw errors.notFound(`The force "${forceSlug}"`);
  const system = await db
    .selectFrom('ai_systems')
    .select(['id', 'reference', 'stage', 'module_settings'])
    .where('force_id', '=', force.id)
    .where('module_id', '=', 'assistant')
    .where('stage', 'in', ['live', 'trial'])
    .orderBy('stage')
    .executeTakeFirst();
  if (!system) throw errors.notFound(`A 101 chat at ${force.name}`);
  const person = await channelAccount(db, force.id, force.slug);
  const settings = assistantSettingsSchema.parse(system.module_settings ?? {});
  return {
    forceId: force.id,
    forceSlug: force.slug,
    forceName: force.name,
    systemId: system.id,
    systemReference: system.reference,
    settings,
    principal: {
      personId: person.id,
      name: person.name,
      email: CHANNEL_EMAIL(force.slug),
      forceId: force.id,
      forceSlug: force.slug,
      forceName: force.name,
      roles: ['officer'],
      sessionId: '',
      csrfToken: '',
    },
  };
}

export function seal(key: Buffer, row: Pick<Row, 'reference'>, lines: Line[], state: ChatState) {
  return {
    transcript_encrypted: encrypt(key, JSON.stringify(lines), transcriptContext(row.reference), {
      compress: true,
    }),
    state_encrypted: encrypt(key, JSON.stringify(state), stateContext(row.reference)),
  };
}
export const linesOf = (key: Buffer, row: Row): Line[] =>
  row.purged_at
    ? []
    : (JSON.parse(decrypt(key, row.transcript_encrypted, transcriptContext(row.reference))) as Line[]);
const stateOf = (key: Buffer, row: Row): ChatState =>
  chatStateSchema.parse(JSON.parse(decrypt(key, row.state_encrypted, stateContext(row.reference))));

export const line = (from: Line['from'], text: string, extra: Partial<Line> = {}): Line => ({
  from,
  text,
  at: new Date().toISOString(),
  ...extra,
});

/**
 * The account the force's chat runs under, created the first time the chat is used: a person
 * holding the officer role (so it may run the assistant, as a handler may) who is disabled and
 * has no password, so no one can sign in as it. An administrator posts it to a team or area like
 * anyone else, for a trial's scope.
 */
export async function channelAccount(db: Kysely<DB>, forceId: number, slug: string) {
  const email = CHANNEL_EMAIL(slug);
  const found = await db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (found) return found;
  // Two first chats at once may both try to create the account: the second finds the first's.
  const created = await db
    .transaction()
    .execute(async (trx) => {
      const person = await trx
        .insertInto('people')
        .values({
          email,
          name: '101 web chat (for a member of the public)',
          password_hash: '!disabled',
          disabled_at: new Date(),
        })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('role_assignments')
        .values({ person_id: person.id, force_id: forceId, role: 'officer', granted_by: null })
        .execute();
      await appendEntry(trx, {
        forceId,
        actorId: null,
        action: 'person.created',
        subjectType: 'person',
        subjectId: person.id,
        payload: { roles: ['officer'], account: '101 web chat', signIn: 'disabled' },
      });
      return person;
    })
    .catch(() => undefined);
  return (
    created ??
    db.selectFrom('people').select(['id', 'name']).where('email', '=', email).executeTakeFirstOrThrow()
  );
}

/** Starts a conversation: the first message says it is an automated assistant, and what it cannot do. */
export async function startConversation(
  rt: RunRuntime,
  channel: Channel,
  lang: ChatLang,
): Promise<{ id: string; reference: string; token: string; lines: Line[] }> {
  const token = randomBytes(24).toString('base64url');
  const reference = runReference(randomBytes(8)).replace(/^R-/, 'C-');
  const lines = [line('assistant', phrase(lang, 'greeting'))];
  const retainUntil = new Date(Date.now() + channel.settings.retentionDays * 86_400_000);
  const id = await rt.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('assistant_conversations')
      .values({
        force_id: channel.forceId,
        system_id: channel.systemId,
        reference,
        token_sha256: sha(token),
        lang,
        retain_until: retainUntil,
        ...seal(rt.config.dataEncryptionKey, { reference }, lines, FRESH),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendEntry(trx, {
      forceId: channel.forceId,
      actorId: channel.principal.personId,
      action: 'assistant.conversation.started',
      subjectType: 'assistant_conversation',
      subjectId: row.id,
      payload: { reference, systemId: channel.systemId, lang, retainUntil: retainUntil.toISOString() },
    });
    return row.id;
  });
  return { id, reference, token, lines };
}

/** The conversation the caller's token opens; anything else is "not found". */
export async function callersConversation(
  db: Kysely<DB> | Transaction<DB>,
  channel: Channel,
  id: string,
  token: string | undefined,
  lock = false,
): Promise<Row> {
  let q = db.selectFrom('assistant_conversations').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  const ok =
    row &&
    row.force_id === channel.forceId &&
    typeof token === 'string' &&
    timingSafeEqual(Buffer.from(sha(token)), Buffer.from(row.token_sha256));
  if (!ok) throw errors.notFound(`Conversation ${id}`);
  return row;
}

export function checkText(text: unknown): string {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (!trimmed) throw errors.validation([{ path: 'text', message: 'Enter a message' }]);
  if (trimmed.length > MAX_MESSAGE)
    throw errors.validation([
      { path: 'text', message: `A message must be ${MAX_MESSAGE} characters or fewer` },
    ]);
  return trimmed;
}

/** Conversations waiting for a person in a force (for places in the queue). */
async function waiting(db: Kysely<DB> | Transaction<DB>, forceId: number) {
  const rows = await db
    .selectFrom('assistant_conversations')
    .select(['id', 'queue', 'queued_at'])
    .where('force_id', '=', forceId)
    .where('status', '=', 'waiting')
    .execute();
  return rows
    .filter((r) => r.queue && r.queued_at)
    .map((r) => ({ id: r.id, queue: r.queue as Queue, queuedAt: r.queued_at as Date }));
}

export async function placeInQueue(db: Kysely<DB>, channel: Channel, row: Row): Promise<Place | null> {
  if (row.status !== 'waiting' || !row.queue) return null;
  const place = placeOf(await waiting(db, channel.forceId), row.id, channel.settings.minutesPerContact);
  return place ? { queue: row.queue, ...place } : null;
}

/**
 * A caller's message. Every message is triaged first (a run of the force's assistant system,
 * inline): while the assistant has the conversation it answers, from approved articles only;
 * once a person is waiting or has joined, the message is still triaged, so an emergency moves
 * the conversation to the top of the queue.
 */
export async function postMessage(
  rt: RunRuntime,
  channel: Channel,
  id: string,
  token: string | undefined,
  text: unknown,
): Promise<Reply> {
  const key = rt.config.dataEncryptionKey;
  const message = checkText(text);
  const row = await callersConversation(rt.db, channel, id, token);
  if (row.status === 'closed')
    throw errors.conflict('conversation-closed', `Conversation ${row.reference} has ended.`);
  if (row.turns >= MAX_TURNS)
    throw errors.validation([{ path: 'text', message: `A conversation has at most ${MAX_TURNS} messages` }]);
  const lang = row.lang as ChatLang;
  const lines = linesOf(key, row);
  const state = stateOf(key, row);
  const callerTurns = [
    ...lines.filter((l) => l.from === 'caller').map((l) => ({ text: l.text })),
    { text: message },
  ];
  const withAssistant = row.status === 'assistant';
  const crimeCheck =
    withAssistant && state.flow.kind === 'crime' && state.flow.step === 'postcode'
      ? await checkCrime(rt, channel, row, {
          reference: state.flow.reference ?? '',
          surname: state.flow.surname ?? '',
          postcode: message,
        })
      : null;
  const { byLang } = await indexesOf(rt.db, channel.forceId);
  const input: AssistantInput = {
    lang,
    turns: callerTurns.slice(-MAX_TURNS),
    state: withAssistant ? state : FRESH,
    candidates: withAssistant ? byLang[lang].find(message) : [],
    newReference: `LP-${runReference(randomBytes(8)).slice(2)}`,
    crimeCheck,
  };
  const run = await startRun(rt, channel.principal, channel.systemId, {
    input,
    purpose: `101 chat ${row.reference}, message ${callerTurns.length}`,
  });
  const ran = run.status !== 'failed' && run.status !== 'queued';
  // The run's output keeps no personal data; the same pure turn gives the caller's reply.
  const { decision, reply } = assistantTurn(input);
  const handoff = ran ? reply.handoff : { queue: 'person' as Queue, reason: 'asked' as const };
  const now = new Date();
  const open = openAt(now, channel.settings.opens, channel.settings.closes);

  return rt.db.transaction().execute(async (trx) => {
    const locked = await callersConversation(trx, channel, id, token, true);
    const current = linesOf(key, locked);
    const out: Line[] = [line('caller', message)];
    let status = locked.status;
    let queue = locked.queue;
    let queuedAt = locked.queued_at;
    let nextState = reply.state;
    let replyText: string;
    const escalates =
      handoff !== null &&
      (status === 'assistant' || queue === null || higherQueue(queue, handoff.queue) !== queue);
    if (status === 'assistant') {
      replyText = ran ? reply.text : phrase(lang, 'person');
      if (handoff && (open || handoff.queue === 'emergency')) {
        status = 'waiting';
        queue = handoff.queue;
        queuedAt = now;
        nextState = FRESH;
        if (!open) replyText += `\n\n${phrase(lang, 'closedNow', channel.settings)}`;
      } else if (handoff) {
        replyText = `${handoff.reason === 'asked' ? '' : `${reply.text}\n\n`}${phrase(lang, 'closedNow', channel.settings)}`;
        nextState = FRESH;
      }
    } else {
      // A person is waiting or has joined: only a rise in urgency is answered by the assistant.
      nextState = state;
      replyText = '';
      if (escalates && handoff && (handoff.reason === 'emergency' || handoff.reason === 'urgent')) {
        queue = higherQueue(queue, handoff.queue);
        replyText = reply.text;
      }
    }
    if (replyText)
      out.push(
        line('assistant', replyText, {
          citations: status === 'assistant' || !handoff ? reply.citations : [],
          route: decision.route,
          ...(decision.route === 'routine'
            ? {}
            : { reasons: decision.reasons.filter((r) => r.route === decision.route).map((r) => r.text) }),
          ...(ran ? { runId: run.id } : {}),
        }),
      );
    const updated = await trx
      .updateTable('assistant_conversations')
      .set({
        ...seal(key, locked, [...current, ...out], nextState),
        status,
        queue,
        queued_at: queuedAt,
        route: decision.route,
        interpreter: decision.interpreter,
        handed_over: locked.handed_over || status === 'waiting',
        turns: locked.turns + 1,
        last_run_id: ran ? run.id : locked.last_run_id,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (queue !== locked.queue)
      await appendEntry(trx, {
        forceId: channel.forceId,
        actorId: channel.principal.personId,
        action: 'assistant.conversation.handed-over',
        subjectType: 'assistant_conversation',
        subjectId: id,
        payload: {
          reference: locked.reference,
          queue,
          from: locked.queue,
          reason: handoff?.reason ?? null,
          runId: ran ? run.id : null,
          runStatus: run.status,
          // Which rules and classes fired, never the caller's words.
          reasons: decision.reasons.map((r) => ({ kind: r.kind, id: r.id, route: r.route, turn: r.turn })),
        },
      });
    if (reply.lostProperty && withAssistant) {
      const { reference: lpRef, ...details } = reply.lostProperty;
      await trx
        .insertInto('assistant_lost_property')
        .values({
          force_id: channel.forceId,
          conversation_id: id,
          reference: lpRef,
          details_encrypted: encrypt(key, JSON.stringify(details), lostContext(lpRef)),
        })
        .execute();
      await appendEntry(trx, {
        forceId: channel.forceId,
        actorId: channel.principal.personId,
        action: 'assistant.lost-property.reported',
        subjectType: 'assistant_conversation',
        subjectId: id,
        payload: { reference: locked.reference, lostProperty: lpRef },
      });
    }
    const place = await placeInQueue(trx as unknown as Kysely<DB>, channel, updated);
    const placeText = place
      ? place.position === 1
        ? phrase(lang, 'queuedNext')
        : phrase(lang, 'queued', { position: place.position, minutes: place.minutes })
      : '';
    const shown = [replyText, status === 'waiting' && locked.status === 'assistant' ? placeText : '']
      .filter(Boolean)
      .join('\n\n');
    return {
      text: shown,
      lang,
      route: decision.route,
      citations: (status === 'assistant' ? reply.citations : []).map((c) => ({
        article: c.article,
        title: c.title,
      })),
      handoff: place ? { queue: place.queue, position: place.position, minutes: place.minutes } : null,
      status: updated.status,
    };
  });
}

/** The caller's view of their conversation: its lines, status and place in the queue. */
export async function callersView(rt: RunRuntime, channel: Channel, id: string, token: string | undefined) {
  const row = await callersConversation(rt.db, channel, id, token);
  return {
    id: row.id,
    reference: row.reference,
    lang: row.lang as ChatLang,
    status: row.status,
    rating: row.rating,
    lines: linesOf(rt.config.dataEncryptionKey, row),
    place: await placeInQueue(rt.db, channel, row),
    open: openAt(new Date(), channel.settings.opens, channel.settings.closes),
  };
}

/** The caller asks for a person (the control shown on every turn). */
export async function askForPerson(rt: RunRuntime, channel: Channel, id: string, token: string | undefined) {
  const row = await callersConversation(rt.db, channel, id, token);
  if (row.status !== 'assistant') return;
  await postMessage(rt, channel, id, token, row.lang === 'cy' ? 'Siarad â pherson' : 'Speak to a person');
}

/** The caller rates the conversation (1 to 5), once. */
export async function rateConversation(
  db: Kysely<DB>,
  channel: Channel,
  id: string,
  token: string | undefined,
  rating: unknown,
): Promise<void> {
  const n = Number(rating);
  if (!Number.isInteger(n) || n < 1 || n > 5)
    throw errors.validation([{ path: 'rating', message: 'Choose a rating from 1 to 5' }]);
  await db.transaction().execute(async (trx) => {
    const row = await callersConversation(trx, channel, id, token, true);
    if (row.rating !== null)
      throw errors.conflict('already-rated', 'You have already rated this conversation.');
    await trx.updateTable('assistant_conversations').set({ rating: n }).where('id', '=', id).execute();
  });
}

/** The caller ends the conversation. */
export async function endByCaller(
  db: Kysely<DB>,
  key: Buffer,
  channel: Channel,
  id: string,
  token: string | undefined,
) {
  await db.transaction().execute(async (trx) => {
    const row = await callersConversation(trx, channel, id, token, true);
    if (row.status === 'closed') return;
    await closeRow(trx, key, row, channel.principal.personId, 'ended-by-caller', null);
  });
}

export async function closeRow(
  trx: Transaction<DB>,
  key: Buffer,
  row: Row,
  actorId: string,
  outcome: string,
  notes: string | null,
) {
  const lines = [...linesOf(key, row), line('assistant', phrase(row.lang as ChatLang, 'ended'))];
  await trx
    .updateTable('assistant_conversations')
    .set({
      ...seal(key, row, lines, FRESH),
      status: 'closed',
      outcome,
      notes_encrypted: notes ? encrypt(key, notes, notesContext(row.reference)) : row.notes_encrypted,
      closed_at: new Date(),
      updated_at: new Date(),
    })
    .where('id', '=', row.id)
    .execute();
  await appendEntry(trx, {
    forceId: row.force_id,
    actorId,
    action: 'assistant.conversation.closed',
    subjectType: 'assistant_conversation',
    subjectId: row.id,
    payload: { reference: row.reference, outcome },
  });
}

/**
 * Transcripts past their retention date are destroyed (lines, state and notes replaced by
 * nothing); the conversation's figures and ledger entries stay. Returns how many.
 */
export async function purgeExpired(db: Kysely<DB>, key: Buffer, now = new Date()): Promise<number> {
  const rows = await db
    .selectFrom('assistant_conversations')
    .select(['id', 'reference', 'force_id'])
    .where('retain_until', '<', now)
    .where('purged_at', 'is', null)
    .execute();
  for (const r of rows) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('assistant_conversations')
        .set({ ...seal(key, r, [], FRESH), notes_encrypted: null, purged_at: now })
        .where('id', '=', r.id)
        .execute();
      await trx.deleteFrom('assistant_lost_property').where('conversation_id', '=', r.id).execute();
      await appendEntry(trx, {
        forceId: r.force_id,
        actorId: null,
        action: 'assistant.conversation.purged',
        subjectType: 'assistant_conversation',
        subjectId: r.id,
        payload: { reference: r.reference, retention: 'ended' },
      });
    });
  }
  return rows.length;
}
