import { describe, expect, it } from 'vitest';
import { AnalysisError } from './common.ts';
import { call, fix, message, plus } from './testing.ts';
import { timeline, timelineSvg } from './timeline.ts';

const START = '2024-05-01T10:00:00Z';

function run(count: number, from: string, stepMinutes: number, prefix: string, key = 'p1') {
  return Array.from({ length: count }, (_, i) =>
    message(plus(from, i * stepMinutes), key, { id: `${prefix}${i + 1}` }),
  );
}

describe('timeline', () => {
  it('finds a burst of ten records under five minutes apart, and not one of nine', () => {
    const records = [...run(10, START, 4, 'b'), ...run(9, '2024-05-02T10:00:00Z', 4, 'n')];
    const t = timeline(records);
    expect(t.bursts).toHaveLength(1);
    expect(t.bursts[0]).toMatchObject({
      count: 10,
      start: { recordId: 'b1', at: '2024-05-01T10:00:00.000Z' },
      end: { recordId: 'b10', at: '2024-05-01T10:36:00.000Z' },
      parties: ['p1'],
    });
    expect(t.bursts[0]!.recordIds).toEqual(Array.from({ length: 10 }, (_, i) => `b${i + 1}`));
  });

  it('ends a burst at a gap of exactly the threshold (the rule is strictly under)', () => {
    const records = [...run(5, START, 4, 'x'), ...run(5, plus(START, 16 + 5), 4, 'y')];
    expect(timeline(records).bursts).toHaveLength(0);
    expect(timeline(records, { burstMinRecords: 5 }).bursts.map((b) => b.count)).toEqual([5, 5]);
    expect(timeline(records, { burstGapMinutes: 5.5 }).bursts.map((b) => b.count)).toEqual([10]);
  });

  it('counts per local day across the end of BST', () => {
    const records = [
      // 23:30 UTC on 26 October 2024 is 00:30 BST on the 27th; BST ends at 01:00 UTC on the 27th.
      message('2024-10-26T23:30:00Z', 'p1', { id: 'm1' }),
      call('2024-10-27T23:30:00Z', 'p2', { id: 'c1' }),
      message('2024-10-27T23:59:00Z', 'p2', { id: 'm2', deleted: true, body: '' }),
      message('2024-10-26T22:59:00Z', 'p1', { id: 'm0' }),
    ];
    const t = timeline(records);
    expect(t.days).toEqual([
      { day: '2024-10-26', messages: 1, calls: 0, deleted: 0, recordIds: ['m0'] },
      { day: '2024-10-27', messages: 1, calls: 1, deleted: 1, recordIds: ['m1', 'c1', 'm2'] },
    ]);
    expect(t.deletions).toEqual([
      { recordId: 'm2', at: '2024-10-27T23:59:00.000Z', key: 'p2', channel: 'sms' },
    ]);
    expect(t.newContacts).toEqual([
      { key: 'p1', day: '2024-10-26', first: { at: '2024-10-26T22:59:00.000Z', recordId: 'm0' } },
      { key: 'p2', day: '2024-10-27', first: { at: '2024-10-27T23:30:00.000Z', recordId: 'c1' } },
    ]);
  });

  it('reports a silence over 24 hours between messages, listing other records inside it', () => {
    const records = [
      fix('2024-04-30T10:00:00Z', 51.5, -0.1, { id: 'l0' }),
      message('2024-05-01T08:00:00Z', 'p1', { id: 'g1' }),
      fix('2024-05-02T12:00:00Z', 51.5, -0.1, { id: 'l1' }),
      message('2024-05-02T08:00:00Z', 'p1', { id: 'g2' }),
      message('2024-05-03T09:30:00Z', 'p2', { id: 'g3' }),
      fix('2024-05-04T12:00:00Z', 51.5, -0.1, { id: 'l2' }),
    ];
    const t = timeline(records);
    expect(t.gaps).toEqual([
      {
        from: { at: '2024-05-02T08:00:00.000Z', recordId: 'g2' },
        to: { at: '2024-05-03T09:30:00.000Z', recordId: 'g3' },
        hours: 25.5,
        otherRecordIds: ['l1'],
      },
    ]);
    expect(timeline(records, { gapHours: 30 }).gaps).toEqual([]);
  });

  it('refuses a bad threshold, naming it', () => {
    expect(() => timeline([], { burstMinRecords: 1 })).toThrow(AnalysisError);
    expect(() => timeline([], { gapHours: Number.NaN })).toThrow(/gapHours/);
  });
});

describe('timelineSvg', () => {
  it('draws bars, a burst, a gap and a deletion, accessibly and deterministically', () => {
    const records = [
      ...run(10, START, 1, 'b'),
      message('2024-05-03T12:00:00Z', 'p2', { id: 'd1', deleted: true, body: '' }),
      call('2024-05-03T13:00:00Z', 'p2', { id: 'c1' }),
    ];
    const t = timeline(records);
    const svg = timelineSvg(t);
    expect(svg).toBe(timelineSvg(timeline(records)));
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(
      /<desc id="device-timeline-desc">Daily messages and calls from 2024-05-01 to 2024-05-03: 10 messages and 1 call on 2 active days\./,
    );
    expect(svg).toContain('<title>Burst of 10 records from 2024-05-01T10:00:00.000Z</title>');
    expect(svg).toContain('<title>Gap of 49.85 hours</title>');
    expect(svg).toContain('<title>Deletion marker d1</title>');
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it('says so when there is nothing to draw', () => {
    expect(timelineSvg(timeline([]))).toContain('No messages or calls');
  });
});

describe('timeline at scale', () => {
  it('takes 100,000 records', () => {
    // A message every minute for 1,000 minutes, then a 30-hour silence, a hundred times over.
    const many = Array.from({ length: 100_000 }, (_, i) =>
      message(plus(START, Math.floor(i / 1000) * 2800 + (i % 1000)), `p${i % 50}`),
    );
    const t = timeline(many);
    expect(t.bursts).toHaveLength(100);
    expect(t.gaps).toHaveLength(99);
    expect(t.newContacts).toHaveLength(50);
  });
});
