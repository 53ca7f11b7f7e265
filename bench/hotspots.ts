/**
 * Hot spot benchmark: every protocol in shared/benchmarks/hotspots plus the held-out protocols
 * in src/modules/hotspots/protocols (Vancouver, City of London), all six methods. Prints per
 * protocol: hit rate and PAI at 5% coverage, seconds spent building forecasts, the ratio of
 * open_cp's recorded seconds to ours (anchors.json, same kind of 2-core machine) and whether the
 * pooled hit counts equal open_cp's at every coverage.
 *
 * `npm run bench -- hotspots [--methods a,b] [--only name]`
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { prepareDataset } from '../src/modules/hotspots/dataset.ts';
import { evaluateMethod } from '../src/modules/hotspots/evaluate.ts';
import { loadProtocolEvents, mappingOf, readProtocol } from '../src/modules/hotspots/load.ts';
import { allMethods, type MethodName, methodNames } from '../src/modules/hotspots/methods/index.ts';
import { parseMethods } from '../src/modules/hotspots/run-protocol.ts';
import type { CrimeEvent } from '../src/modules/hotspots/types.ts';
import { projectRoot, sharedFile } from '../src/shared-data.ts';

interface AnchorMethod {
  status: string;
  seconds_total?: number;
  hit_rate?: Record<string, number>;
  hit_rate_r10?: Record<string, number>;
  total_hits?: Record<string, number>;
}
interface AnchorSet {
  protocol: string;
  methods: Record<string, AnchorMethod>;
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const methods: MethodName[] = parseMethods((arg('--methods') ?? methodNames.join(',')).split(','));
const only = arg('--only');

const benchDir = path.dirname(sharedFile('benchmarks', 'hotspots', 'anchors.json'));
const anchors = JSON.parse(readFileSync(path.join(benchDir, 'anchors.json'), 'utf8')) as {
  datasets: Record<string, AnchorSet>;
};
/** Held-out protocols (Vancouver, City of London): run and reported, never tuned on. */
const heldOutDir = path.join(projectRoot, 'src', 'modules', 'hotspots', 'protocols');
const anchorByProtocol = new Map(Object.values(anchors.datasets).map((a) => [a.protocol, a]));
const files = [
  ...readdirSync(benchDir)
    .filter((f) => f.endsWith('.json') && f !== 'anchors.json')
    .map((f) => path.join(benchDir, f)),
  ...readdirSync(heldOutDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(heldOutDir, f)),
].filter((f) => !only || path.basename(f).includes(only));

const r10Hits = (m: AnchorMethod): Record<string, number> =>
  Object.fromEntries(
    Object.entries(m.hit_rate_r10 ?? {}).map(([c, rate]) => [
      c,
      Math.round((rate * (m.total_hits?.[c] as number)) / (m.hit_rate?.[c] as number)),
    ]),
  );

const cache = new Map<string, CrimeEvent[]>();
const pad = (s: string, n: number) => s.padEnd(n);
const rows: string[] = [];
let ourTotal = 0;
let theirTotal = 0;

for (const file of files) {
  const { protocol, dataPath } = readProtocol(file);
  const key = `${dataPath}|${JSON.stringify(mappingOf(protocol))}|${protocol.projection}`;
  let events = cache.get(key);
  if (!events) {
    process.stderr.write(`${protocol.name}: reading ${path.basename(dataPath)}\n`);
    events = (await loadProtocolEvents(protocol, dataPath)).events;
    cache.set(key, events);
  }
  const dataset = prepareDataset(events, protocol);
  const anchor = anchorByProtocol.get(path.basename(file));
  const out = [
    '',
    `${protocol.name} (${dataset.study.cells.length} cells, ${dataset.periods.length} periods)${anchor ? '' : ' — no open_cp anchor'}`,
    `${pad('method', 12)}${pad('hit@5%', 9)}${pad('PAI@5%', 8)}${pad('hits@5%', 9)}${pad('anchor', 8)}${pad('seconds', 9)}${pad('open_cp s', 11)}${pad('speed-up', 10)}matches anchor`,
  ];
  for (const m of methods) {
    process.stderr.write(`${protocol.name}: ${m}\n`);
    const r = evaluateMethod(dataset, m, allMethods[m], { coverages: protocol.coverages });
    const ref = anchor?.methods[m];
    const refHits = ref?.status === 'ok' ? r10Hits(ref) : undefined;
    const match = refHits
      ? Object.keys(refHits).every((c) => refHits[c] === r.hits[c])
        ? 'yes (all coverages)'
        : `NO: ${JSON.stringify(r.hits)} vs ${JSON.stringify(refHits)}`
      : ref
        ? `open_cp ${ref.status}`
        : '-';
    const theirs = ref?.seconds_total;
    if (theirs !== undefined && ref?.status === 'ok') {
      ourTotal += r.seconds;
      theirTotal += theirs;
    }
    out.push(
      `${pad(m, 12)}${pad(`${((r.hitRate['0.05'] ?? 0) * 100).toFixed(2)}%`, 9)}${pad((r.pai['0.05'] ?? 0).toFixed(2), 8)}` +
        `${pad(String(r.hits['0.05']), 9)}${pad(refHits ? String(refHits['0.05']) : '-', 8)}${pad(r.seconds.toFixed(2), 9)}` +
        `${pad(theirs !== undefined ? theirs.toFixed(1) : '-', 11)}${pad(theirs !== undefined && ref?.status === 'ok' ? `${(theirs / r.seconds).toFixed(0)}x` : '-', 10)}${match}`,
    );
  }
  console.log(out.join('\n'));
  rows.push(...out);
}
if (theirTotal > 0) {
  console.log(
    `\nreference methods with an anchor: ${ourTotal.toFixed(1)} s here vs ${theirTotal.toFixed(1)} s in open_cp (${(theirTotal / ourTotal).toFixed(0)}x)`,
  );
}
