import { describe, expect, it } from 'vitest';
import { inputPage } from './input-pages.ts';

describe('a run input a page at a time', () => {
  const input = {
    crs: 'EPSG:27700',
    t0: '2023-12-01T00:00',
    events: Array.from({ length: 2_500 }, (_, i) => ({ n: i })),
    areas: ['a', 'b', 'c'],
  };
  it('counts every top-level list and returns the asked window of each, the rest whole', () => {
    const page = inputPage(input, 1_000, 1_000);
    expect(page.lists).toEqual({ events: 2_500, areas: 3 });
    const shown = page.input as typeof input;
    expect(shown.crs).toBe('EPSG:27700');
    expect(shown.t0).toBe('2023-12-01T00:00');
    expect(shown.events).toHaveLength(1_000);
    expect(shown.events[0]).toEqual({ n: 1_000 });
    expect(shown.events.at(-1)).toEqual({ n: 1_999 });
    expect(shown.areas).toEqual([]);
    expect((inputPage(input, 2_000, 1_000).input as typeof input).events).toHaveLength(500);
  });
  it('pages a list given as the whole input and passes anything else through', () => {
    expect(inputPage([1, 2, 3, 4], 1, 2)).toEqual({ lists: { '': 4 }, offset: 1, limit: 2, input: [2, 3] });
    expect(inputPage({ gender: 'male', sanctions: 5 }, 0, 10).input).toEqual({
      gender: 'male',
      sanctions: 5,
    });
    expect(inputPage(null, 0, 10).input).toBeNull();
  });
});
