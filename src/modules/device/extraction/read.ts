import { isAndroidDatabase, readAndroid } from './android.ts';
import { type CsvMapping, readCsv } from './csv.ts';
import { ExtractionError, type ExtractionProblem, FileProblems } from './errors.ts';
import { readImages } from './images.ts';
import { isIphoneDatabase, readIphone } from './iphone.ts';
import { decodeText, type FileRead, type InputFile, messageOf, Tally } from './reader.ts';
import type { DeviceRecord } from './records.ts';
import { isSqlite, openDatabase, tablesOf } from './sqlite.ts';
import { readTakeout, takeoutKind } from './takeout.ts';
import { DEFAULT_TIME_ZONE, isTimeZone } from './time.ts';
import { looksLikeWhatsApp, readWhatsApp } from './whatsapp.ts';

/**
 * Reading a device extraction: each uploaded file's kind is told from its name and content,
 * it is read into records of one shape, and the records are numbered `r1`, `r2`, ... in the
 * order of the files. All or nothing: when any file has a problem, nothing is returned and an
 * {@link ExtractionError} lists every problem of every file.
 */

/** How much one import may hold. */
export const LIMITS = {
  /** Files in one import. */
  files: 50,
  /** All files together. */
  totalBytes: 500 * 1024 * 1024,
  /** One SQLite database (mmssms.db, calllog.db, sms.db): read in memory. */
  databaseBytes: 400 * 1024 * 1024,
  /** One text file: a WhatsApp export or a CSV. */
  textBytes: 64 * 1024 * 1024,
  /** One Takeout JSON file: parsed whole, so bounded. */
  jsonBytes: 128 * 1024 * 1024,
  /** One zip of images, as uploaded. */
  zipBytes: 400 * 1024 * 1024,
  /** What one zip's entries may unpack to, together (the sizes they declare, then enforced). */
  unzippedBytes: 512 * 1024 * 1024,
  /** Entries in one zip. */
  zipEntries: 20_000,
  /** Rows of one CSV. */
  csvRows: 500_000,
  /** Records of the whole import. */
  records: 2_000_000,
};
/** The limits of one import (see {@link LIMITS}). */
export type Limits = typeof LIMITS;

/** The kinds of file read. */
export type FileKind =
  | 'whatsapp'
  | 'android'
  | 'iphone'
  | 'csv'
  | 'takeout-records'
  | 'takeout-semantic'
  | 'timeline'
  | 'images';

/** How to read an extraction. */
export interface ExtractionOptions {
  /** The device owner's WhatsApp display name (needed for WhatsApp chats: their messages are `out`). */
  owner?: string;
  /** IANA zone of the phone's local times (WhatsApp exports, CSV local times, zip times); Europe/London. */
  timeZone?: string;
  /** WhatsApp dates day-first (default, UK) or month-first (false). */
  dayFirst?: boolean;
  /** Column mappings of CSV files, by file name; `*` for any CSV not named. */
  csvMappings?: Record<string, CsvMapping>;
  /** Tighter (or, for tests, other) limits than {@link LIMITS}. */
  limits?: Partial<Limits>;
}

/** One file of the import as read. */
export interface ExtractedFile {
  name: string;
  kind: FileKind;
  /** How many records it gave. */
  records: number;
  /** What was read only in part (e.g. iPhone texts kept only in attributedBody). */
  warnings: string[];
}

/** An extraction read. */
export interface Extraction {
  records: DeviceRecord[];
  /** Image bytes by record id. */
  images: Map<string, Uint8Array>;
  /** What was left out, by reason, over all files. */
  skipped: Record<string, number>;
  files: ExtractedFile[];
  /** Records to look at twice (HEIC images that cannot be shown), with why. */
  flagged: { id: string; reason: string }[];
  /** Every file's warnings, each as `file name: warning`. */
  warnings: string[];
}

const SUPPORTED =
  'a WhatsApp chat export (.txt), an Android mmssms.db or calllog.db, an iPhone sms.db, a CSV with a column mapping, a Google Takeout Records.json or Semantic Location History .json, a Google Maps Timeline.json exported from the phone, or a zip of images';

const extension = (name: string) => name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
/** A size in words: 31.2 MB, 12 KB, 900 bytes. */
function size(n: number): string {
  const one = (x: number) => x.toFixed(1).replace(/\.0$/, '');
  if (n >= 1024 * 1024) return `${one(n / 1024 / 1024)} MB`;
  if (n >= 1024) return `${one(n / 1024)} KB`;
  return `${n} bytes`;
}

/** Fails when a file is over the size limit for its kind. */
function bounded(problems: FileProblems, bytes: Uint8Array, limit: number, what: string): void {
  if (bytes.length > limit)
    problems.fail(undefined, `${size(bytes.length)}, over the limit of ${size(limit)} for ${what}`);
}

interface Read extends FileRead {
  kind: FileKind;
}

function readDatabase(file: InputFile, problems: FileProblems, limits: Limits): Read {
  bounded(problems, file.bytes, limits.databaseBytes, 'a database');
  const db = openDatabase(file.bytes, problems);
  try {
    const tables = tablesOf(db);
    if (isIphoneDatabase(tables)) return { kind: 'iphone', ...readIphone(file.name, db, problems) };
    if (isAndroidDatabase(tables)) return { kind: 'android', ...readAndroid(file.name, db, problems) };
    return problems.fail(
      undefined,
      'a SQLite database without the tables read here: sms or calls (Android mmssms.db, calllog.db), or message and handle (iPhone sms.db)',
    );
  } finally {
    db.close();
  }
}

function readJson(file: InputFile, problems: FileProblems, limits: Limits): Read {
  bounded(problems, file.bytes, limits.jsonBytes, 'a JSON file');
  let json: unknown;
  try {
    json = JSON.parse(decodeText(file.bytes));
  } catch (e) {
    return problems.fail(undefined, `not readable JSON (${messageOf(e)})`);
  }
  const kind = takeoutKind(json);
  const fileKind =
    kind === 'semantic' ? 'takeout-semantic' : kind === 'timeline' ? 'timeline' : 'takeout-records';
  return { kind: fileKind, ...readTakeout(file, json) };
}

type Settings = Required<Omit<ExtractionOptions, 'owner' | 'limits'>> & { owner?: string };

/** Adds up what several readers gave, shifting image and flag indices past the records before. */
function merged(parts: FileRead[]): FileRead {
  const out: Required<Omit<FileRead, 'skipped'>> & { skipped: Tally } = {
    records: [],
    skipped: new Tally(),
    warnings: [],
    images: new Map(),
    flagged: new Map(),
  };
  for (const part of parts) {
    const shift = out.records.length;
    for (const r of part.records) out.records.push(r);
    for (const [i, b] of part.images ?? []) out.images.set(i + shift, b);
    for (const [i, f] of part.flagged ?? []) out.flagged.set(i + shift, f);
    for (const [reason, n] of Object.entries(part.skipped)) out.skipped.add(reason, n);
    out.warnings.push(...part.warnings);
  }
  return { ...out, skipped: out.skipped.counts };
}

/**
 * A WhatsApp export with its media (a zip holding `_chat.txt` and the photos): the chat's
 * records first (their source `zip name/_chat.txt`), then the images.
 */
function withChats(zip: FileRead, chats: InputFile[], options: Settings): Read {
  const reads: FileRead[] = [];
  const problems: ExtractionProblem[] = [];
  for (const chat of chats) {
    try {
      reads.push(
        readWhatsApp(chat, { owner: options.owner, timeZone: options.timeZone, dayFirst: options.dayFirst }),
      );
    } catch (e) {
      if (!(e instanceof ExtractionError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length) throw new ExtractionError(problems);
  return { kind: 'whatsapp', ...merged([...reads, zip]) };
}

/** Tells one file's kind from its content (and name) and reads it. */
function readFile(file: InputFile, options: Settings, limits: Limits): Read {
  const problems: FileProblems = new FileProblems(file.name);
  const ext = extension(file.name);
  if (!file.bytes.length) problems.fail(undefined, 'the file is empty');
  if (isSqlite(file.bytes)) return readDatabase(file, problems, limits);
  if (['db', 'sqlite', 'sqlite3'].includes(ext))
    problems.fail(undefined, 'named as a database but not a SQLite database');
  if (isZip(file.bytes)) {
    bounded(problems, file.bytes, limits.zipBytes, 'a zip');
    const zip = readImages(file, {
      timeZone: options.timeZone,
      entries: limits.zipEntries,
      unzippedBytes: limits.unzippedBytes,
    });
    return zip.chats.length ? withChats(zip, zip.chats, options) : { kind: 'images', ...zip };
  }
  if (ext === 'json') return readJson(file, problems, limits);
  bounded(problems, file.bytes, limits.textBytes, 'a text file');
  if (ext === 'csv') {
    const mapping = options.csvMappings[file.name] ?? options.csvMappings['*'];
    return { kind: 'csv', ...readCsv(file, mapping, options.timeZone, limits.csvRows) };
  }
  const text = decodeText(file.bytes.subarray(0, 4096));
  if (ext === 'txt' || looksLikeWhatsApp(text))
    return {
      kind: 'whatsapp',
      ...readWhatsApp(file, { owner: options.owner, timeZone: options.timeZone, dayFirst: options.dayFirst }),
    };
  if (text.trimStart().startsWith('{')) return readJson(file, problems, limits);
  return problems.fail(undefined, `not a kind of file read here; expected ${SUPPORTED}`);
}

/** Problems with the import as a whole: option values, file count, sizes, repeated names. */
function importProblems(
  files: readonly InputFile[],
  options: ExtractionOptions,
  limits: Limits,
): ExtractionProblem[] {
  const found: ExtractionProblem[] = [];
  const all = (reason: string) => found.push({ file: '(the import)', reason });
  if (options.timeZone !== undefined && !isTimeZone(options.timeZone))
    all(`time zone "${options.timeZone}" is not an IANA time zone such as Europe/London`);
  if (!files.length) all('no files');
  if (files.length > limits.files) all(`${files.length} files, over the limit of ${limits.files}`);
  const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
  if (total > limits.totalBytes) all(`${size(total)} together, over the limit of ${size(limits.totalBytes)}`);
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name)) found.push({ file: f.name, reason: 'uploaded twice (file names must differ)' });
    seen.add(f.name);
  }
  return found;
}

/**
 * Reads every file of an extraction into records numbered `r1`, `r2`, ... in file order, with
 * image bytes by record id and counts of what was left out. Throws an {@link ExtractionError}
 * listing every problem of every file when any file cannot be read (nothing is returned then).
 */
export async function readExtraction(
  files: readonly InputFile[],
  options: ExtractionOptions = {},
): Promise<Extraction> {
  const limits: Limits = { ...LIMITS, ...options.limits };
  const problems = importProblems(files, options, limits);
  if (problems.some((p) => p.file === '(the import)')) throw new ExtractionError(problems);
  const settings = {
    owner: options.owner,
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    dayFirst: options.dayFirst ?? true,
    csvMappings: options.csvMappings ?? {},
  };
  const reads: Array<{ file: InputFile; read: Read }> = [];
  for (const file of files) {
    try {
      reads.push({ file, read: readFile(file, settings, limits) });
    } catch (e) {
      if (e instanceof ExtractionError) problems.push(...e.problems);
      else problems.push({ file: file.name, reason: `could not be read (${messageOf(e)})` });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const count = reads.reduce((sum, r) => sum + r.read.records.length, 0);
  if (count > limits.records)
    problems.push({
      file: '(the import)',
      reason: `${count.toLocaleString('en-GB')} records, over the limit of ${limits.records.toLocaleString('en-GB')}`,
    });
  if (problems.length) throw new ExtractionError(problems);
  return numbered(reads);
}

/** The records of every file numbered in order, with their images, skips and flags gathered. */
function numbered(reads: Array<{ file: InputFile; read: Read }>): Extraction {
  const out: Extraction = {
    records: [],
    images: new Map(),
    skipped: {},
    files: [],
    flagged: [],
    warnings: [],
  };
  for (const { file, read } of reads) {
    read.records.forEach((draft, i) => {
      const id = `r${out.records.length + 1}`;
      out.records.push({ id, ...draft } as DeviceRecord);
      const bytes = read.images?.get(i);
      if (bytes) out.images.set(id, bytes);
      const flag = read.flagged?.get(i);
      if (flag) out.flagged.push({ id, reason: flag });
    });
    for (const [reason, n] of Object.entries(read.skipped))
      if (n) out.skipped[reason] = (out.skipped[reason] ?? 0) + n;
    out.files.push({
      name: file.name,
      kind: read.kind,
      records: read.records.length,
      warnings: read.warnings,
    });
    out.warnings.push(...read.warnings.map((w) => `${file.name}: ${w}`));
  }
  return out;
}
