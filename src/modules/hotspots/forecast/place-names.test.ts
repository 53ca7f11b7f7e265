import { describe, expect, it } from 'vitest';
import { labelsFromNamedEvents, placeName } from './place-names.ts';

const grid = { x0: 0, y0: 0, cellSize: 100, ncols: 10, nrows: 10 };
const ev = (name: string, x: number, y: number) => ({ t: 0, x, y, category: name });

describe('place names', () => {
  it('strips the police.uk prefix and drops generic place kinds', () => {
    expect(placeName('On or near High Street')).toBe('High Street');
    expect(placeName('On or near Supermarket')).toBeUndefined();
    expect(placeName('On or near Parking Area')).toBeUndefined();
    expect(placeName('')).toBeUndefined();
  });

  it('labels hot spot cells first with their most recorded name at its most used point', () => {
    const events = [
      ev('On or near Mill Lane', 150, 150),
      ev('On or near Mill Lane', 150, 150),
      ev('On or near Mill Lane', 160, 140),
      ev('On or near Church Road', 120, 130),
      ev('On or near Market Street', 850, 850),
      ev('On or near Market Street', 850, 850),
      ev('On or near Market Street', 850, 850),
      ev('On or near Market Street', 850, 850),
    ];
    const labels = labelsFromNamedEvents(events, grid, [11]);
    expect(labels[0]).toEqual({ name: 'Mill Lane', x: 150, y: 150 });
    expect(labels.map((l) => l.name)).toEqual(['Mill Lane', 'Market Street', 'Church Road']);
    expect(labelsFromNamedEvents(events, grid, [11], 2)).toHaveLength(2);
  });

  it('ranks the other labels by their busiest point, so a common name does not add up across towns', () => {
    const events = [
      ...Array.from({ length: 3 }, () => ev('On or near High Street', 100, 100)),
      ...Array.from({ length: 3 }, () => ev('On or near High Street', 900, 900)),
      ...Array.from({ length: 4 }, () => ev('On or near Mill Lane', 500, 500)),
    ];
    const labels = labelsFromNamedEvents(events, grid, []);
    expect(labels.map((l) => l.name)).toEqual(['Mill Lane', 'High Street']);
    expect(labels[0]).toEqual({ name: 'Mill Lane', x: 500, y: 500 });
  });
});
