import type { CallRecord, DeviceRecord, MessageRecord } from '../extraction/records.ts';
import {
  COLOURS,
  checkOption,
  checkSize,
  dayNumber,
  dayOf,
  escapeXml,
  inTimeOrder,
  londonTime,
  num,
  plural,
  type Stamp,
  svgOpen,
  svgText,
} from './common.ts';

/**
 * The device's activity over time: messages and calls per day (UK local days), bursts of rapid
 * activity, each party's first appearance, silent gaps, and deletion markers. Every item cites
 * the records it rests on.
 */

/** Thresholds of the timeline; each has a default. */
export interface TimelineOptions {
  /** A burst's records follow each other with gaps strictly under this. Default 5 minutes. */
  burstGapMinutes?: number;
  /** A burst has at least this many records. Default 10. */
  burstMinRecords?: number;
  /** A gap is a silence (no message or call) longer than this. Default 24 hours. */
  gapHours?: number;
}

/** One local day's messages and calls. */
export interface DayCount {
  /** `YYYY-MM-DD`, Europe/London. */
  day: string;
  /** Messages, not counting deletion markers. */
  messages: number;
  calls: number;
  deleted: number;
  recordIds: string[];
}

/** A run of records in quick succession. */
export interface Burst {
  start: Stamp;
  end: Stamp;
  count: number;
  /** Party keys in the burst, in order of first appearance. */
  parties: string[];
  recordIds: string[];
}

/** A party's first message or call. */
export interface NewContact {
  key: string;
  /** Local day (Europe/London). */
  day: string;
  first: Stamp;
}

/** A silence between two messages or calls, longer than the threshold. */
export interface Gap {
  /** The last message or call before the silence. */
  from: Stamp;
  /** The first message or call after it. */
  to: Stamp;
  hours: number;
  /** Location and image records inside the silence: evidence the device was otherwise in use. */
  otherRecordIds: string[];
}

/** A deletion marker ("This message was deleted"). */
export interface Deletion {
  recordId: string;
  at: string;
  key: string;
  channel: MessageRecord['channel'];
}

/** The timeline with the thresholds it used. */
export interface Timeline {
  rules: Required<TimelineOptions>;
  days: DayCount[];
  bursts: Burst[];
  newContacts: NewContact[];
  gaps: Gap[];
  deletions: Deletion[];
}

type Communication = MessageRecord | CallRecord;
type Timed = { record: Communication; ms: number };

/** Thresholds with defaults filled in and checked. */
export function timelineRules(options: TimelineOptions = {}): Required<TimelineOptions> {
  return {
    burstGapMinutes: checkOption('burstGapMinutes', options.burstGapMinutes ?? 5, 0, 24 * 60),
    burstMinRecords: checkOption('burstMinRecords', options.burstMinRecords ?? 10, 2, 1_000_000),
    gapHours: checkOption('gapHours', options.gapHours ?? 24, 0, 24 * 366),
  };
}

const stamp = ({ record, ms }: { record: DeviceRecord; ms: number }): Stamp => ({
  at: new Date(ms).toISOString(),
  recordId: record.id,
});

function dayCounts(timed: readonly Timed[]): DayCount[] {
  const days = new Map<string, DayCount>();
  for (const { record, ms } of timed) {
    const day = londonTime(ms).day;
    let row = days.get(day);
    if (!row) {
      row = { day, messages: 0, calls: 0, deleted: 0, recordIds: [] };
      days.set(day, row);
    }
    if (record.kind === 'call') row.calls++;
    else if (record.deleted) row.deleted++;
    else row.messages++;
    row.recordIds.push(record.id);
  }
  return [...days.values()];
}

/**
 * Bursts: maximal runs of consecutive messages and calls (in time order) in which each record
 * follows the previous one by strictly less than `burstGapMinutes`, kept when the run has at
 * least `burstMinRecords` records. (A single-linkage split of the event sequence at long
 * inter-event gaps, in the spirit of Kleinberg's burst detection, KDD 2002, simplified to a
 * stated threshold so that an officer can check it by hand.)
 */
function bursts(timed: readonly Timed[], rules: Required<TimelineOptions>): Burst[] {
  const found: Burst[] = [];
  const limit = rules.burstGapMinutes * 60_000;
  let start = 0;
  for (let i = 1; i <= timed.length; i++) {
    if (i < timed.length && timed[i]!.ms - timed[i - 1]!.ms < limit) continue;
    if (i - start >= rules.burstMinRecords) {
      const run = timed.slice(start, i);
      found.push({
        start: stamp(run[0]!),
        end: stamp(run[run.length - 1]!),
        count: run.length,
        parties: [...new Set(run.map((t) => t.record.party.key))],
        recordIds: run.map((t) => t.record.id),
      });
    }
    start = i;
  }
  return found;
}

function newContacts(timed: readonly Timed[]): NewContact[] {
  const seen = new Set<string>();
  const found: NewContact[] = [];
  for (const t of timed) {
    const key = t.record.party.key;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ key, day: londonTime(t.ms).day, first: stamp(t) });
  }
  return found;
}

/**
 * Gaps: intervals between consecutive messages or calls longer than `gapHours`. Only silences
 * with activity on both sides are reported (the device was in use before and after), so the
 * time before the first and after the last record is never a gap; location and image records
 * inside a gap are listed, as they show the device was on.
 */
function gaps(
  timed: readonly Timed[],
  others: ReadonlyArray<{ record: DeviceRecord; ms: number }>,
  rules: Required<TimelineOptions>,
): Gap[] {
  const found: Gap[] = [];
  const limit = rules.gapHours * 3_600_000;
  let o = 0;
  for (let i = 1; i < timed.length; i++) {
    const before = timed[i - 1]!;
    const after = timed[i]!;
    if (after.ms - before.ms <= limit) continue;
    while (o < others.length && others[o]!.ms <= before.ms) o++;
    const inside: string[] = [];
    for (let k = o; k < others.length && others[k]!.ms < after.ms; k++) inside.push(others[k]!.record.id);
    found.push({
      from: stamp(before),
      to: stamp(after),
      hours: Math.round(((after.ms - before.ms) / 3_600_000) * 100) / 100,
      otherRecordIds: inside,
    });
  }
  return found;
}

/** The timeline of an extraction's messages and calls (see {@link TimelineOptions} for the rules). */
export function timeline(records: readonly DeviceRecord[], options: TimelineOptions = {}): Timeline {
  checkSize(records, 'timeline');
  const rules = timelineRules(options);
  const all = inTimeOrder(records);
  const timed = all.filter((t): t is Timed => t.record.kind === 'message' || t.record.kind === 'call');
  const others = all.filter((t) => t.record.kind === 'location' || t.record.kind === 'image');
  const deletions: Deletion[] = [];
  for (const { record, ms } of timed) {
    if (record.kind === 'message' && record.deleted) {
      deletions.push({
        recordId: record.id,
        at: new Date(ms).toISOString(),
        key: record.party.key,
        channel: record.channel,
      });
    }
  }
  return {
    rules,
    days: dayCounts(timed),
    bursts: bursts(timed, rules),
    newContacts: newContacts(timed),
    gaps: gaps(timed, others, rules),
    deletions,
  };
}

const WIDTH = 800;
const HEIGHT = 300;
const LEFT = 50;
const RIGHT = 20;
const TOP = 30;
const BASE = 230;

function niceStep(max: number): number {
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? p * 10;
}

function describeTimeline(t: Timeline, first: string, last: string): string {
  const messages = t.days.reduce((s, d) => s + d.messages, 0);
  const calls = t.days.reduce((s, d) => s + d.calls, 0);
  const busiest = [...t.days].sort(
    (a, b) => b.messages + b.calls - (a.messages + a.calls) || (a.day < b.day ? -1 : 1),
  )[0];
  return [
    `Daily messages and calls from ${first} to ${last}: ${plural(messages, 'message')} and ${plural(calls, 'call')} on ${plural(t.days.length, 'active day')}.`,
    busiest ? `Busiest day ${busiest.day} with ${plural(busiest.messages + busiest.calls, 'record')}.` : '',
    `${plural(t.bursts.length, 'burst')} (at least ${t.rules.burstMinRecords} records, each under ${t.rules.burstGapMinutes} minutes after the last),`,
    `${plural(t.gaps.length, 'gap')} of over ${t.rules.gapHours} hours, ${plural(t.deletions.length, 'deletion marker')}.`,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The timeline as an accessible SVG: a bar per local day (messages blue, calls orange, stacked),
 * bursts as triangles above their day, gaps as grey bands, deletion markers as red ticks under
 * the axis. Deterministic; all text escaped.
 */
export function timelineSvg(t: Timeline): string {
  if (t.days.length === 0) {
    return (
      svgOpen('device-timeline', WIDTH, 60, 'Daily activity', 'No messages or calls.') +
      svgText(10, 30, 'No messages or calls') +
      '</svg>'
    );
  }
  const firstDay = dayNumber(t.days[0]!.day);
  const lastDay = dayNumber(t.days[t.days.length - 1]!.day);
  const span = lastDay - firstDay + 1;
  const slot = (WIDTH - LEFT - RIGHT) / span;
  const xOfDay = (day: string) => LEFT + (dayNumber(day) - firstDay) * slot;
  const xOfMs = (ms: number) => xOfDay(londonTime(ms).day) + slot / 2;
  const top = Math.max(...t.days.map((d) => d.messages + d.calls + d.deleted), 1);
  const step = niceStep(top);
  const max = Math.ceil(top / step) * step;
  const y = (n: number) => BASE - ((BASE - TOP) * n) / max;
  const out = [
    svgOpen(
      'device-timeline',
      WIDTH,
      HEIGHT,
      'Daily activity',
      describeTimeline(t, dayOf(firstDay), dayOf(lastDay)),
    ),
  ];
  for (const g of t.gaps) {
    const x1 = xOfMs(Date.parse(g.from.at));
    const x2 = xOfMs(Date.parse(g.to.at));
    out.push(
      `<rect x="${num(x1)}" y="${TOP}" width="${num(Math.max(1, x2 - x1))}" height="${BASE - TOP}" fill="${COLOURS.paleGrey}" stroke="${COLOURS.lightGrey}"><title>${escapeXml(`Gap of ${g.hours} hours`)}</title></rect>`,
    );
  }
  for (let v = 0; v <= max; v += step) {
    out.push(
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${num(y(v))}" y2="${num(y(v))}" stroke="${COLOURS.lightGrey}" stroke-width="0.5"/>`,
    );
    out.push(svgText(LEFT - 6, y(v) + 4, String(v), 'text-anchor="end"'));
  }
  const bar = Math.max(0.5, slot * 0.8);
  for (const d of t.days) {
    const x = xOfDay(d.day) + (slot - bar) / 2;
    const msg = d.messages + d.deleted;
    out.push(
      `<rect x="${num(x)}" y="${num(y(msg))}" width="${num(bar)}" height="${num(BASE - y(msg))}" fill="${COLOURS.blue}"><title>${escapeXml(`${d.day}: ${plural(msg, 'message')}, ${plural(d.calls, 'call')}`)}</title></rect>`,
    );
    out.push(
      `<rect x="${num(x)}" y="${num(y(msg + d.calls))}" width="${num(bar)}" height="${num(y(msg) - y(msg + d.calls))}" fill="${COLOURS.orange}"/>`,
    );
  }
  for (const b of t.bursts) {
    const x = xOfMs(Date.parse(b.start.at));
    out.push(
      `<path d="M${num(x - 5)} ${TOP - 12}h10l-5 8z" fill="${COLOURS.purple}"><title>${escapeXml(`Burst of ${b.count} records from ${b.start.at}`)}</title></path>`,
    );
  }
  for (const d of t.deletions) {
    const x = xOfMs(Date.parse(d.at));
    out.push(
      `<line x1="${num(x)}" x2="${num(x)}" y1="${BASE + 3}" y2="${BASE + 13}" stroke="${COLOURS.red}" stroke-width="2"><title>${escapeXml(`Deletion marker ${d.recordId}`)}</title></line>`,
    );
  }
  out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${BASE}" y2="${BASE}" stroke="${COLOURS.black}"/>`);
  out.push(svgText(LEFT, BASE + 30, dayOf(firstDay)));
  out.push(svgText(WIDTH - RIGHT, BASE + 30, dayOf(lastDay), 'text-anchor="end"'));
  out.push(legendRow());
  out.push('</svg>');
  return out.join('');
}

function legendRow(): string {
  const items: Array<[string, string]> = [
    [COLOURS.blue, 'Messages'],
    [COLOURS.orange, 'Calls'],
    [COLOURS.purple, 'Burst'],
    [COLOURS.lightGrey, 'Gap'],
    [COLOURS.red, 'Deletion marker'],
  ];
  return items
    .map(
      ([colour, text], i) =>
        `<rect x="${LEFT + i * 130}" y="${HEIGHT - 22}" width="12" height="12" fill="${colour}"/>` +
        svgText(LEFT + i * 130 + 16, HEIGHT - 12, text),
    )
    .join('');
}
