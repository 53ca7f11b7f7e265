/**
 * Bias audit throughput and memory on synthetic rows generated here (no data set needed).
 *
 *   npm run bench -- fairness [--rows 10000000] [--bootstrap 1000] [--workers N]
 *
 * Rows carry two protected attributes (6 x 2 values, audited with their intersection), a
 * prediction, an outcome and a decile score. Three passes over the same rows:
 *   baseline  a bare loop reading every field of every row (the floor for any one-pass method);
 *   single    the audit accumulator without bootstrap (counts, score histograms);
 *   cells     the accumulator, then the Poisson bootstrap drawn per cell (Poisson(n)) and the report;
 *   full      the accumulator plus a Poisson(1) weight per row and replicate, spread over worker
 *             threads, then the report.
 * Memory (RSS, heap) is sampled at 1M, 5M and 10M rows to show it stays flat as rows grow.
 */
import os from 'node:os';
import { AuditAccumulator } from '../src/modules/fairness/accumulator.ts';
import { cellBootstrap } from '../src/modules/fairness/poisson.ts';
import { BootstrapPool } from '../src/modules/fairness/pool.ts';
import { buildReport } from '../src/modules/fairness/report.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROWS = arg('rows', 10_000_000);
const REPLICATES = arg('bootstrap', 1000);
const WORKERS = arg('workers', os.availableParallelism());
const CHUNK = 65_536;
const CHECKPOINTS = [1_000_000, 5_000_000, 10_000_000].filter((n) => n <= ROWS);

/** One chunk of synthetic rows, columnar; deterministic from the chunk number (xorshift32). */
interface Chunk {
  race: Uint8Array;
  sex: Uint8Array;
  predicted: Uint8Array;
  outcome: Uint8Array;
  score: Float64Array;
  length: number;
}

function makeChunk(): Chunk {
  return {
    race: new Uint8Array(CHUNK),
    sex: new Uint8Array(CHUNK),
    predicted: new Uint8Array(CHUNK),
    outcome: new Uint8Array(CHUNK),
    score: new Float64Array(CHUNK),
    length: 0,
  };
}

const RACE_SHARES = [0.5, 0.34, 0.09, 0.04, 0.02, 0.01];

function fill(chunk: Chunk, index: number, length: number): void {
  let s = (index * 2654435761 + 1) >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  for (let i = 0; i < length; i++) {
    const u = next();
    let r = 0;
    for (let acc = RACE_SHARES[0]!; u > acc && r < RACE_SHARES.length - 1; ) acc += RACE_SHARES[++r]!;
    chunk.race[i] = r;
    chunk.sex[i] = next() < 0.8 ? 0 : 1;
    const risk = 0.3 + 0.05 * r + 0.05 * chunk.sex[i]!;
    const y = next() < risk ? 1 : 0;
    chunk.outcome[i] = y;
    const decile = Math.min(
      10,
      Math.max(1, Math.round(5 + (y ? 2 : -1) + r * 0.3 + 2.5 * (next() - 0.5) * 2)),
    );
    chunk.score[i] = decile;
    chunk.predicted[i] = decile >= 5 ? 1 : 0;
  }
  chunk.length = length;
}

interface Memory {
  rows: number;
  rssMb: number;
  heapMb: number;
}

function memory(rows: number): Memory {
  const m = process.memoryUsage();
  return { rows, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 };
}

/** Runs `consume` over all rows chunk by chunk, timing only consumption (not generation). */
async function pass(
  consume: (chunk: Chunk) => void,
  between?: () => Promise<void>,
): Promise<{ seconds: number; memory: Memory[] }> {
  const chunk = makeChunk();
  const samples: Memory[] = [];
  let seconds = 0;
  let done = 0;
  let nextCheckpoint = 0;
  for (let c = 0; done < ROWS; c++) {
    const length = Math.min(CHUNK, ROWS - done);
    fill(chunk, c, length);
    const t = performance.now();
    consume(chunk);
    if (between) await between();
    seconds += (performance.now() - t) / 1000;
    done += length;
    while (nextCheckpoint < CHECKPOINTS.length && done >= CHECKPOINTS[nextCheckpoint]!) {
      samples.push(memory(CHECKPOINTS[nextCheckpoint]!));
      nextCheckpoint++;
    }
  }
  return { seconds, memory: samples };
}

const attributes = ['race', 'sex'];
const RACES = ['White', 'Black', 'Asian', 'Mixed', 'Other', 'Unknown'];
const SEXES = ['Male', 'Female'];

function audited(acc: AuditAccumulator): (chunk: Chunk) => void {
  const raceIds = RACES.map((v) => acc.valueId(0, v));
  const sexIds = SEXES.map((v) => acc.valueId(1, v));
  const ids = new Int32Array(2);
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      ids[0] = raceIds[chunk.race[i]!]!;
      ids[1] = sexIds[chunk.sex[i]!]!;
      acc.add(acc.cellOf(ids), chunk.predicted[i]!, chunk.outcome[i]!, chunk.score[i]!);
    }
  };
}

const fmtRate = (rows: number, s: number) => `${(rows / s / 1e6).toFixed(2)} M rows/s`;
const fmtMem = (m: Memory[]) =>
  m.map((x) => `${x.rows / 1e6}M: RSS ${x.rssMb.toFixed(0)} MB, heap ${x.heapMb.toFixed(0)} MB`).join('; ');

console.log(
  `fairness benchmark: ${ROWS.toLocaleString('en-GB')} synthetic rows, 2 attributes (6 x 2) + intersections`,
);
console.log(
  `cores available: ${os.availableParallelism()}; bootstrap workers: ${WORKERS}; replicates: ${REPLICATES}`,
);

// Baseline: read every field of every row.
let sink = 0;
const baseline = await pass((chunk) => {
  let s = 0;
  for (let i = 0; i < chunk.length; i++) {
    s += chunk.race[i]! + chunk.sex[i]! + chunk.predicted[i]! + chunk.outcome[i]! + chunk.score[i]!;
  }
  sink += s;
});
console.log(
  `baseline (bare loop over the rows):   ${fmtRate(ROWS, baseline.seconds)}  (${baseline.seconds.toFixed(2)} s)`,
);

// Single pass: counts and score histograms, no bootstrap.
const single = new AuditAccumulator({ attributes, scores: true });
const singleRun = await pass(audited(single));
const t0 = performance.now();
const singleReport = buildReport(
  single.state(),
  {
    mapping: { prediction: 'p', outcome: 'y', groups: attributes, score: 's' },
    intersections: true,
    bootstrap: 0,
  },
  { rowsRead: ROWS, rowsKept: ROWS },
  null,
);
const singleReportSeconds = (performance.now() - t0) / 1000;
console.log(
  `single pass (no bootstrap):           ${fmtRate(ROWS, singleRun.seconds)}  (${singleRun.seconds.toFixed(2)} s; ` +
    `${(baseline.seconds / singleRun.seconds).toPrecision(3)}x the baseline's speed; report ${singleReportSeconds.toFixed(2)} s)`,
);
console.log(`  memory: ${fmtMem(singleRun.memory)}`);

// Full audit with the bootstrap drawn per cell (same distribution, cost independent of rows).
if (REPLICATES > 0) {
  const cellsAcc = new AuditAccumulator({ attributes, scores: true });
  const cellsRun = await pass(audited(cellsAcc));
  const t2 = performance.now();
  const state = cellsAcc.state();
  buildReport(
    state,
    {
      mapping: { prediction: 'p', outcome: 'y', groups: attributes, score: 's' },
      intersections: true,
      bootstrap: REPLICATES,
      bootstrapMethod: 'cells',
    },
    { rowsRead: ROWS, rowsKept: ROWS },
    cellBootstrap(state.counts, REPLICATES, 1),
  );
  const tail = (performance.now() - t2) / 1000;
  const total = cellsRun.seconds + tail;
  console.log(
    `full audit, bootstrap per cell (${REPLICATES} replicates, 1 thread): ${fmtRate(ROWS, total)}  (${total.toFixed(2)} s ` +
      `incl. ${tail.toFixed(2)} s for replicates and report; ${(baseline.seconds / total).toPrecision(3)}x the baseline's speed)`,
  );
  console.log(`  memory: ${fmtMem(cellsRun.memory)}`);
}

// Full audit: a Poisson(1) weight per row and replicate, replicates spread over worker threads.
if (REPLICATES > 0) {
  const pool = new BootstrapPool(REPLICATES, 1, WORKERS);
  const full = new AuditAccumulator({ attributes, scores: true, sink: pool.sink });
  const fullRun = await pass(audited(full), () => pool.ready());
  const t1 = performance.now();
  full.flush();
  const replicates = await pool.finish(full.cells);
  const report = buildReport(
    full.state(),
    {
      mapping: { prediction: 'p', outcome: 'y', groups: attributes, score: 's' },
      intersections: true,
      bootstrap: REPLICATES,
    },
    { rowsRead: ROWS, rowsKept: ROWS },
    replicates,
  );
  const tail = (performance.now() - t1) / 1000;
  const total = fullRun.seconds + tail;
  console.log(
    `full audit, bootstrap per row (${REPLICATES} replicates, ${pool.threads} workers): ${fmtRate(ROWS, total)}  (${total.toFixed(1)} s incl. ` +
      `${tail.toFixed(1)} s to drain and report; ${(baseline.seconds / total).toPrecision(3)}x the baseline's speed, ` +
      `${(singleRun.seconds / total).toPrecision(3)}x the single pass)`,
  );
  console.log(`  memory: ${fmtMem(fullRun.memory)}`);
  const g = report.groups.find((x) => x.value === 'Black')!;
  console.log(
    `  check: groups ${report.groups.length}, Black FPR ${g.fpr?.toFixed(4)} ` +
      `[${g.intervals.fpr?.lower.toFixed(4)}, ${g.intervals.fpr?.upper.toFixed(4)}]`,
  );
}
if (singleReport.groups.length === 0 || sink === 0) console.log('(unexpected empty result)');
