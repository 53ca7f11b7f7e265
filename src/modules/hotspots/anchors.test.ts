import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData, titleWith } from '../../test/shared.ts';
import { prepareDataset } from './dataset.ts';
import { evaluateMethod } from './evaluate.ts';
import { loadProtocolEvents, readProtocol } from './load.ts';
import { referenceMethods } from './methods/index.ts';
import type { CrimeEvent } from './types.ts';

/**
 * The reimplemented open_cp methods against open_cp's own pooled hit counts (anchors.json),
 * ranked on risks rounded to 10 significant digits (`hit_rate_r10`), on the full protocols.
 */
interface Anchor {
  n_masked: number;
  grid: { x0: number; y0: number; ncols: number; nrows: number };
  methods: Record<
    string,
    {
      status: string;
      hit_rate?: Record<string, number>;
      hit_rate_r10?: Record<string, number>;
      total_hits?: Record<string, number>;
    }
  >;
}

const anchorFile = sharedData('benchmarks', 'hotspots', 'anchors.json');
const anchors = (anchorFile.skip ? { datasets: {} } : JSON.parse(readFileSync(anchorFile.path, 'utf8'))) as {
  datasets: Record<string, Anchor>;
};

/** r10 hit counts: hit_rate_r10 × the number of test events (total_hits / hit_rate). */
function anchorHits(m: Anchor['methods'][string]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [c, rate] of Object.entries(m.hit_rate_r10 ?? {})) {
    const tests = (m.total_hits?.[c] as number) / (m.hit_rate?.[c] as number);
    out[c] = Math.round(rate * tests);
  }
  return out;
}

async function check(name: string, file: string, events?: CrimeEvent[]): Promise<CrimeEvent[]> {
  const anchor = anchors.datasets[name] as Anchor;
  const { protocol, dataPath } = readProtocol(sharedData('benchmarks', 'hotspots', file).path);
  const all = events ?? (await loadProtocolEvents(protocol, dataPath)).events;
  const d = prepareDataset(all, protocol);
  expect({ ...d.study.grid, n: d.study.cells.length }).toEqual({
    x0: anchor.grid.x0,
    y0: anchor.grid.y0,
    cellSize: 150,
    ncols: anchor.grid.ncols,
    nrows: anchor.grid.nrows,
    n: anchor.n_masked,
  });
  for (const [method, fn] of Object.entries(referenceMethods)) {
    const ref = anchor.methods[method];
    const result = evaluateMethod(d, method, fn, { coverages: protocol.coverages });
    if (ref?.status === 'ok')
      expect({ method, hits: result.hits }).toEqual({ method, hits: anchorHits(ref) });
    else expect(Object.values(result.hitRate).every(Number.isFinite)).toBe(true);
  }
  return all;
}

describe.skipIf(anchorFile.skip)(titleWith(anchorFile, 'open_cp anchors'), () => {
  it('Chicago: grid, mask and every method at every coverage', async () => {
    await check('chicago', 'chicago-assault-2019.json');
  });

  it('Northumbria burglary and violence: grid, mask and every method (seppexp failed in open_cp)', async () => {
    const events = await check('northumbria_burglary', 'northumbria-burglary.json');
    await check('northumbria_violence', 'northumbria-violence.json', events);
  });
});
