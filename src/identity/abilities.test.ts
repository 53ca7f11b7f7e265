import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.ts';
import { projectRoot } from '../shared-data.ts';
import {
  ACTIONS,
  type Action,
  abilitiesFor,
  abilitiesMarkdown,
  assertCan,
  can,
  check,
  type Decision,
} from './abilities.ts';
import { ROLES, type Role } from './roles.ts';

const as = (...roles: Role[]) => ({ personId: 'me', roles, forceName: 'Demo Constabulary' });
const refusal = (d: Decision) => (d.ok ? 'ok' : `${d.status} ${d.code}`);

describe('who may do what', () => {
  it('has exactly these actions', () => {
    expect([...ACTIONS].sort()).toEqual(
      [
        'alert.acknowledge',
        'case.create',
        'catalogue.adopt',
        'challenge.decide',
        'decision.refuse',
        'evidence.approve',
        'evidence.write',
        'hash-list.load',
        'horizon.keep',
        'incident.be-owner',
        'incident.assign',
        'incident.close',
        'incident.note',
        'incident.report',
        'lifecycle.act',
        'outcome.record',
        'record.publish',
        'people.change-roles',
        'people.create',
        'people.deactivate',
        'people.invite',
        'people.list',
        'people.post',
        'people.reset-password',
        'run.be-decision-maker',
        'run.decide',
        'run.depart',
        'run.review',
        'run.start',
        'system.be-overseer',
        'system.be-product-manager',
        'system.be-project-lead',
        'system.create',
        'system.update',
        'time.reinvest',
      ].sort(),
    );
  });

  // Written from the rules (README, docs, the College of Policing roles), not from the table.
  const byRole: Record<string, Role[] | 'every role'> = {
    'people.list': ['admin'],
    'people.create': ['admin'],
    'people.post': ['admin'],
    'people.invite': ['admin'],
    'people.change-roles': ['admin'],
    'people.deactivate': ['admin'],
    'people.reset-password': ['admin'],
    'system.create': ['ai-lead', 'project-lead'],
    'system.update': ['ai-lead', 'project-lead', 'product-manager'],
    'horizon.keep': ['ai-lead'],
    'catalogue.adopt': ['ai-lead'],
    'run.start': ['officer', 'analyst', 'project-lead', 'product-manager'],
    'run.be-decision-maker': ['officer'],
    'outcome.record': ['product-manager', 'analyst'],
    'alert.acknowledge': ['product-manager'],
    'incident.report': 'every role',
    'incident.assign': ['product-manager', 'chief-constable'],
    'incident.be-owner': 'every role',
    'system.be-project-lead': ['project-lead'],
    'system.be-product-manager': ['product-manager'],
    'system.be-overseer': ['officer', 'analyst'],
  };

  for (const [action, allowed] of Object.entries(byRole)) {
    it.each(ROLES.map((r) => [r]))(`${action}: %s`, (role) => {
      const expected = allowed === 'every role' || allowed.includes(role);
      expect(can(as(role), action as 'people.list')).toBe(expected);
    });
  }

  it('allows nothing to someone holding no role', () => {
    for (const action of Object.keys(byRole)) expect(can(as(), action as 'people.list')).toBe(false);
  });

  it('refuses with the roles that may and the roles held', () => {
    expect(check(as('officer'), 'people.list')).toEqual({
      ok: false,
      status: 403,
      code: 'forbidden',
      message: 'Only admin in Demo Constabulary may list the people in the force; you hold officer there.',
    });
    expect(refusal(check(as('hr'), 'run.start'))).toBe('403 run-not-allowed');
  });

  it('run.depart: an officer, on a released output only', () => {
    for (const role of ROLES) {
      const d = check(as(role), 'run.depart', { runStatus: 'released' });
      expect(refusal(d)).toBe(role === 'officer' ? 'ok' : '403 forbidden');
    }
    for (const status of [
      'queued',
      'running',
      'awaiting_review',
      'awaiting_decision',
      'rejected',
      'failed',
    ] as const)
      expect(refusal(check(as('officer'), 'run.depart', { runStatus: status }))).toBe('409 not-released');
  });

  it('time.reinvest: the named product manager; any product manager while none is named', () => {
    expect(can(as('product-manager'), 'time.reinvest', { productManagerId: 'me' })).toBe(true);
    expect(can(as('product-manager'), 'time.reinvest', { productManagerId: 'someone-else' })).toBe(false);
    expect(can(as('product-manager'), 'time.reinvest', { productManagerId: null })).toBe(true);
    for (const role of ROLES.filter((r) => r !== 'product-manager'))
      expect(can(as(role), 'time.reinvest', { productManagerId: null })).toBe(false);
  });

  it('run.review: a named overseer who did not ask for it, once, while it awaits review', () => {
    const ok = { overseer: true, requester: false, reviewed: false, runStatus: 'awaiting_review' } as const;
    expect(refusal(check(as('officer'), 'run.review', ok))).toBe('ok');
    expect(refusal(check(as('chief-constable'), 'run.review', { ...ok, overseer: false }))).toBe(
      '403 forbidden',
    );
    expect(refusal(check(as('officer'), 'run.review', { ...ok, requester: true }))).toBe(
      '409 separation-of-duties',
    );
    expect(refusal(check(as('officer'), 'run.review', { ...ok, reviewed: true }))).toBe(
      '409 already-reviewed',
    );
    expect(refusal(check(as('officer'), 'run.review', { ...ok, runStatus: 'released' }))).toBe(
      '409 not-awaiting-review',
    );
  });

  it('run.decide: only the named decision maker, once the output awaits their decision', () => {
    expect(can(as('officer'), 'run.decide', { decisionMaker: true, runStatus: 'awaiting_decision' })).toBe(
      true,
    );
    expect(
      refusal(
        check(as('chief-constable'), 'run.decide', { decisionMaker: false, runStatus: 'awaiting_decision' }),
      ),
    ).toBe('403 forbidden');
    expect(
      refusal(check(as('officer'), 'run.decide', { decisionMaker: true, runStatus: 'awaiting_review' })),
    ).toBe('409 not-awaiting-decision');
  });

  it('incident.note: the owner, the product manager or the chief constable', () => {
    expect(can(as('hr'), 'incident.note', { incidentOwner: true })).toBe(true);
    for (const role of ROLES) {
      const expected = role === 'product-manager' || role === 'chief-constable';
      expect(can(as(role), 'incident.note', { incidentOwner: false })).toBe(expected);
    }
  });

  it('incident.close: the product manager or chief constable who did not report it', () => {
    for (const role of ROLES) {
      const expected = role === 'product-manager' || role === 'chief-constable';
      expect(can(as(role), 'incident.close', { incidentReporter: false })).toBe(expected);
    }
    expect(refusal(check(as('chief-constable'), 'incident.close', { incidentReporter: true }))).toBe(
      '409 separation-of-duties',
    );
  });

  it('challenge.decide: a named overseer or product manager with fresh eyes', () => {
    const fresh = { overseer: false, reviewedOriginal: false, ranOriginal: false };
    expect(can(as('product-manager'), 'challenge.decide', fresh)).toBe(true);
    expect(can(as('officer'), 'challenge.decide', { ...fresh, overseer: true })).toBe(true);
    expect(refusal(check(as('officer'), 'challenge.decide', fresh))).toBe('403 forbidden');
    expect(
      refusal(check(as('product-manager'), 'challenge.decide', { ...fresh, reviewedOriginal: true })),
    ).toBe('409 reviewed-original');
    expect(refusal(check(as('product-manager'), 'challenge.decide', { ...fresh, ranOriginal: true }))).toBe(
      '409 ran-original',
    );
  });

  it('evidence and lifecycle steps: the roles their own tables name', () => {
    const form = {
      title: 'DPIA',
      authors: ['project-lead'] as Role[],
      approvers: ['data-protection-officer'] as Role[],
    };
    expect(can(as('project-lead'), 'evidence.write', { form })).toBe(true);
    expect(can(as('data-protection-officer'), 'evidence.write', { form })).toBe(false);
    expect(can(as('data-protection-officer'), 'evidence.approve', { form })).toBe(true);
    expect(can(as('project-lead'), 'evidence.approve', { form })).toBe(false);
    expect(
      refusal(check(as('project-lead'), 'evidence.approve', { form: { ...form, approvers: undefined } })),
    ).toBe('409 no-approval');
    const step = { title: 'Authorise', roles: ['chief-constable'] as Role[] };
    expect(can(as('chief-constable'), 'lifecycle.act', { step })).toBe(true);
    expect(refusal(check(as('ai-lead'), 'lifecycle.act', { step }))).toBe('403 wrong-role');
  });

  it('throws the refusal with its status and code', () => {
    const thrown = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return e as AppError;
      }
      throw new Error('did not throw');
    };
    const forbidden = thrown(() => assertCan(as('officer'), 'people.create'));
    expect(forbidden).toBeInstanceOf(AppError);
    expect([forbidden.status, forbidden.code]).toEqual([403, 'forbidden']);
    const wrongRole = thrown(() => assertCan(as('hr'), 'run.start'));
    expect([wrongRole.status, wrongRole.code]).toEqual([403, 'run-not-allowed']);
    const conflict = thrown(() => assertCan(as('officer'), 'run.depart', { runStatus: 'awaiting_review' }));
    expect([conflict.status, conflict.code]).toEqual([409, 'not-released']);
    expect(() => assertCan(as('admin'), 'people.create')).not.toThrow();
  });

  it('gives pages the actions whose facts are known, and no action missing a fact', () => {
    const none = abilitiesFor(as('officer'));
    expect(none['run.start']).toBe(true);
    expect(none['run.depart']).toBe(false);
    expect(none['people.list']).toBe(false);
    const released = abilitiesFor(as('officer'), { runStatus: 'released' });
    expect(released['run.depart']).toBe(true);
    expect(abilitiesFor(as('analyst'), { runStatus: 'released' })['run.depart']).toBe(false);
    const pm = abilitiesFor(as('product-manager'), { productManagerId: null });
    expect(pm['time.reinvest']).toBe(true);
    expect(abilitiesFor(as('product-manager'), { productManagerId: 'other' })['time.reinvest']).toBe(false);
    for (const action of ACTIONS) {
      const facts = {
        overseer: true,
        requester: false,
        decisionMaker: true,
        reviewed: false,
        runStatus: 'released',
        productManagerId: null,
        incidentOwner: false,
        incidentReporter: false,
        reviewedOriginal: false,
        ranOriginal: false,
        form: { title: 'Form', authors: ['officer'], approvers: ['officer'] },
        step: { title: 'Step', roles: ['officer'] },
      } as const;
      expect(abilitiesFor(as('officer'), facts)[action as Action]).toBe(
        can(as('officer'), action as 'run.depart', facts),
      );
    }
  });

  it('is documented in docs/ABILITIES.md exactly as the table says', () => {
    const doc = readFileSync(path.join(projectRoot, 'docs', 'ABILITIES.md'), 'utf8');
    expect(doc).toBe(abilitiesMarkdown());
    for (const action of ACTIONS) expect(doc).toContain(`| \`${action}\` |`);
    expect(doc).toContain(
      '| `run.depart` | record a departure from an output | Officer or staff member; the output is released |',
    );
  });
});
