import type Database from 'better-sqlite3';
import type { FileProblems } from './errors.ts';
import { groupParty, partyOf } from './party.ts';
import { type Draft, type FileRead, plural, Tally } from './reader.ts';
import type { MessageRecord, Party } from './records.ts';
import { columnsOf, hasColumns, numberOf, tablesOf } from './sqlite.ts';
import { isoUtc } from './time.ts';
import { archivedText } from './typedstream.ts';

/**
 * The iPhone's message database, `sms.db`: `message` (text, handle_id, date, is_from_me,
 * service, cache_has_attachments), `handle` (id: a number or e-mail), and when present `chat`
 * with `chat_message_join` and `chat_handle_join` (group chats) and `attachment` with
 * `message_attachment_join` (media names).
 *
 * Dates count from the Cocoa epoch, 2001-01-01T00:00:00Z: in seconds before iOS 11, in
 * nanoseconds since; the two are told apart by size. A message whose text is kept only in
 * `attributedBody` (an archived NSAttributedString, as recent iOS does) is read from that
 * archive (`typedstream.ts`); one that cannot be read there has an empty body and is counted in
 * a warning.
 */

/** Seconds from 1970-01-01 to the Cocoa epoch 2001-01-01 (UTC). */
const COCOA_EPOCH_MS = 978_307_200_000;
/** A Cocoa date above this is in nanoseconds (1e11 s is over 3,000 years). */
const NANOSECONDS_ABOVE = 1e11;

/** True when the database has the iPhone `message` and `handle` tables. */
export function isIphoneDatabase(tables: Set<string>): boolean {
  return tables.has('message') && tables.has('handle');
}

/** A Cocoa date (seconds or nanoseconds since 2001) in ms since 1970. */
export function cocoaToMs(date: number): number {
  return COCOA_EPOCH_MS + (Math.abs(date) > NANOSECONDS_ABOVE ? date / 1e6 : date * 1000);
}

interface Chat {
  name: string;
  handles: number[];
}

/** Chats by id with their members' handle ids, and each message's chat. */
function chatsOf(db: Database.Database, tables: Set<string>) {
  const chats = new Map<number, Chat>();
  const chatOf = new Map<number, number>();
  if (!tables.has('chat') || !tables.has('chat_message_join')) return { chats, chatOf };
  const rows = db
    .prepare('SELECT rowid AS id, chat_identifier AS ident, display_name AS name FROM chat')
    .all() as {
    id: number;
    ident: string | null;
    name: string | null;
  }[];
  for (const c of rows) chats.set(c.id, { name: c.name?.trim() || c.ident || `chat ${c.id}`, handles: [] });
  if (tables.has('chat_handle_join')) {
    for (const j of db.prepare('SELECT chat_id, handle_id FROM chat_handle_join').all() as {
      chat_id: number;
      handle_id: number;
    }[])
      chats.get(j.chat_id)?.handles.push(j.handle_id);
  }
  for (const j of db.prepare('SELECT chat_id, message_id FROM chat_message_join ORDER BY rowid').all() as {
    chat_id: number;
    message_id: number;
  }[])
    if (!chatOf.has(j.message_id)) chatOf.set(j.message_id, j.chat_id);
  return { chats, chatOf };
}

/** Attachment names (as sent, else the file's base name) by message id. */
function attachmentsOf(db: Database.Database, tables: Set<string>): Map<number, string[]> {
  const names = new Map<number, string[]>();
  if (!tables.has('attachment') || !tables.has('message_attachment_join')) return names;
  const hasTransfer = columnsOf(db, 'attachment').has('transfer_name');
  const rows = db
    .prepare(
      `SELECT j.message_id AS id, a.filename AS filename, ${hasTransfer ? 'a.transfer_name' : 'NULL'} AS transfer
       FROM message_attachment_join j JOIN attachment a ON a.rowid = j.attachment_id ORDER BY j.rowid`,
    )
    .all() as { id: number; filename: string | null; transfer: string | null }[];
  for (const r of rows) {
    const name = r.transfer || r.filename?.split('/').pop() || 'attachment';
    names.set(r.id, [...(names.get(r.id) ?? []), name]);
  }
  return names;
}

interface MessageRow {
  row: number;
  text: string | null;
  handle: number | null;
  date: unknown;
  fromMe: unknown;
  service: string | null;
  attachments: unknown;
  archived: Uint8Array | null;
  itemType: unknown;
}

/** Reads an iPhone `sms.db` into message records. */
export function readIphone(file: string, db: Database.Database, problems: FileProblems): FileRead {
  const tables = tablesOf(db);
  if (!hasColumns(db, 'message', ['text', 'handle_id', 'date', 'is_from_me'], problems)) problems.check();
  if (!hasColumns(db, 'handle', ['id'], problems)) problems.check();
  const cols = columnsOf(db, 'message');
  const optional = (col: string, as: string) => `${cols.has(col) ? col : 'NULL'} AS ${as}`;
  const rows = db
    .prepare(
      `SELECT rowid AS row, text, handle_id AS handle, date, is_from_me AS fromMe, ${optional('service', 'service')},
       ${optional('cache_has_attachments', 'attachments')}, ${cols.has('attributedBody') ? 'attributedBody' : 'NULL'} AS archived,
       ${optional('item_type', 'itemType')} FROM message ORDER BY date, rowid`,
    )
    .all() as MessageRow[];
  const handles = new Map(
    (
      db.prepare('SELECT rowid AS id, id AS address FROM handle').all() as { id: number; address: string }[]
    ).map((h) => [h.id, h.address]),
  );
  const { chats, chatOf } = chatsOf(db, tables);
  const media = attachmentsOf(db, tables);
  const skipped = new Tally();
  const records: Draft[] = [];
  let archivedOnly = 0;
  for (const r of rows) {
    const position = `message row ${r.row}`;
    if ((numberOf(r.itemType) ?? 0) !== 0) {
      skipped.add('iPhone chat event (a name change, someone added or leaving)');
      continue;
    }
    const date = numberOf(r.date);
    if (date === undefined) {
      problems.add(position, `date ${String(r.date)} is not a number`);
      continue;
    }
    if (date <= 0) {
      skipped.add('iPhone message without a date');
      continue;
    }
    const chat = chats.get(chatOf.get(r.row) ?? -1);
    const group = chat && chat.handles.length > 1 ? chat.name : undefined;
    const out = numberOf(r.fromMe) === 1;
    const handleOf = (id: number | null | undefined) => (id ? handles.get(id) : undefined);
    const address = handleOf(r.handle) ?? handleOf(chat?.handles.length === 1 ? chat.handles[0] : undefined);
    const party: Party = out && group ? groupParty(group) : partyOf(address ?? '');
    const files = media.get(r.row);
    const archived =
      r.text === null && r.archived instanceof Uint8Array ? archivedText(r.archived) : undefined;
    if (r.text === null && r.archived instanceof Uint8Array && archived === undefined) archivedOnly++;
    const service = (r.service ?? '').toLowerCase();
    const message: Draft<MessageRecord> = {
      kind: 'message',
      source: { file, position },
      at: isoUtc(Math.round(cocoaToMs(date))),
      channel:
        service === 'imessage' ? 'imessage' : service === 'sms' ? (files?.length ? 'mms' : 'sms') : 'other',
      direction: out ? 'out' : 'in',
      party,
      body: (r.text ?? archived ?? '').replace(/\uFFFC/g, '').trim(),
    };
    if (group) message.group = group;
    if (files?.length) message.media = files;
    records.push(message);
  }
  problems.check();
  const warnings = archivedOnly
    ? [
        `${plural(archivedOnly, 'message')} with text only in attributedBody that could not be read there: read with an empty body`,
      ]
    : [];
  return { records, skipped: skipped.counts, warnings };
}
