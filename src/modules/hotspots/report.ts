import type { MethodResult } from './evaluate.ts';
import type { ProtocolRun } from './run-protocol.ts';

/** The `--json` shape of an evaluation. */
export function toJson(run: ProtocolRun): unknown {
  return {
    protocol: run.protocol.name,
    nMasked: run.dataset.study.cells.length,
    grid: run.dataset.study.grid,
    ingest: run.ingest,
    testEvents: run.results[0]?.testEvents ?? 0,
    methods: run.results.map((r: MethodResult) => ({
      method: r.method,
      hitRate: r.hitRate,
      pai: r.pai,
      hits: r.hits,
      meanHitRate: r.meanHitRate,
      seconds: r.seconds,
    })),
  };
}

const pct = (x: number | undefined): string => `${((x ?? 0) * 100).toFixed(2)}%`;

/** Human-readable tables: one per method, a row per coverage. */
export function toText(run: ProtocolRun): string {
  const { grid, cells } = run.dataset.study;
  const dropped = Object.entries(run.ingest.dropped)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const lines = [
    `${run.protocol.name}: ${run.ingest.kept} of ${run.ingest.read} rows kept${dropped ? ` (dropped: ${dropped})` : ''}`,
    `grid x0=${grid.x0} y0=${grid.y0} cell=${grid.cellSize} m, ${grid.ncols} x ${grid.nrows}; study area ${cells.length} cells; ` +
      `${run.dataset.periods.length} periods; ${run.results[0]?.testEvents ?? 0} test events`,
  ];
  for (const r of run.results) {
    lines.push(
      '',
      `${r.method} (${r.seconds.toFixed(2)} s)`,
      '  coverage  hits    hit rate  PAI     mean of periods',
    );
    for (const key of Object.keys(r.hitRate)) {
      lines.push(
        `  ${`${(Number(key) * 100).toFixed(0)}%`.padEnd(8)}  ${String(r.hits[key]).padEnd(6)}  ${pct(r.hitRate[key]).padEnd(8)}  ` +
          `${(r.pai[key] ?? 0).toFixed(2).padEnd(6)}  ${pct(r.meanHitRate[key])}`,
      );
    }
  }
  const total = run.results.reduce((s, r) => s + r.seconds, 0);
  lines.push('', `total ${total.toFixed(2)} s building forecasts`);
  return lines.join('\n');
}
