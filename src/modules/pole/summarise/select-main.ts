import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../../../shared-data.ts';
import { crossValidate, gridPoints, METRICS, prepareMeetings } from './crossval.ts';
import { parseQmsum } from './qmsum.ts';
import type { RougeScores } from './rouge.ts';

/**
 * Chooses Bluelamp's weights by 5-fold cross-validation over the meetings of QMSum val and prints
 * the out-of-fold scores, the weights chosen per fold and on all of val (to be copied into
 * DEFAULT_WEIGHTS), and their in-sample scores.
 *
 *   npx tsx src/modules/pole/summarise/select-main.ts [FILE] [--json]
 */
const args = process.argv.slice(2);
const file =
  args.find((a) => !a.startsWith('--')) ?? path.join(sharedDir, 'data', 'summarising', 'qmsum', 'val.jsonl');
const started = Date.now();
const meetings = parseQmsum(readFileSync(file, 'utf8'), file);
const prepared = prepareMeetings(meetings);
const points = gridPoints();
const result = crossValidate(prepared, {
  points,
  repeatSeeds: [1, 2, 3, 4, 5],
  progress: (done) => {
    if (done % 1000 === 0) process.stderr.write(`grid ${done}/${points.length}\n`);
  },
});
const pct = (s: RougeScores) => METRICS.map((k) => (100 * s[k]).toFixed(2).padStart(6)).join(' ');
const table = (r: Record<string, RougeScores>) =>
  Object.entries(r).map(([m, s]) => `  ${m.padEnd(9)} ${pct(s)}`);
if (args.includes('--json')) console.log(JSON.stringify({ file, ...result }, null, 2));
else
  console.log(
    [
      `${meetings.length} meetings, ${result.folds} folds (seed ${result.seed}), ${result.points} grid points`,
      ...result.perFold.flatMap((f, i) => [
        `fold ${i}: meetings ${f.meetings.join(',')} weights ${JSON.stringify(f.weights)}`,
        ...table(f.heldOut),
      ]),
      'out-of-fold (R1 R2 RL):',
      ...table(result.outOfFold),
      'out-of-fold Bluelamp with folds drawn from other seeds (R1 R2 RL):',
      ...result.repeats.map((r) => `  seed ${String(r.seed).padEnd(4)} ${pct(r.bluelamp)}`),
      `chosen on all of val: ${JSON.stringify(result.chosen)}`,
      'in-sample, chosen weights (R1 R2 RL):',
      ...table(result.inSample),
      `${((Date.now() - started) / 1000).toFixed(0)} s`,
    ].join('\n'),
  );
