import type Database from 'better-sqlite3';
import type { FileProblems } from './errors.ts';
import { partyOf } from './party.ts';
import { type Draft, type FileRead, Tally } from './reader.ts';
import type { CallRecord, MessageRecord } from './records.ts';
import { columnsOf, hasColumns, numberOf, tablesOf } from './sqlite.ts';
import { isoUtc } from './time.ts';

/**
 * Android's message and call databases:
 *
 * - `mmssms.db`: table `sms` (address, date in ms since 1970, type 1 inbox / 2 sent, body) and,
 *   when present, MMS in `pdu` (date in seconds, msg_box 1 inbox / 2 sent) with its `part`s
 *   (ct, text, name, mid) and `addr`esses (msg_id, address, type 137 from / 151 to);
 * - `calllog.db`: table `calls` (number, date in ms, duration in s, type, name).
 *
 * Drafts and messages never sent (outbox, failed, queued) are counted and left out.
 */

/** True when the database holds Android messages (`sms`) or calls (`calls`). */
export function isAndroidDatabase(tables: Set<string>): boolean {
  return tables.has('sms') || tables.has('calls');
}

/** A time in ms since 1970 as ISO UTC, or undefined when it is no plausible time. */
function msTime(v: unknown): string | undefined {
  const n = numberOf(v);
  return n !== undefined && n > 0 && n < 8.64e15 ? isoUtc(Math.round(n)) : undefined;
}

const NOT_SENT: Record<number, string> = {
  3: 'draft message (never sent)',
  4: 'message in the outbox (not sent)',
  5: 'message that failed to send',
  6: 'message queued to send (not sent)',
};

interface SmsRow {
  row: number;
  address: string | null;
  date: unknown;
  type: unknown;
  body: string | null;
}

function readSms(file: string, db: Database.Database, problems: FileProblems, skipped: Tally): Draft[] {
  if (!hasColumns(db, 'sms', ['address', 'date', 'type', 'body'], problems)) return [];
  const rows = db
    .prepare('SELECT rowid AS row, address, date, type, body FROM sms ORDER BY date, rowid')
    .all() as SmsRow[];
  const records: Draft[] = [];
  for (const r of rows) {
    const position = `sms row ${r.row}`;
    const type = numberOf(r.type);
    if (type !== undefined && NOT_SENT[type]) {
      skipped.add(`SMS ${NOT_SENT[type]}`);
      continue;
    }
    if (type !== 1 && type !== 2) {
      problems.add(position, `type ${String(r.type)} is not 1 (inbox) or 2 (sent)`);
      continue;
    }
    const at = msTime(r.date);
    if (!at) {
      problems.add(position, `date ${String(r.date)} is not a time in milliseconds since 1970`);
      continue;
    }
    const message: Draft<MessageRecord> = {
      kind: 'message',
      source: { file, position },
      at,
      channel: 'sms',
      direction: type === 2 ? 'out' : 'in',
      party: partyOf(r.address ?? ''),
      body: r.body ?? '',
    };
    records.push(message);
  }
  return records;
}

interface PduRow {
  row: number;
  id: number;
  date: unknown;
  box: unknown;
}

/** The text and media names of one MMS (its SMIL layout part left out). */
function mmsParts(db: Database.Database, id: number): { body: string; media: string[] } {
  const parts = db.prepare('SELECT ct, text, name, cl FROM part WHERE mid = ? ORDER BY rowid').all(id) as {
    ct: string | null;
    text: string | null;
    name: string | null;
    cl: string | null;
  }[];
  const body: string[] = [];
  const media: string[] = [];
  for (const p of parts) {
    const ct = (p.ct ?? '').toLowerCase();
    if (ct === 'application/smil') continue;
    if (ct === 'text/plain') body.push(p.text ?? '');
    else media.push(p.name ?? p.cl ?? ct);
  }
  return { body: body.join('\n'), media };
}

function readMms(file: string, db: Database.Database, problems: FileProblems, skipped: Tally): Draft[] {
  const ok =
    hasColumns(db, 'pdu', ['_id', 'date', 'msg_box'], problems) &&
    hasColumns(db, 'part', ['mid', 'ct', 'text', 'name', 'cl'], problems) &&
    hasColumns(db, 'addr', ['msg_id', 'address', 'type'], problems);
  if (!ok) return [];
  const rows = db
    .prepare('SELECT rowid AS row, _id AS id, date, msg_box AS box FROM pdu ORDER BY date, rowid')
    .all() as PduRow[];
  const addresses = db.prepare('SELECT address, type FROM addr WHERE msg_id = ? ORDER BY rowid');
  const records: Draft[] = [];
  for (const r of rows) {
    const position = `pdu row ${r.row}`;
    const box = numberOf(r.box);
    if (box !== undefined && NOT_SENT[box]) {
      skipped.add(`MMS ${NOT_SENT[box]}`);
      continue;
    }
    if (box !== 1 && box !== 2) {
      problems.add(position, `msg_box ${String(r.box)} is not 1 (inbox) or 2 (sent)`);
      continue;
    }
    const seconds = numberOf(r.date);
    if (seconds === undefined || seconds <= 0 || seconds > 8.64e12) {
      problems.add(position, `date ${String(r.date)} is not a time in seconds since 1970`);
      continue;
    }
    const addrs = addresses.all(r.id) as { address: string | null; type: unknown }[];
    const wanted = box === 1 ? 137 : 151;
    const other = addrs.find(
      (a) => numberOf(a.type) === wanted && a.address && a.address !== 'insert-address-token',
    );
    const { body, media } = mmsParts(db, r.id);
    const message: Draft<MessageRecord> = {
      kind: 'message',
      source: { file, position },
      at: isoUtc(seconds * 1000),
      channel: 'mms',
      direction: box === 2 ? 'out' : 'in',
      party: partyOf(other?.address ?? ''),
      body,
    };
    if (media.length) message.media = media;
    records.push(message);
  }
  return records;
}

const CALL_TYPES: Record<number, CallRecord['direction']> = {
  1: 'in',
  2: 'out',
  3: 'missed',
  4: 'missed',
  5: 'rejected',
  6: 'rejected',
  7: 'in',
};

interface CallRow {
  row: number;
  number: string | null;
  date: unknown;
  duration: unknown;
  type: unknown;
  name: string | null;
}

function readCalls(file: string, db: Database.Database, problems: FileProblems): Draft[] {
  if (!hasColumns(db, 'calls', ['number', 'date', 'duration', 'type'], problems)) return [];
  const name = columnsOf(db, 'calls').has('name');
  const rows = db
    .prepare(
      `SELECT rowid AS row, number, date, duration, type, ${name ? 'name' : 'NULL AS name'} FROM calls ORDER BY date, rowid`,
    )
    .all() as CallRow[];
  const records: Draft[] = [];
  for (const r of rows) {
    const position = `calls row ${r.row}`;
    const direction = CALL_TYPES[numberOf(r.type) ?? -1];
    const at = msTime(r.date);
    const duration = numberOf(r.duration ?? 0);
    if (!direction)
      problems.add(position, `type ${String(r.type)} is not a call type Android writes (1 to 7)`);
    else if (!at) problems.add(position, `date ${String(r.date)} is not a time in milliseconds since 1970`);
    else if (duration === undefined || duration < 0)
      problems.add(position, `duration ${String(r.duration)} is not a number of seconds`);
    else {
      const call: Draft<CallRecord> = {
        kind: 'call',
        source: { file, position },
        at,
        channel: 'phone',
        direction,
        party: partyOf(r.number ?? '', r.name),
        durationSeconds: duration,
      };
      records.push(call);
    }
  }
  return records;
}

/**
 * Reads an Android database: SMS and MMS from `mmssms.db`, calls from `calllog.db` (either or
 * both tables may be in the file). Call types 4 (voicemail) count as missed, 5 (rejected) and 6
 * (blocked) as rejected, 7 (answered elsewhere) as in.
 */
export function readAndroid(file: string, db: Database.Database, problems: FileProblems): FileRead {
  const tables = tablesOf(db);
  const skipped = new Tally();
  const records: Draft[] = [
    ...(tables.has('sms') ? readSms(file, db, problems, skipped) : []),
    ...(tables.has('pdu') ? readMms(file, db, problems, skipped) : []),
    ...(tables.has('calls') ? readCalls(file, db, problems) : []),
  ];
  problems.check();
  return { records, skipped: skipped.counts, warnings: [] };
}
