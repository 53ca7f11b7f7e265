import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../identity/model.ts';
import type { Role } from '../identity/roles.ts';
import { approvePublication, previewPublication } from '../transparency/publication.ts';
import { attachBiasAudit, type BiasAuditInput } from './bias-audits.ts';
import { FORMS, type FormKind } from './forms.ts';
import { applies } from './gates.ts';
import { ACTIONS, type Stage } from './lifecycle.ts';
import { findSystem } from './repository.ts';
import { gateState, performAction, reviewEvidence, submitEvidence } from './service.ts';

/** The main line of the lifecycle, horizon to live, as action ids. */
const TO_LIVE = [
  'start-scoping',
  'submit-for-assessment',
  'begin-validation',
  'submit-for-authorisation',
  'start-trial',
  'go-live',
] as const;

/** The path through the lifecycle from horizon to each stage, as action ids. */
export const PATH_TO: Record<Stage, readonly string[]> = {
  horizon: [],
  scoping: TO_LIVE.slice(0, 1),
  assessment: TO_LIVE.slice(0, 2),
  validation: TO_LIVE.slice(0, 3),
  authorisation: TO_LIVE.slice(0, 4),
  trial: TO_LIVE.slice(0, 5),
  live: TO_LIVE,
  suspended: [...TO_LIVE, 'suspend'],
  closing: [...TO_LIVE, 'begin-closure'],
  retired: [...TO_LIVE, 'begin-closure', 'retire'],
};

/** Someone holding each role in the force; the walk acts as them. */
export type Cast = (role: Role) => Promise<Principal>;

/**
 * Walks a system along the lifecycle to `target` the way the people of a force would: each
 * required form is written by someone holding its author role (with the form's example),
 * approved where it needs approval, then the action is taken by a role the table allows.
 * `overrides` replaces a form's example data (e.g. a validation report that misses a threshold);
 * a `waiver` among them is written once the report it waives is in. `biasAudit` is attached where
 * a gate needs a fairness audit; without one, such a step is refused as it would be for a force.
 */
export async function walkTo(
  db: Kysely<DB>,
  systemId: string,
  target: Stage,
  cast: Cast,
  overrides: Partial<Record<FormKind, unknown>> = {},
  biasAudit?: BiasAuditInput,
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
    // A waiver the caller gives is written by the chief constable once the report it waives is in.
    if (
      overrides.waiver &&
      action.requires.some((r) => r.check === 'thresholds-met-or-waived') &&
      !evidence.get('waiver')
    ) {
      await submitEvidence(db, await cast(FORMS.waiver.authors[0]!), systemId, 'waiver', overrides.waiver);
    }
    if (
      action.requires.some((r) => r.check === 'bias-audit-attached' && applies(r, state)) &&
      !state.biasAudit &&
      biasAudit
    ) {
      await attachBiasAudit(db, await cast(FORMS['validation-report'].authors[0]!), systemId, biasAudit);
    }
    const actor = await cast(action.roles[0]!);
    await performAction(
      db,
      actor,
      systemId,
      actionId,
      action.reasons ? 'Recorded decision with reasons.' : undefined,
    );
    if (actionId === 'start-trial' || actionId === 'go-live') await publishIfClean(db, systemId, cast);
  }
}

/**
 * The product manager previews the public record and approves its text, as a force would on
 * entering trial and going live; a record whose checks find an error stays unpublished.
 */
async function publishIfClean(db: Kysely<DB>, systemId: string, cast: Cast) {
  const pm = await cast('product-manager');
  const preview = await previewPublication(db, pm, systemId);
  if (preview.approvable) await approvePublication(db, pm, systemId, preview.sha256);
}
