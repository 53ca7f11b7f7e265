import { parse as parseCsv } from 'csv-parse/sync';
import { zipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import mammoth from 'mammoth';
import { entryBytes, type ZipEntry, ZipError, zipEntries } from '../../../formats/zip.ts';

/**
 * Reading uploaded case documents into text: plain text, Word (.docx, mammoth), PDF (the text
 * layer, pdfjs-dist), e-mail (.eml, mailparser) and CSV (csv-parse). Each file is checked
 * against what its name says it is; every reader has a bounded size; a PDF without a text
 * layer (a scan) is reported as such, never taken as empty.
 */

export type DocumentKind = 'text' | 'docx' | 'pdf' | 'eml' | 'csv';

export interface ReadDocument {
  name: string;
  kind: DocumentKind;
  text: string;
  /** 'ok', or 'no-text-layer' for a PDF whose pages have no text (a scan: it needs OCR, it is NOT empty) */
  status: 'ok' | 'no-text-layer';
  /** ISO 8601 date of the document when the file states one (e-mail Date header, docx core.xml dcterms:created, PDF CreationDate) */
  date?: string;
  title?: string;
  pages?: number;
  /** e-mail: from, to, cc, subject, attachment names; csv: columns, rows; free-form string/number/string[] values */
  meta: Record<string, string | number | string[]>;
  warnings: string[];
}

export const LIMITS = {
  fileBytes: 20 * 1024 * 1024,
  files: 500,
  totalBytes: 200 * 1024 * 1024,
  pdfPages: 2000,
  unzippedBytes: 100 * 1024 * 1024,
  csvRows: 100_000,
};
export type Limits = typeof LIMITS;

/** A file that cannot be read: the message names the file and says what is wrong. */
export class DocumentError extends Error {
  constructor(
    readonly file: string,
    /** What is wrong, without the file name. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DocumentError';
  }
}

/** Every file of an upload that cannot be read (none is kept when any fails), one per line. */
export class DocumentsError extends Error {
  constructor(readonly errors: DocumentError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'DocumentsError';
  }
}

type Body = Omit<ReadDocument, 'name' | 'kind'>;

const KINDS: Record<string, DocumentKind> = {
  txt: 'text',
  text: 'text',
  md: 'text',
  log: 'text',
  docx: 'docx',
  pdf: 'pdf',
  eml: 'eml',
  csv: 'csv',
};
const SUPPORTED = 'Word (.docx), PDF (.pdf), e-mail (.eml), CSV (.csv) or text (.txt, .text, .md, .log)';

/** A size in words: 31.2 MB, 12 KB, 900 bytes. */
function size(n: number): string {
  const one = (x: number) => x.toFixed(1).replace(/\.0$/, '');
  if (n >= 1024 * 1024) return `${one(n / 1024 / 1024)} MB`;
  if (n >= 1024) return `${one(n / 1024)} KB`;
  return `${n} bytes`;
}
const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

const startsWith = (b: Uint8Array, s: string) =>
  b.length >= s.length && [...s].every((c, i) => b[i] === c.charCodeAt(0));
const isZip = (b: Uint8Array) => startsWith(b, 'PK\x03\x04');
const isPdf = (b: Uint8Array) => startsWith(b, '%PDF-');

/** What the first bytes look like, for a message about a file whose name says otherwise. */
function looksLike(b: Uint8Array): string {
  if (isPdf(b)) return 'a PDF';
  if (isZip(b)) {
    const names = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 64 * 1024)));
    if (names.includes('word/')) return 'a Word document';
    if (names.includes('xl/')) return 'an Excel workbook';
    if (names.includes('ppt/')) return 'a PowerPoint file';
    return 'a zip file';
  }
  if (startsWith(b, '\xd0\xcf\x11\xe0')) return 'an old Office file (.doc, .xls or .msg)';
  if (startsWith(b, '\x89PNG') || startsWith(b, '\xff\xd8\xff')) return 'an image';
  if (b.subarray(0, 1024).includes(0)) return 'binary data';
  return 'text';
}

/** Windows-1252 characters for bytes 0x80 to 0x9f (unassigned bytes keep their code). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/** Windows-1252 decoded by table: Node's TextDecoder reads that label as ISO-8859-1, losing € and quotes. */
function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
  }
  return new TextDecoder('utf-16le').decode(units);
}

/** Text from bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else Windows-1252 with a warning. */
function decodeText(name: string, bytes: Uint8Array, warnings: string[]): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff)
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    const nul = bytes.indexOf(0);
    if (nul >= 0)
      throw new DocumentError(
        name,
        `not text: it contains binary data (byte 0x00 at offset ${nul.toLocaleString('en-GB')})`,
      );
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = decodeWindows1252(bytes);
      warnings.push('not valid UTF-8: read as Windows-1252 (Western European)');
    }
  }
  return text.replace(/\r\n?/g, '\n');
}

// --- Word (.docx) ---------------------------------------------------------------------------

/**
 * Every entry of a .docx unpacked, within the limit: the sizes the zip declares are added up
 * first, then each entry is inflated in steps and stopped as soon as it gives more than it
 * declared (see `src/formats/zip.ts`), and its CRC-32 checked.
 */
function unzipDocx(name: string, b: Uint8Array, limits: Limits): Record<string, Uint8Array> {
  const damaged = (why: string) =>
    new DocumentError(name, `not a readable Word file: the zip is damaged (${why})`);
  let entries: ZipEntry[];
  try {
    entries = zipEntries(b, { entries: DOCX_ENTRIES, unzippedBytes: limits.unzippedBytes });
  } catch (e) {
    if (!(e instanceof ZipError)) throw e;
    if (e.reason === 'size')
      throw new DocumentError(
        name,
        `unpacks to more than ${size(limits.unzippedBytes)}, the limit for a Word file`,
      );
    if (e.reason === 'damaged') throw damaged(e.detail);
    throw new DocumentError(name, `not a readable Word file: ${e.detail}`);
  }
  if (!entries.some((e) => e.name === 'word/document.xml'))
    throw new DocumentError(name, 'named .docx but holds no Word document (word/document.xml is missing)');
  const files: Record<string, Uint8Array> = {};
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const bytes = entryBytes(b, e);
    if (typeof bytes === 'string') throw new DocumentError(name, `${e.name}: ${bytes}`);
    files[e.name] = bytes;
  }
  return files;
}

/** Most entries a Word file may hold (real ones hold tens). */
const DOCX_ENTRIES = 10_000;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (all, hex, dec, named) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number.parseInt(dec, 10));
    return XML_ENTITIES[String(named).toLowerCase()] ?? all;
  });
const xmlText = (xml: string, tag: string) => {
  const m = xml.match(new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`));
  const value = m?.[1] ? unescapeXml(m[1]).trim() : '';
  return value || undefined;
};
const isoDate = (s: string | undefined) => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

async function readDocx(name: string, bytes: Uint8Array, limits: Limits): Promise<Body> {
  const files = unzipDocx(name, bytes, limits);
  const core = files['docProps/core.xml'] ? new TextDecoder().decode(files['docProps/core.xml']) : '';
  let raw: string;
  try {
    // mammoth is given only what was unpacked above (stored, not compressed), never the original zip.
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(zipSync(files, { level: 0 })) })).value;
  } catch (e) {
    throw new DocumentError(name, `not a readable Word file (${messageOf(e)})`);
  }
  const text = raw
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n')
        .replace(/^\n+|\n+$/g, ''),
    )
    .filter((p) => p.trim())
    .join('\n\n');
  const date = isoDate(xmlText(core, 'dcterms:created'));
  const title = xmlText(core, 'dc:title');
  const warnings = text ? [] : ['the Word document holds no text'];
  return { text, status: 'ok', ...(date ? { date } : {}), ...(title ? { title } : {}), meta: {}, warnings };
}

// --- PDF --------------------------------------------------------------------------------------

/** `D:YYYYMMDDHHmmSS+HH'mm'` (ISO 32000-1 7.9.4) as ISO 8601, or undefined. */
function pdfDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = value.match(
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Z+-])(\d{2})?'?(\d{2})?)?/,
  );
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const zone = !sign || sign === 'Z' ? 'Z' : `${sign}${oh}:${om}`;
  return isoDate(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
}

interface PdfTextItem {
  str: string;
  transform: number[];
  width?: number;
  height?: number;
  hasEOL?: boolean;
}

const PDF_WORKER = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

/**
 * pdfjs in Node never starts a worker thread; loading its worker module here puts the parser on
 * this thread (it sets `globalThis.pdfjsWorker`) instead of pdfjs importing a script by URL.
 */
async function loadPdfjs() {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  if (!(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker) await import(PDF_WORKER);
  return pdfjs;
}

/** The lines of one page: items on the same baseline joined, a space put in visible gaps. */
function pageLines(items: PdfTextItem[]): string[] {
  const lines: string[] = [];
  let line = '';
  let y: number | null = null;
  let endX: number | null = null;
  for (const item of items) {
    if (typeof item.str !== 'string' || !Array.isArray(item.transform)) continue;
    const [a = 1, b = 0, , , x = 0, iy = 0] = item.transform;
    const fontSize = Math.hypot(a, b) || item.height || 10;
    if (y !== null && Math.abs(iy - y) > Math.max(1, fontSize / 2)) {
      lines.push(line);
      line = '';
      endX = null;
    } else if (
      endX !== null &&
      item.str &&
      x - endX > fontSize * 0.15 &&
      !/\s$/.test(line) &&
      !/^\s/.test(item.str)
    )
      line += ' ';
    line += item.str;
    if (item.str) {
      y = iy;
      endX = x + (item.width ?? 0);
    }
    if (item.hasEOL) {
      lines.push(line);
      line = '';
      y = null;
      endX = null;
    }
  }
  lines.push(line);
  return lines.map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim());
}

async function readPdf(name: string, bytes: Uint8Array, limits: Limits): Promise<Body> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy();
    const why =
      e instanceof Error && e.name === 'PasswordException'
        ? 'it is protected by a password; send a copy without the password'
        : `the file is damaged (${messageOf(e)})`;
    throw new DocumentError(name, `not a readable PDF: ${why}`);
  }
  try {
    const pages = doc.numPages;
    if (pages > limits.pdfPages)
      throw new DocumentError(
        name,
        `${plural(pages, 'page')} is over the limit of ${limits.pdfPages.toLocaleString('en-GB')} pages for one PDF`,
      );
    const texts: string[] = [];
    for (let n = 1; n <= pages; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        texts.push(pageLines(content.items as PdfTextItem[]).join('\n'));
        page.cleanup();
      } catch (e) {
        throw new DocumentError(name, `not a readable PDF: page ${n} is damaged (${messageOf(e)})`);
      }
    }
    const text = texts.filter((p) => p.trim()).join('\n\n');
    let info: Record<string, unknown> = {};
    try {
      info = ((await doc.getMetadata()).info ?? {}) as Record<string, unknown>;
    } catch {
      // The document information dictionary is optional; a damaged one only loses the date and title.
    }
    const date = pdfDate(info.CreationDate);
    const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
    const scan = pages > 0 && text.trim() === '';
    return {
      text: scan ? '' : text,
      status: scan ? 'no-text-layer' : 'ok',
      pages,
      ...(date ? { date } : {}),
      ...(title ? { title } : {}),
      meta: {},
      warnings: scan
        ? [
            `no text layer on ${plural(pages, 'page')}: a scan; it needs OCR before it can be searched or summarised`,
          ]
        : [],
    };
  } finally {
    await doc.destroy();
  }
}

// --- E-mail (.eml) ----------------------------------------------------------------------------

const addresses = (a: unknown): string => {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list
    .map((x) => (x as { text?: string }).text ?? '')
    .filter(Boolean)
    .join(', ');
};

/** HTML to plain text, for an e-mail with HTML only when mailparser gave no text: blocks to lines, tags dropped. */
function htmlToText(html: string): string {
  return unescapeXml(
    html
      .replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h\d|blockquote)>/gi, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' '),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

async function readEml(name: string, bytes: Uint8Array): Promise<Body> {
  if (bytes.subarray(0, 4096).includes(0))
    throw new DocumentError(
      name,
      `named .eml but the file is not an e-mail (it looks like ${looksLike(bytes)})`,
    );
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(Buffer.from(bytes), { skipImageLinks: true, skipTextLinks: true });
  } catch (e) {
    throw new DocumentError(name, `not a readable e-mail (${messageOf(e)})`);
  }
  const from = addresses(mail.from);
  const to = addresses(mail.to);
  const cc = addresses(mail.cc);
  const subject = mail.subject ?? '';
  if (!from && !to && !subject && !mail.date)
    throw new DocumentError(name, 'not an e-mail: it has no From, To, Date or Subject header');
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined;
  const body = (mail.text ?? (typeof mail.html === 'string' ? htmlToText(mail.html) : ''))
    .replace(/\r\n?/g, '\n')
    .trim();
  const header = [
    from && `From: ${from}`,
    to && `To: ${to}`,
    cc && `Cc: ${cc}`,
    date && `Date: ${date}`,
    subject && `Subject: ${subject}`,
  ]
    .filter(Boolean)
    .join('\n');
  const attachments = mail.attachments.map((a, i) => a.filename ?? `attachment ${i + 1} (no name)`);
  return {
    text: body ? `${header}\n\n${body}` : header,
    status: 'ok',
    ...(date ? { date } : {}),
    ...(subject ? { title: subject } : {}),
    meta: { from, to, cc, subject, attachments },
    warnings: attachments.length
      ? [
          `${plural(attachments.length, 'attachment')} listed but not read: ${attachments.join(', ')}; upload ${attachments.length === 1 ? 'it' : 'them'} separately to read ${attachments.length === 1 ? 'it' : 'them'}`,
        ]
      : [],
  };
}

// --- CSV --------------------------------------------------------------------------------------

function readCsv(name: string, bytes: Uint8Array, limits: Limits): Body {
  const warnings: string[] = [];
  const source = decodeText(name, bytes, warnings);
  let header: string[] = [];
  let rows: Array<Record<string, string>>;
  try {
    rows = parseCsv(source, {
      // Like `columns: true`, and also refuses a header that names a column twice (one would hide the other).
      columns: (names: string[]) => {
        header = names.map((c, i) => c.trim() || `column ${i + 1}`);
        const twice = header.find((c, i) => header.indexOf(c) !== i);
        if (twice)
          throw new DocumentError(name, `line 1: the column "${twice}" is named twice in the header`);
        return header;
      },
      relax_column_count: false,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      to: limits.csvRows + 1,
    }) as Array<Record<string, string>>;
  } catch (e) {
    if (e instanceof DocumentError) throw e;
    const err = e as { code?: string; lines?: number; message?: string };
    const where = err.lines ? `line ${err.lines}: ` : '';
    const why =
      err.code === 'CSV_RECORD_INCONSISTENT_COLUMNS'
        ? `the row has a different number of values from the ${header.length} columns of the header`
        : (err.message ?? String(e)).replace(/ (at|on) line \d+\.?$/, '');
    throw new DocumentError(name, `not readable CSV: ${where}${why}`);
  }
  if (rows.length > limits.csvRows)
    throw new DocumentError(
      name,
      `more than ${limits.csvRows.toLocaleString('en-GB')} rows, the limit for one CSV file`,
    );
  if (!header.length) throw new DocumentError(name, 'holds no CSV: there is no header line');
  if (!rows.length) warnings.push('the CSV has a header but no rows');
  const text = rows
    .map((r, i) => `Row ${i + 1}: ${header.map((c) => `${c}: ${r[c] ?? ''}`).join('; ')}`)
    .join('\n\n');
  return { text, status: 'ok', meta: { columns: header, rows: rows.length }, warnings };
}

// --- Entry points -----------------------------------------------------------------------------

/** Reads one file, or throws a DocumentError naming it and what is wrong. */
export async function readDocument(
  name: string,
  bytes: Uint8Array,
  limits: Limits = LIMITS,
): Promise<ReadDocument> {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const kind = KINDS[extension];
  if (!kind) {
    const what = extension ? `.${extension} files are` : 'a file without an extension is';
    const hint =
      extension === 'doc'
        ? ' (save it as .docx in Word first)'
        : extension === 'msg'
          ? ' (save it as .eml)'
          : '';
    throw new DocumentError(name, `${what} not supported${hint}: send ${SUPPORTED}`);
  }
  if (bytes.byteLength === 0) throw new DocumentError(name, 'is empty');
  if (bytes.byteLength > limits.fileBytes)
    throw new DocumentError(
      name,
      `${size(bytes.byteLength)} is over the ${size(limits.fileBytes)} limit for one file`,
    );
  if (kind === 'pdf' && !isPdf(bytes))
    throw new DocumentError(
      name,
      `named .pdf but the file is not a PDF (it starts like ${looksLike(bytes)})`,
    );
  if (kind === 'docx' && !isZip(bytes))
    throw new DocumentError(
      name,
      `named .docx but the file is not a Word document (it starts like ${looksLike(bytes)})`,
    );
  if (kind !== 'pdf' && kind !== 'docx' && (isPdf(bytes) || isZip(bytes)))
    throw new DocumentError(name, `named .${extension} but the file is ${looksLike(bytes)}`);
  try {
    return { name, kind, ...(await readBody(name, kind, bytes, limits)) };
  } catch (e) {
    if (e instanceof DocumentError) throw e;
    throw new DocumentError(name, `could not be read (${messageOf(e)})`);
  }
}

async function readBody(name: string, kind: DocumentKind, bytes: Uint8Array, limits: Limits): Promise<Body> {
  switch (kind) {
    case 'docx':
      return readDocx(name, bytes, limits);
    case 'pdf':
      return readPdf(name, bytes, limits);
    case 'eml':
      return readEml(name, bytes);
    case 'csv':
      return readCsv(name, bytes, limits);
    case 'text': {
      const warnings: string[] = [];
      const text = decodeText(name, bytes, warnings);
      if (!text.trim()) throw new DocumentError(name, 'holds no text (only spaces or blank lines)');
      return { text, status: 'ok', meta: {}, warnings };
    }
  }
}

/**
 * Reads every file of an upload, all or nothing: the count, the total size and repeated names
 * are checked first, then every file is read, and every file that fails is reported together.
 */
export async function readDocuments(
  files: ReadonlyArray<{ name: string; bytes: Uint8Array }>,
  limits: Limits = LIMITS,
): Promise<ReadDocument[]> {
  const problems: DocumentError[] = [];
  if (files.length > limits.files)
    problems.push(
      new DocumentError('files', `${files.length} files is over the limit of ${limits.files} in one upload`),
    );
  const total = files.reduce((n, f) => n + f.bytes.byteLength, 0);
  if (total > limits.totalBytes)
    problems.push(
      new DocumentError(
        'files',
        `${size(total)} together is over the limit of ${size(limits.totalBytes)} for one upload`,
      ),
    );
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name) && !twice.has(f.name)) {
      twice.add(f.name);
      problems.push(new DocumentError(f.name, 'is in the upload more than once'));
    }
    seen.add(f.name);
  }
  if (problems.length) throw new DocumentsError(problems);
  const read: ReadDocument[] = [];
  for (const f of files) {
    try {
      read.push(await readDocument(f.name, f.bytes, limits));
    } catch (e) {
      if (!(e instanceof DocumentError)) throw e;
      problems.push(e);
    }
  }
  if (problems.length) throw new DocumentsError(problems);
  return read;
}
