import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ExtractionError } from './errors.ts';
import { readExtraction } from './read.ts';
import type { CallRecord, MessageRecord } from './records.ts';
import { androidCallsDb, androidSmsDb, iphoneSmsDb } from './testing.ts';

const at = (iso: string) => Date.parse(iso);
const cocoaSeconds = (iso: string) => (Date.parse(iso) - 978_307_200_000) / 1000;

const MMSSMS = androidSmsDb(
  [
    { address: '07700 900123', date: at('2024-06-12T20:15:00Z'), type: 1, body: 'Where are you' },
    { address: '+447700900456', date: at('2024-06-12T20:16:30Z'), type: 2, body: 'On my way' },
    { address: null, date: at('2024-06-12T20:17:00Z'), type: 3, body: 'draft' },
    { address: '07700900456', date: at('2024-06-12T20:18:00Z'), type: 5, body: 'failed' },
    { address: 'HSBC', date: at('2024-06-12T20:19:00Z'), type: 1, body: null },
  ],
  [
    {
      date: at('2024-06-12T21:00:00Z') / 1000,
      box: 1,
      from: '07700 900123',
      to: ['07700900999'],
      parts: [
        { ct: 'image/jpeg', name: 'IMG_0001.jpg' },
        { ct: 'text/plain', text: 'look' },
      ],
    },
    {
      date: at('2024-06-12T21:05:00Z') / 1000,
      box: 2,
      from: '',
      to: ['07700900456'],
      parts: [{ ct: 'text/plain', text: 'ok' }],
    },
  ],
);

const CALLLOG = androidCallsDb([
  { number: '07700900123', date: at('2024-06-12T19:00:00Z'), duration: 65, type: 1, name: 'Dave B' },
  { number: '07700900456', date: at('2024-06-12T19:10:00Z'), duration: 10, type: 2 },
  { number: '07700900456', date: at('2024-06-12T19:20:00Z'), duration: 0, type: 3 },
  { number: '07700900456', date: at('2024-06-12T19:30:00Z'), duration: 0, type: 4 },
  { number: '07700900456', date: at('2024-06-12T19:40:00Z'), duration: 0, type: 5 },
  { number: '07700900456', date: at('2024-06-12T19:50:00Z'), duration: 0, type: 6 },
]);

describe('Android mmssms.db and calllog.db', async () => {
  const read = await readExtraction([
    { name: 'mmssms.db', bytes: MMSSMS },
    { name: 'calllog.db', bytes: CALLLOG },
  ]);
  const messages = read.records.filter((r): r is MessageRecord => r.kind === 'message');
  const calls = read.records.filter((r): r is CallRecord => r.kind === 'call');

  it('reads SMS with their row, time, direction and a party keyed in E.164', () => {
    expect(read.files).toEqual([
      { name: 'mmssms.db', kind: 'android', records: 5, warnings: [] },
      { name: 'calllog.db', kind: 'android', records: 6, warnings: [] },
    ]);
    expect(messages[0]).toEqual({
      id: 'r1',
      kind: 'message',
      source: { file: 'mmssms.db', position: 'sms row 1' },
      at: '2024-06-12T20:15:00Z',
      channel: 'sms',
      direction: 'in',
      party: { key: '+447700900123' },
      body: 'Where are you',
    });
    expect(messages[1]).toMatchObject({
      id: 'r2',
      direction: 'out',
      party: { key: '+447700900456' },
      at: '2024-06-12T20:16:30Z',
    });
    expect(messages[2]).toMatchObject({
      party: { key: 'HSBC' },
      body: '',
      source: { position: 'sms row 5' },
    });
  });

  it('counts drafts and unsent messages as skipped', () => {
    expect(read.skipped).toEqual({
      'SMS draft message (never sent)': 1,
      'SMS message that failed to send': 1,
    });
  });

  it('reads MMS parts: text as the body, other parts as media, the SMIL left out', () => {
    expect(messages[3]).toEqual({
      id: 'r4',
      kind: 'message',
      source: { file: 'mmssms.db', position: 'pdu row 1' },
      at: '2024-06-12T21:00:00Z',
      channel: 'mms',
      direction: 'in',
      party: { key: '+447700900123' },
      body: 'look',
      media: ['IMG_0001.jpg'],
    });
    expect(messages[4]).toMatchObject({ direction: 'out', party: { key: '+447700900456' }, body: 'ok' });
    expect(messages[4]!.media).toBeUndefined();
  });

  it('reads calls with their type, duration and contact name', () => {
    expect(calls[0]).toEqual({
      id: 'r6',
      kind: 'call',
      source: { file: 'calllog.db', position: 'calls row 1' },
      at: '2024-06-12T19:00:00Z',
      channel: 'phone',
      direction: 'in',
      party: { key: '+447700900123', name: 'Dave B' },
      durationSeconds: 65,
    });
    expect(calls.map((c) => c.direction)).toEqual(['in', 'out', 'missed', 'missed', 'rejected', 'rejected']);
  });

  it('reads a database saved in WAL mode', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wal-'));
    try {
      const file = path.join(dir, 'calllog.db');
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE calls (number TEXT, date INTEGER, duration INTEGER, type INTEGER, name TEXT)');
      db.prepare('INSERT INTO calls VALUES (?, ?, ?, ?, ?)').run(
        '07700900123',
        at('2024-01-01T10:00:00Z'),
        5,
        2,
        null,
      );
      db.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = readFileSync(file);
      db.close();
      expect(bytes[18]).toBe(2);
      const wal = await readExtraction([{ name: 'calllog.db', bytes }]);
      expect(wal.records[0]).toMatchObject({
        direction: 'out',
        durationSeconds: 5,
        at: '2024-01-01T10:00:00Z',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('iPhone sms.db', async () => {
  const when = '2024-03-12T21:15:03Z';
  /** Over 127 bytes of UTF-8, so the archive writes its length in three bytes. */
  const LONG = `running late, ${'the M4 is at a standstill near junction 23 '.repeat(4)}sorry`;
  const bytes = iphoneSmsDb(
    [
      { identifier: '+447700900123', members: ['+447700900123'] },
      { identifier: 'chat123456', name: 'Lads', members: ['+447700900123', 'Sam@Example.com'] },
    ],
    [
      {
        text: 'old iOS',
        handle: '+447700900123',
        date: cocoaSeconds(when),
        fromMe: false,
        service: 'SMS',
        chat: '+447700900123',
      },
      {
        text: 'reply',
        handle: null,
        date: cocoaSeconds('2024-06-12T20:00:00Z') * 1e9,
        fromMe: true,
        service: 'iMessage',
        chat: '+447700900123',
      },
      {
        text: '\uFFFC',
        handle: 'Sam@Example.com',
        date: cocoaSeconds('2024-06-12T20:01:00Z') * 1e9,
        fromMe: false,
        service: 'iMessage',
        chat: 'chat123456',
        attachments: ['IMG_4411.HEIC'],
      },
      {
        text: 'to the group',
        handle: null,
        date: cocoaSeconds('2024-06-12T20:02:00Z') * 1e9,
        fromMe: true,
        service: 'iMessage',
        chat: 'chat123456',
      },
      {
        text: null,
        handle: '+447700900123',
        date: cocoaSeconds('2024-06-12T20:03:00Z') * 1e9,
        fromMe: false,
        service: 'iMessage',
        chat: 'chat123456',
        attributedBody: true,
      },
      {
        text: null,
        handle: '+447700900123',
        date: cocoaSeconds('2024-06-12T20:04:00Z') * 1e9,
        fromMe: false,
        service: 'iMessage',
        chat: 'chat123456',
        itemType: 1,
      },
      {
        text: null,
        handle: '+447700900123',
        date: cocoaSeconds('2024-06-12T20:05:00Z') * 1e9,
        fromMe: false,
        service: 'iMessage',
        chat: 'chat123456',
        attributedBody: 'see you at 8 👍 by the café',
      },
      {
        text: null,
        handle: '+447700900123',
        date: cocoaSeconds('2024-06-12T20:06:00Z') * 1e9,
        fromMe: true,
        service: 'iMessage',
        chat: 'chat123456',
        attributedBody: LONG,
      },
    ],
  );
  const read = await readExtraction([{ name: 'sms.db', bytes }]);
  const r = read.records as MessageRecord[];

  it('reads Cocoa dates in seconds and in nanoseconds', () => {
    expect(r).toHaveLength(7);
    expect(r[0]).toEqual({
      id: 'r1',
      kind: 'message',
      source: { file: 'sms.db', position: 'message row 1' },
      at: when,
      channel: 'sms',
      direction: 'in',
      party: { key: '+447700900123' },
      body: 'old iOS',
    });
    expect(r[1]).toMatchObject({
      at: '2024-06-12T20:00:00Z',
      direction: 'out',
      channel: 'imessage',
      party: { key: '+447700900123' },
    });
  });

  it('reads group chats, attachments and e-mail handles', () => {
    expect(r[2]).toMatchObject({
      group: 'Lads',
      party: { key: 'sam@example.com' },
      body: '',
      media: ['IMG_4411.HEIC'],
    });
    expect(r[3]).toMatchObject({
      group: 'Lads',
      direction: 'out',
      party: { key: 'group:Lads' },
      body: 'to the group',
    });
  });

  it('reads text kept only in attributedBody, short and long, and says when it cannot', () => {
    expect(r[5]).toMatchObject({
      body: 'see you at 8 👍 by the café',
      source: { position: 'message row 7' },
    });
    expect(r[6]).toMatchObject({ body: LONG, direction: 'out' });
    expect(r[4]).toMatchObject({ body: '', source: { position: 'message row 5' } });
    expect(read.warnings).toEqual([
      'sms.db: 1 message with text only in attributedBody that could not be read there: read with an empty body',
    ]);
    expect(read.skipped).toEqual({ 'iPhone chat event (a name change, someone added or leaving)': 1 });
  });
});

describe('database problems', () => {
  it('names a file that is not SQLite, and one without the expected tables', async () => {
    const other = new Database(':memory:');
    other.exec('CREATE TABLE notes (x)');
    const error = await readExtraction([
      { name: 'mmssms.db', bytes: new TextEncoder().encode('not a database at all') },
      { name: 'other.db', bytes: other.serialize() },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as ExtractionError).problems).toEqual([
      { file: 'mmssms.db', reason: 'named as a database but not a SQLite database' },
      {
        file: 'other.db',
        reason:
          'a SQLite database without the tables read here: sms or calls (Android mmssms.db, calllog.db), or message and handle (iPhone sms.db)',
      },
    ]);
  });

  it('names the row of a bad value and a missing column', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE sms (address TEXT, date INTEGER, type INTEGER)');
    const bad = androidCallsDb([{ number: '07700900123', date: -5, duration: 1, type: 1 }]);
    const error = (await readExtraction([
      { name: 'a/mmssms.db', bytes: db.serialize() },
      { name: 'calllog.db', bytes: bad },
    ]).catch((e: unknown) => e)) as ExtractionError;
    expect(error.message).toBe(
      'a/mmssms.db, table sms: missing column body\ncalllog.db, calls row 1: date -5 is not a time in milliseconds since 1970',
    );
  });
});
