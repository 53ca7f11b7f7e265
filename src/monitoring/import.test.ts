import { describe, expect, it } from 'vitest';
import { barChart, lineChart, ticks } from './charts.ts';
import { checkDrafts, draftsFromCsv, draftsFromJson, parseObservedAt } from './import.ts';
import { parseMultipart } from './multipart.ts';

const ctx = {
  metrics: ['hit-rate-5pc', 'coverage-share'],
  groups: ['Urban', 'Rural'],
  now: new Date('2026-06-01T00:00:00Z'),
};
const messages = (issues: Array<{ path: string; message: string }>) =>
  issues.map((i) => `${i.path}: ${i.message}`);

describe('outcome files', () => {
  it('reads a CSV with any metric columns, empty cells meaning not observed', () => {
    const csv = [
      'observed_at,group,run_reference,hit-rate-5pc,coverage-share',
      '2026-05-01,Urban,R-ABCD-EFGH,0.25,0.05',
      '2026-05-02T10:30:00+01:00,,, 0.3 ,',
    ].join('\n');
    const { drafts, issues } = draftsFromCsv(csv);
    expect(issues).toEqual([]);
    const { rows } = checkDrafts(drafts, ctx);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ where: 'line 2', group: 'Urban', runReference: 'R-ABCD-EFGH' });
    expect(rows[0]!.metrics).toEqual({ 'hit-rate-5pc': 0.25, 'coverage-share': 0.05 });
    expect(rows[1]!.observedAt.toISOString()).toBe('2026-05-02T09:30:00.000Z');
    expect(rows[1]!.metrics).toEqual({ 'hit-rate-5pc': 0.3 });
  });

  it('reports every problem with its line and field, and keeps no row when any is wrong', () => {
    const csv = [
      'observed_at,group,run_reference,hit-rate-5pc',
      '2026-05-01,Urban,,0.2',
      '2026-05-02,Urbn,,0.2',
      '',
      '2026-02-30,,,0.2',
      '2026-05-04,,X-1,abc',
      '2027-01-01,,,0.1',
      '2026-05-05,,,',
    ].join('\n');
    const { drafts } = draftsFromCsv(csv);
    const { rows, issues } = checkDrafts(drafts, ctx);
    expect(rows).toEqual([]);
    expect(messages(issues)).toEqual([
      'line 3, field group: must be one of Urban, Rural (or empty)',
      'line 5, field observed_at: must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
      'line 6, field run_reference: must be a run reference like R-4F7K-2M9Q',
      'line 6, field hit-rate-5pc: must be a number',
      'line 7, field observed_at: must not be in the future',
      'line 8: has no metric values',
    ]);
  });

  it('checks the header: observed_at, known metrics, no duplicates; and malformed CSV', () => {
    expect(messages(draftsFromCsv('group,hit-rate-5pc,hit-rate-5pc\nUrban,1,1').issues)).toEqual([
      'line 1, field hit-rate-5pc: appears twice',
      'line 1, field observed_at: column is missing',
    ]);
    const unknown = draftsFromCsv('observed_at,recall\n2026-05-01,0.5');
    expect(messages(checkDrafts(unknown.drafts, ctx).issues)).toEqual([
      'line 2, field recall: is not a metric of this system (hit-rate-5pc, coverage-share)',
    ]);
    expect(messages(draftsFromCsv('observed_at,hit-rate-5pc\n2026-05-01,0.5,9').issues)).toEqual([
      'line 2: Invalid Record Length: expect 2, got 3',
    ]);
    expect(messages(draftsFromCsv('').issues)).toEqual(['file: is empty']);
  });

  it('names JSON fields as sent', () => {
    const drafts = draftsFromJson([{ observedAt: 'yesterday', metrics: { 'hit-rate-5pc': '1' } }]);
    expect(messages(checkDrafts(drafts, ctx).issues)).toEqual([
      'item 1, field observedAt: must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
    ]);
    expect(parseObservedAt('2026-05-01')!.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parseObservedAt('2026-13-01')).toBeNull();
  });

  it('reads a multipart upload with its fields and file', () => {
    const body = Buffer.from(
      [
        '--XyZ',
        'Content-Disposition: form-data; name="_csrf"',
        '',
        'token-1',
        '--XyZ',
        'Content-Disposition: form-data; name="file"; filename="outcomes.csv"',
        'Content-Type: text/csv',
        '',
        'observed_at,hit-rate-5pc\r\n2026-05-01,0.2\r\n',
        '--XyZ--',
        '',
      ].join('\r\n'),
    );
    expect(parseMultipart(body, 'multipart/form-data; boundary=XyZ')).toEqual([
      { name: '_csrf', filename: null, value: 'token-1' },
      { name: 'file', filename: 'outcomes.csv', value: 'observed_at,hit-rate-5pc\r\n2026-05-01,0.2\r\n' },
    ]);
  });
});

describe('charts', () => {
  it('are labelled images with escaped text, one polyline per unbroken run of values', () => {
    const svg = lineChart({
      id: 'c1',
      title: 'Hit rate <5%>',
      desc: 'Two "windows"',
      labels: ['1 Mar', '2 Mar', '3 Mar'],
      series: [
        { name: 'Overall', values: [0.2, 0.3, 0.25] },
        { name: 'Rural', values: [0.1, null, 0.15] },
      ],
      threshold: { value: 0.18, label: 'Threshold 0.18' },
    });
    expect(svg).toContain('role="img" aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">Hit rate &#60;5%&#62;</title>');
    expect(svg).toContain('<desc id="c1-desc">Two &#34;windows&#34;</desc>');
    expect(svg.match(/<polyline/g)).toHaveLength(1); // Rural is broken by the gap: markers only
    expect(svg).toContain('stroke="#d4351c"');
    const bars = barChart({
      id: 'b',
      title: 'PSI',
      desc: 'd',
      bars: [{ label: 'x', value: 0.3 }],
      references: [{ value: 0.1, label: '0.1' }],
    });
    expect(bars.match(/<rect/g)).toHaveLength(1);
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
