import type { RiskSurface } from '../types.ts';
import { type CrimeTypeStatement, forecastError } from './model.ts';
import { rankOrder, totalRisk } from './rank.ts';
import type { RuralClassification } from './rural.ts';

/**
 * Safeguards against over-policing, set by the force and fixed at validation:
 * - a coverage cap, so hot spots never cover more than a small share of the study area
 *   (a stigmatising "whole estate is a hot spot" map is refused, not trimmed silently);
 * - a minimum share of patrol time outside the hot spots, spread over low-risk areas,
 *   of which a part is guaranteed to rural cells (see `classifyRural`).
 */
export interface SafeguardPolicy {
  /** Largest share of study-area cells a forecast may select, in (0, 1]. E.g. 0.05. */
  maxCoverage: number;
  /** Smallest share of patrol time that must go outside the hot spots, in [0, 1). E.g. 0.2. */
  minOutsideShare: number;
  /** Smallest share of all patrol time guaranteed to rural cells; part of the outside share. E.g. 0.05. */
  minRuralShare: number;
}

export const DEFAULT_POLICY: SafeguardPolicy = {
  maxCoverage: 0.05,
  minOutsideShare: 0.2,
  minRuralShare: 0.05,
};

/** Checks a policy is coherent, throwing `invalid-policy` with the field named. */
export function validatePolicy(policy: SafeguardPolicy): void {
  const bad = (field: string, rule: string, value: number) =>
    forecastError('invalid-policy', `safeguard policy: ${field} must be ${rule}, got ${value}`);
  if (!(policy.maxCoverage > 0 && policy.maxCoverage <= 1))
    throw bad('maxCoverage', 'in (0, 1]', policy.maxCoverage);
  if (!(policy.minOutsideShare >= 0 && policy.minOutsideShare < 1)) {
    throw bad('minOutsideShare', 'in [0, 1)', policy.minOutsideShare);
  }
  if (!(policy.minRuralShare >= 0 && policy.minRuralShare <= policy.minOutsideShare)) {
    throw bad('minRuralShare', `in [0, minOutsideShare = ${policy.minOutsideShare}]`, policy.minRuralShare);
  }
}

/** The hot spot cells chosen from a surface under the coverage cap. */
export interface HotspotSelection {
  /** Row-major indices of the selected cells, highest risk first (rank 1 first). */
  cells: Int32Array;
  /** Positions of the selected cells in `surface.cells`, parallel to `cells`. */
  positions: Int32Array;
  /** Coverage asked for. */
  coverage: number;
  /** Coverage delivered: selected / study-area cells (at most `coverage`, as n is rounded down). */
  achievedCoverage: number;
  studyCells: number;
  /** Share of the surface's total risk that lies in the selected cells (0 when the total is 0). */
  riskShare: number;
}

/** Refuses a coverage outside (0, 1] or above the force's cap (`coverage-above-cap`). */
export function checkCoverage(coverage: number, policy: SafeguardPolicy): void {
  validatePolicy(policy);
  if (!(coverage > 0 && coverage <= 1)) {
    throw forecastError('invalid-coverage', `coverage must be a share in (0, 1], got ${coverage}`);
  }
  if (coverage > policy.maxCoverage) {
    throw forecastError(
      'coverage-above-cap',
      `refused: coverage ${pct(coverage)} of the study area is above this force's cap of ` +
        `${pct(policy.maxCoverage)}. Hot spot maps may not mark more than ${pct(policy.maxCoverage)} ` +
        'of the area; ask for a smaller coverage or have the cap changed through governance.',
    );
  }
}

/**
 * Selects the top n = floor(N × coverage) study-area cells (N = study-area cells), refusing any
 * coverage above the force's cap with `coverage-above-cap`. Ranking and ties follow `rankOrder`.
 * Cells with zero risk are never selected: a hot spot must have some forecast risk.
 */
export function selectHotspots(
  surface: RiskSurface,
  coverage: number,
  policy: SafeguardPolicy,
): HotspotSelection {
  checkCoverage(coverage, policy);
  const studyCells = surface.cells.length;
  const n = Math.floor(studyCells * coverage);
  const order = rankOrder(surface);
  const positions: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = order[i] ?? 0;
    if (!((surface.risk[p] ?? 0) > 0)) break;
    positions.push(p);
  }
  const total = totalRisk(surface);
  let selectedRisk = 0;
  for (const p of positions) selectedRisk += surface.risk[p] ?? 0;
  return {
    cells: Int32Array.from(positions, (p) => surface.cells[p] ?? 0),
    positions: Int32Array.from(positions),
    coverage,
    achievedCoverage: studyCells === 0 ? 0 : positions.length / studyCells,
    studyCells,
    riskShare: total > 0 ? selectedRisk / total : 0,
  };
}

/**
 * States which crime types a forecast used. A forecast must name its categories; using one type
 * is allowed but flagged so the map can say so prominently.
 */
export function statedCrimeTypes(used: readonly string[], available: readonly string[]): CrimeTypeStatement {
  const usedSorted = [...new Set(used)].sort();
  const availableSorted = [...new Set([...available, ...used])].sort();
  if (usedSorted.length === 0) {
    throw forecastError('no-crime-types', 'a forecast must state the crime types it used; none were given');
  }
  const allTypes = usedSorted.length === availableSorted.length;
  const singleType = usedSorted.length === 1;
  let notice: string;
  if (allTypes) notice = `All ${usedSorted.length} recorded crime types used: ${usedSorted.join(', ')}.`;
  else if (singleType) {
    notice =
      `ONE CRIME TYPE ONLY: ${usedSorted[0]}. This map does not show other crime ` +
      `(${availableSorted.length - 1} other types in the data).`;
  } else {
    notice =
      `${usedSorted.length} of ${availableSorted.length} crime types used: ${usedSorted.join(', ')}. ` +
      'Other crime is not shown.';
  }
  return { used: usedSorted, available: availableSorted, allTypes, singleType, notice };
}

export type PatrolZone = 'hotspot' | 'low-risk' | 'rural';

export interface PatrolAllocation {
  /** Row-major cell index. */
  cell: number;
  zone: PatrolZone;
  /** Share of all patrol time, in [0, 1]. */
  share: number;
  minutes: number;
}

export interface ZoneSummary {
  cells: number;
  share: number;
  minutes: number;
}

export interface PatrolPlan {
  totalMinutes: number;
  zones: Record<PatrolZone, ZoneSummary>;
  /** One entry per study-area cell with patrol time, hot spots first in rank order. */
  allocations: PatrolAllocation[];
  /** Plain-words account of the split and the rules behind it. */
  explanation: string;
}

export interface PatrolRequest {
  /** Patrol minutes to allocate (e.g. per day). Default 1, so minutes are shares. */
  totalMinutes?: number;
  /** Share of time outside the hot spots; at least the policy minimum (the default). */
  outsideShare?: number;
}

/**
 * Turns a selection into a patrol allocation plan that keeps the policy's floors:
 * - hot spots get (1 - outside share), split in proportion to their forecast risk;
 * - rural cells get at least `minRuralShare`, split evenly (if any cell is rural);
 * - the rest of the outside share is split evenly over the other, low-risk, cells. With no
 *   low-risk cells it goes to rural cells; with neither, the plan says the floor cannot be kept.
 * Even splits are deliberate: the outside share is a presence everywhere, not a second forecast.
 */
export function planPatrols(
  surface: RiskSurface,
  selection: HotspotSelection,
  rural: RuralClassification,
  policy: SafeguardPolicy,
  request: PatrolRequest = {},
): PatrolPlan {
  validatePolicy(policy);
  const totalMinutes = request.totalMinutes ?? 1;
  if (!(totalMinutes > 0))
    throw forecastError('invalid-input', `patrol minutes must be positive, got ${totalMinutes}`);
  const outsideShare = request.outsideShare ?? policy.minOutsideShare;
  if (!(outsideShare <= 1))
    throw forecastError('invalid-input', `outside share must be at most 1, got ${outsideShare}`);
  if (outsideShare < policy.minOutsideShare) {
    throw forecastError(
      'patrol-share-below-minimum',
      `refused: ${pct(outsideShare)} of patrol time outside the hot spots is below this force's minimum of ` +
        `${pct(policy.minOutsideShare)}`,
    );
  }
  if (rural.rural.length !== surface.cells.length) {
    throw forecastError('invalid-input', 'rural classification does not match the surface');
  }
  const selected = new Set<number>(selection.positions);
  const ruralPos: number[] = [];
  const lowPos: number[] = [];
  for (let p = 0; p < surface.cells.length; p++) {
    if (selected.has(p)) continue;
    if (rural.rural[p] === 1) ruralPos.push(p);
    else lowPos.push(p);
  }
  const hotspotShare = selection.positions.length > 0 ? 1 - outsideShare : 0;
  const outside = 1 - hotspotShare;
  let ruralShare = 0;
  let lowShare = 0;
  if (ruralPos.length > 0 && lowPos.length > 0) {
    // Rural cells keep at least their guaranteed floor, or their pro-rata share of the outside time if larger.
    ruralShare = Math.max(
      policy.minRuralShare,
      (outside * ruralPos.length) / (ruralPos.length + lowPos.length),
    );
    lowShare = outside - ruralShare;
  } else if (ruralPos.length > 0) ruralShare = outside;
  else if (lowPos.length > 0) lowShare = outside;

  const allocations: PatrolAllocation[] = [];
  let riskSum = 0;
  for (const p of selection.positions) riskSum += surface.risk[p] ?? 0;
  for (const p of selection.positions) {
    const share = riskSum > 0 ? (hotspotShare * (surface.risk[p] ?? 0)) / riskSum : 0;
    allocations.push({ cell: surface.cells[p] ?? 0, zone: 'hotspot', share, minutes: share * totalMinutes });
  }
  const spread = (list: number[], zone: PatrolZone, share: number) => {
    const each = list.length > 0 ? share / list.length : 0;
    for (const p of list)
      allocations.push({ cell: surface.cells[p] ?? 0, zone, share: each, minutes: each * totalMinutes });
  };
  spread(ruralPos, 'rural', ruralShare);
  spread(lowPos, 'low-risk', lowShare);

  const zone = (cells: number, share: number): ZoneSummary => ({
    cells,
    share,
    minutes: share * totalMinutes,
  });
  const zones = {
    hotspot: zone(selection.positions.length, hotspotShare),
    'low-risk': zone(lowPos.length, lowShare),
    rural: zone(ruralPos.length, ruralShare),
  };
  const parts = [
    `${pct(hotspotShare)} of patrol time goes to ${selection.positions.length} hot spot cells, in proportion to forecast risk.`,
    `${pct(lowShare)} is spread evenly over ${lowPos.length} low-risk cells.`,
    ruralPos.length > 0
      ? `${pct(ruralShare)} is spread evenly over ${ruralPos.length} rural cells (guaranteed at least ` +
        `${pct(policy.minRuralShare)}; ${rural.description}).`
      : `No study-area cell is rural (${rural.description}), so the rural guarantee does not apply.`,
    `The force's minimum outside the hot spots is ${pct(policy.minOutsideShare)}.`,
  ];
  if (ruralPos.length + lowPos.length === 0) {
    parts.push(
      'Every study-area cell is a hot spot, so no time can go outside them: the minimum cannot be kept.',
    );
  }
  return { totalMinutes, zones, allocations, explanation: parts.join(' ') };
}

function pct(x: number): string {
  const v = x * 100;
  return `${Number.isInteger(v) ? v : Number(v.toPrecision(3))}%`;
}
