import type { z } from 'zod';
import { check } from '../identity/abilities.ts';
import type { Role } from '../identity/roles.ts';
import { FORMS, type FormKind, type metricSchema } from './forms.ts';
import { type ActionDef, type Check, type Requirement, requirementTitle, type Stage } from './lifecycle.ts';

/** The latest version of one form on a system, as the gates see it. */
export interface EvidenceState {
  kind: FormKind;
  version: number;
  hash: string;
  authorId: string;
  createdAt: Date;
  data: unknown;
  /** Approved (by someone other than the author) at exactly this version's hash. */
  approved: boolean;
  /** A refusal since this version names the form as one to write again (`decisions.ts`). */
  refused?: boolean;
}

export interface SystemState {
  stage: Stage;
  previousStage: Stage | null;
  useCase: string;
  externalSupplier: boolean;
  projectLeadId: string | null;
  overseerIds: readonly string[];
  suspendedAt: Date | null;
  /** The product manager named in the handover holds that role in the force now. */
  handoverValid: boolean;
  /** The model the register names for this system now. */
  model: ModelId;
  /** The latest fairness audit attached to this system (`bias-audits.ts`), or null. */
  biasAudit: BiasAuditState | null;
}

export interface ModelId {
  name: string;
  version: string;
}

export interface BiasAuditState {
  /** The model the audit was run on. */
  model: ModelId;
  /** The stored report still hashes to what its ledger entry recorded. */
  intact: boolean;
}

/**
 * Why the latest fairness audit does not count for this system, or null when it does: there is
 * one, its report is intact, and it audited the model the register names now.
 */
export function biasAuditProblem(system: Pick<SystemState, 'model' | 'biasAudit'>): string | null {
  const audit = system.biasAudit;
  if (!audit) return 'no fairness audit of this system has been attached';
  if (!audit.intact) return 'the attached fairness audit no longer matches its ledger entry';
  if (audit.model.name !== system.model.name || audit.model.version !== system.model.version) {
    return `the attached fairness audit is of ${audit.model.name} ${audit.model.version}, not of ${system.model.name} ${system.model.version}`;
  }
  return null;
}

export interface Actor {
  personId: string;
  /** Roles held in the system's force at this moment. */
  roles: readonly Role[];
}

export type Decision =
  | { ok: true; to: Stage }
  | { ok: false; status: 400 | 403 | 409; code: string; message: string; missing?: string[] };

export type Evidence = ReadonlyMap<FormKind, EvidenceState>;

type Metric = z.infer<typeof metricSchema>;
type Report = z.infer<(typeof FORMS)['validation-report']['schema']>;

export interface ThresholdResult {
  metric: string;
  group: string | null;
  threshold: number;
  direction: 'min' | 'max';
  value: number | null;
  passed: boolean;
}

/** Each threshold of the test design (per group where it says so) against the measured results. */
export function thresholdResults(
  metrics: readonly Metric[],
  groups: readonly string[],
  report: Report,
): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  for (const m of metrics) {
    const targets: Array<string | null> = m.perGroup && groups.length > 0 ? [...groups] : [null];
    for (const group of targets) {
      const found = report.results.find(
        (r) => r.metric === m.name && (group === null ? !r.group : r.group === group),
      );
      const value = found?.value ?? null;
      const passed = value !== null && (m.direction === 'min' ? value >= m.threshold : value <= m.threshold);
      out.push({ metric: m.name, group, threshold: m.threshold, direction: m.direction, value, passed });
    }
  }
  return out;
}

/** Metrics that missed and are not covered by a waiver written after the report. */
export function unwaivedMisses(evidence: Evidence): string[] {
  const design = evidence.get('test-design');
  const report = evidence.get('validation-report');
  if (!design || !report) return [];
  const d = design.data as { metrics: Metric[]; groups: string[] };
  const missed = thresholdResults(d.metrics, d.groups ?? [], report.data as Report).filter((r) => !r.passed);
  const waiver = evidence.get('waiver');
  const waived =
    waiver && waiver.createdAt >= report.createdAt
      ? new Set((waiver.data as { metrics: string[] }).metrics)
      : new Set();
  return [...new Set(missed.map((m) => m.metric))].filter((m) => !waived.has(m));
}

export function applies(r: Requirement, system: SystemState): boolean {
  if (r.when === 'external-supplier') return system.externalSupplier;
  if (r.when === 'risk-use-case') return system.useCase === 'reoffending-risk';
  return true;
}

function checkHolds(check: Check, system: SystemState, evidence: Evidence): boolean {
  switch (check) {
    case 'project-lead-named':
      return system.projectLeadId !== null;
    case 'overseers-named':
      return system.overseerIds.length > 0;
    case 'thresholds-met-or-waived':
      return (
        evidence.has('validation-report') &&
        evidence.has('test-design') &&
        unwaivedMisses(evidence).length === 0
      );
    case 'bias-audit-attached':
      return biasAuditProblem(system) === null;
    case 'ethics-review':
      return evidence.has('ethics-advice');
    case 'resolution-after-suspension': {
      const resolution = evidence.get('suspension-resolution');
      return Boolean(resolution && system.suspendedAt && resolution.createdAt >= system.suspendedAt);
    }
    case 'product-manager-handover':
      return system.handoverValid;
  }
}

/** Requirements of an action not yet met: forms missing or unapproved, checks failing. */
export function unmet(action: ActionDef, system: SystemState, evidence: Evidence): Requirement[] {
  return action.requires.filter((r) => {
    if (!applies(r, system)) return false;
    if (r.form) {
      const e = evidence.get(r.form);
      return !e || e.refused === true || (isApprovable(r.form) && !e.approved);
    }
    return !checkHolds(r.check!, system, evidence);
  });
}

/** Forms that count only once approved by someone other than their author. */
export function isApprovable(kind: FormKind): boolean {
  return 'approvers' in FORMS[kind];
}

/**
 * Whether `actor` may take `action` on a system now, and if not, why, in words a person
 * understands. Order: role (403), stage (409), reasons (400), evidence (409), separation (409).
 */
export function decide(
  action: ActionDef,
  actor: Actor,
  system: SystemState,
  evidence: Evidence,
  reasons?: string,
): Decision {
  const allowed = check(actor, 'lifecycle.act', { step: action });
  if (!allowed.ok) return allowed;
  if (!action.from.includes(system.stage)) {
    return {
      ok: false,
      status: 409,
      code: 'wrong-stage',
      message: `"${action.title}" is only possible at the ${action.from.join(' or ')} stage; this system is at ${system.stage}.`,
    };
  }
  if (action.reasons && !(reasons && reasons.trim().length >= 10)) {
    return {
      ok: false,
      status: 400,
      code: 'reasons-required',
      message: `"${action.title}" needs your reasons (at least 10 characters).`,
    };
  }
  const missing = unmet(action, system, evidence);
  if (missing.length > 0) {
    const titles = missing.map((r) => {
      const e = r.form ? evidence.get(r.form) : undefined;
      if (e?.refused) return `${requirementTitle(r)} (refused: write it again)`;
      return e && isApprovable(e.kind) && !e.approved
        ? `${requirementTitle(r)} (awaiting approval)`
        : requirementTitle(r);
    });
    const misses = missing.some((r) => r.check === 'thresholds-met-or-waived')
      ? unwaivedMisses(evidence)
      : [];
    const audit = missing.some((r) => r.check === 'bias-audit-attached') ? biasAuditProblem(system) : null;
    return {
      ok: false,
      status: 409,
      code: 'missing-evidence',
      message: `"${action.title}" needs: ${titles.join('; ')}.${misses.length ? ` Thresholds missed without a waiver: ${misses.join(', ')}.` : ''}${audit ? ` Bias audit: ${audit}.` : ''}`,
      missing: titles,
    };
  }
  for (const s of action.separation) {
    const authors = s.forms.map((k) => evidence.get(k)?.authorId).filter((a): a is string => Boolean(a));
    if (
      s.rule === 'different-authors' &&
      authors.length === s.forms.length &&
      new Set(authors).size < authors.length
    ) {
      return {
        ok: false,
        status: 409,
        code: 'separation-of-duties',
        message: `Separation of duties: ${s.forms.join(' and ')} must be given by different people; the same person gave them.`,
      };
    }
    if (s.rule === 'actor-not-author' && authors.includes(actor.personId)) {
      return {
        ok: false,
        status: 409,
        code: 'separation-of-duties',
        message: `Separation of duties: you wrote the ${s.forms.join(' or ')}, so someone else must "${action.title}".`,
      };
    }
  }
  const to = action.to === 'previous' ? (system.previousStage ?? 'trial') : action.to;
  return { ok: true, to };
}
