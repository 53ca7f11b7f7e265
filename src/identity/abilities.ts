import type { RunStatus } from '../db/schema.ts';
import { AppError, errors } from '../http/errors.ts';
import { ROLE_NAMES, type Role } from './roles.ts';

/**
 * Who may do what: one table of actions, each with the roles and conditions that allow it.
 * Services call `assertCan` before they act; pages get `abilitiesFor` to decide which buttons and
 * forms to show. Each rule is written here once; `docs/ABILITIES.md` is generated from it.
 */

/** Who is asking: the person and the roles they hold in the force concerned. */
export interface Asker {
  personId: string;
  roles: readonly Role[];
  forceName?: string;
}

/** Facts about the thing acted on; each action reads only the facts it names in `needs`. */
export interface Facts {
  /** The person is a named overseer of the system. */
  overseer: boolean;
  /** The person asked for this run. */
  requester: boolean;
  /** The person is the run's named decision maker. */
  decisionMaker: boolean;
  /** The run already has its review. */
  reviewed: boolean;
  runStatus: RunStatus;
  /** The system's named product manager; null while none is named. */
  productManagerId: string | null;
  /** The person owns the incident. */
  incidentOwner: boolean;
  /** The person reported the incident. */
  incidentReporter: boolean;
  /** The person reviewed the output a challenge is about. */
  reviewedOriginal: boolean;
  /** The person asked for the output a challenge is about. */
  ranOriginal: boolean;
  /** An evidence form: its title, who writes it and who approves it. */
  form: { title: string; authors: readonly Role[]; approvers?: readonly Role[] | undefined };
  /** A lifecycle step: its title and who takes it. */
  step: { title: string; roles: readonly Role[] };
}
type Fact = keyof Facts;

export type Refusal = { ok: false; status: 403 | 409; code: string; message: string };
export type Decision = { ok: true } | Refusal;

interface Rule<K extends Fact> {
  /** The roles that may, or 'any' for anyone holding a role in the force; absent when conditions alone decide. */
  roles?: readonly Role[] | 'any';
  /** The conditions beyond the roles, in words (for the generated table). */
  when?: string;
  /** What the action is, completing "may ...". */
  what: string;
  needs: readonly K[];
  /** The refusal, or null; checks in the order the person should hear them. */
  refuse: (a: Asker, f: Pick<Facts, K>) => Refusal | null;
}

const holds = (a: Asker, roles: readonly Role[]) => roles.some((r) => a.roles.includes(r));

const forbidden = (message: string, code = 'forbidden'): Refusal => ({
  ok: false,
  status: 403,
  code,
  message,
});
const conflict = (code: string, message: string): Refusal => ({ ok: false, status: 409, code, message });

/** The usual refusal for a rule on roles alone. */
const rolesRefusal = (a: Asker, roles: readonly Role[], what: string): Refusal =>
  forbidden(
    `Only ${roles.join(' or ') || 'nobody'}${a.forceName ? ` in ${a.forceName}` : ''} may ${what}; you hold ${a.roles.join(', ') || 'no role'} there.`,
  );

/** A rule on roles alone, refused with the usual message (or `message`). */
function byRoles(roles: readonly Role[], what: string, message?: string, code?: string): Rule<never> {
  return {
    roles,
    what,
    needs: [],
    refuse: (a) =>
      holds(a, roles) ? null : message ? forbidden(message, code) : rolesRefusal(a, roles, what),
  };
}

const rule = <K extends Fact>(r: Rule<K>) => r;

/** Roles that may ask an AI system for an output (they still need a named reviewer). */
export const RUN_ROLES: readonly Role[] = ['officer', 'analyst', 'project-lead', 'product-manager'];
/** Who may send outcomes back (what really happened). */
export const OUTCOME_ROLES: readonly Role[] = ['product-manager', 'analyst'];
/** Who receives and acknowledges monitoring alerts: the information asset owner. */
export const ALERT_ROLES: readonly Role[] = ['product-manager'];
/** Who assigns, investigates and signs off incidents (besides an incident's owner, who writes notes). */
export const INCIDENT_ROLES: readonly Role[] = ['product-manager', 'chief-constable'];
/** Who handles challenges whatever the system (besides its named overseers). */
export const CHALLENGE_HANDLER_ROLES: readonly Role[] = ['product-manager'];
/** Who may be named on a system's record as its project lead, product manager and human overseers. */
export const PROJECT_LEAD_ROLE: Role = 'project-lead';
export const PRODUCT_MANAGER_ROLE: Role = 'product-manager';
export const OVERSEER_ROLES: readonly Role[] = ['officer', 'analyst'];
/** Who may be named the decision maker of a risk score (the start form lists the people holding it). */
export const DECISION_MAKER_ROLE: Role = 'officer';
const DEPART_ROLES: readonly Role[] = ['officer'];
const REINVEST_ROLES: readonly Role[] = [PRODUCT_MANAGER_ROLE];

export const RULES = {
  'people.list': byRoles(['admin'], 'list the people in the force'),
  'people.create': byRoles(['admin'], 'add people to the force'),
  'people.post': byRoles(['admin'], "set people's team and area"),
  'people.invite': byRoles(['admin'], 'invite people to the force with their roles'),
  'people.change-roles': byRoles(['admin'], "change people's roles in the force"),
  'people.deactivate': byRoles(['admin'], 'deactivate and reactivate people in the force'),
  'people.reset-password': byRoles(['admin'], "reset people's passwords"),

  'system.create': byRoles(['ai-lead', 'project-lead'], 'add systems to the AI register'),
  'system.update': byRoles(['ai-lead', 'project-lead', 'product-manager'], 'change register records'),
  'system.be-project-lead': byRoles([PROJECT_LEAD_ROLE], "be named a system's project lead"),
  'system.be-product-manager': byRoles([PRODUCT_MANAGER_ROLE], "be named a system's product manager"),
  'system.be-overseer': byRoles(OVERSEER_ROLES, 'be named a human overseer of a system'),
  'horizon.keep': byRoles(['ai-lead'], 'keep the horizon-scanning log'),
  'catalogue.adopt': byRoles(['ai-lead'], 'adopt systems from the national catalogue'),
  'evidence.write': rule({
    when: 'holds a role the form names as its authors',
    what: 'write an evidence form',
    needs: ['form'],
    refuse: (a, { form }) =>
      holds(a, form.authors)
        ? null
        : forbidden(`The ${form.title} can only be written by ${form.authors.join(' or ')}.`),
  }),
  'evidence.approve': rule({
    when: 'holds a role the form names as its approvers (a form without approvers needs none)',
    what: 'approve or reject an evidence form',
    needs: ['form'],
    refuse: (a, { form }) => {
      if (!form.approvers) return conflict('no-approval', `The ${form.title} does not need an approval.`);
      return holds(a, form.approvers)
        ? null
        : forbidden(`The ${form.title} can only be approved by ${form.approvers.join(' or ')}.`);
    },
  }),
  'decision.refuse': rule({
    when: 'holds a role the refusal table names for the approval or authorisation (docs/LIFECYCLE.md)',
    what: 'refuse an approval or authorisation, with reasons',
    needs: ['step'],
    refuse: (a, { step }) =>
      holds(a, step.roles)
        ? null
        : forbidden(
            `The ${step.title} can only be refused by ${step.roles.join(' or ')}; you hold ${a.roles.join(', ') || 'no role'} in this force.`,
            'wrong-role',
          ),
  }),
  'lifecycle.act': rule({
    when: 'holds a role the lifecycle table names for the step (docs/LIFECYCLE.md)',
    what: 'take a lifecycle step',
    needs: ['step'],
    refuse: (a, { step }) =>
      holds(a, step.roles)
        ? null
        : forbidden(
            `"${step.title}" can only be done by ${step.roles.join(' or ')}; you hold ${a.roles.join(', ') || 'no role'} in this force.`,
            'wrong-role',
          ),
  }),

  'run.start': byRoles(
    RUN_ROLES,
    'ask an AI system for an output',
    `Only ${RUN_ROLES.join(', ')} may run AI systems.`,
    'run-not-allowed',
  ),
  'case.create': byRoles(
    ['officer', 'analyst'],
    'open a case file (and so become its first investigator)',
    'Only officers and analysts may open case files.',
    'case-not-allowed',
  ),
  'hash-list.load': byRoles(
    ['information-security-officer', 'head-of-information-security'],
    "load or remove the force's lists of known-image hashes (from a hash-sharing scheme)",
    'Only information security officers may load known-image hash lists.',
    'hash-list-not-allowed',
  ),
  'run.be-decision-maker': byRoles([DECISION_MAKER_ROLE], 'be named the decision maker of a risk score'),
  'run.review': rule({
    when: 'is a named overseer of the system, did not ask for the output, and it awaits review (once)',
    what: 'accept, amend or reject an output',
    needs: ['overseer', 'requester', 'reviewed', 'runStatus'],
    refuse: (_a, f) => {
      if (!f.overseer)
        return forbidden('Only the named human overseers of this system may review its outputs.');
      if (f.requester)
        return conflict('separation-of-duties', 'You ran this output, so someone else must review it.');
      if (f.reviewed) return conflict('already-reviewed', 'This output has already been reviewed.');
      if (f.runStatus !== 'awaiting_review')
        return conflict(
          'not-awaiting-review',
          `This run is ${f.runStatus.replaceAll('_', ' ')}; only an output waiting for review can be reviewed.`,
        );
      return null;
    },
  }),
  'run.decide': rule({
    when: 'is the named decision maker of the risk score, and it awaits their decision',
    what: 'record the decision on a risk score',
    needs: ['decisionMaker', 'runStatus'],
    refuse: (_a, f) => {
      if (!f.decisionMaker)
        return forbidden('Only the named decision maker for this risk score may record the decision.');
      if (f.runStatus !== 'awaiting_decision')
        return conflict(
          'not-awaiting-decision',
          `This run is ${f.runStatus.replaceAll('_', ' ')}; a decision is recorded after review.`,
        );
      return null;
    },
  }),
  'run.depart': rule({
    roles: DEPART_ROLES,
    when: 'the output is released',
    what: 'record a departure from an output',
    needs: ['runStatus'],
    refuse: (a, f) => {
      if (f.runStatus !== 'released')
        return conflict('not-released', 'Departures are recorded against released outputs.');
      return holds(a, DEPART_ROLES) ? null : forbidden('Only officers and staff record departures.');
    },
  }),
  'time.reinvest': rule({
    when: "the system's named product manager; any product manager while none is named",
    what: 'record where time saved was reinvested',
    needs: ['productManagerId'],
    refuse: (a, { productManagerId }) => {
      if (productManagerId)
        return productManagerId === a.personId
          ? null
          : forbidden(
              'Only the product manager named for this system records where its time saved was reinvested.',
            );
      return holds(a, REINVEST_ROLES)
        ? null
        : forbidden('Only a product manager records where time saved was reinvested.');
    },
  }),

  'outcome.record': byRoles(
    OUTCOME_ROLES,
    'record outcomes',
    `Only ${OUTCOME_ROLES.join(' or ')} may record outcomes.`,
  ),
  'alert.acknowledge': byRoles(
    ALERT_ROLES,
    'acknowledge monitoring alerts',
    'Only the product manager acknowledges monitoring alerts.',
  ),
  'record.publish': byRoles(
    ['product-manager', 'ai-lead'],
    'preview and approve the exact text of a public record for publication',
    'Only the product manager or the AI lead approves a public record for publication.',
  ),

  'incident.report': rule({
    roles: 'any',
    what: 'report an incident',
    needs: [],
    refuse: (a) => (a.roles.length ? null : forbidden('You hold no role in this force.')),
  }),
  'incident.be-owner': rule({
    roles: 'any',
    what: 'be named the owner of an incident',
    needs: [],
    refuse: (a) => (a.roles.length ? null : forbidden('The owner must hold a role in this force.')),
  }),
  'incident.assign': byRoles(INCIDENT_ROLES, 'assign the owner of an incident'),
  'incident.note': rule({
    roles: INCIDENT_ROLES,
    when: "or is the incident's owner",
    what: "record an incident's investigation",
    needs: ['incidentOwner'],
    refuse: (a, f) =>
      f.incidentOwner || holds(a, INCIDENT_ROLES)
        ? null
        : forbidden(
            'Only the owner of this incident, the product manager or the chief constable may record its investigation.',
          ),
  }),
  'incident.close': rule({
    roles: INCIDENT_ROLES,
    when: 'did not report the incident',
    what: 'sign off the closure of an incident',
    needs: ['incidentReporter'],
    refuse: (a, f) => {
      if (!holds(a, INCIDENT_ROLES))
        return forbidden(
          'Only the product manager or the chief constable may sign off the closure of an incident.',
        );
      if (f.incidentReporter)
        return conflict(
          'separation-of-duties',
          'You reported this incident, so someone else must sign off its closure.',
        );
      return null;
    },
  }),

  'challenge.decide': rule({
    roles: CHALLENGE_HANDLER_ROLES,
    when: 'or is a named overseer of the system; never who reviewed or asked for the original output',
    what: 'decide a challenge',
    needs: ['overseer', 'reviewedOriginal', 'ranOriginal'],
    refuse: (a, f) => {
      if (!f.overseer && !holds(a, CHALLENGE_HANDLER_ROLES))
        return forbidden('Only a named overseer of the system or a product manager may decide a challenge.');
      if (f.reviewedOriginal)
        return conflict(
          'reviewed-original',
          'You reviewed the original output, so someone who did not must decide this challenge.',
        );
      if (f.ranOriginal)
        return conflict(
          'ran-original',
          'You asked for the original output, so someone else must decide this challenge.',
        );
      return null;
    },
  }),
} as const;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];

/** The roles an action names ([] when conditions alone decide, or anyone with a role may). */
export function rolesOf(action: Action): readonly Role[] {
  const roles = (RULES[action] as Rule<Fact>).roles;
  return Array.isArray(roles) ? roles : [];
}

type NeedsOf<A extends Action> = (typeof RULES)[A]['needs'][number];
/** The facts an action needs. */
export type FactsFor<A extends Action> = Pick<Facts, NeedsOf<A>>;
type FactsArg<A extends Action> = [NeedsOf<A>] extends [never] ? [facts?: FactsFor<A>] : [facts: FactsFor<A>];

/** Whether `asker` may do `action` given the facts it needs, and if not, why. */
export function check<A extends Action>(asker: Asker, action: A, ...[facts]: FactsArg<A>): Decision {
  const r = RULES[action] as Rule<Fact>;
  return r.refuse(asker, (facts ?? {}) as Facts) ?? { ok: true };
}

export function can<A extends Action>(asker: Asker, action: A, ...facts: FactsArg<A>): boolean {
  return check(asker, action, ...facts).ok;
}

/** Throws the refusal as an error with its status and code (403 forbidden, 409 conflict). */
export function assertCan<A extends Action>(asker: Asker, action: A, ...facts: FactsArg<A>): void {
  const d = check(asker, action, ...facts);
  if (d.ok) return;
  if (d.status === 409) throw errors.conflict(d.code, d.message);
  if (d.code === 'forbidden') throw errors.forbidden(d.message);
  throw new AppError(403, d.code, 'Not allowed', d.message);
}

export type Abilities = Record<Action, boolean>;

/**
 * What `asker` may do here, for pages: each action whose facts are all given is checked; an
 * action missing a fact is not offered.
 */
export function abilitiesFor(asker: Asker, facts: Partial<Facts> = {}): Abilities {
  const out = {} as Abilities;
  for (const action of ACTIONS) {
    const r = RULES[action] as Rule<Fact>;
    const known = r.needs.every((k) => facts[k] !== undefined);
    out[action] = known && r.refuse(asker, facts as Facts) === null;
  }
  return out;
}

const roleText = (roles: readonly Role[]) => roles.map((r) => ROLE_NAMES[r]).join(', ');

/** The table as Markdown (`docs/ABILITIES.md`, written by `bluelamp abilities`). */
export function abilitiesMarkdown(): string {
  const rows = ACTIONS.map((action) => {
    const r = RULES[action] as Rule<Fact>;
    const roles = r.roles === 'any' ? 'anyone holding a role in the force' : r.roles ? roleText(r.roles) : '';
    const who = [roles, r.when].filter(Boolean).join('; ');
    return `| \`${action}\` | ${r.what} | ${who} |`;
  });
  return [
    '# Who may do what',
    '',
    'Generated by `bluelamp abilities --out docs/ABILITIES.md` from the table in',
    '`src/identity/abilities.ts`; a test fails when this file and the table disagree. Services check',
    'these rules before they act, and pages show only the buttons and forms they allow. Roles are',
    "held per force: a person acts only on their own force's records.",
    '',
    '| action | what | who may |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
