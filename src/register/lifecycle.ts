import type { Role } from '../identity/roles.ts';
import { FORMS, type FormKind } from './forms.ts';

/**
 * The lifecycle of an AI system, as one typed table. Every permission, every gate, the
 * "Waiting for you" lists and the diagram are derived from it; nothing else decides who may
 * move a system. Roles and duties follow the College of Policing's "Suggested roles and
 * responsibilities" for AI-enabled tools.
 */
export const STAGES = [
  'horizon',
  'scoping',
  'assessment',
  'validation',
  'authorisation',
  'trial',
  'live',
  'suspended',
  'closing',
  'retired',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_TITLES: Record<Stage, string> = {
  horizon: 'Horizon scanning',
  scoping: 'Scoping',
  assessment: 'Assessment',
  validation: 'Validation',
  authorisation: 'Authorisation',
  trial: 'Trial',
  live: 'Live',
  suspended: 'Suspended',
  closing: 'Closing',
  retired: 'Retired',
};

/** Days a system may sit in a stage before its open items show as overdue. */
export const STAGE_TARGET_DAYS: Partial<Record<Stage, number>> = {
  scoping: 60,
  assessment: 90,
  validation: 90,
  authorisation: 30,
  suspended: 14,
  closing: 60,
};

/** Conditions under which a requirement applies. */
export type Condition = 'external-supplier' | 'risk-use-case';

/** Checks on the record beyond the presence of forms. */
export type Check =
  | 'project-lead-named'
  | 'overseers-named'
  | 'thresholds-met-or-waived'
  | 'bias-audit-attached'
  | 'ethics-review'
  | 'resolution-after-suspension'
  | 'product-manager-handover';

export interface Requirement {
  form?: FormKind;
  check?: Check;
  when?: Condition;
}

export type Separation =
  /** The latest versions of these forms must be written by different people. */
  | { rule: 'different-authors'; forms: readonly FormKind[] }
  /** Whoever performs the action must not have written these forms. */
  | { rule: 'actor-not-author'; forms: readonly FormKind[] };

export interface ActionDef {
  id: string;
  title: string;
  from: readonly Stage[];
  /** 'previous' returns to the stage before suspension. */
  to: Stage | 'previous';
  roles: readonly Role[];
  requires: readonly Requirement[];
  separation: readonly Separation[];
  /** The person acting must give reasons. */
  reasons: boolean;
}

const f = (form: FormKind, when?: Condition): Requirement => (when ? { form, when } : { form });
const c = (check: Check, when?: Condition): Requirement => (when ? { check, when } : { check });

export const ACTIONS: readonly ActionDef[] = [
  {
    id: 'start-scoping',
    title: 'Start scoping',
    from: ['horizon'],
    to: 'scoping',
    roles: ['ai-lead', 'project-lead'],
    requires: [c('project-lead-named')],
    separation: [],
    reasons: false,
  },
  {
    id: 'submit-for-assessment',
    title: 'Submit for assessment',
    from: ['scoping'],
    to: 'assessment',
    roles: ['project-lead'],
    requires: [f('scoping'), f('test-design'), f('landscape-review')],
    separation: [],
    reasons: false,
  },
  {
    id: 'begin-validation',
    title: 'Begin validation',
    from: ['assessment'],
    to: 'validation',
    roles: ['project-lead'],
    requires: [
      f('dpia'),
      f('security-risk-assessment'),
      f('legal-review'),
      f('equality-impact-assessment'),
      f('technical-advice'),
      f('procurement-strategy', 'external-supplier'),
      f('procurement-authorisation', 'external-supplier'),
      f('ethics-advice'),
      f('ethics-response'),
    ],
    separation: [{ rule: 'different-authors', forms: ['procurement-strategy', 'procurement-authorisation'] }],
    reasons: false,
  },
  {
    id: 'submit-for-authorisation',
    title: 'Submit the validation report for authorisation',
    from: ['validation'],
    to: 'authorisation',
    roles: ['analyst', 'project-lead'],
    requires: [
      f('validation-report'),
      c('thresholds-met-or-waived'),
      c('bias-audit-attached', 'risk-use-case'),
    ],
    separation: [],
    reasons: false,
  },
  {
    id: 'start-trial',
    title: 'Start the trial',
    from: ['authorisation'],
    to: 'trial',
    roles: ['project-lead'],
    requires: [
      f('deployment-authorisation'),
      f('use-authorisation'),
      f('operational-guidance'),
      f('trial-scope'),
      f('public-record'),
      c('overseers-named'),
      c('ethics-review', 'risk-use-case'),
      c('bias-audit-attached', 'risk-use-case'),
    ],
    separation: [{ rule: 'different-authors', forms: ['deployment-authorisation', 'use-authorisation'] }],
    reasons: false,
  },
  {
    id: 'go-live',
    title: 'Go live',
    from: ['trial'],
    to: 'live',
    roles: ['chief-constable'],
    requires: [
      f('trial-evaluation'),
      f('live-decision'),
      f('handover'),
      c('product-manager-handover'),
      f('monitoring-plan'),
      f('contingency-plan'),
      f('business-change-plan'),
      f('workforce-impact'),
    ],
    separation: [{ rule: 'actor-not-author', forms: ['trial-evaluation'] }],
    reasons: false,
  },
  {
    id: 'suspend',
    title: 'Suspend',
    from: ['trial', 'live'],
    to: 'suspended',
    roles: ['product-manager', 'head-of-information-security', 'chief-constable'],
    requires: [],
    separation: [],
    reasons: true,
  },
  {
    id: 'resume',
    title: 'Resume after suspension',
    from: ['suspended'],
    to: 'previous',
    roles: ['chief-constable', 'head-of-information-security'],
    requires: [f('suspension-resolution'), c('resolution-after-suspension')],
    separation: [{ rule: 'actor-not-author', forms: ['suspension-resolution'] }],
    reasons: true,
  },
  {
    id: 'begin-closure',
    title: 'Begin safe closure',
    from: ['trial', 'live', 'suspended'],
    to: 'closing',
    roles: ['project-lead', 'product-manager'],
    requires: [f('closure-plan')],
    separation: [],
    reasons: true,
  },
  {
    id: 'retire',
    title: 'Sign off closure and retire',
    from: ['closing'],
    to: 'retired',
    roles: ['chief-constable'],
    requires: [f('closure-plan')],
    separation: [{ rule: 'actor-not-author', forms: ['closure-plan'] }],
    reasons: true,
  },
];

export type ActionId = (typeof ACTIONS)[number]['id'];

export function findAction(id: string): ActionDef | undefined {
  return ACTIONS.find((a) => a.id === id);
}

export const CHECK_TITLES: Record<Check, string> = {
  'project-lead-named': 'A project lead (senior responsible owner) is named',
  'overseers-named': 'Named human overseers',
  'thresholds-met-or-waived': 'Every threshold of the test design met, or waived by the chief constable',
  'bias-audit-attached': "A fairness audit of this system's own model and data attached",
  'ethics-review': 'The ethics committee has reviewed it',
  'resolution-after-suspension': 'The cause of the suspension resolved since it was suspended',
  'product-manager-handover': 'The product manager named in the handover holds that role in the force',
};

export function requirementTitle(r: Requirement): string {
  const base = r.form ? FORMS[r.form].title : CHECK_TITLES[r.check!];
  return r.when === 'external-supplier'
    ? `${base} (external supplier)`
    : r.when === 'risk-use-case'
      ? `${base} (reoffending risk)`
      : base;
}

/** The table as data, for `GET /api/lifecycle` and the docs. */
export function lifecycleTable() {
  return {
    stages: STAGES.map((id) => ({ id, title: STAGE_TITLES[id], targetDays: STAGE_TARGET_DAYS[id] ?? null })),
    actions: ACTIONS.map((a) => ({
      ...a,
      requires: a.requires.map((r) => ({ ...r, title: requirementTitle(r) })),
    })),
    forms: Object.values(FORMS).map((form) => ({
      kind: form.kind,
      title: form.title,
      authors: form.authors,
      approvers: 'approvers' in form ? form.approvers : [],
      public: 'public' in form ? form.public : false,
    })),
    rules: [
      'Nobody approves their own submission.',
      'The head of information security and the chief constable authorisations are by two different people.',
      'A role counts only if held in that force at that moment.',
    ],
  };
}
