import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../ledger/verify.ts';
import { drainRuns } from '../../../oversight/workers.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type FilePart, multipartBody } from '../../../test/multipart.ts';
import { demoSystem } from '../../../test/systems.ts';
import { hashImage } from '../pdq/image.ts';
import { destroyDue, openExtraction } from './extractions.ts';

/** Device evidence end to end through the API: authorise, import, summarise, review, reveal, destroy. */
let t: TestApp;
let caseId: string;
let authId: string;
const DEMO = path.join(import.meta.dirname, '..', 'extraction', 'demo');
const demoFile = (name: string): FilePart => ({
  field: 'files',
  name,
  data: readFileSync(path.join(DEMO, name)),
});
const AUTHORISATION = {
  device: 'Samsung Galaxy A14, exhibit JP/3',
  owner: 'Jordan Pike',
  ownerRole: 'suspect',
  purpose: 'To find who supplied the drugs and where the suspect was during the week of the supply.',
  from: '2024-06-10',
  to: '2024-06-16',
  kinds: ['messages', 'calls', 'locations', 'images'],
  retainUntil: '2031-06-30',
};
let analystEmail: string;

async function shapes(): Promise<Buffer[]> {
  return Promise.all(
    ['#1d70b8', '#d4351c', '#00703c'].map((colour, i) =>
      sharp(
        Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="#fff"/><circle cx="${80 + i * 70}" cy="${60 + i * 40}" r="50" fill="${colour}"/></svg>`,
        ),
      )
        .jpeg()
        .toBuffer(),
    ),
  );
}

async function importFiles(role: 'officer' | 'analyst', auth: string, parts: FilePart[], fields = {}) {
  const { payload, contentType } = multipartBody(fields, parts);
  return t.call(role, 'POST', `/api/cases/${caseId}/devices/${auth}/extractions`, payload, contentType);
}

beforeAll(async () => {
  t = await createTestApp();
  await demoSystem(t.database.db, t.demoForceId, { index: 11, stage: 'live', moduleId: 'device' });
  analystEmail = (await t.call('analyst', 'GET', '/api/me')).json().email;
  const opened = await t.call('officer', 'POST', '/api/cases', {
    reference: 'T/2026/0211',
    title: 'Supply of controlled drugs',
    reviewOn: '2033-01-31',
    supervisor: analystEmail,
  });
  expect(opened.statusCode, opened.body).toBe(201);
  caseId = opened.json().id;
}, 240_000);
afterAll(() => t?.close());

describe('device authorisations', () => {
  it('are recorded before anything is read, authorised by a supervisor of the case, with clear errors', async () => {
    const bad = await t.call('officer', 'POST', `/api/cases/${caseId}/devices`, {
      ...AUTHORISATION,
      purpose: 'because',
      from: '2024-06-20',
      kinds: [],
      authorisedBy: 'nobody@example.org',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['kinds', 'purpose', 'to']);
    const notSupervisor = await t.call('officer', 'POST', `/api/cases/${caseId}/devices`, {
      ...AUTHORISATION,
      authorisedBy: 'nobody@example.org',
    });
    expect(notSupervisor.json().issues).toEqual([
      { path: 'authorisedBy', message: 'nobody@example.org is not a supervisor of case T/2026/0211' },
    ]);
    const ok = await t.call('officer', 'POST', `/api/cases/${caseId}/devices`, {
      ...AUTHORISATION,
      authorisedBy: analystEmail,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    authId = ok.json().id;
    expect(ok.json().scope).toEqual({ from: '2024-06-10', to: '2024-06-16', kinds: AUTHORISATION.kinds });
    const row = await t.database.db
      .selectFrom('device_authorisations')
      .selectAll()
      .where('id', '=', authId)
      .executeTakeFirstOrThrow();
    expect(Buffer.concat([row.owner_encrypted, row.purpose_encrypted]).toString('latin1')).not.toMatch(
      /Pike|drugs/,
    );
    expect((await t.call('product-manager', 'GET', `/api/cases/${caseId}/devices`)).statusCode).toBe(404);
  });
});

describe('imports', () => {
  it('are all or nothing, naming the file and line at fault', async () => {
    const res = await importFiles(
      'officer',
      authId,
      [
        demoFile('WhatsApp Chat with Quayside.txt'),
        { field: 'files', name: 'calllog.db', data: 'not a database at all' },
      ],
      { owner: 'Jordan Pike' },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(['calllog.db']);
    expect(await t.database.db.selectFrom('device_extractions').select('id').execute()).toEqual([]);
  });

  it('read a CSV export through the column mapping given with it, or say what is wrong with the mapping', async () => {
    const csv =
      'Date,Number,Type,Seconds\n12/06/2024 18:25,07700 900417,Outgoing,95\n13/06/2024 21:38,07700 900356,Incoming,41\n';
    const part = { field: 'files', name: 'calls.csv', data: csv };
    const bad = await importFiles('officer', authId, [part], { mappings: '{"*": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('mappings');
    const mapping = {
      '*': {
        kind: 'calls',
        time: { columns: ['Date'], format: 'DD/MM/YYYY HH:mm' },
        party: 'Number',
        direction: 'Type',
        duration: 'Seconds',
      },
    };
    const ok = await importFiles('officer', authId, [part], { mappings: JSON.stringify(mapping) });
    expect(ok.statusCode, ok.body).toBe(201);
    const content = await openExtraction(t.database.db, t.config.dataEncryptionKey, ok.json().id);
    expect(
      content.records.map((r) =>
        r.kind === 'call' ? [r.at, r.party.key, r.direction, r.durationSeconds] : r.kind,
      ),
    ).toEqual([
      ['2024-06-12T17:25:00Z', '+447700900417', 'out', 95],
      ['2024-06-13T20:38:00Z', '+447700900356', 'in', 41],
    ]);
  });

  it('keep only what the authorisation covers, counting the rest by reason', async () => {
    const narrow = await t.call('officer', 'POST', `/api/cases/${caseId}/devices`, {
      ...AUTHORISATION,
      from: '2024-06-12',
      to: '2024-06-13',
      kinds: ['messages'],
      authorisedBy: analystEmail,
    });
    const res = await importFiles('officer', narrow.json().id, [
      demoFile('mmssms.db'),
      demoFile('calllog.db'),
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const x = res.json();
    expect(x.excluded['kind not authorised: calls']).toBeGreaterThan(0);
    expect(x.excluded['before the authorised period']).toBeGreaterThan(0);
    expect(x.excluded['after the authorised period']).toBeGreaterThan(0);
    const content = await openExtraction(t.database.db, t.config.dataEncryptionKey, x.id);
    for (const r of content.records) {
      expect(r.kind).toBe('message');
      expect(r.at >= '2024-06-12' && r.at < '2024-06-14').toBe(true);
    }
    const sealed = await t.database.db
      .selectFrom('device_extractions')
      .select('content_sealed')
      .where('id', '=', x.id)
      .executeTakeFirstOrThrow();
    expect(sealed.content_sealed!.toString('latin1')).not.toMatch(/Kyle|Lee|van/);
  });
});

describe('a summary', () => {
  let extractionId: string;
  let summary: {
    output: {
      contacts: Array<{ contact: number; label: string; shown: string; subject: boolean; revealed: boolean }>;
      entries: Array<{ record: string; contact: number; text: string | null }>;
      enquiry: Array<{ direction: string; hits: unknown[] }>;
      movements: { stays: unknown[] };
      images: { total: number; matched: Array<{ record: string }> };
      statements: Array<{ text: string; records: string[] }>;
    };
  };
  let matchedRecord: string;

  it('matches known images by PDQ hash, listed by information security', async () => {
    const images = await shapes();
    const known = await hashImage(images[1]!, 'known');
    const denied = await t.call('officer', 'POST', '/api/hash-lists', {
      name: 'x',
      source: 'y',
      text: known.hash,
    });
    expect(denied.statusCode).toBe(403);
    const loaded = await t.call('information-security-officer', 'POST', '/api/hash-lists', {
      name: 'Test list',
      source: 'Test scheme',
      text: `# test\n${known.hash} known-1\n`,
    });
    expect(loaded.statusCode, loaded.body).toBe(201);
    expect(loaded.json().hashes).toBe(1);
    const zip = zipSync({ 'a.jpg': images[0]!, 'b.jpg': images[1]!, 'c.jpg': images[2]! }, { level: 0 });
    const res = await importFiles(
      'officer',
      authId,
      [
        demoFile('WhatsApp Chat with Quayside.txt'),
        demoFile('mmssms.db'),
        demoFile('calllog.db'),
        demoFile('2024_JUNE.json'),
        { field: 'files', name: 'images.zip', data: Buffer.from(zip) },
      ],
      { owner: 'Jordan Pike' },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ images: 3, matchedImages: 1 });
    extractionId = res.json().id;
    const list = (
      await t.call('officer', 'GET', `/api/cases/${caseId}/extractions/${extractionId}/images`)
    ).json();
    const matched = list.filter((i: { matches: unknown[] }) => i.matches.length);
    expect(matched).toHaveLength(1);
    expect(matched[0].matches[0]).toMatchObject({ list: 'Test list', source: 'Test scheme', distance: 0 });
    matchedRecord = matched[0].record;
  });

  it('is a run released only after review, with third parties pseudonymised and their messages hidden', async () => {
    const started = await t.call(
      'officer',
      'POST',
      `/api/cases/${caseId}/extractions/${extractionId}/analyses`,
      {
        subjects: [{ key: '07700 900121', name: 'Kyle Dunn' }],
        lines: [
          { label: 'Handover', direction: 'towards', terms: ['van', 'bridge'] },
          { label: 'Alibi', direction: 'away', terms: ['tea'] },
        ],
      },
    );
    expect(started.statusCode, started.body).toBe(202);
    await drainRuns(t.services.runs);
    expect(
      (await t.call('officer', 'GET', `/api/cases/${caseId}/extractions/${extractionId}/summary`)).statusCode,
    ).toBe(404);
    const runId = started.json().id;
    await t.call('analyst', 'GET', `/api/runs/${runId}`);
    const reviewed = await t.call('analyst', 'POST', `/api/runs/${runId}/review`, {
      decision: 'accepted',
      reasons: 'Checked every statement against its records.',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    // Its reviewer sees the scope and counts of the input, never the records behind the pseudonyms.
    const input = await t.call('analyst', 'GET', `/api/runs/${runId}/input`);
    expect(input.statusCode, input.body).toBe(200);
    expect(input.body).toContain('"messages":45');
    expect(input.body).not.toMatch(/round the back|900356|900417/);
    const page = await t.call('analyst', 'GET', `/runs/${runId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Contact 3');
    expect(page.body).not.toMatch(/round the back|900356|900417/);
    const res = await t.call('officer', 'GET', `/api/cases/${caseId}/extractions/${extractionId}/summary`);
    expect(res.statusCode, res.body).toBe(200);
    summary = res.json();
    const o = summary.output;
    const body = JSON.stringify(o);
    // Mo Reid (+447700900356) and Lee (07700900417) are third parties: pseudonyms, masked numbers, no words.
    expect(body).not.toMatch(/900356|900417|Mo Reid|round the back|Kyle gave me your number/);
    expect(o.contacts.find((c) => c.subject)?.label).toBe('Kyle Dunn');
    const third = o.contacts.filter((c) => !c.subject);
    expect(third.length).toBeGreaterThan(2);
    for (const c of third) expect(c.label).toMatch(new RegExp(`^(Contact|Group chat) ${c.contact}$`));
    expect(o.entries.some((e) => e.text === null)).toBe(true);
    expect(body).toContain('Wheres the van');
    expect(o.enquiry.find((l) => l.direction === 'away')).toBeDefined();
    expect(o.movements.stays.length).toBeGreaterThan(2);
    expect(o.images.total).toBe(3);
    expect(o.images.matched.map((m) => m.record)).toEqual([matchedRecord]);
    for (const s of o.statements) expect(s.text.length).toBeGreaterThan(10);
  });

  it('reveals one contact only with a justification, logged and reviewed by a supervisor', async () => {
    const lee = summary.output.contacts.find((c) => !c.subject && c.shown.endsWith('17'))!;
    const url = `/api/cases/${caseId}/extractions/${extractionId}/reveals`;
    const short = await t.call('officer', 'POST', url, { contact: lee.contact, justification: 'need it' });
    expect(short.statusCode).toBe(400);
    expect(short.json().issues[0].path).toBe('justification');
    const bySupervisor = await t.call('analyst', 'POST', url, {
      contact: lee.contact,
      justification: 'Lee introduced himself to the suspect two days before the supply.',
    });
    expect(bySupervisor.statusCode).toBe(403);
    const ok = await t.call('officer', 'POST', url, {
      contact: lee.contact,
      justification: 'Lee introduced himself to the suspect two days before the supply.',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const after = (
      await t.call('officer', 'GET', `/api/cases/${caseId}/extractions/${extractionId}/summary`)
    ).json();
    const shown = after.output.contacts.find((c: { contact: number }) => c.contact === lee.contact);
    expect(shown.revealed).toBe(true);
    expect(shown.shown).toBe('+447700900417');
    expect(JSON.stringify(after.output.entries)).toContain('Kyle gave me your number');
    expect(JSON.stringify(after.output.entries)).toContain('hi its [PERSON] from the garage');
    // Others stay hidden.
    expect(JSON.stringify(after.output)).not.toMatch(/900356|round the back/);
    const log = (await t.call('officer', 'GET', `/api/cases/${caseId}/access-log`)).json();
    expect(log.some((l: { action: string }) => l.action === 'revealed-contact')).toBe(true);
    const reviewUrl = `/api/cases/${caseId}/reveals/${ok.json().id}/review`;
    expect((await t.call('officer', 'POST', reviewUrl, { decision: 'upheld' })).statusCode).toBe(403);
    const upheld = await t.call('analyst', 'POST', reviewUrl, { decision: 'upheld', note: 'Proportionate.' });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect((await t.call('analyst', 'POST', reviewUrl, { decision: 'withdrawn' })).statusCode).toBe(409);
    const actions = (await t.database.db.selectFrom('ledger_entries').select('action').execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'device.authorised',
        'device.extraction-imported',
        'hash-list.loaded',
        'device.contact-revealed',
        'device.reveal-upheld',
      ]),
    );
  });

  it('never serves a matched image without a recorded reason', async () => {
    const base = `/cases/${caseId}/extractions/${extractionId}/images/${matchedRecord}`;
    expect((await t.call('officer', 'GET', `${base}/preview`)).statusCode).toBe(404);
    expect((await t.call('officer', 'GET', `${base}/full?grant=1`)).statusCode).toBe(403);
  });

  it('is destroyed with its key: by a supervisor on confirmation, or when retention ends', async () => {
    const url = `/api/cases/${caseId}/extractions/${extractionId}/destroy`;
    expect((await t.call('officer', 'POST', url, { confirm: true })).statusCode).toBe(403);
    expect((await t.call('analyst', 'POST', url, {})).statusCode).toBe(409);
    const done = await t.call('analyst', 'POST', url, { confirm: true });
    expect(done.statusCode, done.body).toBe(200);
    await expect(openExtraction(t.database.db, t.config.dataEncryptionKey, extractionId)).rejects.toThrow(
      /destroyed/,
    );
    expect(
      (await t.call('officer', 'GET', `/api/cases/${caseId}/extractions/${extractionId}/summary`)).statusCode,
    ).toBe(404);
    const runs = await t.database.db
      .selectFrom('device_analyses')
      .innerJoin('runs', 'runs.id', 'device_analyses.run_id')
      .select(['runs.input_encrypted', 'runs.output_encrypted'])
      .where('extraction_id', '=', extractionId)
      .execute();
    expect(runs).toEqual([{ input_encrypted: null, output_encrypted: null }]);
    // The other extraction goes when its retention ends.
    await t.database.db.updateTable('device_authorisations').set({ retain_until: '2024-01-01' }).execute();
    expect(await destroyDue(t.database.db)).toBe(2);
    expect(await destroyDue(t.database.db)).toBe(0);
    const report = await verifyLedger(t.database.db);
    expect(report.ok, JSON.stringify(report)).toBe(true);
  });
});
