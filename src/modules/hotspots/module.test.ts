import { describe, expect, it } from 'vitest';
import { encryptsInput } from '../contract.ts';
import { forecast } from './forecast-api.ts';
import { hotspotsModule } from './module.ts';
import { at } from './testing.ts';

const events = [
  ...Array.from({ length: 5 }, (_, k) => ({
    time: `2024-01-0${k + 1}T10:00`,
    x: 1075,
    y: 2075,
    category: 'Burglary',
  })),
  { time: '2024-01-02T10:00', x: 1375, y: 2075, category: 'Burglary' },
  { time: '2024-01-20T10:00', x: 1675, y: 2375, category: 'Burglary' },
];
/** One old crime in each of 37 other cells, so the study area has 40 cells and the 5% cap allows 2. */
const background = Array.from({ length: 37 }, (_, k) => ({
  time: '2024-01-01T00:00',
  x: 10_075 + k * 150,
  y: 2075,
  category: 'Vehicle crime',
}));

describe('hotspotsModule', () => {
  it('has its input (exact crime times and places) stored encrypted, though its outputs are not personal', () => {
    expect(hotspotsModule.personalData).toBe(false);
    expect(hotspotsModule.sensitiveInput).toBe(true);
    expect(encryptsInput(hotspotsModule)).toBe(true);
    expect(encryptsInput({ personalData: true })).toBe(true);
    expect(encryptsInput({ personalData: false })).toBe(false);
  });

  it('ranks cells by forecast risk and explains itself', () => {
    const input = hotspotsModule.inputSchema.parse({
      events: [...events, ...background],
      crs: 'EPSG:27700',
      t0: '2024-02-01T00:00',
    });
    const settings = hotspotsModule.settingsSchema.parse({ method: 'naive', top: 2 });
    const { output, explanation } = hotspotsModule.run(input, settings);
    expect(hotspotsModule.outputSchema.parse(output)).toEqual(output);
    expect(output.studyCells).toBe(40);
    expect(output.trainingEvents).toBe(44);
    expect(output.topCells[0]).toMatchObject({ rank: 1, x: 1125, y: 2025, risk: 5 });
    expect(output.topCells).toHaveLength(2);
    expect(output.crimeTypes).toEqual(['Burglary', 'Vehicle crime']);
    expect(explanation).toMatch(/used 44 recorded crimes/);
  });

  it('never selects more than the coverage cap, however many cells are asked for', () => {
    const input = hotspotsModule.inputSchema.parse({
      events: [...events, ...background],
      crs: 'EPSG:27700',
      t0: '2024-02-01T00:00',
    });
    const { output } = hotspotsModule.run(
      input,
      hotspotsModule.settingsSchema.parse({ method: 'naive', top: 30 }),
    );
    expect(output.coverageCap).toBe(2);
    expect(output.topCells).toHaveLength(2);
    const wider = hotspotsModule.run(
      input,
      hotspotsModule.settingsSchema.parse({ method: 'naive', top: 30, maxCoverage: 0.1 }),
    );
    expect(wider.output.topCells).toHaveLength(4);
    expect(() => hotspotsModule.settingsSchema.parse({ maxCoverage: 0.5 })).toThrow();
  });

  it('defaults to the Bluelamp forecaster and ignores events at or after t0', () => {
    const input = hotspotsModule.inputSchema.parse({ events, crs: 'EPSG:27700', t0: '2024-01-03T00:00' });
    const { output } = hotspotsModule.run(input, hotspotsModule.settingsSchema.parse({}));
    expect(output.method).toBe('bluelamp');
    expect(output.trainingEvents).toBe(3);
    expect(output.studyCells).toBe(2);
  });
});

describe('forecast', () => {
  it('returns a risk surface over the study cells', () => {
    const grid = { x0: 0, y0: 0, cellSize: 150, ncols: 3, nrows: 1 };
    const surface = forecast(
      [at(0, 0, 1), at(2, 0, 2), at(2, 0, 99)],
      grid,
      Int32Array.from([0, 2]),
      50,
      'naive',
      {
        crs: 'EPSG:27700',
      },
    );
    expect(Array.from(surface.risk)).toEqual([1, 1]);
    expect(surface.crs).toBe('EPSG:27700');
  });
});

describe('hotspotsModule.evaluate', () => {
  it('scores rolling-origin forecasts at 5% coverage', () => {
    // 40 cells with one old event each; cell A is hot every week, so naive always selects it (n = 2).
    const base = Array.from({ length: 40 }, (_, k) => ({
      time: '2024-01-01T00:00',
      x: 75 + 150 * k,
      y: 75,
      category: '',
    }));
    const hot = Array.from({ length: 8 }, (_, w) => ({
      time: `2024-02-${String(1 + 7 * (w % 4)).padStart(2, '0')}T12:00`,
      x: 75,
      y: 75,
      category: '',
    }));
    const input = { events: [...base, ...hot], crs: 'EPSG:27700', t0: '2024-03-01T00:00' };
    const settings = hotspotsModule.settingsSchema.parse({ method: 'naive' });
    const result = hotspotsModule.evaluate?.(
      { input, periods: { start: '2024-02-08T00:00', step: 'P7D', count: 2, train: 'P60D' } },
      settings,
    );
    expect(result?.testEvents).toBe(4);
    expect(result?.hitRate5).toBe(1);
    expect(result?.pai5).toBe(20);
  });
});
