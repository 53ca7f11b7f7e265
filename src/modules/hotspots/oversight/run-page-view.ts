import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { AppError } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { allowed } from '../../../identity/policy.ts';
import { effectiveOutput, type PresentedRun, type RunRow } from '../../../oversight/presenters.ts';
import type { RunPageContext, RunPageView } from '../../contract.ts';
import { crimeImportSummary } from '../crime-data/service.ts';
import { patrolPolicy, patrolShares } from '../patrols/model.ts';
import { dosageByCell } from '../patrols/repository.ts';
import { planFacts } from '../patrols/service.ts';
import { type HotspotsInput, importSource } from './hotspot-run.ts';
import {
  type HotspotsOutput,
  hotspotView,
  parseHotspotsOutput,
  patrolPlanView,
  sharePct,
  summariseHotspotInput,
} from './hotspot-view.ts';
import { runPlaceLabels } from './place-labels.ts';
import { crimeImportOfRun, hotspotRunInput } from './run-input.ts';

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

async function outputView(run: PresentedRun, source: HotspotsInput | null) {
  const output = effectiveOutput(run);
  if (output === null) return null;
  const parsed = parseHotspotsOutput(output);
  if (!parsed) return undefined;
  const labels = source ? await runPlaceLabels(run.id, source, parsed) : [];
  const plan = patrolPlanView(parsed);
  const planned = new Map(plan?.hotspotRows.map((r) => [r.cell, r.share]) ?? []);
  const view = hotspotView(parsed, source, { title: `Forecast hot spots, ${run.reference}`, labels });
  return {
    kind: 'hotspots' as const,
    template: 'hotspots/run-output.njk',
    view: { ...view, rows: view.rows.map((r) => ({ ...r, patrol: planned.get(r.cell) ?? null })) },
    plan,
    parsed,
    method: parsed.method,
  };
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

/**
 * A forecast on the run and review pages. Its input is read (decrypted) for everyone in the
 * force, but only its counts, periods, study area and crime types are shown; the events
 * themselves only to the privileged. The map's hot spots, the cells a reviewer dropped, and the
 * patrols recorded against a released forecast.
 */
export async function hotspotRunPage({
  db,
  config,
  principal,
  row,
  run,
}: RunPageContext): Promise<RunPageView> {
  const source = hotspotRunInput(config.dataEncryptionKey, row);
  const title = await importTitle(db, row, source);
  const output = await outputView(run, source);
  const amendment = run.reviews.find((r) => r.decision === 'amended');
  const original = parseHotspotsOutput(run.output);
  const dropped =
    amendment && original
      ? original.topCells.filter(
          (c) =>
            !(parseHotspotsOutput(amendment.amendedOutput)?.topCells ?? []).some((k) => k.cell === c.cell),
        )
      : [];
  const patrols =
    output?.kind === 'hotspots' && run.status === 'released'
      ? await patrolsView(db, run, output.parsed, principal)
      : null;
  return {
    ...(source
      ? {
          input: {
            kind: 'hotspots',
            template: 'hotspots/run-input.njk',
            summary: summariseHotspotInput(source, title ?? undefined),
          },
        }
      : {}),
    ...(output === undefined ? {} : { output }),
    // Cells to drop, for a reviewer who amends a forecast (see `dropCellsAmendment`).
    ...(original?.topCells.length ? { amendTemplate: 'hotspots/review-amend.njk' } : {}),
    extra: {
      originalTopCells: original ? original.topCells : [],
      dropped,
      patrols,
      geojsonHref: output?.kind === 'hotspots' ? `/runs/${run.id}/forecast.geojson` : null,
    },
  };
}
