import type { WorkItem, WorkProvider } from '../http/context.ts';
import { can } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { FORMS } from './forms.ts';
import { type Evidence, type SystemState, unmet, unwaivedMisses } from './gates.ts';
import { ACTIONS, type ActionDef, STAGE_TARGET_DAYS, type Stage } from './lifecycle.ts';
import { approvalsFor, evidenceVersions, listSystems } from './repository.ts';
import { gateState } from './service.ts';

const DAY_MS = 86_400_000;

/**
 * The gate a system is working towards at its stage: the action that leaves this stage alone.
 * Actions that apply from several stages (suspension, closure) are decisions taken when needed,
 * not work that waits on anyone, so they never appear in work lists.
 */
export function nextGate(stage: Stage): ActionDef | undefined {
  return ACTIONS.find((a) => a.from.length === 1 && a.from[0] === stage);
}

export interface SystemWork {
  id: string;
  name: string;
  stage: Stage;
  overdue: boolean;
  state: SystemState;
  evidence: Evidence;
  /** Form kinds whose latest version was rejected at its own hash. */
  rejected: ReadonlySet<string>;
}

/**
 * What one system waits on from one person (pure): the next gate's action when it is ready and
 * they may take it; the forms that gate still needs which their roles write (or must revise after
 * a rejection); any form version awaiting their approval; and a waiver when thresholds were missed.
 */
export function workFor(s: SystemWork, who: Pick<Principal, 'personId' | 'roles'>): WorkItem[] {
  const gate = nextGate(s.stage);
  if (!gate) return [];
  const base = `/systems/${s.id}`;
  const items: WorkItem[] = [];
  const add = (title: string, href: string, hint: string) =>
    items.push({ title, href, hint, ...(s.overdue ? { overdue: true } : {}) });
  const open = unmet(gate, s.state, s.evidence);
  if (open.length === 0 && can(who, 'lifecycle.act', { step: gate })) {
    add(`${gate.title}: ${s.name}`, base, 'Every task for this step is done; it is ready for you.');
  }
  for (const r of open) {
    if (!r.form) continue;
    const form = FORMS[r.form];
    const e = s.evidence.get(r.form);
    const href = `${base}/evidence/${r.form}`;
    const writes = can(who, 'evidence.write', { form });
    if (!e && writes)
      add(`Write the ${lower(form.title)}: ${s.name}`, href, `Needed to ${lower(gate.title)}.`);
    else if (e && s.rejected.has(r.form) && writes)
      add(`Revise the ${lower(form.title)}: ${s.name}`, href, `Version ${e.version} was rejected.`);
  }
  for (const e of s.evidence.values()) {
    const form = FORMS[e.kind];
    const approves = can(who, 'evidence.approve', { form });
    if (e.approved || s.rejected.has(e.kind) || !approves || e.authorId === who.personId) continue;
    add(
      `Approve or reject the ${lower(form.title)}: ${s.name}`,
      `${base}/evidence/${e.kind}`,
      `Version ${e.version} awaits your review.`,
    );
  }
  if (
    open.some((r) => r.check === 'thresholds-met-or-waived') &&
    can(who, 'evidence.write', { form: FORMS.waiver })
  ) {
    const misses = unwaivedMisses(s.evidence);
    if (misses.length)
      add(
        `Decide on a waiver for missed thresholds: ${s.name}`,
        `${base}/evidence/waiver`,
        `Missed: ${misses.join(', ')}.`,
      );
  }
  return items;
}

const lower = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** The register's contribution to "Waiting for you". */
export const registerWork: WorkProvider = async (db, principal) => {
  const now = Date.now();
  const systems = (await listSystems(db, principal.forceId)).filter((s) => nextGate(s.stage as Stage));
  const out: WorkItem[] = [];
  for (const row of systems) {
    const { state, evidence } = await gateState(db, row);
    const rejected = new Set<string>();
    for (const e of evidence.values()) {
      if (!e.approved && 'approvers' in FORMS[e.kind]) {
        const [latest] = await evidenceVersions(db, row.id, e.kind);
        const reviews = latest ? await approvalsFor(db, [latest.id]) : [];
        if (reviews.some((r) => r.decision === 'rejected' && r.hash === e.hash)) rejected.add(e.kind);
      }
    }
    const target = STAGE_TARGET_DAYS[row.stage as Stage];
    const overdue = target !== undefined && now - new Date(row.stage_entered_at).getTime() > target * DAY_MS;
    out.push(
      ...workFor(
        { id: row.id, name: row.name, stage: row.stage as Stage, overdue, state, evidence, rejected },
        principal,
      ),
    );
  }
  return out.sort((a, b) => Number(Boolean(b.overdue)) - Number(Boolean(a.overdue)));
};
