import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordsSync } from '../modules/fairness/index.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { attachBiasAudit } from './bias-audits.ts';
import { demoCast } from './demo.ts';
import { FORMS } from './forms.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A real fairness audit of 400 predictions (score >= 0.5 is positive) by sex. */
function audit() {
  const records = Array.from({ length: 400 }, (_, i) => ({
    score: ((i * 37) % 100) / 100,
    reoffended: (i * 53) % 100 < 40 ? 1 : 0,
    sex: i % 3 === 0 ? 'Female' : 'Male',
  }));
  return auditRecordsSync(records, {
    mapping: { prediction: 'score', threshold: 0.5, outcome: 'reoffended', groups: ['sex'], score: 'score' },
    bootstrap: 0,
  });
}

const submit = (id: string) =>
  t.call('analyst', 'POST', `/api/systems/${id}/actions/submit-for-authorisation`, {});

describe('the bias audit a reoffending risk tool needs', () => {
  it('is a fairness audit of this system’s own model, pinned in the ledger; text, another model or an altered report do not count', async () => {
    const db = t.database.db;
    const cast = demoCast(db, t.demoForceId);
    const { id } = await demoSystem(db, t.demoForceId, { index: 2, stage: 'validation' });
    // The validation report says it had a bias audit: words on a form are not an audit.
    const report = {
      ...FORMS['validation-report'].example,
      biasAudit: 'We checked it for bias.',
    };
    const sent = await t.call('analyst', 'POST', `/api/systems/${id}/evidence/validation-report`, {
      data: report,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const refused = await submit(id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('no fairness audit of this system has been attached');
    const page = await t.call('analyst', 'GET', `/systems/${id}`);
    expect(page.body).toContain('--attach-to');

    // Only those who write the validation report attach one.
    await expect(
      attachBiasAudit(db, await cast('officer'), id, {
        report: audit(),
        dataSha256: 'a'.repeat(64),
        source: 'x.csv',
      }),
    ).rejects.toMatchObject({ status: 403 });

    const attached = await attachBiasAudit(db, await cast('analyst'), id, {
      report: audit(),
      dataSha256: 'b'.repeat(64),
      source: 'ogrs3-predictions.csv',
    });
    expect(attached).toMatchObject({ model: { name: 'OGRS3', version: '3' }, intact: true, rows: 400 });
    const entry = await db
      .selectFrom('ledger_entries')
      .select(['action', 'payload'])
      .where('seq', '=', attached.ledgerSeq)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      action: 'system.bias-audit-attached',
      payload: { auditId: attached.id, dataSha256: 'b'.repeat(64), model: { name: 'OGRS3', version: '3' } },
    });
    expect((await t.call('analyst', 'GET', `/systems/${id}`)).body).toContain(
      'Fairness audit of OGRS3 3 attached',
    );

    // A report altered in the database after it was attached no longer counts.
    await db
      .updateTable('bias_audits')
      .set({ report: JSON.stringify({ ...audit(), findings: ['No disparities found.'] }) })
      .where('id', '=', attached.id)
      .execute();
    const altered = await submit(id);
    expect(altered.statusCode).toBe(409);
    expect(altered.json().detail).toContain('no longer matches its ledger entry');

    // An audit of the model as it was does not count once the register names another version.
    await attachBiasAudit(db, await cast('analyst'), id, {
      report: audit(),
      dataSha256: 'c'.repeat(64),
      source: 'p.csv',
    });
    const patched = await t.call('ai-lead', 'PATCH', `/api/systems/${id}`, {
      model: { name: 'OGRS3', version: '3.1' },
    });
    expect(patched.statusCode, patched.body).toBe(204);
    const stale = await submit(id);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toContain('is of OGRS3 3, not of OGRS3 3.1');

    // An audit of the model the register names now lets the report go forward.
    await attachBiasAudit(db, await cast('analyst'), id, {
      report: audit(),
      dataSha256: 'd'.repeat(64),
      source: 'p.csv',
    });
    const ok = await submit(id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ from: 'validation', to: 'authorisation' });
  });

  it('refuses an audit that read no records', async () => {
    const db = t.database.db;
    const { id } = await demoSystem(db, t.demoForceId, { index: 2, stage: 'validation' });
    const empty = { ...audit(), population: { rowsRead: 0, rowsKept: 0, filter: null }, groups: [] };
    await expect(
      attachBiasAudit(db, await demoCast(db, t.demoForceId)('analyst'), id, {
        report: empty,
        dataSha256: 'e'.repeat(64),
        source: 'empty.csv',
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
