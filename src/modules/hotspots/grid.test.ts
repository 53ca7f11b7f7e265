import { describe, expect, it } from 'vitest';
import { buildGrid, cellCentre, cellOf, maskBefore } from './grid.ts';
import { periodsOf } from './protocol.ts';
import { formatMinutes } from './time.ts';

describe('grid and mask', () => {
  const events = [
    { t: 0, x: 301, y: 1000, category: '' },
    { t: 5, x: 760, y: 1149.9, category: '' },
    { t: 10, x: 450, y: 1300, category: '' },
  ];
  it('snaps the origin down to the cell size and covers every event', () => {
    const grid = buildGrid(events, 150);
    expect(grid).toEqual({ x0: 300, y0: 900, cellSize: 150, ncols: 4, nrows: 3 });
    expect(cellOf(grid, 760, 1149.9)).toBe(1 * 4 + 3);
    expect(cellOf(grid, 299, 1000)).toBe(-1);
    expect(cellCentre(grid, 7)).toEqual([825, 1125]);
  });

  it('masks cells with an event strictly before the first period', () => {
    const grid = buildGrid(events, 150);
    expect(Array.from(maskBefore(grid, events, 10).cells)).toEqual([0, 7]);
  });
});

describe('periods', () => {
  it('steps months on the calendar and trains on the 12 months before', () => {
    const p = periodsOf({ start: '2022-02-01T00:00', step: 'P1M', count: 13, train: 'P12M' });
    expect(formatMinutes(p[0]?.trainStart as number)).toBe('2021-02-01T00:00');
    expect(formatMinutes(p[12]?.t0 as number)).toBe('2023-02-01T00:00');
    expect(formatMinutes(p[12]?.testEnd as number)).toBe('2023-03-01T00:00');
  });

  it('steps weeks and trains on 365 days', () => {
    const p = periodsOf({ start: '2019-01-01T00:00', step: 'P7D', count: 52, train: 'P365D' });
    expect(formatMinutes(p[0]?.trainStart as number)).toBe('2018-01-01T00:00');
    expect(formatMinutes(p[51]?.testEnd as number)).toBe('2019-12-31T00:00');
  });
});
