import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { compileClockFormat } from '../../../formats/clock-format.ts';
import { FileProblems } from './errors.ts';
import { partyOf } from './party.ts';
import { type Draft, decodeText, type FileRead, type InputFile, messageOf, Tally } from './reader.ts';
import type { CallRecord, LocationRecord, MessageRecord } from './records.ts';
import { isoUtc, isValidLocal, localToUtc } from './time.ts';

/**
 * CSV exports of messages, calls or locations (from a forensic tool or a phone app), read
 * through a column mapping in the manner of the crime-data imports: which columns hold the
 * time (and in what format), the party, the direction, the text, the coordinates. Every
 * problem names the file, the line and the column.
 */

/**
 * When a row happened: one column or several joined by one space, and their format. Tokens
 * YYYY, MM/M, DD/D, HH/H, mm/m, ss/s (anything else is literal), read as local time in the
 * extraction's time zone; or `ISO` (ISO 8601, local unless it has `Z` or an offset),
 * `epoch-ms` or `epoch-s`.
 */
export const csvTimeSchema = z.object({
  columns: z.array(z.string().min(1)).min(1),
  format: z.string().min(1),
});

/** Direction words besides the built-in ones (in/incoming/received/inbox, out/outgoing/sent, missed, rejected). */
const directionValuesSchema = z
  .object({
    in: z.array(z.string()).optional(),
    out: z.array(z.string()).optional(),
    missed: z.array(z.string()).optional(),
    rejected: z.array(z.string()).optional(),
  })
  .optional();

const messagesMapping = z.object({
  kind: z.literal('messages'),
  time: csvTimeSchema,
  /** Column of the other party's number, e-mail or name. */
  party: z.string().min(1),
  /** Column of the party's shown name, if any. */
  name: z.string().min(1).optional(),
  direction: z.string().min(1),
  directionValues: directionValuesSchema,
  body: z.string().min(1),
  channel: z.enum(['sms', 'mms', 'imessage', 'whatsapp', 'other']).default('other'),
});

const callsMapping = z.object({
  kind: z.literal('calls'),
  time: csvTimeSchema,
  party: z.string().min(1),
  name: z.string().min(1).optional(),
  direction: z.string().min(1),
  directionValues: directionValuesSchema,
  /** Column of the duration: seconds, `m:ss` or `h:mm:ss`; 0 when absent. */
  duration: z.string().min(1).optional(),
  channel: z.enum(['phone', 'whatsapp', 'other']).default('phone'),
});

const locationsMapping = z.object({
  kind: z.literal('locations'),
  time: csvTimeSchema,
  /** Columns of WGS84 latitude and longitude in degrees. */
  lat: z.string().min(1),
  lon: z.string().min(1),
  /** Column of the accuracy radius in metres, if any. */
  accuracy: z.string().min(1).optional(),
});

/** How one CSV's columns map to records. */
export const csvMappingSchema = z.discriminatedUnion('kind', [
  messagesMapping,
  callsMapping,
  locationsMapping,
]);
/** A column mapping as given in the options (channel optional). */
export type CsvMapping = z.input<typeof csvMappingSchema>;
type Mapping = z.output<typeof csvMappingSchema>;

/** The columns a mapping reads. */
function mappedColumns(m: Mapping): string[] {
  const cols = [...m.time.columns];
  if (m.kind === 'locations') cols.push(m.lat, m.lon, ...(m.accuracy ? [m.accuracy] : []));
  else cols.push(m.party, m.direction, ...(m.name ? [m.name] : []));
  if (m.kind === 'messages') cols.push(m.body);
  if (m.kind === 'calls' && m.duration) cols.push(m.duration);
  return [...new Set(cols)];
}

/** Text to an instant (ms since 1970), or undefined when it does not fit the format. */
type TimeReader = (text: string) => number | undefined;

/** Compiles a time format (see {@link csvTimeSchema}) for a time zone. */
export function compileTime(format: string, timeZone: string): TimeReader {
  if (format === 'epoch-ms' || format === 'epoch-s') {
    const scale = format === 'epoch-ms' ? 1 : 1000;
    return (text) => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) * scale : undefined);
  }
  if (format === 'ISO') {
    const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
    return (text) => {
      const m = iso.exec(text.trim());
      if (!m) return undefined;
      if (m[8]) {
        const ms = Date.parse(text.trim().replace(' ', 'T'));
        return Number.isNaN(ms) ? undefined : ms;
      }
      const t = {
        year: +m[1]!,
        month: +m[2]!,
        day: +m[3]!,
        hour: +m[4]!,
        minute: +m[5]!,
        second: +(m[6] ?? 0),
      };
      return isValidLocal(t) ? localToUtc(t, timeZone).getTime() : undefined;
    };
  }
  const read = compileClockFormat(format);
  return (text) => {
    const t = read(text);
    return t && localToUtc(t, timeZone).getTime();
  };
}

const DIRECTIONS: Record<'in' | 'out' | 'missed' | 'rejected', string[]> = {
  in: ['in', 'incoming', 'received', 'inbox', 'inbound'],
  out: ['out', 'outgoing', 'sent', 'outbox', 'outbound'],
  missed: ['missed', 'unanswered'],
  rejected: ['rejected', 'declined', 'blocked'],
};

/** Seconds of a duration written as seconds, `m:ss` or `h:mm:ss`. */
function durationOf(text: string): number | undefined {
  const t = text.trim();
  if (!t) return 0;
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t));
  if (!/^\d+(:\d{1,2}){1,2}$/.test(t)) return undefined;
  return t.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
}

/** One row's columns by header name, and the line it starts on. */
interface Row {
  line: number;
  cells: Record<string, string>;
}

/** The rows of a CSV with their first line, or the parser's problem at its line. */
function rowsOf(text: string, problems: FileProblems, maxRows: number): { header: string[]; rows: Row[] } {
  let parsed: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    parsed = parse(text, {
      info: true,
      raw: true,
      relax_column_count: false,
      skip_empty_lines: true,
      to: maxRows + 1,
    }) as unknown as typeof parsed;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return problems.fail(
      line ? `line ${line}` : undefined,
      `not a readable CSV: ${messageOf(e).replace(/^Invalid Record Length: /, '')}`,
    );
  }
  const [head, ...body] = parsed;
  if (!head) problems.fail(undefined, 'the CSV is empty');
  if (body.length > maxRows)
    problems.fail(undefined, `more than ${maxRows.toLocaleString('en-GB')} rows, the limit for a CSV`);
  const header = head.record.map((h) => h.trim());
  const rows = body.map(({ record, info, raw }) => {
    const inner = raw.replace(/\r?\n$/, '').split('\n').length - 1;
    const cells: Record<string, string> = {};
    header.forEach((h, i) => {
      cells[h] = record[i] ?? '';
    });
    return { line: info.lines - inner, cells };
  });
  return { header, rows };
}

/**
 * Reads one CSV through its mapping (validated here: a bad mapping is a problem of the file).
 * Rows of locations with both coordinates empty are counted and left out.
 */
export function readCsv(file: InputFile, rawMapping: unknown, timeZone: string, maxRows: number): FileRead {
  const problems: FileProblems = new FileProblems(file.name);
  if (rawMapping === undefined)
    problems.fail(
      undefined,
      `a CSV needs a column mapping (option csvMappings["${file.name}"] or csvMappings["*"])`,
    );
  const checked = csvMappingSchema.safeParse(rawMapping);
  if (!checked.success)
    problems.fail(
      undefined,
      `the column mapping is not valid: ${checked.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; ')}`,
    );
  const mapping = checked.data;
  let time: TimeReader;
  try {
    time = compileTime(mapping.time.format, timeZone);
  } catch (e) {
    return problems.fail(undefined, `the column mapping is not valid: ${messageOf(e)}`);
  }
  const { header, rows } = rowsOf(decodeText(file.bytes), problems, maxRows);
  const missing = mappedColumns(mapping).filter((c) => !header.includes(c));
  if (missing.length)
    problems.fail(
      'line 1',
      `column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} not in the header (it has ${header.map((c) => `"${c}"`).join(', ')})`,
    );
  const skipped = new Tally();
  const records: Draft[] = [];
  const directionWords = { ...DIRECTIONS };
  if (mapping.kind !== 'locations')
    for (const [k, words] of Object.entries(mapping.directionValues ?? {}))
      directionWords[k as keyof typeof DIRECTIONS] = [
        ...DIRECTIONS[k as keyof typeof DIRECTIONS],
        ...(words ?? []),
      ];
  for (const row of rows) {
    const at = `line ${row.line}`;
    const where = (column: string) => `${at}, column "${column}"`;
    const timeText = mapping.time.columns.map((c) => row.cells[c]!.trim()).join(' ');
    const ms = time(timeText);
    if (ms === undefined || !Number.isFinite(ms)) {
      problems.add(
        where(mapping.time.columns.join('" + "')),
        `"${timeText.slice(0, 40)}" is not a time in the format ${mapping.time.format}`,
      );
      continue;
    }
    const base = { source: { file: file.name, position: at }, at: isoUtc(ms) };
    if (mapping.kind === 'locations') {
      const [latText, lonText] = [row.cells[mapping.lat]!.trim(), row.cells[mapping.lon]!.trim()];
      if (!latText && !lonText) {
        skipped.add('CSV location row without coordinates');
        continue;
      }
      const lat = Number(latText);
      const lon = Number(lonText);
      if (!latText || !Number.isFinite(lat) || Math.abs(lat) > 90) {
        problems.add(where(mapping.lat), `"${latText}" is not a latitude in degrees`);
        continue;
      }
      if (!lonText || !Number.isFinite(lon) || Math.abs(lon) > 180) {
        problems.add(where(mapping.lon), `"${lonText}" is not a longitude in degrees`);
        continue;
      }
      const fix: Draft<LocationRecord> = { kind: 'location', ...base, type: 'fix', lat, lon };
      const accuracyText = mapping.accuracy ? row.cells[mapping.accuracy]!.trim() : '';
      if (accuracyText) {
        const accuracy = Number(accuracyText);
        if (!Number.isFinite(accuracy) || accuracy < 0) {
          problems.add(where(mapping.accuracy!), `"${accuracyText}" is not an accuracy in metres`);
          continue;
        }
        fix.accuracyMetres = accuracy;
      }
      records.push(fix);
      continue;
    }
    const partyText = row.cells[mapping.party]!.trim();
    if (!partyText) {
      problems.add(where(mapping.party), 'empty: the other party is needed');
      continue;
    }
    const party = partyOf(partyText, mapping.name ? row.cells[mapping.name] : undefined);
    const word = row.cells[mapping.direction]!.trim().toLowerCase();
    const direction = (Object.keys(directionWords) as (keyof typeof DIRECTIONS)[]).find((k) =>
      directionWords[k].some((w) => w.toLowerCase() === word),
    );
    const allowed = mapping.kind === 'messages' ? ['in', 'out'] : ['in', 'out', 'missed', 'rejected'];
    if (!direction || !allowed.includes(direction)) {
      const words = allowed.flatMap((k) => directionWords[k as keyof typeof DIRECTIONS]).join(', ');
      problems.add(where(mapping.direction), `"${word}" is not a direction (${words})`);
      continue;
    }
    if (mapping.kind === 'messages') {
      const message: Draft<MessageRecord> = {
        kind: 'message',
        ...base,
        channel: mapping.channel,
        direction: direction as 'in' | 'out',
        party,
        body: row.cells[mapping.body]!,
      };
      records.push(message);
      continue;
    }
    const durationText = mapping.duration ? row.cells[mapping.duration]! : '';
    const seconds = durationOf(durationText);
    if (seconds === undefined) {
      problems.add(
        where(mapping.duration!),
        `"${durationText}" is not a duration (seconds, m:ss or h:mm:ss)`,
      );
      continue;
    }
    const call: Draft<CallRecord> = {
      kind: 'call',
      ...base,
      channel: mapping.channel,
      direction,
      party,
      durationSeconds: seconds,
    };
    records.push(call);
  }
  problems.check();
  return { records, skipped: skipped.counts, warnings: [] };
}
