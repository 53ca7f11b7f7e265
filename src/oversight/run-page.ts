import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { abilitiesFor } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { allowed } from '../identity/policy.ts';
import { crimeImportSummary } from '../modules/hotspots/crime-data/service.ts';
import { type HotspotsInput, importSource } from '../modules/hotspots/oversight/hotspot-run.ts';
import {
  type HotspotsOutput,
  hotspotView,
  parseHotspotsOutput,
  patrolPlanView,
  sharePct,
  summariseHotspotInput,
} from '../modules/hotspots/oversight/hotspot-view.ts';
import { runPlaceLabels } from '../modules/hotspots/oversight/place-labels.ts';
import { patrolPolicy, patrolShares } from '../modules/hotspots/patrols/model.ts';
import { dosageByCell } from '../modules/hotspots/patrols/repository.ts';
import { planFacts } from '../modules/hotspots/patrols/service.ts';
import { findModule } from '../modules/registry.ts';
import { ogrs3OutputSchema } from '../modules/risk/ogrs3/module.ts';
import { effectiveOutput, openRun, type PresentedRun, type RunRow } from './presenters.ts';
import { crimeImportOfRun, hotspotRunInput } from './run-input.ts';

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

async function outputView(run: PresentedRun, source: HotspotsInput | null) {
  const output = effectiveOutput(run);
  if (output === null) return null;
  if (run.module.id === 'hotspots') {
    const parsed = parseHotspotsOutput(output);
    if (parsed) {
      const labels = source ? await runPlaceLabels(run.id, source, parsed) : [];
      const plan = patrolPlanView(parsed);
      const planned = new Map(plan?.hotspotRows.map((r) => [r.cell, r.share]) ?? []);
      const view = hotspotView(parsed, source, { title: `Forecast hot spots, ${run.reference}`, labels });
      return {
        kind: 'hotspots' as const,
        view: { ...view, rows: view.rows.map((r) => ({ ...r, patrol: planned.get(r.cell) ?? null })) },
        plan,
        parsed,
        method: parsed.method,
      };
    }
  }
  const risk = ogrs3OutputSchema.safeParse(output);
  if (risk.success) {
    const r = risk.data;
    return {
      kind: 'risk' as const,
      rows: [
        { key: { text: 'Two-year probability of proven reoffending' }, value: { text: `${r.twoYear}%` } },
        { key: { text: 'One-year probability' }, value: { text: `${r.oneYear}%` } },
        { key: { text: 'Band' }, value: { text: r.band } },
      ],
      contributions: r.contributions,
      limitations: r.limitations,
    };
  }
  return { kind: 'json' as const, text: JSON.stringify(output, null, 2) };
}

/**
 * The title of the force's crime data import a forecast was built from (with the day it was
 * imported), looked up in the run's force; null for a reference file or an import not found.
 */
async function importTitle(db: Kysely<DB>, row: RunRow, input: HotspotsInput | null) {
  const id = crimeImportOfRun(input?.importId);
  if (!id) return null;
  try {
    return importSource(await crimeImportSummary(db, row.force_id, id)).title;
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return null;
    throw e;
  }
}

/** What the run page says about the input, by module; never an event or a person to the non-privileged. */
function inputView(row: RunRow, run: PresentedRun, hotspots: HotspotsInput | null, title: string | null) {
  const module = findModule(row.module_id);
  if (row.module_id === 'hotspots' && !module?.personalData && hotspots) {
    // Counts and periods of non-personal input are shown to everyone in the force.
    return { kind: 'hotspots' as const, summary: summariseHotspotInput(hotspots, title ?? undefined) };
  }
  if (run.input === null) return { kind: 'hidden' as const };
  if (row.module_id === 'risk.ogrs3') return { kind: 'rows' as const, rows: objectRows(run.input) };
  return { kind: 'json' as const, text: JSON.stringify(run.input, null, 2) };
}

/** The patrols recorded against a released forecast, and the shares they went outside its hot spots. */
async function patrolsView(db: Kysely<DB>, run: PresentedRun, output: HotspotsOutput, p: Principal) {
  const shares = patrolShares(await dosageByCell(db, [run.id]), planFacts(output, run.module.settings));
  return {
    recorded: shares.totalMinutes > 0,
    minutes: Math.round(shares.totalMinutes).toLocaleString('en-GB'),
    outside: sharePct(shares.outsideShare),
    rural: shares.ruralShare === null ? null : sharePct(shares.ruralShare),
    below: shares.outsideBelow || shares.ruralBelow,
    message: shares.message,
    href: `/systems/${run.systemId}/patrols?run=${run.id}#record`,
    canRecord: allowed(patrolPolicy, p, 'record'),
  };
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
  // A hot spot input is read (decrypted) for everyone in the force, but only its counts, periods,
  // study area and crime types are shown; the events themselves only to the privileged (run.input).
  const hotspots = row.module_id === 'hotspots' ? hotspotRunInput(config.dataEncryptionKey, row) : null;
  const input = inputView(row, run, hotspots, await importTitle(db, row, hotspots));
  const output = await outputView(run, hotspots);
  const reviewed = run.reviews.length > 0;
  const amendment = run.reviews.find((r) => r.decision === 'amended');
  const original = parseHotspotsOutput(run.output);
  const dropped =
    amendment && original && row.module_id === 'hotspots'
      ? original.topCells.filter(
          (c) =>
            !(parseHotspotsOutput(amendment.amendedOutput)?.topCells ?? []).some((k) => k.cell === c.cell),
        )
      : [];
  const patrols =
    output?.kind === 'hotspots' && run.status === 'released'
      ? await patrolsView(db, run, output.parsed, p)
      : null;
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
    originalTopCells: original && row.module_id === 'hotspots' ? original.topCells : [],
    dropped,
    patrols,
    geojsonHref: output?.kind === 'hotspots' ? `/runs/${run.id}/forecast.geojson` : null,
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
