import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sharedData, titleWith } from '../../test/shared.ts';
import { auditLocated } from './audit.ts';
import { readRecords } from './readers.ts';
import type { AuditOptions, AuditReport } from './types.ts';

/**
 * ProPublica, "Machine Bias" (2016) and Dressel and Farid (2018), on all 7,214 rows:
 * FPR African-American 44.85% vs Caucasian 23.45%, FNR 27.99% vs 47.72%, PPV 0.630 vs 0.591,
 * overall accuracy 65.4%. Their regression population (filters below) has 6,172 rows.
 */
const compas = sharedData('data', 'compas-scores-two-years.csv');
const file = compas.path;
const PROPUBLICA_FILTER =
  "abs(days_b_screening_arrest) <= 30 && is_recid != -1 && c_charge_degree != 'O' && score_text != 'N/A'";
const options: AuditOptions = {
  mapping: {
    prediction: 'score_text',
    positive: ['Medium', 'High'],
    outcome: 'two_year_recid',
    groups: ['race'],
  },
  reference: { race: 'Caucasian' },
  bootstrap: 0,
};

function expectPublished(report: AuditReport): void {
  const g = (v: string) => report.groups.find((x) => x.attribute === 'race' && x.value === v)!;
  const aa = g('African-American');
  const cc = g('Caucasian');
  expect(report.population.rowsKept).toBe(7214);
  expect((100 * aa.fpr!).toFixed(2)).toBe('44.85');
  expect((100 * cc.fpr!).toFixed(2)).toBe('23.45');
  expect((100 * aa.fnr!).toFixed(2)).toBe('27.99');
  expect((100 * cc.fnr!).toFixed(2)).toBe('47.72');
  expect(aa.ppv!.toFixed(3)).toBe('0.630');
  expect(cc.ppv!.toFixed(3)).toBe('0.591');
  expect((100 * report.overall.accuracy!).toFixed(1)).toBe('65.4');
  const fpr = report.disparities.find((d) => d.value === 'African-American' && d.parity === 'fpr')!;
  expect(fpr.ratio).toBeCloseTo(0.44847 / 0.23454, 3);
  expect(fpr.pass).toBe(false);
}

describe.skipIf(compas.skip)(titleWith(compas, 'COMPAS against the published record'), () => {
  it('reproduces ProPublica figures through the API (all 7,214 rows)', async () => {
    expectPublished(await auditLocated(readRecords(file), options));
  });

  it("keeps 6,172 rows under ProPublica's filters", async () => {
    const r = await auditLocated(readRecords(file), { ...options, filter: PROPUBLICA_FILTER });
    expect(r.population).toEqual({ rowsRead: 7214, rowsKept: 6172, filter: PROPUBLICA_FILTER });
  });

  it('reproduces the same figures through the CLI', async () => {
    const run = promisify(execFile);
    const base = ['bin/bluelamp.js', 'fairness', 'audit', '--input', file, '--prediction', 'score_text'];
    const args = [...base, '--positive', 'Medium,High', '--outcome', 'two_year_recid', '--group', 'race'];
    const common = [...args, '--reference', 'Caucasian', '--format', 'json', '--bootstrap', '0'];
    const { stdout } = await run('node', common, { maxBuffer: 1 << 26 });
    expectPublished(JSON.parse(stdout) as AuditReport);
    const filtered = await run('node', [...common, '--filter', PROPUBLICA_FILTER], { maxBuffer: 1 << 26 });
    const report = JSON.parse(filtered.stdout) as AuditReport;
    expect(report.population.rowsKept).toBe(6172);
    expect(report.groups[0]).toMatchObject({ attribute: 'race' });
    for (const key of [
      'value',
      'n',
      'tp',
      'fp',
      'fn',
      'tn',
      'fpr',
      'fnr',
      'ppv',
      'accuracy',
      'selectionRate',
      'baseRate',
    ]) {
      expect(report.groups[0]).toHaveProperty(key);
    }
  });
});
