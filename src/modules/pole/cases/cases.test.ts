import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../ledger/merkle.ts';
import { verifyLedger } from '../../../ledger/verify.ts';
import { drainRuns } from '../../../oversight/workers.ts';
import { encrypt } from '../../../security/encryption.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type FilePart, multipartBody } from '../../../test/multipart.ts';
import { demoSystem } from '../../../test/systems.ts';
import type { PoleOutput } from '../module.ts';
import { poleAmendment } from './review.ts';

let t: TestApp;
let caseId: string;
const files = (dir: string): FilePart[] =>
  readdirSync(dir)
    .filter((f) => f !== 'README.md')
    .sort()
    .map((f) => ({ field: 'files', name: f, data: readFileSync(path.join(dir, f)) }));
const DEMO = path.join(import.meta.dirname, 'demo');

async function upload(role: 'officer' | 'analyst', id: string, parts: FilePart[]) {
  const { payload, contentType } = multipartBody({}, parts);
  return t.call(role, 'POST', `/api/cases/${id}/documents`, payload, contentType);
}

beforeAll(async () => {
  t = await createTestApp();
  await demoSystem(t.database.db, t.demoForceId, { index: 10, stage: 'live', moduleId: 'pole' });
  const analyst = (await t.call('analyst', 'GET', '/api/me')).json();
  const opened = await t.call('officer', 'POST', '/api/cases', {
    reference: 'T/2026/0001',
    title: 'Robbery, Queen Street',
    reviewOn: '2033-01-31',
    supervisor: analyst.email,
  });
  expect(opened.statusCode, opened.body).toBe(201);
  caseId = opened.json().id;
}, 240_000);
afterAll(() => t?.close());

describe('cases', () => {
  it('are opened by officers and analysts only, with a unique reference and a real review date', async () => {
    expect(
      (await t.call('legal', 'POST', '/api/cases', { reference: 'X-1', title: 'x', reviewOn: '2030-01-01' }))
        .statusCode,
    ).toBe(403);
    const again = await t.call('officer', 'POST', '/api/cases', {
      reference: 'T/2026/0001',
      title: 'x',
      reviewOn: '2030-01-01',
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().issues).toEqual([{ path: 'reference', message: 'case T/2026/0001 already exists' }]);
    const bad = await t.call('officer', 'POST', '/api/cases', {
      reference: 'T 2',
      title: '',
      reviewOn: '2030-02-31x',
    });
    const paths = bad.json().issues.map((i: { path: string }) => i.path);
    expect([...new Set(paths)].sort()).toEqual(['reference', 'reviewOn', 'title']);
  });

  it('are seen only by the officers on them: anyone else is told the case does not exist', async () => {
    expect((await t.call('officer', 'GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
    expect((await t.call('analyst', 'GET', `/api/cases/${caseId}`)).json().role).toBe('supervisor');
    expect((await t.call('product-manager', 'GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
    expect((await t.call('product-manager', 'GET', `/api/cases/${caseId}/search?q=knife`)).statusCode).toBe(
      404,
    );
    expect((await t.call('product-manager', 'GET', '/api/cases')).json()).toEqual([]);
    const title = await t.database.db
      .selectFrom('cases')
      .select('title_encrypted')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(title.title_encrypted.toString('latin1')).not.toContain('Queen Street');
  });

  it('refuses an upload with any unreadable file, naming each, and stores nothing', async () => {
    const r = await upload('officer', caseId, [
      ...files(DEMO).slice(0, 2),
      { field: 'files', name: 'notes.doc', data: 'old Word' },
      { field: 'files', name: 'scan.pdf', data: 'not a pdf at all' },
    ]);
    expect(r.statusCode, r.body).toBe(400);
    const paths = r.json().issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['notes.doc', 'scan.pdf']));
    const n = await t.database.db
      .selectFrom('case_documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('stores documents sealed, with their SHA-256 in the ledger and an index of hashes, not words', async () => {
    const r = await upload('officer', caseId, files(DEMO));
    expect(r.statusCode, r.body).toBe(201);
    const added = r.json().documents as Array<{ id: string; name: string; sha256: string; kind: string }>;
    expect(added.map((d) => d.kind).sort()).toEqual(['csv', 'eml', 'text', 'text', 'text']);
    const rows = await t.database.db.selectFrom('case_documents').selectAll().execute();
    for (const row of rows) {
      expect(row.text_encrypted.toString('latin1')).not.toMatch(/Price|knife|Queen/);
      expect(row.search_terms).not.toMatch(/price|knife|queen/);
    }
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select('payload')
      .where('action', '=', 'case.documents-added')
      .executeTakeFirstOrThrow();
    expect(
      (entry.payload as { documents: Array<{ sha256: string }> }).documents.map((d) => d.sha256).sort(),
    ).toEqual(added.map((d) => d.sha256).sort());
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });

  it('finds every document holding a phone number however it is written, and marks the passage', async () => {
    for (const q of ['07700 900456', '+447700900456', '(07700) 900-456']) {
      const r = (
        await t.call('officer', 'GET', `/api/cases/${caseId}/search?q=${encodeURIComponent(q)}`)
      ).json();
      expect(
        r.hits.map((h: { name: string }) => h.name),
        q,
      ).toEqual(['call-records.csv']);
      const marked = r.hits[0].passages.flatMap((p: { parts: Array<{ text: string; match: boolean }> }) =>
        p.parts.filter((x) => x.match).map((x) => x.text),
      );
      expect(marked).toEqual(expect.arrayContaining(['07700 900456', '+44 7700 900456']));
    }
    const knife = (await t.call('officer', 'GET', `/api/cases/${caseId}/search?q=knife`)).json();
    expect(knife.hits.map((h: { name: string }) => h.name).sort()).toEqual([
      'report-pc-lewis.txt',
      'statement-nowak.txt',
      'statement-witness-akhtar.txt',
    ]);
    const car = (await t.call('officer', 'GET', `/api/cases/${caseId}/search?q=ab21xyz`)).json();
    expect(car.hits.length).toBe(3);
    expect((await t.call('officer', 'GET', `/api/cases/${caseId}/search?q=zebra`)).json().hits).toEqual([]);
  });

  it('logs every opening of a document, and checks a download against its SHA-256', async () => {
    const docs = (await t.call('officer', 'GET', `/api/cases/${caseId}`)).json().documents as Array<{
      id: string;
      name: string;
    }>;
    const report = docs.find((d) => d.name === 'report-pc-lewis.txt')!;
    const opened = await t.call('analyst', 'GET', `/api/cases/${caseId}/documents/${report.id}`);
    expect(opened.json().text).toContain('IMEI 356938035643809');
    const log = (await t.call('officer', 'GET', `/api/cases/${caseId}/access-log`)).json();
    expect(log[0]).toMatchObject({ action: 'opened-document', subject: report.id, name: 'Nina Kowalski' });
    const file = await t.call('officer', 'GET', `/api/cases/${caseId}/documents/${report.id}/file`);
    expect(file.body).toBe(readFileSync(path.join(DEMO, 'report-pc-lewis.txt'), 'utf8'));
    // The database swaps in another sealed file: the download refuses it.
    await t.database.db
      .updateTable('case_documents')
      .set({
        original_encrypted: encrypt(
          t.config.dataEncryptionKey,
          'forged',
          `case_documents.original:${report.id}`,
        ),
      })
      .where('id', '=', report.id)
      .execute();
    expect(
      (await t.call('officer', 'GET', `/api/cases/${caseId}/documents/${report.id}/file`)).statusCode,
    ).toBe(409);
  });
});

describe('an analysis of a case', () => {
  let runId: string;
  it('is a run of the case-file system, shown on the case only once reviewed', async () => {
    const started = await t.call('officer', 'POST', `/api/cases/${caseId}/analyses`);
    expect(started.statusCode, started.body).toBe(202);
    runId = started.json().id;
    await drainRuns(t.services.runs);
    const run = (await t.call('analyst', 'GET', `/api/runs/${runId}`)).json();
    expect(run.status).toBe('awaiting_review');
    // The output names people and quotes statements: stored sealed, never as plain JSON.
    const row = await t.database.db
      .selectFrom('runs')
      .select(['output', 'output_encrypted'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(row.output).toBeNull();
    expect(row.output_encrypted!.toString('latin1')).not.toMatch(/Price|AB21/);
    expect((await t.call('officer', 'GET', `/api/cases/${caseId}/analysis`)).statusCode).toBe(404);
  });

  it('finds the people, vehicles and phones, links them across documents with reasons, and quotes its summary lines', async () => {
    const run = (await t.call('analyst', 'GET', `/api/runs/${runId}`)).json();
    const output = run.output as PoleOutput;
    const car = output.entities.find((e) => e.kind === 'registration-mark')!;
    expect(car.value).toBe('AB21XYZ');
    expect(car.documents.length).toBe(3);
    const phone = output.entities.find((e) => e.key.includes('+447700900456'))!;
    expect(phone.mentions.length).toBe(4);
    // "PC 4471 Jamie Lewis" in his report and "PC Lewis" in the e-mail: one officer, with the reason.
    const lewis = output.entities.find((e) => e.category === 'person' && e.label === 'Jamie Lewis')!;
    expect(lewis.documents.length).toBe(2);
    expect(lewis.reasons.map((r) => r.rule)).toContain('title-surname');
    const dated = output.timeline.find((r) => r.text.startsWith('On Friday 6 March 2026'))!;
    expect(dated.when).toBe('2026-03-06T23:30');
    const texts = new Map<string, string>();
    for (const d of output.documents)
      texts.set(d.id, (await t.call('officer', 'GET', `/api/cases/${caseId}/documents/${d.id}`)).json().text);
    const lines = [...output.caseSummary, ...output.documentSummaries.flatMap((d) => d.lines)];
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(texts.get(l.documentId)!.slice(l.start, l.end)).toBe(l.text);
    for (const m of output.entities.flatMap((e) => e.mentions))
      expect(texts.get(m.documentId)!.slice(m.start, m.end)).toBe(m.text);
  });

  it('takes a reviewer’s corrections of single entities and lines, and counts them', async () => {
    const run = (await t.call('analyst', 'GET', `/api/runs/${runId}`)).json();
    const output = run.output as PoleOutput;
    const wrong = output.entities.findIndex((e) => e.kind === 'address' && e.label === 'Queen Street');
    const car = output.entities.findIndex((e) => e.kind === 'registration-mark');
    const line = output.caseSummary[0]!;
    const amended = poleAmendment(output, {
      rejectEntity: output.entities[wrong]!.key,
      [`label-${car}`]: 'AB21 XYZ (silver Ford Focus)',
      rejectLine: `${line.documentId}:${line.start}`,
    });
    expect(amended && 'output' in amended).toBe(true);
    const o = (amended as { output: PoleOutput }).output;
    expect(o.corrections.map((c) => `${c.target}/${c.action}`).sort()).toEqual([
      'entity/corrected',
      'entity/rejected',
      'summary-line/rejected',
    ]);
    expect(o.entities.length).toBe(output.entities.length - 1);
    expect(poleAmendment(output, {})).toMatchObject({ problems: [{ name: 'rejectEntity' }] });
    const reviewed = await t.call('analyst', 'POST', `/api/runs/${runId}/review`, {
      decision: 'amended',
      reasons: 'Queen Street alone repeats the fuller address; the car is named as in the report.',
      amendedOutput: o,
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select('payload')
      .where('action', '=', 'run.amended')
      .where('subject_id', '=', runId)
      .executeTakeFirstOrThrow();
    expect((entry.payload as { amendedOutputSha256: string }).amendedOutputSha256).toBe(
      createHash('sha256').update(canonicalJson(o)).digest('hex'),
    );
    const stored = await t.database.db
      .selectFrom('reviews')
      .select(['amended_output', 'amended_output_encrypted'])
      .where('run_id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(stored.amended_output).toBeNull();
    expect(stored.amended_output_encrypted).not.toBeNull();
    const shown = (await t.call('officer', 'GET', `/api/cases/${caseId}/analysis`)).json();
    expect(shown.output.corrections.length).toBe(3);
    expect(shown.output.entities.find((e: { kind: string }) => e.kind === 'registration-mark').label).toBe(
      'AB21 XYZ (silver Ford Focus)',
    );
    const log = (await t.call('officer', 'GET', `/api/cases/${caseId}/access-log`)).json();
    expect(log[0].action).toBe('opened-analysis');
    const quality = (await t.call('officer', 'GET', '/api/case-files/quality')).json() as Array<{
      kind: string;
      reviewed: number;
      rejected: number;
      corrected: number;
      precision: number;
    }>;
    const address = quality.find((q) => q.kind === 'address')!;
    expect(address.rejected).toBe(1);
    expect(address.precision).toBeCloseTo((address.reviewed - 1) / address.reviewed);
    expect(quality.find((q) => q.kind === 'registration-mark')).toMatchObject({
      corrected: 1,
      rejected: 0,
      precision: 1,
    });
  });

  it('lets an officer split a wrong merge, which holds, with its ledger entry', async () => {
    const shown = (await t.call('officer', 'GET', `/api/cases/${caseId}/analysis`)).json() as {
      output: PoleOutput;
    };
    const merged = shown.output.entities.find((e) => e.mentions.length > 1 && e.category === 'person')!;
    const off = merged.mentions[merged.mentions.length - 1]!;
    const r = await t.call('officer', 'POST', `/api/cases/${caseId}/splits`, {
      key: merged.key,
      mentions: [`${off.documentId}:${off.start}`],
      reason: 'A different person of the same name.',
    });
    expect(r.statusCode, r.body).toBe(201);
    const after = (await t.call('officer', 'GET', `/api/cases/${caseId}/analysis`)).json() as {
      output: PoleOutput;
    };
    const holding = after.output.entities.filter((e) =>
      e.mentions.some((m) => m.documentId === off.documentId && m.start === off.start),
    );
    expect(holding.length).toBe(1);
    expect(holding[0]!.mentions.length).toBe(1);
    const noReason = await t.call('officer', 'POST', `/api/cases/${caseId}/splits`, {
      key: merged.key,
      mentions: ['x:1'],
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
  });
});
