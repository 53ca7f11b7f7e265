import { describe, expect, it } from 'vitest';
import { hotspotsModule } from '../module.ts';
import { minutesOf } from '../time.ts';
import { buildHotspotInput, recordedCrimeSquares } from './hotspot-run.ts';

describe('recordedCrimeSquares', () => {
  const t0 = minutesOf(2020, 6, 1);
  const at = (x: number, y: number, daysBefore: number, category = 'Burglary') => ({
    t: t0 - daysBefore * 1440,
    x,
    y,
    category,
  });

  it('counts every crime type of the training window per 150 m square', () => {
    const events = [
      at(530_010, 181_060, 10),
      at(530_090, 181_190, 20, 'Shoplifting'),
      at(530_160, 181_060, 30, 'Drugs'),
      at(530_010, 181_060, 400), // before the window
      at(530_010, 181_060, -1), // after t0
    ];
    const { cellSize, squares, crimeTypes } = recordedCrimeSquares(events, t0, 365);
    expect(cellSize).toBe(150);
    expect(crimeTypes).toEqual(['Burglary', 'Drugs', 'Shoplifting']);
    expect(squares).toEqual(
      expect.arrayContaining([
        [530_025, 181_125, 2],
        [530_175, 181_125, 1],
      ]),
    );
    expect(squares).toHaveLength(2);
  });
});

describe('a burglary forecast of the City of London', () => {
  it('finds the City dense in all crime, though sparse in burglary', async () => {
    const built = await buildHotspotInput({
      sourceId: 'city-of-london',
      crimeTypes: ['Burglary'],
      forecastMonth: '2020-06',
      trainDays: 365,
    });
    const all = built.input.recordedCrime!.squares.reduce((a, s) => a + s[2], 0);
    expect(all).toBeGreaterThan(built.input.events.length * 5);
    const settings = hotspotsModule.settingsSchema.parse({});
    const plan = hotspotsModule.run(built.input, settings).output.patrolPlan!;
    // At most an outlying cell at the City's edge, where neighbours' crime is not in its records.
    expect(plan.zones.rural.cells).toBeLessThanOrEqual(2);
    // Without the all-crime counts, burglary alone would make much of the City read as rural.
    const { recordedCrime: _, ...burglaryOnly } = built.input;
    const thin = hotspotsModule.run(burglaryOnly, settings).output.patrolPlan!;
    expect(thin.zones.rural.cells).toBeGreaterThan(10 * plan.zones.rural.cells);
  });
});
