import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../identity/model.ts';
import type { Role } from '../identity/roles.ts';
import { FORMS, type FormKind } from './forms.ts';
import { applies } from './gates.ts';
import { ACTIONS, type Stage } from './lifecycle.ts';
import { findSystem } from './repository.ts';
import { gateState, performAction, reviewEvidence, submitEvidence } from './service.ts';

/** The path through the lifecycle from horizon to each stage, as action ids. */
export const PATH_TO: Record<Stage, string[]> = {
  horizon: [],
  scoping: ['start-scoping'],
  assessment: ['start-scoping', 'submit-for-assessment'],
  validation: ['start-scoping', 'submit-for-assessment', 'begin-validation'],
  authorisation: ['start-scoping', 'submit-for-assessment', 'begin-validation', 'submit-for-authorisation'],
  trial: [
    'start-scoping',
    'submit-for-assessment',
    'begin-validation',
    'submit-for-authorisation',
    'start-trial',
  ],
  live: [
    'start-scoping',
    'submit-for-assessment',
    'begin-validation',
    'submit-for-authorisation',
    'start-trial',
    'go-live',
  ],
  suspended: [
    'start-scoping',
    'submit-for-assessment',
    'begin-validation',
    'submit-for-authorisation',
    'start-trial',
    'go-live',
    'suspend',
  ],
  closing: [
    'start-scoping',
    'submit-for-assessment',
    'begin-validation',
    'submit-for-authorisation',
    'start-trial',
    'go-live',
    'begin-closure',
  ],
  retired: [
    'start-scoping',
    'submit-for-assessment',
    'begin-validation',
    'submit-for-authorisation',
    'start-trial',
    'go-live',
    'begin-closure',
    'retire',
  ],
};

/** Someone holding each role in the force; the walk acts as them. */
export type Cast = (role: Role) => Promise<Principal>;

/**
 * Walks a system along the lifecycle to `target` the way the people of a force would: each
 * required form is written by someone holding its author role (with the form's example),
 * approved where it needs approval, then the action is taken by a role the table allows.
 * `overrides` replaces a form's example data (e.g. a validation report that misses a threshold).
 */
export async function walkTo(
  db: Kysely<DB>,
  systemId: string,
  target: Stage,
  cast: Cast,
  overrides: Partial<Record<FormKind, unknown>> = {},
): Promise<void> {
  const system = await findSystem(db, systemId);
  if (!system) throw new Error(`no system ${systemId}`);
  const done = PATH_TO[system.stage as Stage].length;
  for (const actionId of PATH_TO[target].slice(done)) {
    const action = ACTIONS.find((a) => a.id === actionId)!;
    const current = (await findSystem(db, systemId))!;
    const { state, evidence } = await gateState(db, current);
    for (const r of action.requires) {
      if (!r.form || !applies(r, state) || evidence.get(r.form)) continue;
      const def = FORMS[r.form];
      const author = await cast(def.authors[0]!);
      const { version, hash } = await submitEvidence(
        db,
        author,
        systemId,
        r.form,
        overrides[r.form] ?? def.example,
      );
      const approvers = 'approvers' in def ? def.approvers : undefined;
      if (approvers) {
        const approver = await cast(approvers[0]!);
        await reviewEvidence(db, approver, systemId, r.form, {
          version,
          hash,
          decision: 'approved',
          reasons: 'Checked against the guidance; approved.',
        });
      }
    }
    const actor = await cast(action.roles[0]!);
    await performAction(
      db,
      actor,
      systemId,
      actionId,
      action.reasons ? 'Recorded decision with reasons.' : undefined,
    );
  }
}
