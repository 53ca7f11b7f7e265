/**
 * 101 triage latency per message on one core (the process is single-threaded).
 *
 *   npm run bench -- triage [--rounds 5]
 *
 * Every hand-written contact of the triage data (train, validation and the spent test splits;
 * never the current test split) is classified as one
 * message, after a warm-up round, for several rounds. The baseline, measured in the same process
 * on the same messages, is a plain lower-case and split on spaces: the floor of any method that
 * reads the words. Target: p95 under 20 ms per message.
 */
import { turnsOf } from '../src/modules/triage/data.ts';
import { readSplit, TRAINING_SPLITS } from '../src/modules/triage/files.ts';
import { defaultTriage } from '../src/modules/triage/index.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROUNDS = arg('rounds', 5);
const messages = (['validation', ...TRAINING_SPLITS] as const).flatMap((s) =>
  readSplit(s).map((c) => turnsOf(c).join(' ')),
);
const triage = defaultTriage();

function timings(fn: (text: string) => unknown): number[] {
  for (const m of messages) fn(m);
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const m of messages) {
      const t0 = process.hrtime.bigint();
      fn(m);
      out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  return out.sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

let sink = 0;
const baseline = timings((text) => {
  sink += text.toLowerCase().split(/\s+/).length;
});
const full = timings((text) => {
  sink += triage.classify(text).reasons.length;
});

const row = (name: string, t: number[]) =>
  `${name.padEnd(28)} p50 ${quantile(t, 0.5).toFixed(3).padStart(8)} ms   p95 ${quantile(t, 0.95).toFixed(3).padStart(8)} ms   max ${t[t.length - 1]!.toFixed(3).padStart(8)} ms`;
console.log(`${messages.length} messages x ${ROUNDS} rounds, one core (node ${process.version})`);
console.log(row('baseline (lower + split)', baseline));
console.log(row('triage (rules + classifier)', full));
console.log(
  `ratio triage / baseline: p50 ${(quantile(full, 0.5) / quantile(baseline, 0.5)).toFixed(0)}x, p95 ${(quantile(full, 0.95) / quantile(baseline, 0.95)).toFixed(0)}x; ` +
    `target p95 < 20 ms: ${quantile(full, 0.95) < 20 ? 'met' : 'NOT met'}`,
);
if (sink < 0) console.log(sink);
