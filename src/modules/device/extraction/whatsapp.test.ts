import { describe, expect, it } from 'vitest';
import { ExtractionError } from './errors.ts';
import type { CallRecord, MessageRecord } from './records.ts';
import { readWhatsApp } from './whatsapp.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const options = { owner: 'Jordan Pike', timeZone: 'Europe/London', dayFirst: true };
const LRM = '\u200e';

const ANDROID = `12/06/2024, 21:15 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
12/06/2024, 21:15 - Dave B: Where are you
12/06/2024, 21:16 - Jordan Pike: On my way
bring the bag
12/06/2024, 9:17 pm - Dave B: <Media omitted>
12/06/2024, 21:18 - Jordan Pike: IMG-20240612-WA0001.jpg (file attached)
look at this
12/06/2024, 21:19 - Dave B: This message was deleted
12/06/2024, 21:20 - Jordan Pike: You deleted this message
12/03/2024, 09:05 - Dave B: winter time
`;

describe('WhatsApp export, Android layout', () => {
  const read = readWhatsApp({ name: 'WhatsApp Chat with Dave B.txt', bytes: enc(ANDROID) }, options);
  const [first, second, media, attached, deleted, youDeleted, winter] = read.records as MessageRecord[];

  it('reads each message with its line, time in UTC (BST taken off), party and direction', () => {
    expect(read.records).toHaveLength(7);
    expect(first).toEqual({
      kind: 'message',
      source: { file: 'WhatsApp Chat with Dave B.txt', position: 'line 2' },
      at: '2024-06-12T20:15:00Z',
      channel: 'whatsapp',
      direction: 'in',
      party: { key: 'name:Dave B', name: 'Dave B' },
      body: 'Where are you',
    });
    expect(second).toMatchObject({
      direction: 'out',
      party: { key: 'name:Dave B' },
      body: 'On my way\nbring the bag',
    });
    expect(second!.source.position).toBe('line 3');
    expect(winter!.at).toBe('2024-03-12T09:05:00Z');
  });

  it('reads 12-hour times, media lines with captions and deletion markers', () => {
    expect(media).toMatchObject({
      at: '2024-06-12T20:17:00Z',
      body: '',
      media: ['<Media omitted>'],
      direction: 'in',
    });
    expect(attached).toMatchObject({
      body: 'look at this',
      media: ['IMG-20240612-WA0001.jpg'],
      direction: 'out',
    });
    expect(attached!.source.position).toBe('line 6');
    expect(deleted).toMatchObject({ deleted: true, body: '', direction: 'in' });
    expect(youDeleted).toMatchObject({ deleted: true, body: '', direction: 'out' });
    expect(first!.group).toBeUndefined();
  });

  it('counts system lines as skipped', () => {
    expect(read.skipped).toEqual({ 'WhatsApp system message': 1 });
    expect(read.warnings).toEqual([]);
  });
});

const IPHONE = [
  `[12/03/2024, 21:15:03] Lads: ${LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.`,
  `${LRM}[12/03/2024, 21:15:04] Lads: ${LRM}Jordan Pike created group “Lads”`,
  `[12/03/2024, 21:16:10] Dave B: You there?`,
  `${LRM}[12/03/2024, 21:17:00] Sam K: ${LRM}<attached: 00000012-PHOTO-2024-03-12-21-17-00.jpg>`,
  `[12/03/2024, 21:18:00] Jordan Pike: Yeah`,
  `${LRM}[12/03/2024, 21:19:00] Dave B: ${LRM}Missed voice call`,
  `${LRM}[12/03/2024, 21:20:00] Jordan Pike: ${LRM}Voice call. ${LRM}2 min`,
  `${LRM}[12/03/2024, 21:21:00] Sam K: ${LRM}This message was deleted.`,
  `${LRM}[12/03/2024, 21:22:00] Lads: ${LRM}Dave B added Chris`,
  `[31/03/2024, 02:30:00] +44 7700 900123: clocks went forward`,
  `${LRM}[31/03/2024, 02:31:00] Sam K: ${LRM}Location: https://maps.google.com/?q=54.97,-1.61`,
].join('\r\n');

describe('WhatsApp export, iPhone layout (a group)', () => {
  const read = readWhatsApp({ name: '_chat.txt', bytes: enc(IPHONE) }, options);
  const r = read.records;

  it('takes a chat with more than one other sender as a group named by its first notice', () => {
    expect(r).toHaveLength(8);
    const msg = r[0] as MessageRecord;
    expect(msg).toMatchObject({
      at: '2024-03-12T21:16:10Z',
      group: 'Lads',
      direction: 'in',
      party: { key: 'name:Dave B' },
      body: 'You there?',
    });
    expect(msg.source.position).toBe('line 3');
    expect(r[2]).toMatchObject({
      direction: 'out',
      party: { key: 'group:Lads', name: 'Lads' },
      body: 'Yeah',
    });
  });

  it('reads attachments, calls and deletions, and skips notices', () => {
    expect(r[1]).toMatchObject({
      media: ['00000012-PHOTO-2024-03-12-21-17-00.jpg'],
      body: '',
      party: { key: 'name:Sam K' },
    });
    const missed = r[3] as CallRecord;
    expect(missed).toEqual({
      kind: 'call',
      source: { file: '_chat.txt', position: 'line 6' },
      at: '2024-03-12T21:19:00Z',
      channel: 'whatsapp',
      direction: 'missed',
      party: { key: 'name:Dave B', name: 'Dave B' },
      durationSeconds: 0,
    });
    expect(r[4]).toMatchObject({ kind: 'call', direction: 'out', durationSeconds: 120 });
    expect(r[5]).toMatchObject({ deleted: true, body: '' });
    expect(read.skipped).toEqual({ 'WhatsApp system message': 3 });
  });

  it('keys an unsaved sender by phone number and reads the skipped hour of BST', () => {
    expect(r[6]).toMatchObject({ party: { key: '+447700900123' }, at: '2024-03-31T01:30:00Z' });
  });

  it('keeps a shared location, though marked like a notice', () => {
    expect(r[7]).toMatchObject({
      body: 'Location: https://maps.google.com/?q=54.97,-1.61',
      party: { key: 'name:Sam K' },
    });
  });
});

describe('WhatsApp export problems', () => {
  const bad = (text: string, opts: Partial<typeof options> = {}) => {
    try {
      readWhatsApp({ name: 'chat.txt', bytes: enc(text) }, { ...options, ...opts });
    } catch (e) {
      if (e instanceof ExtractionError) return e.message;
      throw e;
    }
    return 'no error';
  };

  it('names every bad line, with a hint about the date order', () => {
    const message = bad(
      '12/03/2024, 21:15 - Dave B: hi\n31/02/2024, 21:16 - Dave B: x\n03/13/2024, 10:00 - Dave B: y\n',
    );
    expect(message).toContain(
      'chat.txt, line 2: "31/02/2024, 21:16" is not a date and time read as day/month/year',
    );
    expect(message).toContain('chat.txt, line 3:');
    expect(message).toContain('dayFirst: false');
  });

  it('reads month-first dates when told to', () => {
    const read = readWhatsApp(
      { name: 'c.txt', bytes: enc('03/13/2024, 10:00 - Dave B: y\n') },
      { ...options, dayFirst: false },
    );
    expect(read.records[0]!.at).toBe('2024-03-13T10:00:00Z');
  });

  it('needs the owner and a chat export', () => {
    expect(bad('12/03/2024, 21:15 - Dave B: hi', { owner: '' })).toMatch(/option owner/);
    expect(bad('hello\nworld')).toBe(
      'chat.txt, line 1: not a WhatsApp chat export: the first line does not start with a date and time such as "12/03/2024, 21:15 - " or "[12/03/2024, 21:15:03] "',
    );
  });

  it('warns when the owner never writes', () => {
    const read = readWhatsApp(
      { name: 'c.txt', bytes: enc('12/03/2024, 21:15 - Dave B: hi') },
      { ...options, owner: 'Jordon Pike' },
    );
    expect(read.warnings[0]).toMatch(/no message in this chat is from the owner/);
    expect(read.records[0]).toMatchObject({ direction: 'in' });
  });
});
