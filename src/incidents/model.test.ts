import { describe, expect, it } from 'vitest';
import { closureRefusal, deadlineFor, isOverdue, shortReference } from './model.ts';

const opened = new Date('2026-03-02T09:30:00Z');

describe('incident deadlines by severity', () => {
  it('gives 2 days for widespread harm, 10 where someone died, 15 for other serious ones, none for minor', () => {
    expect(deadlineFor('widespread-harm', opened)?.toISOString()).toBe('2026-03-04T09:30:00.000Z');
    expect(deadlineFor('death', opened)?.toISOString()).toBe('2026-03-12T09:30:00.000Z');
    expect(deadlineFor('serious', opened)?.toISOString()).toBe('2026-03-17T09:30:00.000Z');
    expect(deadlineFor('minor', opened)).toBeNull();
  });

  it('counts an incident overdue only past its deadline and while not closed', () => {
    const deadline = deadlineFor('widespread-harm', opened);
    const later = new Date('2026-03-05T00:00:00Z');
    expect(isOverdue({ status: 'investigating', deadline_at: deadline }, later)).toBe(true);
    expect(isOverdue({ status: 'open', deadline_at: deadline }, opened)).toBe(false);
    expect(isOverdue({ status: 'closed', deadline_at: deadline }, later)).toBe(false);
    expect(isOverdue({ status: 'open', deadline_at: null }, later)).toBe(false);
  });
});

describe('closure sign-off', () => {
  const base = {
    roles: ['product-manager'] as const,
    personId: 'pm',
    reportedBy: 'officer',
    status: 'investigating' as const,
    publicSummary: 'The model misread dates; fixed and re-validated.',
  };

  it('lets the product manager or chief constable close with a public summary', () => {
    expect(closureRefusal({ ...base, roles: ['product-manager'] })).toBeNull();
    expect(closureRefusal({ ...base, roles: ['chief-constable'] })).toBeNull();
  });

  it('refuses other roles, the reporter, a missing summary and a second closure', () => {
    expect(closureRefusal({ ...base, roles: ['officer', 'analyst'] })?.code).toBe('forbidden');
    expect(closureRefusal({ ...base, reportedBy: 'pm' })?.code).toBe('separation-of-duties');
    expect(closureRefusal({ ...base, publicSummary: '  fixed ' })?.code).toBe('public-summary-required');
    expect(closureRefusal({ ...base, status: 'closed' })?.code).toBe('already-closed');
  });
});

describe('short references', () => {
  it('use the letter and the run reference alphabet', () => {
    expect(shortReference('I')).toMatch(/^I-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(shortReference('C')).toMatch(/^C-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
