import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { abilitiesFor } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { moduleRunPage } from '../modules/plugins.ts';
import { effectiveOutput, openRun, type PresentedRun, type RunRow } from './presenters.ts';

/** A problem shown in the GOV.UK error summary and beside its field. */
export interface FieldError {
  name: string;
  text: string;
  href: string;
}

/** Posted values of the forms on the run page, to show them again with their errors. */
export type Posted = Record<string, string | string[]>;

export const STATUS_TAGS: Record<RunRow['status'], { text: string; classes: string }> = {
  queued: { text: 'Queued', classes: 'govuk-tag--grey' },
  running: { text: 'Running', classes: 'govuk-tag--light-blue' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
  awaiting_review: { text: 'Waiting for review', classes: 'govuk-tag--yellow' },
  awaiting_decision: { text: 'Waiting for decision', classes: 'govuk-tag--orange' },
  released: { text: 'Released', classes: 'govuk-tag--green' },
  rejected: { text: 'Rejected', classes: 'govuk-tag--red' },
};

const DECISION_WORDS = { accepted: 'Accepted', amended: 'Amended', rejected: 'Rejected' } as const;

/** A small number for people, 2 significant digits, never in exponent form. */
export function small(v: number): string {
  if (v === 0) return '0';
  return Number(v.toPrecision(2)).toLocaleString('en-GB', { maximumSignificantDigits: 2 });
}

const titleCase = (key: string) =>
  key
    .replace(/([A-Z])/g, ' $1')
    .replace(/^./, (c) => c.toUpperCase())
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

/** Rows of a flat object for a summary list (nested values as JSON). */
function objectRows(o: unknown): Array<{ key: { text: string }; value: { text: string } }> {
  if (!o || typeof o !== 'object') return [];
  return Object.entries(o as Record<string, unknown>).map(([k, v]) => ({
    key: { text: titleCase(k) },
    value: { text: typeof v === 'object' ? JSON.stringify(v) : String(v) },
  }));
}

/** The plain presentation of a run's input and output, for modules that bring none of their own. */
function plainInput(run: PresentedRun) {
  if (run.input === null) return { kind: 'hidden' as const };
  return { kind: 'json' as const, text: JSON.stringify(run.input, null, 2) };
}

function plainOutput(run: PresentedRun) {
  const output = effectiveOutput(run);
  return output === null ? null : { kind: 'json' as const, text: JSON.stringify(output, null, 2) };
}

/** The decision history, oldest first. */
function history(run: PresentedRun, requesterName: string) {
  const items = [
    { at: run.createdAt, title: `Run by ${requesterName}`, text: run.purpose, hint: null as string | null },
    ...run.reviews.map((r) => ({
      at: r.at,
      title: `${DECISION_WORDS[r.decision]} by ${r.by}`,
      text: r.reasons,
      hint: `Review time: ${Math.round(r.secondsSpent)} seconds after opening the output.`,
    })),
    ...run.decisions.map((d) => ({
      at: d.at,
      title:
        d.kind === 'decision'
          ? `Decision recorded by ${d.by}: ${d.decision}`
          : `Departure recorded by ${d.by}`,
      text: d.reasons,
      hint: null,
    })),
  ];
  if (run.releasedAt) items.push({ at: run.releasedAt, title: 'Released', text: '', hint: null });
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

/** Seconds between refreshes of the page of a run still queued or running. */
export const REFRESH_SECONDS = 5;

/** What the page says of a run that is still queued or running, or that failed. */
function progressView(run: PresentedRun, autoRefresh: boolean) {
  if (run.status === 'failed')
    return { kind: 'failed' as const, reason: run.failureReason ?? 'No reason recorded.' };
  if (run.status !== 'queued' && run.status !== 'running') return null;
  const percent = Math.max(0, Math.min(100, Math.round(run.progress * 100)));
  return {
    kind: run.status,
    percent,
    stage: run.progressStage,
    attempts: run.attempts,
    refreshSeconds: autoRefresh ? REFRESH_SECONDS : null,
    stopHref: `/runs/${run.id}?refresh=off`,
    resumeHref: `/runs/${run.id}`,
  };
}

export interface RunPageExtra {
  /** Refresh the page while the run is queued or running (off when the person asked). */
  autoRefresh?: boolean;
  errorSummary?: FieldError[];
  review?: Posted;
  decision?: Posted;
  departure?: Posted;
  banner?: string | null;
}

/** Everything the run page shows to this principal. */
export async function runPageData(
  db: Kysely<DB>,
  config: Config,
  p: Principal,
  id: string,
  extra: RunPageExtra = {},
) {
  const { row, access, run } = await openRun(db, config, p, id);
  const system = await db
    .selectFrom('ai_systems')
    .select(['id', 'name', 'reference', 'use_case'])
    .where('id', '=', row.system_id)
    .executeTakeFirstOrThrow();
  const people = await db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('id', 'in', [row.actor_id, ...(row.decision_maker_id ? [row.decision_maker_id] : [])])
    .execute();
  const nameOf = (pid: string | null) => people.find((x) => x.id === pid)?.name ?? '';
  // The module presents its own input and output; the input it shows never goes beyond what
  // this person may see (run.input is null for those not entitled to the events or the person).
  const own = await moduleRunPage({ db, config, principal: p, row, run });
  const input = own.input ?? plainInput(run);
  const output = own.output === undefined ? plainOutput(run) : own.output;
  const reviewed = run.reviews.length > 0;
  const errors = extra.errorSummary ?? [];
  const errorFor = (name: string) => errors.find((e) => e.name === name)?.text;
  const abilities = abilitiesFor(p, {
    overseer: access.overseer,
    requester: access.requester,
    decisionMaker: access.decisionMaker,
    reviewed,
    runStatus: run.status,
  });
  return {
    title: `Output ${run.reference}`,
    run,
    system,
    tag: STATUS_TAGS[run.status],
    progress: progressView(run, extra.autoRefresh ?? false),
    requester: nameOf(row.actor_id),
    decisionMaker: row.decision_maker_id ? nameOf(row.decision_maker_id) : null,
    access,
    input,
    output,
    amendTemplate: own.amendTemplate ?? null,
    ...own.extra,
    settingsRows: objectRows(run.module.settings),
    energy: { wh: small(run.energyWh), co2e: small(run.co2eG), ms: Math.round(run.durationMs) },
    history: history(run, nameOf(row.actor_id)),
    abilities,
    canReview: abilities['run.review'],
    ownRun: access.overseer && access.requester && !reviewed,
    canDecide: abilities['run.decide'],
    canDepart: abilities['run.depart'],
    review: extra.review ?? {},
    decisionValues: extra.decision ?? {},
    departure: extra.departure ?? {},
    errorSummary: errors.map((e) => ({ text: e.text, href: e.href })),
    fieldError: (name: string) => errorFor(name),
    errorsByName: Object.fromEntries(errors.map((e) => [e.name, e.text])),
    banner: extra.banner ?? null,
  };
}
