import type { Role } from '../identity/roles.ts';
import { FORMS, type FormKind } from './forms.ts';
import { STAGE_TITLES, type Stage } from './lifecycle.ts';

/**
 * Every approval and authorisation of the lifecycle can be refused, with reasons. One row per
 * decision says who gives it (the College of Policing's roles), whether it is an approval of
 * someone else's form or an authorisation the decider writes, and what a refusal does: the
 * system stays at its stage, or returns to the stage whose step must be redone. Either way the
 * forms named in `redo` count again only in a version written after the refusal.
 */
export type RefusalEffect =
  | { effect: 'stay'; redo: readonly FormKind[] }
  | { effect: 'return'; to: Stage; redo: readonly FormKind[] };

export interface DecisionDef {
  /** The form that carries the decision. */
  form: FormKind;
  /** 'approval': approving someone else's version; 'authorisation' (or advice) the decider writes. */
  kind: 'approval' | 'authorisation';
  roles: readonly Role[];
  /** The stages at which it is given (a refusal elsewhere is refused). */
  at: readonly Stage[];
  onRefusal: RefusalEffect;
  /** Why the refusal has this effect, in a sentence (for the docs). */
  why: string;
}

const stay = (...redo: FormKind[]): RefusalEffect => ({ effect: 'stay', redo });
const back = (to: Stage, ...redo: FormKind[]): RefusalEffect => ({ effect: 'return', to, redo });

export const DECISIONS: readonly DecisionDef[] = [
  {
    form: 'dpia',
    kind: 'approval',
    roles: ['data-protection-officer'],
    at: ['scoping', 'assessment'],
    onRefusal: stay('dpia'),
    why: 'The data protection officer advises on the DPIA; the project revises it within assessment.',
  },
  {
    form: 'legal-review',
    kind: 'authorisation',
    roles: ['legal'],
    at: ['assessment'],
    onRefusal: stay('legal-review'),
    why: 'Legal review is part of assessment; validation cannot begin until the legal team is satisfied.',
  },
  {
    form: 'security-risk-assessment',
    kind: 'authorisation',
    roles: ['information-security-officer'],
    at: ['assessment'],
    onRefusal: stay('security-risk-assessment'),
    why: 'The information security officer assesses security during assessment; the controls are revised there.',
  },
  {
    form: 'ethics-advice',
    kind: 'authorisation',
    roles: ['ethics-committee'],
    at: ['assessment'],
    onRefusal: stay('ethics-advice', 'ethics-response'),
    why: 'The ethics committee advises during assessment; the project responds and the committee advises again.',
  },
  {
    form: 'procurement-authorisation',
    kind: 'authorisation',
    roles: ['chief-constable'],
    at: ['assessment'],
    onRefusal: stay('procurement-authorisation', 'procurement-strategy'),
    why: 'Procurement is authorised during assessment; a new strategy goes back to the chief constable.',
  },
  {
    form: 'waiver',
    kind: 'authorisation',
    roles: ['chief-constable'],
    at: ['validation'],
    onRefusal: stay('waiver'),
    why: 'Without a waiver the system stays in validation until every threshold is met.',
  },
  {
    form: 'deployment-authorisation',
    kind: 'authorisation',
    roles: ['head-of-information-security'],
    at: ['authorisation'],
    onRefusal: back('assessment', 'deployment-authorisation', 'security-risk-assessment'),
    why: 'The head of information security authorises deployment on the security risk assessment, which is redone in assessment.',
  },
  {
    form: 'use-authorisation',
    kind: 'authorisation',
    roles: ['chief-constable'],
    at: ['authorisation'],
    onRefusal: back('validation', 'use-authorisation', 'validation-report'),
    why: 'The chief constable authorises use on the validation evidence; validation is redone and reported again.',
  },
  {
    form: 'live-decision',
    kind: 'authorisation',
    roles: ['chief-constable'],
    at: ['trial'],
    onRefusal: stay('live-decision', 'trial-evaluation'),
    why: 'A trial not ready to go live stays in trial (or is suspended or closed) until a new evaluation.',
  },
];

export function findDecision(form: string): DecisionDef | undefined {
  return DECISIONS.find((d) => d.form === form);
}

/** Authorisations appear on the public record, refusals included. */
export const isPublicDecision = (d: DecisionDef): boolean =>
  d.kind === 'authorisation' && d.roles.includes('chief-constable');

/** The stage a refusal leaves the system at. */
export function stageAfterRefusal(d: DecisionDef, stage: Stage): Stage {
  return d.onRefusal.effect === 'return' ? d.onRefusal.to : stage;
}

/** What a refusal will do, in words shown before confirming and in the timeline after. */
export function refusalEffectText(d: DecisionDef, stage: Stage): string {
  const redo = d.onRefusal.redo.map((k) => FORMS[k].title).join('; ');
  const where =
    d.onRefusal.effect === 'return'
      ? `The system returns from ${STAGE_TITLES[stage]} to ${STAGE_TITLES[d.onRefusal.to]}`
      : `The system stays at ${STAGE_TITLES[stage]}`;
  return `${where}, and these must be written again before it can move on: ${redo}.`;
}

/** The refusal rules as a Markdown table (appended to docs/LIFECYCLE.md). */
export function decisionsMarkdown(roleName: (r: Role) => string): string[] {
  return [
    '## When a decision says no',
    '',
    'Every approval and authorisation can be refused, with reasons (10 to 5,000 characters), recorded',
    'in the ledger. A refused form counts again only in a version written after the refusal.',
    '',
    '| decision | given by | at | a refusal | to redo | why |',
    '| --- | --- | --- | --- | --- | --- |',
    ...DECISIONS.map((d) => {
      const effect =
        d.onRefusal.effect === 'return' ? `returns to ${STAGE_TITLES[d.onRefusal.to]}` : 'stays at its stage';
      return `| ${FORMS[d.form].title} | ${d.roles.map(roleName).join(', ')} | ${d.at.map((s) => STAGE_TITLES[s]).join(', ')} | ${effect} | ${d.onRefusal.redo.map((k) => FORMS[k].title).join('; ')} | ${d.why} |`;
    }),
    '',
  ];
}

/** Reasons are required and limited in length. */
export const REASONS_MIN = 10;
export const REASONS_MAX = 5000;
