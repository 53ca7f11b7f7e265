import { describe, expect, it } from 'vitest';
import { sharedData, titleWith } from '../../../test/shared.ts';
import { lookUpOffence, NEEDS_EXACT_OFFENCE } from './offence-table.ts';
import { loadOffenceTable } from './offence-table-file.ts';

const published = sharedData('data', 'ogrs3', 'offence-code-mapping.csv');

describe('the OGRS3 offence weightings shipped with the module', () => {
  const table = loadOffenceTable();

  it('holds every row of the mapping, with the three codes that need the exact offence', () => {
    expect(table.weightings.size).toBe(3030);
    const broad = [...table.weightings].filter(([, w]) => w === NEEDS_EXACT_OFFENCE).map(([code]) => code);
    expect(broad).toEqual(['08800', '11100', '14100']);
  });

  it('looks up weightings and explains a code that needs the exact offence', () => {
    expect(lookUpOffence(table, '004/04')).toEqual({ weighting: 0.2622, code: '00404' });
    const broad = lookUpOffence(table, '141/00');
    expect('issue' in broad && broad.issue.message).toContain('141/01');
  });
});

describe('the shipped weightings against the published mapping', () => {
  it.skipIf(published.skip)(titleWith(published, 'are the published OGRS3 column, code for code'), () => {
    const original = loadOffenceTable(published.path);
    expect([...loadOffenceTable().weightings]).toEqual([...original.weightings]);
  });
});
