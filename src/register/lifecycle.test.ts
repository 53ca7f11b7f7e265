import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../identity/roles.ts';
import { FORM_KINDS, FORMS, type FormKind } from './forms.ts';
import { decide, type EvidenceState, type SystemState, thresholdResults } from './gates.ts';
import { ACTIONS, lifecycleTable, STAGES, type Stage } from './lifecycle.ts';

/** Every form present, approved, written by distinct authors: only role and stage can refuse. */
function completeEvidence(): Map<FormKind, EvidenceState> {
  return new Map(
    FORM_KINDS.map((kind, i) => [
      kind,
      {
        kind,
        version: 1,
        hash: 'h'.repeat(64),
        authorId: `author-${i}`,
        createdAt: new Date('2026-06-01T00:00:00Z'),
        data: kind === 'validation-report' ? FORMS['validation-report'].example : FORMS[kind].example,
        approved: true,
      },
    ]),
  );
}

function state(stage: Stage, over: Partial<SystemState> = {}): SystemState {
  return {
    stage,
    previousStage: stage === 'suspended' ? 'live' : null,
    useCase: 'hotspot-forecasting',
    externalSupplier: true,
    projectLeadId: 'lead',
    overseerIds: ['o1'],
    suspendedAt: new Date('2026-05-01T00:00:00Z'),
    handoverValid: true,
    model: { name: 'OGRS3', version: '3' },
    biasAudit: { model: { name: 'OGRS3', version: '3' }, intact: true },
    ...over,
  };
}

describe('the lifecycle table', () => {
  it('names only known stages, roles and forms, and reaches every stage', () => {
    const reached = new Set<string>(['horizon']);
    for (const a of ACTIONS) {
      for (const s of a.from) expect(STAGES).toContain(s);
      if (a.to !== 'previous') {
        expect(STAGES).toContain(a.to);
        reached.add(a.to);
      }
      for (const r of a.roles) expect(ROLES).toContain(r);
      for (const req of a.requires) if (req.form) expect(FORM_KINDS).toContain(req.form);
    }
    expect([...reached].sort()).toEqual([...STAGES].sort());
    expect(lifecycleTable().actions).toHaveLength(ACTIONS.length);
  });

  it('gives every form an example that its own schema accepts', () => {
    for (const kind of FORM_KINDS)
      expect(FORMS[kind].schema.safeParse(FORMS[kind].example).success, kind).toBe(true);
  });

  // The permission matrix: every role x every action x every stage, generated from the table.
  const cases = ROLES.flatMap((role) =>
    ACTIONS.flatMap((a) => STAGES.map((stage) => [role, a.id, stage] as const)),
  );
  it.each(cases)('%s / %s / at %s', (role, actionId, stage) => {
    const action = ACTIONS.find((a) => a.id === actionId)!;
    const d = decide(
      action,
      { personId: 'someone-else', roles: [role as Role] },
      state(stage),
      completeEvidence(),
      'Reasons for the record.',
    );
    if (!action.roles.includes(role)) {
      expect(d).toMatchObject({ ok: false, status: 403, code: 'wrong-role' });
    } else if (!action.from.includes(stage)) {
      expect(d).toMatchObject({ ok: false, status: 409, code: 'wrong-stage' });
    } else {
      expect(d.ok).toBe(true);
      if (d.ok) expect(d.to).toBe(action.to === 'previous' ? 'live' : action.to);
    }
  });
});

describe('gates', () => {
  const action = (id: string) => ACTIONS.find((a) => a.id === id)!;
  const cc = { personId: 'cc', roles: ['chief-constable'] as Role[] };
  const lead = { personId: 'lead', roles: ['project-lead'] as Role[] };

  it('lists every missing form by name, and an unapproved DPIA as awaiting approval', () => {
    const evidence = completeEvidence();
    evidence.delete('legal-review');
    evidence.set('dpia', { ...evidence.get('dpia')!, approved: false });
    const d = decide(action('begin-validation'), lead, state('assessment'), evidence);
    expect(d).toMatchObject({ ok: false, status: 409, code: 'missing-evidence' });
    expect(d.ok || d.message).toContain('Legal review');
    expect(d.ok || d.message).toContain('Data protection impact assessment (awaiting approval)');
  });

  it('needs procurement evidence only for an external supplier', () => {
    const evidence = completeEvidence();
    evidence.delete('procurement-strategy');
    evidence.delete('procurement-authorisation');
    expect(decide(action('begin-validation'), lead, state('assessment'), evidence).ok).toBe(false);
    expect(
      decide(action('begin-validation'), lead, state('assessment', { externalSupplier: false }), evidence).ok,
    ).toBe(true);
  });

  it('refuses the trial when one person gave both the deployment and the use authorisation', () => {
    const evidence = completeEvidence();
    evidence.set('deployment-authorisation', {
      ...evidence.get('deployment-authorisation')!,
      authorId: 'same',
    });
    evidence.set('use-authorisation', { ...evidence.get('use-authorisation')!, authorId: 'same' });
    expect(decide(action('start-trial'), lead, state('authorisation'), evidence)).toMatchObject({
      ok: false,
      status: 409,
      code: 'separation-of-duties',
    });
  });

  it('refuses to let the author of the resolution resume, and needs a resolution newer than the suspension', () => {
    const evidence = completeEvidence();
    const both = { personId: 'author-x', roles: ['chief-constable'] as Role[] };
    evidence.set('suspension-resolution', {
      ...evidence.get('suspension-resolution')!,
      authorId: 'author-x',
    });
    expect(
      decide(action('resume'), both, state('suspended'), evidence, 'Cause fixed and checked.'),
    ).toMatchObject({
      code: 'separation-of-duties',
    });
    const old = state('suspended', { suspendedAt: new Date('2026-07-01T00:00:00Z') });
    expect(decide(action('resume'), cc, old, evidence, 'Cause fixed and checked.')).toMatchObject({
      code: 'missing-evidence',
    });
  });

  it('needs reasons to suspend', () => {
    const d = decide(action('suspend'), cc, state('live'), completeEvidence());
    expect(d).toMatchObject({ ok: false, status: 400, code: 'reasons-required' });
  });

  it('needs a waiver written after the report for each missed threshold', () => {
    const evidence = completeEvidence();
    const report = {
      ...FORMS['validation-report'].example,
      results: [{ metric: 'hit-rate-5pc', value: 0.1 }],
    };
    evidence.set('validation-report', {
      ...evidence.get('validation-report')!,
      data: report,
      createdAt: new Date('2026-06-02'),
    });
    evidence.delete('waiver');
    const analyst = { personId: 'an', roles: ['analyst'] as Role[] };
    const refused = decide(action('submit-for-authorisation'), analyst, state('validation'), evidence);
    expect(refused.ok || refused.message).toContain('hit-rate-5pc, coverage-share');
    evidence.set('waiver', {
      kind: 'waiver',
      version: 1,
      hash: 'w'.repeat(64),
      authorId: 'cc',
      createdAt: new Date('2026-06-03'),
      data: {
        metrics: ['hit-rate-5pc', 'coverage-share'],
        reasons: 'Trial at reduced scope with weekly review.',
      },
      approved: true,
    });
    expect(decide(action('submit-for-authorisation'), analyst, state('validation'), evidence).ok).toBe(true);
  });

  it('checks thresholds per group and in the stated direction', () => {
    const metrics = FORMS['test-design'].example.metrics;
    const results = thresholdResults(metrics, ['Urban', 'Rural'], {
      ...FORMS['validation-report'].example,
      results: [
        { metric: 'hit-rate-5pc', value: 0.2 },
        { metric: 'coverage-share', group: 'Urban', value: 0.04 },
        { metric: 'coverage-share', group: 'Rural', value: 0.06 },
      ],
    });
    expect(results.map((r) => [r.metric, r.group, r.passed])).toEqual([
      ['hit-rate-5pc', null, true],
      ['coverage-share', 'Urban', true],
      ['coverage-share', 'Rural', false],
    ]);
  });

  it('keeps a reoffending risk system out of trial without a fairness audit of its own model', () => {
    const evidence = completeEvidence();
    const risk = (over: Partial<SystemState>) =>
      decide(
        action('start-trial'),
        lead,
        state('authorisation', { useCase: 'reoffending-risk', ...over }),
        evidence,
      );
    expect(risk({}).ok).toBe(true);
    // A paragraph on the validation report is not an audit.
    expect(risk({ biasAudit: null })).toMatchObject({
      code: 'missing-evidence',
      message: expect.stringContaining('no fairness audit of this system has been attached'),
    });
    // An audit of another version of the model does not count for this one.
    expect(risk({ model: { name: 'OGRS3', version: '4' } })).toMatchObject({
      message: expect.stringContaining('is of OGRS3 3, not of OGRS3 4'),
    });
    // Nor does one whose stored report no longer matches its ledger entry.
    expect(risk({ biasAudit: { model: { name: 'OGRS3', version: '3' }, intact: false } })).toMatchObject({
      message: expect.stringContaining('no longer matches its ledger entry'),
    });
    // Other use cases do not need one.
    expect(
      decide(action('start-trial'), lead, state('authorisation', { biasAudit: null }), evidence).ok,
    ).toBe(true);
  });
});
