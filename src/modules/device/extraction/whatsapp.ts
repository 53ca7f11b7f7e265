import { FileProblems } from './errors.ts';
import { displayNameParty, groupParty } from './party.ts';
import { type Draft, decodeText, type FileRead, type InputFile, Tally } from './reader.ts';
import type { CallRecord, MessageRecord, Party } from './records.ts';
import { isoUtc, isValidLocal, type LocalTime, localToUtc } from './time.ts';

/**
 * WhatsApp chat exports (.txt) in both layouts:
 *
 * - Android: `12/03/2024, 21:15 - Dave B: text` (or `12/03/2024, 9:15 pm - ...`);
 * - iPhone: `[12/03/2024, 21:15:03] Dave B: text`, with U+200E marks before notices and media.
 *
 * A line that does not start with a date and time continues the message before it. System
 * notices (the encryption notice, "X added Y", subject changes, ...) are counted and left out;
 * media lines, deletion markers and calls ("Missed voice call") are kept as such. Times are the
 * phone's local time, read in the given zone (Europe/London by default, BST included).
 */

/** How to read a chat: who owns the device, its time zone, and its date order. */
export interface WhatsAppOptions {
  /** The device owner's WhatsApp display name: their messages are `out`. */
  owner?: string;
  timeZone: string;
  /** Dates are day/month/year (true, the UK default) or month/day/year (false). */
  dayFirst: boolean;
}

const CLOCK = String.raw`(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2}),?\s(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[\s\u202f]?([aApP])\.?\s?[mM]\.?)?`;
const ANDROID_LINE = new RegExp(`^${CLOCK}\\s[-\\u2013]\\s(.*)$`);
const IPHONE_LINE = new RegExp(`^\\[${CLOCK}\\]\\s(.*)$`);
const MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LEADING_MARKS = /^[\u200e\u200f\u202a-\u202e\u2066-\u2069]+/;
/** Senders that are really the start of a notice containing ": " (a subject with a colon). */
const NOTICE_SENDER =
  /\b(changed the subject|changed the group description|created group|changed this group)/;
const DELETED = /^(This message was deleted|You deleted this message)\.?$/i;
const WAITING = /^Waiting for this message/i;
const CALL = /^(Missed )?(?:group )?(?:voice|video) call(?:[.,]\s*(.*))?$/is;
const OMITTED = /^<Media omitted>$|^(image|video|audio|sticker|GIF|document|Contact card) omitted$/i;
const FILE_ATTACHED = /^(.+?) \(file attached\)$/;
const ATTACHED = /^<attached: (.+?)>$/;

/** One message as written: where it starts, when, who (absent for a notice), and its text. */
interface Entry {
  line: number;
  at: string;
  sender?: string;
  text: string;
  /** The text began with a U+200E mark (iPhone notices, media and calls). */
  marked: boolean;
}

/** True when the text's first non-blank line is a WhatsApp message line of either layout. */
export function looksLikeWhatsApp(text: string): boolean {
  const first = text
    .slice(0, 4096)
    .split(/\r\n|\r|\n/)
    .find((l) => l.trim());
  if (!first) return false;
  const line = first.replace(LEADING_MARKS, '');
  return ANDROID_LINE.test(line) || IPHONE_LINE.test(line);
}

/**
 * The chat's name from the export's file name: `WhatsApp Chat with Dave B.txt` gives `Dave B`;
 * an iPhone `_chat.txt` inside `WhatsApp Chat - Lads.zip` gives `Lads`; a bare `_chat.txt`, ''.
 */
export function chatName(fileName: string): string {
  const parts = fileName.split('/');
  let base = parts.pop()!.replace(/\.txt$/i, '');
  if (base === '_chat') base = (parts.find((p) => /\.zip$/i.test(p)) ?? '').replace(/\.zip$/i, '');
  return base.replace(/^WhatsApp Chat (with |- )/i, '').trim();
}

/** The local time of a header's fields, or why it is not a date. */
function headerTime(m: RegExpMatchArray, dayFirst: boolean): LocalTime | string {
  const [a, b, y, h, min, s, half] = m.slice(1, 8);
  const year = y!.length === 2 ? 2000 + Number(y) : Number(y);
  let hour = Number(h);
  if (half) {
    if (hour < 1 || hour > 12) return `hour ${hour} is not a 12-hour clock time`;
    hour = (hour % 12) + (/p/i.test(half) ? 12 : 0);
  }
  const t: LocalTime = {
    year,
    month: Number(dayFirst ? b : a),
    day: Number(dayFirst ? a : b),
    hour,
    minute: Number(min),
    second: s ? Number(s) : 0,
  };
  if (isValidLocal(t)) return t;
  const order = dayFirst ? 'day/month/year' : 'month/day/year';
  const hint = dayFirst
    ? ' (if the phone wrote month-first dates, read with dayFirst: false)'
    : ' (if the phone wrote day-first dates, read with dayFirst: true)';
  const stamp = `${a}/${b}/${y}, ${h}:${min}${s ? `:${s}` : ''}${half ? ` ${half.toLowerCase()}m` : ''}`;
  return `"${stamp}" is not a date and time read as ${order}${hint}`;
}

/** The entries of a chat, continuation lines joined to the message before them. */
function entriesOf(text: string, options: WhatsAppOptions, problems: FileProblems): Entry[] {
  const entries: Entry[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(LEADING_MARKS, '');
    const m = line.match(IPHONE_LINE) ?? line.match(ANDROID_LINE);
    if (!m) {
      const last = entries[entries.length - 1];
      if (last) last.text += `\n${raw.replace(MARKS, '')}`;
      else if (raw.trim()) problems.add(`line ${i + 1}`, 'text before the first dated message line');
      return;
    }
    const time = headerTime(m, options.dayFirst);
    if (typeof time === 'string') {
      problems.add(`line ${i + 1}`, time);
      return;
    }
    const rest = m[8]!;
    const colon = rest.indexOf(': ');
    const sender = colon > 0 ? rest.slice(0, colon).replace(MARKS, '').trim() : undefined;
    const body = colon > 0 ? rest.slice(colon + 2) : rest;
    const at = isoUtc(localToUtc(time, options.timeZone).getTime());
    const entry: Entry = { line: i + 1, at, text: body.replace(MARKS, ''), marked: LEADING_MARKS.test(body) };
    if (sender && !NOTICE_SENDER.test(sender)) entry.sender = sender;
    else entry.text = rest.replace(MARKS, '');
    entries.push(entry);
  });
  return entries;
}

/** What a message's text is: a call, a deletion marker, media (with a caption), or text. */
type Content =
  | { type: 'call'; missed: boolean; seconds: number }
  | { type: 'message'; body: string; media?: string[]; deleted?: true }
  | { type: 'waiting' };

/** Seconds in a call note such as `12 min`, `1 hr 3 min`, `45 sec`; 0 when none. */
function callSeconds(note: string | undefined): number {
  if (!note) return 0;
  const unit = (re: RegExp) => Number(note.match(re)?.[1] ?? 0);
  return unit(/(\d+)\s*hr/) * 3600 + unit(/(\d+)\s*min/) * 60 + unit(/(\d+)\s*sec/);
}

function contentOf(text: string): Content | undefined {
  const trimmed = text.trim();
  const [first = '', ...rest] = text.split('\n');
  const caption = rest.join('\n').trim();
  const call = trimmed.match(CALL);
  if (call) return { type: 'call', missed: !!call[1], seconds: callSeconds(call[2]) };
  if (DELETED.test(trimmed)) return { type: 'message', body: '', deleted: true };
  if (WAITING.test(trimmed)) return { type: 'waiting' };
  if (OMITTED.test(first.trim())) return { type: 'message', body: caption, media: [first.trim()] };
  const media = first.trim().match(FILE_ATTACHED) ?? first.trim().match(ATTACHED);
  if (media) return { type: 'message', body: caption, media: [media[1]!] };
  return undefined;
}

/** iPhone lines that start with a mark yet are what someone sent: a shared location, a poll. */
const MARKED_CONTENT = /^(Location: |live location shared|POLL:)/i;

/** True for a notice: a line without a sender, or an iPhone marked line that is no content. */
function isNotice(e: Entry): boolean {
  return !e.sender || (e.marked && !contentOf(e.text) && !MARKED_CONTENT.test(e.text));
}

/**
 * Reads one WhatsApp chat export. Needs the owner's display name to tell sent from received;
 * a chat with more than one other sender is a group named after the file.
 */
export function readWhatsApp(file: InputFile, options: WhatsAppOptions): FileRead {
  const problems: FileProblems = new FileProblems(file.name);
  const owner = options.owner?.trim();
  if (!owner)
    problems.fail(
      undefined,
      "a WhatsApp chat needs the device owner's WhatsApp display name (option owner) to tell sent from received messages",
    );
  const text = decodeText(file.bytes);
  if (!looksLikeWhatsApp(text))
    problems.fail(
      'line 1',
      'not a WhatsApp chat export: the first line does not start with a date and time such as "12/03/2024, 21:15 - " or "[12/03/2024, 21:15:03] "',
    );
  const entries = entriesOf(text, options, problems);
  problems.check();

  const skipped = new Tally();
  const collator = new Intl.Collator('en', { sensitivity: 'accent' });
  const isOwner = (name: string) => collator.compare(name, owner) === 0;
  const said = entries.filter((e) => !isNotice(e));
  const notices = entries.filter(isNotice);
  skipped.add('WhatsApp system message', notices.length);
  const others = [...new Set(said.map((e) => e.sender!).filter((s) => !isOwner(s)))];
  let name = chatName(file.name);
  // An iPhone export's first notice comes from the chat itself ("Group: ‎Messages and calls are ...").
  const fromChat = notices.find((e) => e.sender && e.marked)?.sender;
  if (!name) name = fromChat ?? 'unnamed chat';
  const group = others.length > 1 ? name : undefined;
  const counterpart: Party = group
    ? groupParty(group)
    : others[0]
      ? displayNameParty(others[0])
      : displayNameParty(name);

  const records: Draft[] = [];
  for (const e of said) {
    const out = isOwner(e.sender!);
    const party = out ? counterpart : displayNameParty(e.sender!);
    const source = { file: file.name, position: `line ${e.line}` };
    const content = contentOf(e.text) ?? { type: 'message', body: e.text.trim() };
    if (content.type === 'waiting') {
      skipped.add('WhatsApp message not on the device ("Waiting for this message")');
      continue;
    }
    if (content.type === 'call') {
      const call: Draft<CallRecord> = {
        kind: 'call',
        source,
        at: e.at,
        channel: 'whatsapp',
        direction: content.missed ? 'missed' : out ? 'out' : 'in',
        party,
        durationSeconds: content.seconds,
      };
      records.push(call);
      continue;
    }
    const message: Draft<MessageRecord> = {
      kind: 'message',
      source,
      at: e.at,
      channel: 'whatsapp',
      direction: out ? 'out' : 'in',
      party,
      body: content.body,
    };
    if (group) message.group = group;
    if (content.media) message.media = content.media;
    if (content.deleted) message.deleted = true;
    records.push(message);
  }
  const warnings =
    said.length && !said.some((e) => isOwner(e.sender!))
      ? [
          'no message in this chat is from the owner name given: check the option owner if messages look all received',
        ]
      : [];
  return { records, skipped: skipped.counts, warnings };
}
