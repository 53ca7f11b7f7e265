import { describe, expect, it } from 'vitest';
import { AnalysisError } from './common.ts';
import { bng, metresBetween, movements, movementsSvg } from './movements.ts';
import { fix, plus } from './testing.ts';

const NINE = '2024-06-03T08:00:00Z'; // 09:00 BST

/** Stay A: a fix every 5 minutes from 09:00 to 10:00 at one place, one stray fix 1.1 km away at 09:30. */
function stayWithStray() {
  return Array.from({ length: 13 }, (_, i) =>
    i === 6
      ? fix(plus(NINE, 30), 51.51, -0.1, { id: 'stray' })
      : fix(plus(NINE, i * 5), 51.5 + (i % 2) * 0.0005, -0.1, { id: `a${i}` }),
  );
}

/** On the way north (10:10, 10:20), then stay B from 10:30 to 11:00, 2.2 km north of A. */
function journeyAndStayB() {
  return [
    fix(plus(NINE, 70), 51.507, -0.1, { id: 'w1' }),
    fix(plus(NINE, 80), 51.514, -0.1, { id: 'w2' }),
    ...[90, 100, 110, 120].map((m, i) => fix(plus(NINE, m), 51.52, -0.1, { id: `b${i}` })),
  ];
}

describe('movements', () => {
  it('merges a stay point found in fixes taken during a visit into that visit', () => {
    const visit = fix(NINE, 51.52, -0.1, {
      id: 'v1',
      type: 'visit',
      until: plus(NINE, 60),
      place: 'Cafe',
    });
    const during = [0, 30, 60].map((m, i) => fix(plus(NINE, m), 51.5201, -0.1, { id: `f${i}` }));
    const elsewhere = [120, 150].map((m, i) => fix(plus(NINE, m), 51.6, -0.1, { id: `g${i}` }));
    const { stays } = movements([visit, ...during, ...elsewhere]);
    expect(stays.map((s) => [s.place ?? null, s.recordIds])).toEqual([
      ['Cafe', ['v1', 'f0', 'f1', 'f2']],
      [null, ['g0', 'g1']],
    ]);
  });

  it('keeps a stay whole across one stray fix, and cites its fixes', () => {
    const { stays, journeys } = movements([...stayWithStray(), ...journeyAndStayB()]);
    expect(stays).toHaveLength(2);
    const [a, b] = stays;
    expect(a).toMatchObject({
      number: 1,
      source: 'fixes',
      arrival: { at: '2024-06-03T08:00:00.000Z', recordId: 'a0' },
      departure: { at: '2024-06-03T09:00:00.000Z', recordId: 'a12' },
      durationSeconds: 3600,
      noiseRecordIds: ['stray'],
      inGreatBritain: true,
    });
    expect(a!.recordIds).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a7', 'a8', 'a9', 'a10', 'a11', 'a12']);
    // Six of the twelve fixes are 0.0005 degrees north: the centroid is 0.00025 north of 51.5.
    expect(a!.lat).toBeCloseTo(51.50025, 8);
    expect(b).toMatchObject({ number: 2, durationSeconds: 1800, recordIds: ['b0', 'b1', 'b2', 'b3'] });
    expect(journeys).toEqual([
      {
        fromStay: 1,
        toStay: 2,
        start: { at: '2024-06-03T09:00:00.000Z', recordId: 'a12' },
        end: { at: '2024-06-03T09:30:00.000Z', recordId: 'b0' },
        durationSeconds: 1800,
        straightMetres: Math.round(metresBetween(a!, b!)),
        pathMetres: Math.round(metresBetween(a!, b!)),
        recordIds: ['w1', 'w2'],
        overlaps: false,
      },
    ]);
    // 0.01975 degrees of latitude on a sphere of 6,371,008.8 m is 2,196 m.
    expect(journeys[0]!.straightMetres).toBe(2196);
  });

  it('splits the stay at the stray fix under the original algorithm (no noise allowed)', () => {
    const { stays } = movements([...stayWithStray(), ...journeyAndStayB()], { noiseFixes: 0 });
    expect(stays.map((s) => [s.arrival.recordId, s.departure.recordId, s.durationSeconds / 60])).toEqual([
      ['a0', 'a5', 25],
      ['a7', 'a12', 25],
      ['b0', 'b3', 30],
    ]);
  });

  it('leaves out fixes too imprecise to place a stay, and names them', () => {
    // Stay A's fixes, then six mast fixes 3 km wide an hour apart, which alone would make a stay.
    const masts = Array.from({ length: 6 }, (_, i) =>
      fix(plus(NINE, 200 + i * 10), 51.6, -0.2, { id: `m${i}`, accuracyMetres: 3000 }),
    );
    const precise = { ...stayWithStray()[0]!, id: 'p0', accuracyMetres: 15 };
    const { stays, impreciseRecordIds } = movements([...stayWithStray(), precise, ...masts]);
    expect(stays.map((s) => s.recordIds[0])).toEqual(['a0']);
    expect(impreciseRecordIds).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    const loose = movements([...stayWithStray(), ...masts], { maxAccuracyMetres: 5000 });
    expect(loose.stays.map((s) => s.recordIds[0])).toEqual(['a0', 'm0']);
    expect(loose.impreciseRecordIds).toEqual([]);
  });

  it('drops a stop shorter than the time threshold', () => {
    const { stays } = movements(journeyAndStayB(), { minutesAtLeast: 31 });
    expect(stays).toEqual([]);
  });

  it('projects to British National Grid', () => {
    // The summit of Ben Nevis, WGS84 56.79680 N 5.00353 W, lies at about NN 16670 71270
    // (E 216670, N 771270); the Helmert shift is good to a few metres.
    const [e, n] = bng(56.7968, -5.00353);
    expect(Math.abs(e - 216_670)).toBeLessThan(20);
    expect(Math.abs(n - 771_270)).toBeLessThan(20);
  });

  it('takes visits as stays, numbered by arrival, and notes places outside Great Britain', () => {
    const visit = fix('2024-06-03T11:00:00Z', 48.8566, 2.3522, {
      id: 'v1',
      type: 'visit',
      until: '2024-06-03T12:30:00Z',
      place: '<script>alert(1)</script> Café',
    });
    const { stays, journeys } = movements([visit, ...journeyAndStayB()]);
    expect(stays.map((s) => [s.number, s.source, s.inGreatBritain])).toEqual([
      [1, 'fixes', true],
      [2, 'visit', false],
    ]);
    expect(stays[1]).toMatchObject({
      durationSeconds: 5400,
      recordIds: ['v1'],
      place: '<script>alert(1)</script> Café',
    });
    expect(journeys[0]).toMatchObject({ fromStay: 1, toStay: 2, durationSeconds: 3600, recordIds: [] });

    const svg = movementsSvg(stays, journeys, (s) => s.place ?? '');
    expect(svg).toBe(movementsSvg(stays, journeys, (s) => s.place ?? ''));
    expect(svg).toContain('role="img"');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Café');
    expect(svg).toContain('Easting (km, British National Grid EPSG:27700)');
    expect(svg).toContain('N (grid)');
    expect(svg).toMatch(/<text[^>]*>\d+ km<\/text>/);
    expect(svg).toContain('1 2024-06-03 10:30–11:00');
    expect(svg).toContain('2 2024-06-03 12:00–13:30');
    expect(svg).toContain('1 stay (red) outside Great Britain');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('names the record with an impossible position', () => {
    expect(() => movements([fix(NINE, 95, 0, { id: 'bad' })])).toThrow(AnalysisError);
    expect(() => movements([fix(NINE, 95, 0, { id: 'bad' })])).toThrow(/record bad .*latitude/);
  });

  it('finds stays in 100,000 fixes', () => {
    const many = Array.from({ length: 100_000 }, (_, i) =>
      fix(plus(NINE, i), 51.5 + Math.floor(i / 60) * 0.01, -0.1),
    );
    const { stays } = movements(many);
    // One place per hour: each hour's 60 fixes span 59 minutes.
    expect(stays).toHaveLength(Math.ceil(100_000 / 60));
  });
});
