import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCast } from '../register/demo.ts';
import { submitEvidence, updateSystem } from '../register/service.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { buildAtrsRecord } from './atrs.ts';
import { publicationChecks } from './publication.ts';
import { exampleAtrsInput } from './testing.ts';

const register = (record: ReturnType<typeof buildAtrsRecord>) => ({
  purpose: record.tier2.descriptionAndRationale.purpose,
  affectedGroups: record.tier2.descriptionAndRationale.affectedGroups,
  trialStart: null,
});

describe('checks before a record is published', () => {
  it('finds nothing wrong with a complete, consistent live record', () => {
    const record = buildAtrsRecord(exampleAtrsInput('live'));
    expect(publicationChecks(record, register(record))).toEqual([]);
  });

  it('refuses dates out of order: published before registered, live before the trial', () => {
    const record = buildAtrsRecord(exampleAtrsInput('live'));
    record.lifecycle.publishedOn = '2025-10-01'; // registered 2025-11-01
    record.lifecycle.liveFrom = '2026-03-01'; // trial from 2026-04-01
    const issues = publicationChecks(record, register(record));
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.field)).toEqual([
      'lifecycle.publishedOn',
      'lifecycle.liveFrom',
    ]);
  });

  it('refuses evidence written about other people than the register names, and flags another purpose', () => {
    const record = buildAtrsRecord(exampleAtrsInput('trial'));
    const issues = publicationChecks(record, {
      purpose: 'Consistent, explained risk information for offender management decisions.',
      affectedGroups: ['People under offender management', 'Victims'],
      trialStart: null,
    });
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'error', field: 'tier2.descriptionAndRationale.affectedGroups' }),
      expect.objectContaining({ severity: 'warning', field: 'tier2.descriptionAndRationale.purpose' }),
    ]);
  });

  it('refuses a live record with an empty field, naming it; a trial record only warns', () => {
    const input = exampleAtrsInput('live');
    input.evidence.set('ethics-advice', {
      ...input.evidence.get('ethics-advice')!,
      data: { advice: 'Proceed.', recommendations: [], minutesUrl: '' },
    });
    const live = buildAtrsRecord(input);
    expect(publicationChecks(live, register(live))).toEqual([
      {
        severity: 'error',
        field: 'tier2.impactAssessments.ethics.minutesUrl',
        message: 'A live system’s record must fill this field.',
      },
    ]);
  });
});

describe('publishing a record', () => {
  let t: TestApp;
  let id: string;
  let reference: string;
  beforeAll(async () => {
    t = await createTestApp();
    ({ id, reference } = await demoSystem(t.database.db, t.demoForceId, { stage: 'authorisation' }));
  });
  afterAll(() => t?.close());

  const publicPage = () => t.app.inject({ method: 'GET', url: `/forces/demo/ai/${reference}` });

  it('publishes nothing until a named person approves the exact text, then serves that text', async () => {
    const cast = demoCast(t.database.db, t.demoForceId);
    // Into trial without the walk (which would publish): the record is not public yet.
    await t.database.db.updateTable('ai_systems').set({ stage: 'trial' }).where('id', '=', id).execute();
    expect((await publicPage()).statusCode).toBe(404);

    expect((await t.call('officer', 'GET', `/api/systems/${id}/publication`)).statusCode).toBe(403);
    const preview = (await t.call('product-manager', 'GET', `/api/systems/${id}/publication`)).json();
    expect(preview.sha256).toBe(createHash('sha256').update(preview.text, 'utf8').digest('hex'));
    expect(preview.published).toBeNull();
    expect(preview.approvable).toBe(true);

    // The system page leads to it; the page shows the checks and the text, with its hash.
    const system = await t.call('product-manager', 'GET', `/systems/${id}`);
    expect(system.body).toContain(`href="/systems/${id}/publication"`);
    const page = await t.call('product-manager', 'GET', `/systems/${id}/publication`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(preview.sha256);
    expect(page.body).toContain('Approve this text for publication');

    expect(
      (await t.call('officer', 'POST', `/api/systems/${id}/publication`, { sha256: preview.sha256 }))
        .statusCode,
    ).toBe(403);
    const ok = await t.call('product-manager', 'POST', `/api/systems/${id}/publication`, {
      sha256: preview.sha256,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select(['payload', 'actor_id'])
      .where('action', '=', 'record.published')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(entry.payload).toMatchObject({ reference, sha256: preview.sha256 });
    expect(entry.actor_id).toBe((await cast('product-manager')).personId);
    const shown = await publicPage();
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Forecasts, each week, the small areas where burglary is most likely');

    // A later edit is not public until approved again, and the old hash no longer approves.
    await updateSystem(t.database.db, await cast('ai-lead'), id, {
      description: 'A changed description that nobody has approved for publication yet.',
    });
    expect((await publicPage()).body).not.toContain('A changed description');
    const again = (await t.call('ai-lead', 'GET', `/api/systems/${id}/publication`)).json();
    expect(again.published).toMatchObject({ sha256: preview.sha256, upToDate: false });
    const stale = await t.call('ai-lead', 'POST', `/api/systems/${id}/publication`, {
      sha256: preview.sha256,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('record-changed');
    expect(
      (await t.call('ai-lead', 'POST', `/api/systems/${id}/publication`, { sha256: again.sha256 }))
        .statusCode,
    ).toBe(201);
    expect((await publicPage()).body).toContain('A changed description');
  });

  it('refuses to publish a live record without the ethics committee’s minutes, naming the field', async () => {
    const cast = demoCast(t.database.db, t.demoForceId);
    await t.database.db.updateTable('ai_systems').set({ stage: 'live' }).where('id', '=', id).execute();
    await submitEvidence(t.database.db, await cast('ethics-committee'), id, 'ethics-advice', {
      advice: 'Proceed with the safeguards stated.',
      recommendations: [],
      minutesUrl: '',
    });
    const preview = (await t.call('product-manager', 'GET', `/api/systems/${id}/publication`)).json();
    expect(preview.approvable).toBe(false);
    const res = await t.call('product-manager', 'POST', `/api/systems/${id}/publication`, {
      sha256: preview.sha256,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('record-inconsistent');
    expect(res.json().fields).toContain('tier2.impactAssessments.ethics.minutesUrl');
    const page = await t.call('product-manager', 'GET', `/systems/${id}/publication`);
    expect(page.body).toContain('tier2.impactAssessments.ethics.minutesUrl');
    expect(page.body).not.toContain('Approve this text for publication');
  });

  it('can be refused with reasons: nothing new is published, and the refusal is in the ledger and on the timeline', async () => {
    const cast = demoCast(t.database.db, t.demoForceId);
    await t.database.db.updateTable('ai_systems').set({ stage: 'trial' }).where('id', '=', id).execute();
    await updateSystem(t.database.db, await cast('ai-lead'), id, {
      description: 'A description the product manager finds misleading and refuses.',
    });
    const preview = (await t.call('product-manager', 'GET', `/api/systems/${id}/publication`)).json();
    const before = (await publicPage()).body;

    // Reasons are needed; only those who may publish may refuse.
    const bare = await t.call('product-manager', 'POST', `/api/systems/${id}/publication/refusal`, {
      sha256: preview.sha256,
      reasons: 'no',
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().issues[0]).toMatchObject({ path: 'reasons' });
    const officer = await t.call('officer', 'POST', `/api/systems/${id}/publication/refusal`, {
      sha256: preview.sha256,
      reasons: 'I would rather this were not published.',
    });
    expect(officer.statusCode).toBe(403);
    const page = await t.call('product-manager', 'GET', `/systems/${id}/publication`);
    expect(page.body).toContain('Refuse this text');

    // Refused through the page form, as the product manager would.
    const short = await t.call(
      'product-manager',
      'POST',
      `/systems/${id}/publication/refuse`,
      new URLSearchParams({ sha256: preview.sha256, reasons: 'wrong' }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Enter your reasons for refusing (at least 10 characters)');
    const reasons = 'The description overstates what the forecast does; rewrite it first.';
    const res = await t.call(
      'product-manager',
      'POST',
      `/systems/${id}/publication/refuse`,
      new URLSearchParams({ sha256: preview.sha256, reasons }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/systems/${id}/publication?done=refused`);

    const after = await publicPage();
    expect(after.body).not.toContain('misleading and refuses');
    const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main(after.body)).toBe(main(before));
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select(['payload', 'actor_id'])
      .where('action', '=', 'record.publication-refused')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(entry.payload).toMatchObject({ sha256: preview.sha256, reasons });
    expect(entry.actor_id).toBe((await cast('product-manager')).personId);
    const system = await t.call('product-manager', 'GET', `/systems/${id}`);
    expect(system.body).toContain(
      'Refused the public record&#39;s text. This text is not published; the text approved earlier stays public',
    );
    expect(system.body).toContain(reasons);
  });
});
