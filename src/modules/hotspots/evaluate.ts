import { type Dataset, periodSlices } from './dataset.ts';
import { cellOf } from './grid.ts';
import type { ForecastInput } from './methods/types.ts';
import { cellsAtCoverage, countHits, pai, rankCells } from './scoring.ts';

/** Scores of one method over all periods of a protocol. */
export interface MethodResult {
  method: string;
  /** Keyed by coverage written as in the protocol, e.g. "0.05". */
  hits: Record<string, number>;
  hitRate: Record<string, number>;
  pai: Record<string, number>;
  /** Mean of per-period hit rates (periods with no test events skipped). */
  meanHitRate: Record<string, number>;
  testEvents: number;
  /** Hits per period and coverage (periods x coverages). */
  periodHits: number[][];
  /** Wall time building the forecasts (training and prediction), summed over periods. */
  seconds: number;
}

export type RiskFunction = (input: ForecastInput) => Float64Array;

export interface EvaluateOptions {
  coverages: readonly number[];
  /** Restrict to these period indices (default all). */
  periods?: readonly number[];
  onPeriod?: (method: string, period: number, of: number) => void;
  /** Receives each period's risk (for export). */
  onRisk?: (method: string, period: number, risk: Float64Array) => void;
}

export function coverageKey(c: number): string {
  return String(c);
}

/** Runs one method over the periods of a data set and scores it (PROTOCOL.md section 7). */
export function evaluateMethod(
  d: Dataset,
  method: string,
  fn: RiskFunction,
  options: EvaluateOptions,
): MethodResult {
  const nMasked = d.study.cells.length;
  const sizes = options.coverages.map((c) => cellsAtCoverage(nMasked, c));
  const which = options.periods ?? d.periods.map((_, k) => k);
  const totals = sizes.map(() => 0);
  const rateSums = sizes.map(() => 0);
  const periodHits: number[][] = [];
  let ratedPeriods = 0;
  let testEvents = 0;
  let ms = 0;
  for (const k of which) {
    const p = d.periods[k];
    if (!p) throw new Error(`no period ${k}`);
    options.onPeriod?.(method, k, d.periods.length);
    const { train, test } = periodSlices(d, p);
    const started = performance.now();
    const risk = fn({ events: train, study: d.study, t0: p.t0 });
    ms += performance.now() - started;
    options.onRisk?.(method, k, risk);
    const positions = Int32Array.from(test, (e) => {
      const c = cellOf(d.study.grid, e.x, e.y);
      return c < 0 ? -1 : (d.study.positionOf[c] as number);
    });
    const hits = countHits(rankCells(risk), positions, sizes);
    periodHits.push(hits);
    testEvents += test.length;
    if (test.length > 0) {
      ratedPeriods++;
      hits.forEach((h, i) => {
        rateSums[i] = (rateSums[i] as number) + h / test.length;
      });
    }
    hits.forEach((h, i) => {
      totals[i] = (totals[i] as number) + h;
    });
  }
  const result: MethodResult = {
    method,
    hits: {},
    hitRate: {},
    pai: {},
    meanHitRate: {},
    testEvents,
    periodHits,
    seconds: ms / 1000,
  };
  options.coverages.forEach((c, i) => {
    const key = coverageKey(c);
    const rate = testEvents > 0 ? (totals[i] as number) / testEvents : 0;
    result.hits[key] = totals[i] as number;
    result.hitRate[key] = rate;
    result.pai[key] = pai(rate, c);
    result.meanHitRate[key] = ratedPeriods > 0 ? (rateSums[i] as number) / ratedPeriods : 0;
  });
  return result;
}
