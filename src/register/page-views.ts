import { ROLE_NAMES, type Role } from '../identity/roles.ts';
import { FORMS, type FormKind, isFormKind } from './forms.ts';
import { STAGE_TITLES, type Stage } from './lifecycle.ts';
import { CAPABILITIES, USE_CASE_TITLES } from './model.ts';
import type { presentSystem, TaskStatus } from './presenters.ts';

/**
 * Pure helpers that turn register records into what the page templates show: tags, summary
 * rows and timeline lines. The templates stay free of logic.
 */

const STAGE_COLOURS: Record<Stage, string> = {
  horizon: 'grey',
  scoping: 'light-blue',
  assessment: 'blue',
  validation: 'purple',
  authorisation: 'pink',
  trial: 'yellow',
  live: 'green',
  suspended: 'red',
  closing: 'orange',
  retired: 'grey',
};

export function stageTag(stage: string): { text: string; classes: string } {
  const s = stage as Stage;
  return { text: STAGE_TITLES[s] ?? stage, classes: `govuk-tag--${STAGE_COLOURS[s] ?? 'grey'}` };
}

export const TASK_TAGS: Record<TaskStatus, { text: string; classes: string }> = {
  done: { text: 'Done', classes: '' },
  'awaiting-approval': { text: 'Awaiting approval', classes: 'govuk-tag--yellow' },
  refused: { text: 'Refused: write it again', classes: 'govuk-tag--red' },
  'to-do': { text: 'To do', classes: 'govuk-tag--blue' },
  'not-needed': { text: 'Not needed', classes: 'govuk-tag--grey' },
};

export const roleList = (roles: readonly string[] = []) =>
  roles.map((r) => ROLE_NAMES[r as Role] ?? r).join(' or ');

export const useCaseTitle = (u: string) => USE_CASE_TITLES[u as keyof typeof USE_CASE_TITLES] ?? u;

export const capabilityTitle = (c: string) =>
  (CAPABILITIES as readonly string[]).includes(c)
    ? c.charAt(0).toUpperCase() + c.slice(1).replace(/-/g, ' ')
    : c;

type Presented = ReturnType<typeof presentSystem>;

export function supplierText(supplier: Record<string, unknown>): string {
  return supplier.type === 'external'
    ? `${String(supplier.name)} (external supplier)`
    : `In-house: ${String(supplier.team ?? '')}`;
}

export function processingText(p: Presented['processing']): string {
  return `${p.provider}: processed in ${p.processingCountry}, stored in ${p.storageCountry}`;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const bullets = (items: readonly string[]) =>
  `<ul class="govuk-list govuk-list--bullet">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;

/** The register record as summary list rows (HTML escaped here). */
export function systemRows(s: Presented, names: ReadonlyMap<string, string>) {
  const person = (id: string | null) => (id ? (names.get(id) ?? 'Unknown person') : 'Not named yet');
  const supplier = s.supplier;
  const supplierHtml =
    supplier.type === 'external'
      ? [
          `<strong>${esc(String(supplier.name))}</strong>`,
          `Companies House number ${esc(String(supplier.companiesHouseNumber))}`,
          `Role: ${esc(String(supplier.role))}`,
          `Procurement route: ${esc(String(supplier.procurementRoute))}`,
          `Terms of access to police data: ${esc(String(supplier.dataAccessTerms))}`,
        ].join('<br>')
      : `Built in-house by ${esc(String(supplier.team))}`;
  const processing = s.processing;
  const where = `${esc(processing.provider)}<br>Processed in ${esc(processing.processingCountry)}, stored in ${esc(processing.storageCountry)}<br>${
    processing.ukOnly
      ? '<strong class="govuk-tag govuk-tag--green">UK only</strong>'
      : '<strong class="govuk-tag govuk-tag--red">Outside the UK</strong>'
  }`;
  const row = (key: string, html: string) => ({ key: { text: key }, value: { html } });
  return [
    row('Reference', esc(s.reference)),
    row('Description', esc(s.description)),
    row('Use case', esc(useCaseTitle(s.useCase))),
    row('Capability', esc(capabilityTitle(s.capability))),
    row('Purpose', esc(s.purpose)),
    row('Expected benefits', bullets(s.expectedBenefits)),
    row('Expected time saved per task', `${s.expectedMinutesSavedPerTask} minutes`),
    row('Supplier', supplierHtml),
    row('Where data is processed and stored', where),
    row('Model', `${esc(s.model.name)}, version ${esc(s.model.version)}`),
    row(
      'Training data',
      `${esc(s.trainingData.source)}<br>Period: ${esc(s.trainingData.period)}<br>Known gaps: ${esc(s.trainingData.knownGaps)}`,
    ),
    row('Affected groups', bullets(s.affectedGroups)),
    row('Project lead (senior responsible owner)', esc(person(s.projectLeadId))),
    row('Product manager (information asset owner)', esc(person(s.productManagerId))),
    row(
      'Human overseers',
      s.overseerIds.length ? bullets(s.overseerIds.map((id) => person(id))) : 'None named yet',
    ),
  ];
}

const formTitle = (kind: unknown) =>
  typeof kind === 'string' && isFormKind(kind) ? FORMS[kind as FormKind].title : String(kind);

export interface TimelineEntry {
  seq: number;
  at: Date;
  action: string;
  actor: string | null;
  payload: unknown;
}

export interface TimelineLine {
  seq: number;
  at: Date;
  who: string;
  what: string;
  reasons: string | null;
  /** Evidence pinned by hash: the form, its version and hash. */
  pinned: Array<{ title: string; version: number | null; hash: string }>;
}

/** One ledger entry of a system in words: who did what, with the evidence it pinned. */
export function describeEntry(e: TimelineEntry): TimelineLine {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const pinned: TimelineLine['pinned'] = [];
  let what: string;
  if (e.action === 'system.registered') what = `Added to the register as ${String(p.reference ?? '')}`;
  else if (e.action === 'system.updated')
    what = `Changed the record (${((p.fields as string[] | undefined) ?? []).join(', ')})`;
  else if (e.action.startsWith('evidence.')) {
    const verb =
      { submitted: 'Submitted', approved: 'Approved', rejected: 'Rejected' }[e.action.slice(9)] ?? e.action;
    what = `${verb} the ${formTitle(p.kind)}, version ${String(p.version)}`;
    if (typeof p.hash === 'string')
      pinned.push({ title: formTitle(p.kind), version: Number(p.version), hash: p.hash });
    const scope = p.authorisedScope as { hash?: string } | undefined;
    if (scope?.hash)
      pinned.push({
        title: 'Authorised scope and module settings',
        version: Number(p.version),
        hash: scope.hash,
      });
  } else if (e.action === 'decision.refused') {
    what = `Refused the ${formTitle(p.kind)}. ${String(p.effect ?? '')}`.trim();
    if (typeof p.hash === 'string')
      pinned.push({ title: formTitle(p.kind), version: Number(p.version), hash: p.hash });
  } else if (e.action === 'record.published') {
    what = 'Approved the public record for publication';
    if (typeof p.sha256 === 'string')
      pinned.push({ title: 'Public record text', version: null, hash: p.sha256 });
  } else if (e.action === 'record.publication-refused') {
    what = `Refused the public record's text. ${String(p.effect ?? '')}`.trim();
    if (typeof p.sha256 === 'string')
      pinned.push({ title: 'Public record text', version: null, hash: p.sha256 });
  } else if (e.action === 'system.bias-audit-attached') {
    const m = (p.model ?? {}) as { name?: string; version?: string };
    what = `Attached a fairness audit of ${String(m.name)} ${String(m.version)} (${String(p.rows)} records from ${String(p.source)})`;
    if (typeof p.reportSha256 === 'string')
      pinned.push({ title: 'Fairness audit report', version: null, hash: p.reportSha256 });
  } else if (e.action.startsWith('system.') && p.from && p.to) {
    what = `Moved from ${stageTag(String(p.from)).text} to ${stageTag(String(p.to)).text} (${e.action.slice(7)})`;
    const evidence = (p.evidence ?? {}) as Record<string, { version: number; hash: string }>;
    for (const [kind, v] of Object.entries(evidence))
      pinned.push({ title: formTitle(kind), version: v.version, hash: v.hash });
  } else what = e.action;
  const reasons = typeof p.reasons === 'string' && p.reasons ? p.reasons : null;
  return { seq: e.seq, at: e.at, who: e.actor ?? 'Bluelamp', what, reasons, pinned };
}
