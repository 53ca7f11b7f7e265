import { describe, expect, it } from 'vitest';
import {
  checkPatrols,
  type PatrolRun,
  patrolDraftsFromCsv,
  patrolDraftsFromJson,
  patrolShares,
} from './model.ts';

const grid = { x0: 530_000, y0: 180_000, cellSize: 150, ncols: 20, nrows: 20 };
const released: PatrolRun = {
  id: '11111111-1111-4111-8111-111111111111',
  reference: 'R-AAAA-BBBB',
  status: 'released',
  grid,
  period: { start: '2020-11-01', end: '2020-12-01' },
};
const waiting: PatrolRun = {
  ...released,
  id: '22222222-2222-4222-8222-222222222222',
  reference: 'R-CCCC-DDDD',
  status: 'awaiting_review',
};
const ctx = { runs: [released, waiting], today: '2026-01-01' };
const messages = (issues: Array<{ path: string; message: string }>) =>
  issues.map((i) => `${i.path}: ${i.message}`);

describe('patrol files', () => {
  it('reads cells or British National Grid coordinates, mapped to the forecast grid', () => {
    const csv = [
      'run_reference,patrol_date,patrol_end,cell,easting,northing,minutes',
      'R-AAAA-BBBB,2020-11-03,,21,,,45',
      'r-aaaa-bbbb,2020-11-04,2020-11-10,,530230,180310,120.5',
    ].join('\n');
    const { drafts, issues } = patrolDraftsFromCsv(csv);
    expect(issues).toEqual([]);
    const checked = checkPatrols(drafts, ctx);
    expect(checked.issues).toEqual([]);
    expect(checked.rows).toEqual([
      expect.objectContaining({
        where: 'line 2',
        cell: 21,
        patrolFrom: '2020-11-03',
        patrolTo: '2020-11-03',
        minutes: 45,
      }),
      expect.objectContaining({
        cell: 41,
        patrolTo: '2020-11-10',
        easting: 530_230,
        northing: 180_310,
        minutes: 120.5,
      }),
    ]);
  });

  it('reports every problem with its line and field, and keeps nothing when any is wrong', () => {
    const csv = [
      'run_reference,patrol_date,patrol_end,cell,easting,northing,minutes',
      'R-AAAA-BBBB,2020-11-03,,21,,,45',
      'R-AAAA-BBBB,2020-10-31,,21,,,45',
      'R-AAAA-BBBB,2020-11-31,,21,,,45',
      'R-ZZZZ-ZZZZ,2020-11-03,,21,,,45',
      'R-AAAA-BBBB,2020-11-03,,400,,,45',
      'R-AAAA-BBBB,2020-11-03,,,1,2,45',
      'R-AAAA-BBBB,2020-11-03,,,,,0',
      'R-AAAA-BBBB,2020-11-03,2020-11-01,3,,,ten',
      'X-1,2020-11-03,,3,,,5',
    ].join('\n');
    const checked = checkPatrols(patrolDraftsFromCsv(csv).drafts, ctx);
    expect(checked.rows).toEqual([]);
    expect(messages(checked.issues)).toEqual([
      'line 3, field patrol_date: must fall within the forecast period of R-AAAA-BBBB, 2020-11-01 to 2020-11-30',
      'line 4, field patrol_date: must be a date such as 2020-11-03',
      'line 5, field run_reference: is not a forecast of this system',
      "line 6, field cell: is not a cell of the forecast's grid (0 to 399)",
      "line 7, field easting: with northing is outside the forecast's grid (eastings 530000 to 533000, northings 180000 to 183000)",
      'line 8, field cell: is required (or easting and northing)',
      'line 8, field minutes: must be more than 0',
      'line 9, field patrol_end: must be on or after the patrol date',
      'line 9, field minutes: must be a number of minutes',
      'line 10, field run_reference: must be a run reference like R-4F7K-2M9Q',
    ]);
  });

  it('refuses unknown columns (no officer names), missing columns, and a missing run', () => {
    expect(
      messages(patrolDraftsFromCsv('patrol_date,cell,minutes,officer\n2020-11-03,1,5,PC Smith').issues),
    ).toEqual([
      'line 1, field officer: is not a column of a patrol file (run_reference, patrol_date, patrol_end, cell, easting, northing, minutes)',
      'line 1, field run_reference: column is missing (name the forecast each patrol was planned from)',
    ]);
    expect(messages(patrolDraftsFromCsv('run_reference,easting,minutes\n').issues)).toEqual([
      'line 1, field patrol_date: column is missing',
      'line 1, field cell: column is missing (or give easting and northing columns)',
    ]);
    const oneRun = patrolDraftsFromCsv('patrol_date,cell,minutes\n2020-11-03,1,5', { runGiven: true });
    expect(oneRun.issues).toEqual([]);
    expect(checkPatrols(oneRun.drafts, { ...ctx, defaultRun: released.reference }).rows).toHaveLength(1);
    expect(messages(checkPatrols(oneRun.drafts, ctx).issues)).toEqual([
      'line 2, field run_reference: is required: name the released forecast the patrols were planned from',
    ]);
  });

  it('sets apart rows naming a forecast that was not released', () => {
    const drafts = patrolDraftsFromJson([
      { runReference: 'R-CCCC-DDDD', patrolDate: '2020-11-03', cell: 4, minutes: 30 },
      { runId: waiting.id, patrolDate: '2020-11-04', cell: 4, minutes: 30 },
      { runReference: 'R-AAAA-BBBB', patrolDate: '2020-11-04', cell: 4, minutes: 30 },
    ]);
    const checked = checkPatrols(drafts, ctx);
    expect(checked.issues).toEqual([]);
    expect(checked.rows).toEqual([]);
    expect(checked.notReleased).toEqual([
      { reference: 'R-CCCC-DDDD', status: 'awaiting_review', where: ['item 1', 'item 2'] },
    ]);
    expect(
      messages(
        checkPatrols(patrolDraftsFromJson([{ patrolDate: '2030-01-01', cell: 1, minutes: 5 }]), {
          ...ctx,
          defaultRun: released.id,
        }).issues,
      ),
    ).toEqual(['item 1, field patrolDate: must not be in the future']);
  });
});

describe('patrol shares', () => {
  const plan = {
    hotspotCells: new Set([1, 2]),
    ruralCells: new Set([10, 11, 2]),
    minOutsideShare: 0.2,
    minRuralShare: 0.05,
  };

  it('measures the time outside the hot spots and in rural cells against the floors', () => {
    const ok = patrolShares(
      [
        { cell: 1, minutes: 70 },
        { cell: 2, minutes: 10 },
        { cell: 5, minutes: 10 },
        { cell: 10, minutes: 10 },
      ],
      plan,
    );
    expect(ok).toMatchObject({
      totalMinutes: 100,
      hotspotMinutes: 80,
      outsideBelow: false,
      ruralBelow: false,
    });
    expect(ok.outsideShare).toBeCloseTo(0.2);
    expect(ok.ruralShare).toBeCloseTo(0.1);
    const low = patrolShares(
      [
        { cell: 1, minutes: 95 },
        { cell: 5, minutes: 5 },
      ],
      plan,
    );
    expect(low).toMatchObject({ outsideBelow: true, ruralBelow: true, ruralShare: 0 });
    expect(low.message).toBe(
      "5% of the 100 patrol minutes recorded were outside the hot spots (the force's minimum is 20%). " +
        '0% were in rural cells (minimum 5%). Below the minimums: too little time outside the hot spots and ' +
        'too little time in rural areas. Patrols concentrated on forecast hot spots can feed back into the ' +
        'records the next forecast learns from.',
    );
  });

  it('does not apply the rural floor where no cell is rural, or where it is not known', () => {
    const none = patrolShares(
      [
        { cell: 1, minutes: 50 },
        { cell: 5, minutes: 50 },
      ],
      { ...plan, ruralCells: new Set([1]) },
    );
    expect(none).toMatchObject({ ruralShare: null, ruralBelow: false, outsideBelow: false });
    const unknown = patrolShares([{ cell: 5, minutes: 50 }], { ...plan, ruralCells: null });
    expect(unknown.ruralMinutes).toBeNull();
    expect(unknown.message).toContain('Rural cells are not known for this forecast');
  });
});
