import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../ledger/verify.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { demoCast } from './demo.ts';
import { FORMS } from './forms.ts';
import { walkTo } from './walk.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

const REASONS = 'The validation data ends in 2023; validate on the last twelve months first.';

async function ledger(id: string) {
  return t.database.db
    .selectFrom('ledger_entries')
    .select(['action', 'payload'])
    .where('subject_id', '=', id)
    .orderBy('seq')
    .execute();
}

describe('refusing approvals and authorisations', () => {
  it("records the chief constable's refusal of use, returns the system to validation, and shows it on the timeline and the public record", async () => {
    const { id } = await demoSystem(t.database.db, t.demoForceId, { index: 0, stage: 'authorisation' });

    // Before confirming: the effect is stated (returns to validation, the validation report redone).
    const before = (await call('chief-constable', 'GET', `/api/systems/${id}/decisions`)).json();
    const use = before.decisions.find((d: { form: string }) => d.form === 'use-authorisation');
    expect(use.openNow).toBe(true);
    expect(use.ifRefused).toMatchObject({ effect: 'return', to: 'validation' });
    expect(use.ifRefused.text).toBe(
      "The system returns from Authorisation to Validation, and these must be written again before it can move on: Chief constable's authorisation of use; Validation report.",
    );

    const res = await call('chief-constable', 'POST', `/api/systems/${id}/decisions/use-authorisation`, {
      decision: 'refuse',
      reasons: REASONS,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'refused', from: 'authorisation', to: 'validation' });

    const system = (await call('project-lead', 'GET', `/api/systems/${id}`)).json();
    expect(system.stage).toBe('validation');
    const report = system.taskList
      .flatMap((g: { tasks: Array<{ form: string; status: string }> }) => g.tasks)
      .find((x: { form: string }) => x.form === 'validation-report');
    expect(report.status).toBe('refused');

    // In the ledger, with the reasons and the effect.
    const entries = await ledger(id);
    const refusal = entries.find((e) => e.action === 'decision.refused')!;
    expect(refusal.payload).toMatchObject({
      kind: 'use-authorisation',
      reasons: REASONS,
      from: 'authorisation',
      to: 'validation',
      redo: ['use-authorisation', 'validation-report'],
    });
    expect((await verifyLedger(t.database.db)).ok).toBe(true);

    // On the timeline: the API and the system page.
    const timeline = (await call('officer', 'GET', `/api/systems/${id}/timeline`)).json();
    expect(timeline.ledger.map((e: { action: string }) => e.action)).toContain('decision.refused');
    expect(timeline.transitions.at(-1)).toMatchObject({
      action: 'refuse-use-authorisation',
      from_stage: 'authorisation',
      to_stage: 'validation',
      reasons: REASONS,
    });
    const page = await call('officer', 'GET', `/systems/${id}`);
    expect(page.body).toContain('Refused the Chief constable&#39;s authorisation of use');
    expect(page.body).toContain(REASONS);

    // The old report no longer counts: authorisation needs a report written after the refusal.
    const early = await call('analyst', 'POST', `/api/systems/${id}/actions/submit-for-authorisation`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('Validation report (refused: write it again)');
    const again = await call('analyst', 'POST', `/api/systems/${id}/evidence/validation-report`, {
      data: FORMS['validation-report'].example,
    });
    expect(again.statusCode).toBe(201);
    expect(
      (await call('analyst', 'POST', `/api/systems/${id}/actions/submit-for-authorisation`, {})).statusCode,
    ).toBe(200);

    // Authorised this time (through the same decision endpoint), then into trial: public.
    const approve = await call('chief-constable', 'POST', `/api/systems/${id}/decisions/use-authorisation`, {
      decision: 'approve',
      data: { reasons: 'Revalidated on the latest twelve months; thresholds met.' },
    });
    expect(approve.statusCode, approve.body).toBe(201);
    await walkTo(t.database.db, id, 'trial', demoCast(t.database.db, t.demoForceId));
    expect((await call('officer', 'GET', `/api/systems/${id}`)).json().stage).toBe('trial');
    const ref = system.reference as string;
    const record = await t.app.inject({ method: 'GET', url: `/forces/demo/ai/${ref}` });
    expect(record.statusCode, record.body.slice(0, 300)).toBe(200);
    expect(record.body).toContain('Authorisations refused');
    expect(record.body).toContain(`Chief constable&#39;s authorisation of use refused. Reasons: ${REASONS}`);
  });

  it('returns to assessment when the head of information security refuses to deploy', async () => {
    const { id } = await demoSystem(t.database.db, t.demoForceId, { index: 0, stage: 'authorisation' });
    const res = await call(
      'head-of-information-security',
      'POST',
      `/api/systems/${id}/decisions/deployment-authorisation`,
      { decision: 'refuse', reasons: 'Penetration test findings are still open on the hosting.' },
    );
    expect(res.json()).toMatchObject({ from: 'authorisation', to: 'assessment' });
  });

  it('keeps the system at assessment when the data protection officer refuses the DPIA', async () => {
    const { id } = await demoSystem(t.database.db, t.demoForceId, { index: 0, stage: 'assessment' });
    await call('project-lead', 'POST', `/api/systems/${id}/evidence/dpia`, { data: FORMS.dpia.example });
    const res = await call('data-protection-officer', 'POST', `/api/systems/${id}/decisions/dpia`, {
      decision: 'refuse',
      reasons: 'The retention period is not justified for the forecasts.',
    });
    expect(res.json()).toMatchObject({ from: 'assessment', to: 'assessment' });
    const dpia = (await call('project-lead', 'GET', `/api/systems/${id}/evidence/dpia`)).json();
    expect(dpia[0].reviews[0]).toMatchObject({ decision: 'rejected' });
  });

  it('needs reasons, the right role, and the right stage', async () => {
    const { id } = await demoSystem(t.database.db, t.demoForceId, { index: 0, stage: 'authorisation' });
    const url = `/api/systems/${id}/decisions/use-authorisation`;
    const short = await call('chief-constable', 'POST', url, { decision: 'refuse', reasons: 'No.' });
    expect(short.statusCode).toBe(400);
    expect(short.json().detail).toBe('reasons: Enter your reasons for refusing (at least 10 characters)');
    const long = await call('chief-constable', 'POST', url, {
      decision: 'refuse',
      reasons: 'x'.repeat(5001),
    });
    expect(long.statusCode).toBe(400);
    const officer = await call('officer', 'POST', url, { decision: 'refuse', reasons: REASONS });
    expect(officer.statusCode).toBe(403);
    const live = await call('chief-constable', 'POST', `/api/systems/${id}/decisions/live-decision`, {
      decision: 'refuse',
      reasons: REASONS,
    });
    expect(live.statusCode).toBe(409);
    const stage = (await call('officer', 'GET', `/api/systems/${id}`)).json().stage;
    expect(stage).toBe('authorisation');
    expect((await ledger(id)).filter((e) => e.action === 'decision.refused')).toHaveLength(0);
  });

  it('offers Approve or Refuse on the form, shows the effect before confirming, and lists errors in field order', async () => {
    const { id } = await demoSystem(t.database.db, t.demoForceId, { index: 0, stage: 'authorisation' });
    const url = `/systems/${id}/evidence/use-authorisation`;
    const page = await call('chief-constable', 'GET', url);
    expect(page.body).toContain('name="outcome" type="radio" value="approve"');
    expect(page.body).toContain('name="outcome" type="radio" value="refuse"');
    expect(page.body).toContain(
      'If you refuse: The system returns from Authorisation to Validation, and these must be written again before it can move on',
    );
    // Nobody else is offered the decision.
    expect((await call('officer', 'GET', url)).body).not.toContain('name="outcome"');

    const post = async (values: Record<string, string>) => {
      const { cookie, csrfToken } = await t.login('chief-constable');
      return t.app.inject({
        method: 'POST',
        url: `/systems/${id}/decisions/use-authorisation`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams({ _csrf: csrfToken, ...values }).toString(),
      });
    };
    const none = await post({});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('<a href="#f-outcome">Select Approve or Refuse</a>');
    const bare = await post({ outcome: 'refuse', refusalReasons: 'No' });
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toContain(
      '<a href="#f-refusalReasons">Enter your reasons for refusing (at least 10 characters)</a>',
    );
    const approveEmpty = await post({ outcome: 'approve', reasons: '' });
    expect(approveEmpty.statusCode).toBe(400);
    expect(approveEmpty.body).toContain('href="#f-reasons"');

    const done = await post({ outcome: 'refuse', refusalReasons: REASONS });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/systems/${id}?done=refused-use-authorisation`);
    const after = await call('chief-constable', 'GET', done.headers.location as string);
    expect(after.body).toContain(
      'You refused the Chief constable&#39;s authorisation of use. The system returns from Authorisation to Validation',
    );
  });

  it('publishes what each refusal does with the lifecycle table', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/lifecycle' });
    const use = res.json().refusals.find((r: { form: string }) => r.form === 'use-authorisation');
    expect(use).toMatchObject({
      roles: ['chief-constable'],
      at: ['authorisation'],
      onRefusal: { effect: 'return', to: 'validation', redo: ['use-authorisation', 'validation-report'] },
    });
    const live = res.json().refusals.find((r: { form: string }) => r.form === 'live-decision');
    expect(live.onRefusal.effect).toBe('stay');
  });
});
