import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedRunInput } from '../../../oversight/run-input.ts';
import { startRun } from '../../../oversight/runs.ts';
import { drainRuns } from '../../../oversight/workers.ts';
import { demoCast } from '../../../register/demo.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { demoSystem } from '../../../test/systems.ts';
import { londonToday } from '../../../transparency/today.ts';
import type { PublicGeoJson } from './forecast-maps.ts';

let t: TestApp;
let system: { id: string; reference: string };
let other: { id: string; reference: string };

interface TopCell {
  rank: number;
  cell: number;
  risk: number;
}
interface Made {
  id: string;
  reference: string;
  topCells: TopCell[];
}

let old: Made;
let amended: Made;
let recent: Made;
let unreviewed: Made;

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/**
 * Recorded crimes over an 18 km square (so fine cell numbers run into five digits): one in each
 * of 200 scattered 150 m cells, and dense clusters in the north-east, in the year before `t0`.
 */
function eventsBefore(t0: string) {
  const end = Date.parse(`${t0}Z`);
  let seed = 7;
  const rand = () => {
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  const events: Array<{ time: string; x: number; y: number; category: string }> = [];
  for (let i = 0; i < 200; i++) {
    events.push({
      time: iso(end - (1 + Math.floor(rand() * 360)) * day),
      x: 410_000 + Math.floor(rand() * 120) * 150 + 75,
      y: 550_000 + Math.floor(rand() * 120) * 150 + 75,
      category: 'Burglary',
    });
  }
  for (const [cx, cy, n] of [
    [425_000, 565_000, 40],
    [426_100, 566_300, 25],
    [423_700, 564_400, 15],
  ] as const) {
    for (let i = 0; i < n; i++) {
      events.push({
        time: iso(end - (1 + Math.floor(rand() * 300)) * day),
        x: cx + Math.floor(rand() * 3) * 150,
        y: cy + Math.floor(rand() * 3) * 150,
        category: 'Burglary',
      });
    }
  }
  return events;
}

/**
 * Runs the system on recorded crimes before `t0`. With `importId` the input is handed to the
 * runs service as the server builds it from a source (a caller's own `importId` is dropped).
 */
async function run(t0: string, importId?: string): Promise<Made> {
  const input = { events: eventsBefore(t0), crs: 'EPSG:27700', t0, ...(importId ? { importId } : {}) };
  const purpose = `Patrol plan from ${t0}`;
  let id: string;
  let reference: string;
  if (importId) {
    const cast = demoCast(t.database.db, t.demoForceId);
    ({ id, reference } = await startRun(t.services.runs, await cast('analyst'), system.id, {
      input,
      purpose,
    }));
    await drainRuns(t.services.runs);
  } else {
    ({ id, reference } = await t.run('analyst', system.id, { input, purpose }));
  }
  const opened = await t.call('officer', 'GET', `/api/runs/${id}`);
  return { id, reference, topCells: opened.json().output.topCells as TopCell[] };
}

async function review(made: Made, decision: 'accepted' | 'amended', keep?: number) {
  const amendedOutput =
    decision === 'amended'
      ? {
          ...(await t.call('officer', 'GET', `/api/runs/${made.id}`)).json().output,
          topCells: made.topCells.slice(0, keep).map((c, i) => ({ ...c, rank: i + 1 })),
        }
      : undefined;
  const res = await t.call('officer', 'POST', `/api/runs/${made.id}/review`, {
    decision,
    reasons: 'Matches what the neighbourhood team sees.',
    ...(amendedOutput ? { amendedOutput } : {}),
  });
  expect(res.statusCode, res.body).toBe(200);
}

/**
 * Makes a run look like one recorded before hot spot inputs were encrypted: its input in plain
 * JSON, nothing encrypted (such rows stay as they were and must still be read).
 */
async function storeInputInPlainJson(made: Made) {
  const db = t.database.db;
  const row = await db
    .selectFrom('runs')
    .select(['reference', 'input', 'input_encrypted'])
    .where('id', '=', made.id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('runs')
    .set({ input: JSON.stringify(storedRunInput(t.config.dataEncryptionKey, row)), input_encrypted: null })
    .where('id', '=', made.id)
    .execute();
}

/** The first of the current month in London: its period (the month) has not ended yet. */
function thisMonth(): string {
  return `${londonToday().slice(0, 7)}-01T00:00`;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  system = await demoSystem(db, t.demoForceId, {
    stage: 'live',
    moduleSettings: { method: 'kde', top: 5 },
  });
  other = await demoSystem(db, t.demoForceId, { index: 1, stage: 'trial' });
  old = await run('2020-11-01T00:00', 'police.uk:city-of-london-street-2018-04_2020-11.csv.gz');
  await review(old, 'accepted');
  amended = await run('2020-10-01T00:00');
  await review(amended, 'amended', 1);
  await storeInputInPlainJson(amended);
  recent = await run(thisMonth());
  await review(recent, 'accepted');
  unreviewed = await run('2020-09-01T00:00');
}, 180_000);

afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });
const page = () => `/forces/demo/ai/${system.reference}`;
const mapPage = (r: Made) => `${page()}/forecasts/${r.reference}`;

/** Fails when `text` holds a fine cell number of `made` as a number of its own, or a raw risk value. */
function expectNothingFine(text: string, made: Made[]) {
  for (const m of made) {
    for (const c of m.topCells) {
      expect(c.cell).toBeGreaterThan(9999);
      expect(text).not.toMatch(new RegExp(`(?<![\\d.])${c.cell}(?!\\d)`));
      expect(Number.isInteger(c.risk)).toBe(false);
      expect(text).not.toContain(String(c.risk));
      expect(text).not.toContain(`>${Number(c.risk.toPrecision(3)).toLocaleString('en-GB')}<`);
    }
  }
  expect(text).not.toMatch(/"cell"|"risk"|"events"|"topCells"/);
}

describe('public forecast maps of a hot spot system', () => {
  it('show released forecasts past the delay on the system’s public page, at 500 m, with their statements', async () => {
    const res = await get(page());
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Public forecast maps');
    expect(html).toContain(old.reference);
    expect(html).toContain(amended.reference);
    expect(html).not.toContain(recent.reference);
    expect(html).not.toContain(unreviewed.reference);
    // Two maps, server-rendered SVG, each stating its crime types, period and resolution.
    expect(html.match(/<svg class="bl-figure"/g)).toHaveLength(2);
    expect(html).toContain('ONE CRIME TYPE ONLY: Burglary');
    expect(html).toContain('1 Nov 2020 to 30 Nov 2020');
    expect(html).toContain('Grid cells: 500 m');
    expect(html).toContain('This is a 500 m summary');
    expect(html).toContain('published at least 28 days after the period');
    expect(html).toContain('a high share is a reason to look, not evidence about any person or place');
    // The police.uk caveat goes with the forecast built from police.uk data only.
    expect(html.match(/police\.uk locations are anonymised/g)?.length).toBeGreaterThanOrEqual(1);
    expect(html).toMatch(/The \d+ squares? of 500 m with the largest share of the forecast risk/);
    expect(html).toContain('Share of the forecast risk</text>');
    expect(html).not.toContain('Easting');
    expectNothingFine(html, [old, amended, recent, unreviewed]);
  });

  it('give each public forecast its own page and GeoJSON by run reference, and nothing else', async () => {
    const own = await get(mapPage(old));
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(`Public forecast map: 1 Nov 2020 to 30 Nov 2020`);
    expect(own.body).toContain(`id="map-${old.reference}"`);
    expect(own.body).toContain(`${mapPage(old)}/map.geojson`);
    expectNothingFine(own.body, [old]);

    for (const hidden of [recent, unreviewed]) {
      expect((await get(mapPage(hidden))).statusCode).toBe(404);
      expect((await get(`${mapPage(hidden)}/map.geojson`)).statusCode).toBe(404);
    }
    expect((await get(`/forces/demo/ai/${other.reference}/forecasts/${old.reference}`)).statusCode).toBe(404);
    expect((await get(`${page()}/forecasts/not-a-reference`)).statusCode).toBe(400);

    const geo = await get(`${mapPage(old)}/map.geojson`);
    expect(geo.statusCode).toBe(200);
    expect(geo.headers['content-type']).toContain('application/geo+json');
    expect(geo.headers['content-disposition']).toContain(`${old.reference}-public-map.geojson`);
    expectNothingFine(geo.body, [old, amended]);
    const fc = geo.json() as PublicGeoJson;
    expect(fc.forecast).toMatchObject({
      reference: old.reference,
      cellSize: 500,
      delayDays: 28,
      period: { start: '2020-11-01', end: '2020-12-01' },
      crimeTypes: ['Burglary'],
    });
    expect(fc.forecast.notices.join(' ')).toContain('police.uk locations are anonymised');
    expect(fc.features.length).toBeGreaterThan(0);
    for (const f of fc.features) {
      expect(Object.keys(f).sort()).toEqual(['geometry', 'properties', 'type']);
      expect(Object.keys(f.properties).sort()).toEqual(['rank', 'sharePercent']);
      // A 500 m square is about 0.0045° of latitude wide.
      const lats = f.geometry.coordinates[0]!.map((p) => p[1]!);
      expect(Math.max(...lats) - Math.min(...lats)).toBeGreaterThan(0.004);
    }
    const total = fc.features.reduce((a, f) => a + f.properties.sharePercent, 0);
    expect(total).toBeGreaterThan(99.9);
    expect(total).toBeLessThan(100.1);
  });

  it('draw an amended forecast as the reviewer left it', async () => {
    const fc = (await get(`${mapPage(amended)}/map.geojson`)).json() as PublicGeoJson;
    // One 150 m cell left: it overlaps at most four 500 m squares.
    const ranked = fc.features.filter((f) => f.properties.rank !== null);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.length).toBeLessThanOrEqual(4);
    // The rest of the study area comes from the run's input (here an older one in plain JSON).
    expect(fc.features.length).toBeGreaterThan(ranked.length);
    expect(fc.forecast.notices.join(' ')).not.toContain('police.uk');
  });

  it('list the public forecasts as data, and none for other systems', async () => {
    const res = await get(`/api/public/forces/demo/systems/${system.reference}/forecasts`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { policy: unknown; forecasts: Array<{ reference: string; geojson: string }> };
    expect(body.policy).toEqual({ cellSize: 500, delayDays: 28 });
    expect(body.forecasts.map((f) => f.reference)).toEqual([old.reference, amended.reference]);
    expect(body.forecasts[0]!.geojson).toBe(`${mapPage(old)}/map.geojson`);
    expectNothingFine(res.body, [old, amended, recent, unreviewed]);

    const none = await get(`/api/public/forces/demo/systems/${other.reference}/forecasts`);
    expect(none.json().forecasts).toEqual([]);
    // The other system's record is not approved for publication (its checks fail), so it has
    // no public page at all; either way it shows no forecast maps.
    const otherPage = await get(`/forces/demo/ai/${other.reference}`);
    expect(otherPage.body).not.toContain('Public forecast maps');
  });

  it('draws the study area from an encrypted input, which stays out of plain JSON', async () => {
    const row = await t.database.db
      .selectFrom('runs')
      .select(['input', 'input_encrypted'])
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow();
    expect(row.input).toBeNull();
    expect(row.input_encrypted!.toString('latin1')).not.toMatch(/"x":|Burglary|EPSG|2020-/);
    const fc = (await get(`${mapPage(old)}/map.geojson`)).json() as PublicGeoJson;
    expect(fc.features.some((f) => f.properties.rank === null)).toBe(true);
    const html = (await get(mapPage(old))).body;
    expect(html).not.toMatch(/"events"|&quot;events&quot;/);
  });

  it('keeps the full forecast for the force (the checks above are not vacuous)', async () => {
    const internal = await t.call('officer', 'GET', `/api/runs/${old.id}`);
    expect(internal.body).toContain(String(old.topCells[0]!.risk));
    expect(internal.body).toContain(`"cell":${old.topCells[0]!.cell}`);
  });
});

describe('A forecast whose public map cannot be drawn', () => {
  it('is left out of the public list, as its map page is not found', async () => {
    const broken = await run('2020-08-01T00:00');
    await review(broken, 'accepted');
    const row = await t.database.db
      .selectFrom('runs')
      .select('output')
      .where('id', '=', broken.id)
      .executeTakeFirstOrThrow();
    const output = typeof row.output === 'string' ? JSON.parse(row.output) : row.output;
    await t.database.db
      .updateTable('runs')
      .set({
        output: JSON.stringify({ ...output, grid: { ...output.grid, cellSize: -1 }, topCells: 'none' }),
      })
      .where('id', '=', broken.id)
      .execute();
    expect((await get(mapPage(broken))).statusCode).toBe(404);
    const res = await get(`/api/public/forces/demo/systems/${system.reference}/forecasts`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { forecasts: Array<{ reference: string }> };
    expect(body.forecasts.map((f) => f.reference)).toEqual([old.reference, amended.reference]);
  });
});
