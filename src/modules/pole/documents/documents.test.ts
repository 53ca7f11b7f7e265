import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { docx, pdfOfPages } from '../../../test/documents.ts';
import { DocumentError, DocumentsError, LIMITS, type Limits, readDocument, readDocuments } from './read.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const limits = (over: Partial<Limits>): Limits => ({ ...LIMITS, ...over });

/** The DocumentError a read throws (fails the test when it does not throw one). */
async function refusal(read: Promise<unknown>): Promise<DocumentError> {
  try {
    await read;
  } catch (e) {
    if (e instanceof DocumentError) return e;
    throw e;
  }
  throw new Error('expected a DocumentError, but the file was read');
}

// --- Fixtures ---------------------------------------------------------------------------------

const CORE =
  '<dc:title>Statement of J. Doe &amp; notes</dc:title>' +
  '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-15T09:30:00Z</dcterms:created>';

/** Changes the uncompressed size a zip declares for one entry, in its local header and its directory. */
function declareSize(zip: Uint8Array, entry: string, declared: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const name = utf8(entry);
  const named = (at: number) => name.every((c, i) => out[at + i] === c);
  for (let at = 0; at + 46 < out.length; at++) {
    const sig = view.getUint32(at, true);
    if (sig === 0x04034b50 && named(at + 30)) view.setUint32(at + 22, declared, true);
    if (sig === 0x02014b50 && named(at + 46)) view.setUint32(at + 24, declared, true);
  }
  return out;
}

const TWO_LINES =
  'BT /F1 12 Tf 72 720 Td (Witness statement of Jane Doe.) Tj 0 -16 Td (Seen at 14 High Street.) Tj ET';
const statementPdf = () =>
  pdfOfPages([TWO_LINES], "<< /Title (Statement) /CreationDate (D:20240315093000+01'00') >>");
const scanPdf = () => pdfOfPages(['0 0 1 rg 100 100 200 300 re f']);

const EML = [
  'From: "PC Jane Smith" <jane.smith@police.example>',
  'To: duty.inspector@police.example',
  'Cc: cid@police.example',
  'Date: Fri, 15 Mar 2024 09:30:00 +0000',
  'Subject: Burglary at 14 High Street',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Suspect seen leaving at 23:00.',
  'Grey Ford Focus.',
  '--b1',
  'Content-Type: text/plain; name="cctv-log.txt"',
  'Content-Disposition: attachment; filename="cctv-log.txt"',
  '',
  'camera 3, 22:58',
  '--b1--',
  '',
].join('\r\n');

const HTML_EML = [
  'From: control@police.example',
  'To: response@police.example',
  'Date: Sat, 16 Mar 2024 01:15:00 +0000',
  'Subject: Log update',
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<html><body><p>Unit 4 attended.</p><p>No arrests &amp; no injuries.</p></body></html>',
  '',
].join('\r\n');

// --- Tests ------------------------------------------------------------------------------------

describe('plain text', () => {
  it('reads UTF-8, strips the BOM and normalises line endings', async () => {
    const doc = await readDocument('notes.txt', utf8('\uFEFFFirst line\r\nSecond line\rThird – café\n'));
    expect(doc).toMatchObject({ name: 'notes.txt', kind: 'text', status: 'ok', warnings: [] });
    expect(doc.text).toBe('First line\nSecond line\nThird – café\n');
  });

  it('decodes UTF-16 little- and big-endian with a BOM', async () => {
    const text = 'Café at 23:00\r\nline two';
    const le = [0xff, 0xfe];
    const be = [0xfe, 0xff];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      le.push(c & 0xff, c >> 8);
      be.push(c >> 8, c & 0xff);
    }
    expect((await readDocument('le.txt', new Uint8Array(le))).text).toBe('Café at 23:00\nline two');
    expect((await readDocument('be.log', new Uint8Array(be))).text).toBe('Café at 23:00\nline two');
  });

  it('reads bytes that are not UTF-8 as Windows-1252, with a warning', async () => {
    const doc = await readDocument(
      'old.md',
      new Uint8Array([...utf8('caf'), 0xe9, 0x20, 0x80, 0x35, 0x20, 0x93, 0x48, 0x69, 0x94]),
    );
    expect(doc.text).toBe('café €5 \u201cHi\u201d');
    expect(doc.warnings).toEqual(['not valid UTF-8: read as Windows-1252 (Western European)']);
  });

  it('refuses binary data, saying where the first NUL byte is', async () => {
    const bytes = utf8('abcdefghijkl\0more');
    expect((await refusal(readDocument('notes.txt', bytes))).message).toBe(
      'notes.txt: not text: it contains binary data (byte 0x00 at offset 12)',
    );
  });

  it('refuses an empty file and a file of blank lines', async () => {
    const empty = await refusal(readDocument('blank.txt', new Uint8Array(0)));
    expect(empty.message).toBe('blank.txt: is empty');
    expect(empty.file).toBe('blank.txt');
    expect(empty.reason).toBe('is empty');
    expect((await refusal(readDocument('spaces.txt', utf8(' \n\n  \n')))).message).toBe(
      'spaces.txt: holds no text (only spaces or blank lines)',
    );
  });
});

describe('kinds and sniffing', () => {
  it('refuses unsupported extensions, naming what is supported', async () => {
    for (const name of ['old.doc', 'sheet.xlsx', 'bundle.zip', 'README']) {
      const e = await refusal(readDocument(name, utf8('hello')));
      expect(e.file).toBe(name);
      expect(e.message).toContain('not supported');
      expect(e.message).toContain('Word (.docx), PDF (.pdf), e-mail (.eml), CSV (.csv) or text');
    }
    expect((await refusal(readDocument('old.doc', utf8('x')))).message).toBe(
      'old.doc: .doc files are not supported (save it as .docx in Word first): send Word (.docx), PDF (.pdf), ' +
        'e-mail (.eml), CSV (.csv) or text (.txt, .text, .md, .log)',
    );
    expect((await refusal(readDocument('README', utf8('x')))).message).toMatch(
      /^README: a file without an extension is not supported/,
    );
  });

  it('refuses a file whose content is not what its name says', async () => {
    expect((await refusal(readDocument('statement.pdf', docx(['Hello'])))).message).toBe(
      'statement.pdf: named .pdf but the file is not a PDF (it starts like a Word document)',
    );
    expect((await refusal(readDocument('report.docx', statementPdf()))).message).toBe(
      'report.docx: named .docx but the file is not a Word document (it starts like a PDF)',
    );
    expect((await refusal(readDocument('notes.docx', utf8('just some text')))).message).toBe(
      'notes.docx: named .docx but the file is not a Word document (it starts like text)',
    );
    expect((await refusal(readDocument('notes.txt', statementPdf()))).message).toBe(
      'notes.txt: named .txt but the file is a PDF',
    );
    const otherZip = zipSync({ 'data.json': strToU8('{}') });
    expect((await refusal(readDocument('fake.docx', otherZip))).message).toBe(
      'fake.docx: named .docx but holds no Word document (word/document.xml is missing)',
    );
  });

  it('refuses a file over the size limit, in megabytes', async () => {
    const big = new Uint8Array(Math.round(31.2 * 1024 * 1024));
    expect((await refusal(readDocument('big.docx', big))).message).toBe(
      'big.docx: 31.2 MB is over the 20 MB limit for one file',
    );
  });
});

describe('Word (.docx)', () => {
  it('reads paragraphs separated by a blank line, with the date and title from core.xml', async () => {
    const doc = await readDocument('statement.docx', docx(['First paragraph.', 'Second paragraph.'], CORE));
    expect(doc.text).toBe('First paragraph.\n\nSecond paragraph.');
    expect(doc).toMatchObject({
      kind: 'docx',
      status: 'ok',
      date: '2024-03-15T09:30:00.000Z',
      title: 'Statement of J. Doe & notes',
      warnings: [],
    });
  });

  it('reads a document without core.xml, with no date or title', async () => {
    const doc = await readDocument('plain.docx', docx(['Only paragraph & more.']));
    expect(doc.text).toBe('Only paragraph & more.');
    expect(doc.date).toBeUndefined();
    expect(doc.title).toBeUndefined();
  });

  it('refuses a document that unpacks to more than the limit', async () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(2000);
    const zip = docx([text]);
    expect(zip.length).toBeLessThan(10_000);
    const e = await refusal(readDocument('bomb.docx', zip, limits({ unzippedBytes: 50 * 1024 })));
    expect(e.message).toBe('bomb.docx: unpacks to more than 50 KB, the limit for a Word file');
    // The same file is read under the ordinary limit.
    expect((await readDocument('bomb.docx', zip)).text).toBe(text.trim());
  });

  it('refuses a document that unpacks to more than it declares', async () => {
    const zip = declareSize(docx(['A'.repeat(100_000)]), 'word/document.xml', 1000);
    const e = await refusal(readDocument('liar.docx', zip));
    expect(e.message).toBe(
      'liar.docx: word/document.xml: it unpacks to more than the 1,000 bytes it declares: a damaged entry or a zip bomb',
    );
  });

  it('refuses a zip that is cut short', async () => {
    const zip = docx(['Hello']);
    const e = await refusal(readDocument('cut.docx', zip.subarray(0, zip.length - 40)));
    expect(e.message).toMatch(/^cut\.docx: not a readable Word file: the zip is damaged/);
  });
});

describe('PDF', () => {
  it('reads the text layer as lines, with pages, date and title', async () => {
    const doc = await readDocument('statement.pdf', statementPdf());
    expect(doc).toMatchObject({
      kind: 'pdf',
      status: 'ok',
      pages: 1,
      title: 'Statement',
      date: '2024-03-15T08:30:00.000Z',
      warnings: [],
    });
    expect(doc.text).toBe('Witness statement of Jane Doe.\nSeen at 14 High Street.');
  });

  it('separates pages with a blank line and joins pieces of one line', async () => {
    const doc = await readDocument(
      'two.pdf',
      pdfOfPages([
        'BT /F1 12 Tf 72 720 Td (Page one) Tj 100 0 Td (continues here.) Tj ET',
        'BT /F1 12 Tf 72 720 Td (Page two.) Tj ET',
      ]),
    );
    expect(doc.pages).toBe(2);
    expect(doc.text).toBe('Page one continues here.\n\nPage two.');
  });

  it('reports a page without text as a scan needing OCR, not as empty', async () => {
    const doc = await readDocument('scan.pdf', scanPdf());
    expect(doc).toMatchObject({ status: 'no-text-layer', text: '', pages: 1 });
    expect(doc.warnings).toEqual([
      'no text layer on 1 page: a scan; it needs OCR before it can be searched or summarised',
    ]);
  });

  it('refuses a damaged PDF, naming it', async () => {
    const e = await refusal(readDocument('broken.pdf', utf8('%PDF-1.7\nthis is not really a PDF at all\n')));
    expect(e.file).toBe('broken.pdf');
    expect(e.message).toMatch(/^broken\.pdf: not a readable PDF: the file is damaged/);
  });

  it('refuses a PDF over the page limit', async () => {
    const three = pdfOfPages(['BT /F1 12 Tf 72 720 Td (1) Tj ET', 'BT ET', 'BT ET']);
    expect((await readDocument('three.pdf', three, limits({ pdfPages: 3 }))).pages).toBe(3);
    expect((await refusal(readDocument('three.pdf', three, limits({ pdfPages: 2 })))).message).toBe(
      'three.pdf: 3 pages is over the limit of 2 pages for one PDF',
    );
  });
});

describe('e-mail (.eml)', () => {
  it('reads the headers and the plain-text body, listing attachments without reading them', async () => {
    const doc = await readDocument('message.eml', utf8(EML));
    expect(doc.text).toBe(
      [
        'From: "PC Jane Smith" <jane.smith@police.example>',
        'To: duty.inspector@police.example',
        'Cc: cid@police.example',
        'Date: 2024-03-15T09:30:00.000Z',
        'Subject: Burglary at 14 High Street',
        '',
        'Suspect seen leaving at 23:00.\nGrey Ford Focus.',
      ].join('\n'),
    );
    expect(doc.text).not.toContain('camera 3');
    expect(doc).toMatchObject({
      kind: 'eml',
      date: '2024-03-15T09:30:00.000Z',
      title: 'Burglary at 14 High Street',
      meta: {
        from: '"PC Jane Smith" <jane.smith@police.example>',
        to: 'duty.inspector@police.example',
        cc: 'cid@police.example',
        subject: 'Burglary at 14 High Street',
        attachments: ['cctv-log.txt'],
      },
    });
    expect(doc.warnings).toEqual([
      '1 attachment listed but not read: cctv-log.txt; upload it separately to read it',
    ]);
  });

  it('turns an HTML-only body into text', async () => {
    const doc = await readDocument('html.eml', utf8(HTML_EML));
    expect(doc.text).toMatch(/^From: control@police\.example\nTo: response@police\.example\n/);
    expect(doc.text.split('\n\n').slice(1).join('\n\n')).toMatch(
      /^Unit 4 attended\.\n+No arrests & no injuries\.$/,
    );
    expect(doc.meta.attachments).toEqual([]);
    expect(doc.warnings).toEqual([]);
  });

  it('refuses a file with no e-mail headers', async () => {
    expect((await refusal(readDocument('notes.eml', utf8('just a note\nwith two lines')))).message).toBe(
      'notes.eml: not an e-mail: it has no From, To, Date or Subject header',
    );
  });
});

describe('CSV', () => {
  it('reads one paragraph per row, with the columns and the row count', async () => {
    const doc = await readDocument(
      'calls.csv',
      utf8(
        '\uFEFFcaller,time,location\r\nJane Doe,23:00,"14 High St, Leeds"\r\n\r\nJohn Roe,23:05,Park Lane\r\n',
      ),
    );
    expect(doc.text).toBe(
      'Row 1: caller: Jane Doe; time: 23:00; location: 14 High St, Leeds\n\nRow 2: caller: John Roe; time: 23:05; location: Park Lane',
    );
    expect(doc.meta).toEqual({ columns: ['caller', 'time', 'location'], rows: 2 });
    expect(doc.status).toBe('ok');
  });

  it('refuses a row with the wrong number of values, naming the line', async () => {
    const e = await refusal(
      readDocument('bad.csv', utf8('caller,time,location\nJane Doe,23:00,High St\nJohn Roe,23:05\n')),
    );
    expect(e.message).toBe(
      'bad.csv: not readable CSV: line 3: the row has a different number of values from the 3 columns of the header',
    );
  });

  it('refuses an unclosed quote, naming the line', async () => {
    const e = await refusal(readDocument('quote.csv', utf8('a,b\n"1,2\n3,4\n')));
    expect(e.message).toMatch(/^quote\.csv: not readable CSV: line 3: Quote Not Closed/);
  });

  it('refuses a header naming a column twice', async () => {
    expect((await refusal(readDocument('dup.csv', utf8('name,name\na,b\n')))).message).toBe(
      'dup.csv: line 1: the column "name" is named twice in the header',
    );
  });

  it('refuses more rows than the limit', async () => {
    const csv = utf8('n\n1\n2\n3\n');
    expect((await readDocument('rows.csv', csv, limits({ csvRows: 3 }))).meta.rows).toBe(3);
    expect((await refusal(readDocument('rows.csv', csv, limits({ csvRows: 2 })))).message).toBe(
      'rows.csv: more than 2 rows, the limit for one CSV file',
    );
  });
});

describe('readDocuments', () => {
  it('reads every file in order', async () => {
    const docs = await readDocuments([
      { name: 'a.txt', bytes: utf8('Alpha') },
      { name: 'b.docx', bytes: docx(['Bravo.']) },
      { name: 'c.pdf', bytes: statementPdf() },
    ]);
    expect(docs.map((d) => [d.name, d.kind, d.text.split('\n')[0]])).toEqual([
      ['a.txt', 'text', 'Alpha'],
      ['b.docx', 'docx', 'Bravo.'],
      ['c.pdf', 'pdf', 'Witness statement of Jane Doe.'],
    ]);
  });

  it('is all or nothing, reporting every file that cannot be read', async () => {
    let thrown: unknown;
    try {
      await readDocuments([
        { name: 'good.txt', bytes: utf8('fine') },
        { name: 'statement.pdf', bytes: docx(['x']) },
        { name: 'notes.txt', bytes: utf8('abcdefghijkl\0') },
        { name: 'scan.pdf', bytes: scanPdf() },
        { name: 'old.doc', bytes: utf8('x') },
      ]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DocumentsError);
    const error = thrown as DocumentsError;
    expect(error.errors.map((e) => e.file)).toEqual(['statement.pdf', 'notes.txt', 'old.doc']);
    expect(error.message.split('\n')).toEqual(error.errors.map((e) => e.message));
    expect(error.message.split('\n')[1]).toBe(
      'notes.txt: not text: it contains binary data (byte 0x00 at offset 12)',
    );
  });

  it('checks the count, the total size and repeated names before reading anything', async () => {
    const files = [
      { name: 'a.txt', bytes: utf8('a'.repeat(600)) },
      { name: 'a.txt', bytes: utf8('b'.repeat(600)) },
      { name: 'c.txt', bytes: new Uint8Array(0) },
    ];
    let thrown: unknown;
    try {
      await readDocuments(files, limits({ files: 2, totalBytes: 1024 }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DocumentsError);
    expect((thrown as DocumentsError).message).toBe(
      [
        'files: 3 files is over the limit of 2 in one upload',
        'files: 1.2 KB together is over the limit of 1 KB for one upload',
        'a.txt: is in the upload more than once',
      ].join('\n'),
    );
  });
});
