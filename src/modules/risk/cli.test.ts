import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sharedData, titleWith } from '../../test/shared.ts';

const compas = sharedData('data', 'compas-scores-two-years.csv');

import { register } from './cli.ts';

/** Runs `bluelamp <args>` in-process and returns what it printed. */
async function run(args: string[]): Promise<{ out: string; err: string }> {
  const program = new Command('bluelamp').exitOverride();
  register(program);
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const warn = vi.spyOn(console, 'warn').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    await program.parseAsync(['node', 'bluelamp', ...args]);
  } finally {
    log.mockRestore();
    warn.mockRestore();
  }
  return { out: out.join('\n'), err: err.join('\n') };
}

const caseA = [
  ...['risk', 'ogrs3', '--gender', 'male', '--dob', '1990-06-15', '--conviction-date', '2013-03-01'],
  ...[
    '--followup-date',
    '2013-09-01',
    '--sanctions',
    '5',
    '--age-first-sanction',
    '15',
    '--offence',
    '004/04',
  ],
];

describe('bluelamp risk ogrs3', () => {
  it('prints JSON with the percentages, band, contributions, advisory flag and limitations', async () => {
    const { out } = await run([...caseA, '--json']);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ oneYear: 39, twoYear: 57, band: 'medium', advisory: true });
    expect(json.contributions).toHaveLength(4);
    expect(json.limitations.length).toBeGreaterThan(3);
  });

  it('labels the human output ADVISORY with the explanation and limitations', async () => {
    const { out } = await run(caseA);
    expect(out.startsWith('ADVISORY')).toBe(true);
    expect(out).toContain('Male aged 23 at the start of follow-up subtracts 1.05 from the log-odds');
    expect(out).toContain('Known limitations:');
  });

  it('names the option at fault', async () => {
    const bad = caseA.map((a) => (a === '2013-09-01' ? '2012-01-01' : a === '004/04' ? '999/99' : a));
    await expect(run(bad)).rejects.toThrow(
      /--followup-date: .*\n\s+--offence: offence code 999\/99 is not in/,
    );
  });
});

describe.skipIf(compas.skip)(titleWith(compas, 'bluelamp risk train / score'), () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'risk-model-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains on COMPAS, writes the model card and scores one person', async () => {
    const { out } = await run([
      ...['risk', 'train', '--input', compas.path],
      ...['--outcome', 'two_year_recid', '--features', 'priors_count,age,juv_fel_count,c_charge_degree'],
      ...['--categorical', 'c_charge_degree', '--seed', '3', '--bootstrap', '0', '--out', dir],
      ...['--filter', 'abs(days_b_screening_arrest) <= 30 && is_recid != -1 && c_charge_degree != "O"'],
    ]);
    expect(out).toMatch(/Held-out AUC 0\.[67]\d\d/);
    const card = JSON.parse(readFileSync(path.join(dir, 'model-card.json'), 'utf8'));
    expect(card.modelId).toBe('compas-scores-two-years-two_year_recid');
    expect(readFileSync(path.join(dir, 'model-card.html'), 'utf8')).toContain('Advisory only.');

    const scored = await run([
      ...['risk', 'score', '--model', dir, '--json'],
      ...['--input', '{"priors_count": 3, "age": 30, "juv_fel_count": 0, "c_charge_degree": "M"}'],
    ]);
    const json = JSON.parse(scored.out);
    expect(json.advisory).toBe(true);
    expect(json.contributions.map((c: { feature: string }) => c.feature)).toEqual([
      'priors_count',
      'age',
      'juv_fel_count',
      'c_charge_degree',
    ]);
  });

  it('refuses race as a feature with a clear message', async () => {
    await expect(
      run([
        ...['risk', 'train', '--input', compas.path, '--outcome'],
        ...['two_year_recid', '--features', 'priors_count,race', '--out', dir],
      ]),
    ).rejects.toThrow(/race: "race" is a protected characteristic/);
  });
});
