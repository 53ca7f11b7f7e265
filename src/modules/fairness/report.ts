import type { AccumulatorState } from './accumulator.ts';
import { aucFromHistogram, hanleyMcNeilInterval, wilsonInterval } from './auc.ts';
import { auditFindings } from './findings.ts';
import { metricsAt, PARITY_METRIC, parityPass, percentileInterval, safeRatio } from './metrics.ts';
import {
  type AttributeSummary,
  type AuditOptions,
  type AuditReport,
  type CalibrationCurve,
  type ConfusionMetrics,
  type Disparity,
  type FourFifths,
  type GroupMetrics,
  type Interval,
  PARITY_NAMES,
  RATE_NAMES,
  type RateName,
} from './types.ts';

/** Resolved settings with defaults applied. */
export interface ResolvedSettings {
  tau: number;
  bootstrap: number;
  bootstrapMethod: 'rows' | 'cells';
  seed: number;
  favourable: 'negative' | 'positive';
  minGroupSize: number;
  intersections: boolean;
}

export function resolveSettings(options: AuditOptions): ResolvedSettings {
  return {
    tau: options.tau ?? 0.8,
    bootstrap: options.bootstrap ?? 1000,
    bootstrapMethod: options.bootstrapMethod ?? 'rows',
    seed: options.seed ?? 1,
    favourable: options.favourable ?? 'negative',
    minGroupSize: options.minGroupSize ?? 30,
    intersections: options.intersections ?? false,
  };
}

/** A way of splitting cells into groups: one attribute, or the intersection of all of them. */
interface Grouping {
  attribute: string;
  values: string[];
  /** Group index of each cell. */
  cellMap: Int32Array;
  reference: number;
}

/** Sums [cell * 4 + kind] counts into [group * 4 + kind]. */
function sumByGroup(counts: ArrayLike<number>, cellMap: Int32Array, groups: number): Float64Array {
  const out = new Float64Array(groups * 4);
  for (let c = 0; c < cellMap.length; c++) {
    const g = cellMap[c]!;
    for (let k = 0; k < 4; k++) out[g * 4 + k]! += counts[c * 4 + k]!;
  }
  return out;
}

type MetricName = RateName | 'ppr';

function metricValue(m: ConfusionMetrics, name: string, totalSelected: number): number | null {
  if (name === 'ppr') return totalSelected > 0 ? (m.tp + m.fp) / totalSelected : null;
  return (m as unknown as Record<string, number | null>)[name] ?? null;
}

function largest(counts: Float64Array, groups: number): number {
  let best = 0;
  let bestN = -1;
  for (let g = 0; g < groups; g++) {
    const n = counts[g * 4]! + counts[g * 4 + 1]! + counts[g * 4 + 2]! + counts[g * 4 + 3]!;
    if (n > bestN) {
      best = g;
      bestN = n;
    }
  }
  return best;
}

function buildGroupings(
  state: AccumulatorState,
  options: AuditOptions,
  settings: ResolvedSettings,
): Grouping[] {
  const groupings: Grouping[] = [];
  const cells = state.cellGroups.length;
  const refIds: Array<number | null> = [];
  state.attributes.forEach((attribute, a) => {
    const values = state.dictionaries[a]!;
    const cellMap = Int32Array.from(state.cellGroups, (ids) => ids[a]!);
    const wanted = options.reference?.[attribute];
    let reference: number;
    if (wanted !== undefined) {
      reference = values.indexOf(wanted);
      if (reference < 0) {
        throw new Error(
          `reference value '${wanted}' not found in attribute '${attribute}' (values: ${values.join(', ')})`,
        );
      }
      refIds.push(reference);
    } else {
      reference = largest(sumByGroup(state.counts, cellMap, values.length), values.length);
      refIds.push(null);
    }
    groupings.push({ attribute, values, cellMap, reference });
  });
  if (settings.intersections && state.attributes.length > 1) {
    const labels = state.cellGroups.map((ids) =>
      Array.from(ids, (id, a) => state.dictionaries[a]![id]!).join(' x '),
    );
    const order = labels.map((_, i) => i).sort((x, y) => labels[x]!.localeCompare(labels[y]!));
    const rank = new Int32Array(cells);
    order.forEach((c, i) => {
      rank[c] = i;
    });
    const cellMap = rank;
    const values = order.map((c) => labels[c]!);
    let reference = -1;
    if (refIds.every((r) => r !== null)) {
      reference = state.cellGroups.findIndex((ids) => refIds.every((r, a) => ids[a] === r));
      if (reference >= 0) reference = rank[reference]!;
    }
    if (reference < 0) reference = largest(sumByGroup(state.counts, cellMap, values.length), values.length);
    groupings.push({ attribute: state.attributes.join(' x '), values, cellMap, reference });
  }
  return groupings;
}

/** Interval of a statistic computed on every replicate. */
function replicateInterval(
  replicates: Float64Array[][] | null,
  statistic: (counts: Float64Array) => number | null,
  index: number,
): Interval | null {
  if (replicates === null) return null;
  return percentileInterval(replicates.map((groups) => statistic(groups[index]!)));
}

function calibrationFor(state: AccumulatorState, grouping: Grouping): CalibrationCurve | null {
  const h = state.histogram;
  if (h === null || h.values.length === 0) return null;
  const nb = h.values.length;
  const total = new Float64Array(nb);
  for (let c = 0; c < h.positives.length; c++) {
    for (let b = 0; b < nb; b++) total[b]! += h.positives[c]![b]! + h.negatives[c]![b]!;
  }
  const all = total.reduce((s, x) => s + x, 0);
  // Bin -> decile by the midpoint of its cumulative share; every distinct value its own bin when <= 10.
  const decileOf = new Int32Array(nb);
  if (nb <= 10) {
    for (let b = 0; b < nb; b++) decileOf[b] = b;
  } else {
    let before = 0;
    for (let b = 0; b < nb; b++) {
      decileOf[b] = Math.min(9, Math.floor((10 * (before + total[b]! / 2)) / all));
      before += total[b]!;
    }
  }
  const used = [...new Set(decileOf)].sort((a, b) => a - b);
  const binOf = new Map(used.map((d, i) => [d, i]));
  const bins = used.map((d) => {
    let lower = Number.POSITIVE_INFINITY;
    let upper = Number.NEGATIVE_INFINITY;
    for (let b = 0; b < nb; b++) {
      if (decileOf[b] === d) {
        lower = Math.min(lower, h.lower[b]!);
        upper = Math.max(upper, h.upper[b]!);
      }
    }
    const fmt = (x: number): string => String(Number(x.toPrecision(4)));
    return { label: lower === upper ? fmt(lower) : `${fmt(lower)} to ${fmt(upper)}`, lower, upper };
  });
  const groups = grouping.values.map((value, g) => {
    const n = new Float64Array(bins.length);
    const positives = new Float64Array(bins.length);
    const scoreSum = new Float64Array(bins.length);
    for (let c = 0; c < grouping.cellMap.length; c++) {
      if (grouping.cellMap[c] !== g) continue;
      for (let b = 0; b < nb; b++) {
        const i = binOf.get(decileOf[b]!)!;
        const p = h.positives[c]![b]!;
        const q = h.negatives[c]![b]!;
        n[i]! += p + q;
        positives[i]! += p;
        scoreSum[i]! += (p + q) * h.values[b]!;
      }
    }
    return {
      value,
      points: bins.map((_, i) => ({
        bin: i,
        n: n[i]!,
        positives: positives[i]!,
        observedRate: n[i]! > 0 ? positives[i]! / n[i]! : null,
        meanScore: n[i]! > 0 ? scoreSum[i]! / n[i]! : null,
        interval: wilsonInterval(positives[i]!, n[i]!),
      })),
    };
  });
  return { attribute: grouping.attribute, bins, groups };
}

function aucOf(
  state: AccumulatorState,
  cellsIn: (c: number) => boolean,
): { auc: number | null; interval: Interval | null } {
  const h = state.histogram;
  if (h === null) return { auc: null, interval: null };
  const nb = h.values.length;
  const p = new Float64Array(nb);
  const q = new Float64Array(nb);
  for (let c = 0; c < h.positives.length; c++) {
    if (!cellsIn(c)) continue;
    for (let b = 0; b < nb; b++) {
      p[b]! += h.positives[c]![b]!;
      q[b]! += h.negatives[c]![b]!;
    }
  }
  const auc = aucFromHistogram(p, q);
  if (auc === null) return { auc: null, interval: null };
  const np = p.reduce((s, x) => s + x, 0);
  const nq = q.reduce((s, x) => s + x, 0);
  return { auc, interval: hanleyMcNeilInterval(auc, np, nq) };
}

const AUC_BOUNDED = 'Mann-Whitney AUC from a histogram of scores per cell';

/**
 * Builds the audit report from the accumulated state. `replicateCounts` are the bootstrap
 * replicates' cell counts ([replicate][cell * 4 + kind]), or null for no intervals.
 */
export function buildReport(
  state: AccumulatorState,
  options: AuditOptions,
  population: { rowsRead: number; rowsKept: number },
  replicateCounts: Float64Array[] | null,
): AuditReport {
  const settings = resolveSettings(options);
  const groupings = buildGroupings(state, options, settings);
  const warnings: string[] = [];
  const groups: GroupMetrics[] = [];
  const disparities: Disparity[] = [];
  const attributes: AttributeSummary[] = [];
  const fourFifths: FourFifths[] = [];
  const calibration: CalibrationCurve[] = [];
  const references: Array<{ attribute: string; value: string }> = [];
  const cellCount = state.cellGroups.length;
  const allCells = new Int32Array(cellCount);

  const overallCounts = sumByGroup(state.counts, allCells, 1);
  const overallMetrics = metricsAt(overallCounts, 0);
  const overallReplicates = replicateCounts
    ? replicateCounts.map((rep) => [sumByGroup(rep, allCells, 1)])
    : null;
  const overallIntervals: Partial<Record<RateName, Interval>> = {};
  for (const rate of RATE_NAMES) {
    const iv = replicateInterval(overallReplicates, (c) => metricValue(metricsAt(c, 0), rate, 0), 0);
    if (iv) overallIntervals[rate] = iv;
  }
  const overallAuc = aucOf(state, () => true);
  if (state.histogram?.mode === 'binned') {
    warnings.push(
      'The score has more than 2,048 distinct values: AUC and calibration use equal-width score bins.',
    );
  }

  for (const grouping of groupings) {
    const k = grouping.values.length;
    const counts = sumByGroup(state.counts, grouping.cellMap, k);
    const reps = replicateCounts
      ? replicateCounts.map((rep) => [sumByGroup(rep, grouping.cellMap, k)])
      : null;
    const metrics = grouping.values.map((_, g) => metricsAt(counts, g * 4));
    const selected = metrics.reduce((s, m) => s + m.tp + m.fp, 0);
    const total = metrics.reduce((s, m) => s + m.n, 0);
    const ref = grouping.reference;
    const refName = grouping.values[ref]!;
    references.push({ attribute: grouping.attribute, value: refName });

    /** A statistic of group g on replicate counts. */
    const onReplicate = (g: number, name: string) => (c: Float64Array) => {
      let sel = 0;
      for (let i = 0; i < k; i++) sel += c[i * 4 + 2]! + c[i * 4 + 3]!;
      return metricValue(metricsAt(c, g * 4), name, sel);
    };

    grouping.values.forEach((value, g) => {
      const m = metrics[g]!;
      const intervals: Partial<Record<MetricName, Interval>> = {};
      for (const rate of [...RATE_NAMES, 'ppr'] as MetricName[]) {
        const iv = replicateInterval(reps, onReplicate(g, rate), 0);
        if (iv) intervals[rate] = iv;
      }
      const inGroup = (c: number): boolean => grouping.cellMap[c] === g;
      const auc = aucOf(state, inGroup);
      const groupWarnings: string[] = [];
      const label = `${grouping.attribute} = ${value}`;
      if (m.n < settings.minGroupSize) {
        groupWarnings.push(
          `${label} has only ${m.n} rows (fewer than ${settings.minGroupSize}): too small to judge.`,
        );
      } else {
        const positives = m.tp + m.fn;
        const negatives = m.fp + m.tn;
        if (positives < settings.minGroupSize) {
          groupWarnings.push(`${label} has only ${positives} positive outcomes: TPR and FNR are unreliable.`);
        }
        if (negatives < settings.minGroupSize) {
          groupWarnings.push(`${label} has only ${negatives} negative outcomes: FPR and TNR are unreliable.`);
        }
      }
      warnings.push(...groupWarnings);
      groups.push({
        attribute: grouping.attribute,
        value,
        ...m,
        share: total > 0 ? m.n / total : 0,
        ppr: metricValue(m, 'ppr', selected),
        auc: auc.auc,
        aucInterval: auc.interval,
        intervals,
        isReference: g === ref,
        warnings: groupWarnings,
      });
    });

    // Aequitas parities against the reference.
    const refMetrics = metrics[ref]!;
    grouping.values.forEach((value, g) => {
      if (g === ref) return;
      for (const parity of PARITY_NAMES) {
        const metric = PARITY_METRIC[parity];
        const gv = metricValue(metrics[g]!, metric, selected);
        const rv = metricValue(refMetrics, metric, selected);
        const r = safeRatio(gv, rv);
        const interval = replicateInterval(
          reps,
          (c) => safeRatio(onReplicate(g, metric)(c), onReplicate(ref, metric)(c)),
          0,
        );
        disparities.push({
          attribute: grouping.attribute,
          value,
          reference: refName,
          parity,
          metric,
          groupValue: gv,
          referenceValue: rv,
          ratio: r,
          interval,
          pass: parityPass(r, settings.tau),
        });
      }
    });

    // Fairlearn-style summaries over the groups with rows.
    const summarise = (ms: ConfusionMetrics[]) => {
      const live = ms.filter((m) => m.n > 0);
      const range = (name: 'selectionRate' | 'tpr' | 'fpr'): number | null => {
        const v = live.map((m) => m[name]).filter((x): x is number => x !== null);
        return v.length > 0 ? Math.max(...v) - Math.min(...v) : null;
      };
      const sel = live.map((m) => m.selectionRate).filter((x): x is number => x !== null);
      const tprRange = range('tpr');
      const fprRange = range('fpr');
      return {
        demographicParityDifference: range('selectionRate'),
        demographicParityRatio:
          sel.length > 0 && Math.max(...sel) > 0 ? Math.min(...sel) / Math.max(...sel) : null,
        equalizedOddsDifference: tprRange === null || fprRange === null ? null : Math.max(tprRange, fprRange),
      };
    };
    const summary = summarise(metrics);
    const repSummaries = reps?.map((r) => summarise(grouping.values.map((_, g) => metricsAt(r[0]!, g * 4))));
    const summaryIntervals: AttributeSummary['intervals'] = {};
    if (repSummaries) {
      for (const key of [
        'demographicParityDifference',
        'demographicParityRatio',
        'equalizedOddsDifference',
      ] as const) {
        const iv = percentileInterval(repSummaries.map((s) => s[key]));
        if (iv) summaryIntervals[key] = iv;
      }
    }
    attributes.push({
      attribute: grouping.attribute,
      reference: refName,
      ...summary,
      intervals: summaryIntervals,
    });

    // Four-fifths rule: favourable rate against the highest favourable rate.
    const favourable = (m: ConfusionMetrics): number | null =>
      m.selectionRate === null
        ? null
        : settings.favourable === 'positive'
          ? m.selectionRate
          : 1 - m.selectionRate;
    const impact = (ms: ConfusionMetrics[]): Array<number | null> => {
      const rates = ms.map(favourable);
      const best = Math.max(...rates.filter((x): x is number => x !== null), 0);
      return rates.map((x) => (x === null || best === 0 ? null : x / best));
    };
    const ratios = impact(metrics);
    const repRatios = reps?.map((r) => impact(grouping.values.map((_, g) => metricsAt(r[0]!, g * 4))));
    grouping.values.forEach((value, g) => {
      const r = ratios[g]!;
      fourFifths.push({
        attribute: grouping.attribute,
        value,
        favourableRate: favourable(metrics[g]!),
        impactRatio: r,
        interval: repRatios ? percentileInterval(repRatios.map((x) => x[g]!)) : null,
        pass: r === null ? null : r >= 0.8 - 1e-12,
      });
    });

    const curve = calibrationFor(state, grouping);
    if (curve) calibration.push(curve);
  }

  const report: AuditReport = {
    title: options.title ?? 'Bias audit',
    source: options.source ?? null,
    population: { ...population, filter: options.filter ?? null },
    mapping: options.mapping,
    settings: {
      ...settings,
      bootstrap: replicateCounts ? replicateCounts.length : 0,
      aucMethod: state.histogram
        ? state.histogram.mode === 'distinct'
          ? `${AUC_BOUNDED}, one bin per distinct score value (exact); 95% interval by Hanley and McNeil (1982).`
          : `${AUC_BOUNDED}, 2,048 equal-width bins (ties within a bin count one half); 95% interval by Hanley and McNeil (1982).`
        : 'No score column: AUC not computed.',
      intervalMethod: replicateCounts
        ? `Poisson bootstrap (Hanley and MacGibbon 2006; Chamandy et al. 2012), ${replicateCounts.length} replicates, seed ${settings.seed}, ` +
          (settings.bootstrapMethod === 'cells'
            ? 'weights drawn per cell as Poisson(n) (the sum of n Poisson(1) row weights)'
            : 'a Poisson(1) weight per row keyed on its row index') +
          '; 95% percentile intervals.'
        : 'No bootstrap: intervals not computed.',
    },
    overall: {
      ...overallMetrics,
      auc: overallAuc.auc,
      aucInterval: overallAuc.interval,
      intervals: overallIntervals,
    },
    groups,
    references,
    disparities,
    attributes,
    fourFifths,
    calibration,
    warnings,
    findings: [],
  };
  report.findings = auditFindings(report);
  return report;
}
