import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';
import type { AtrsRecord } from '../transparency/atrs.ts';
import { recordWithGaps } from '../transparency/records.ts';
import { seedDemoRegister } from './demo.ts';

let t: TestApp;
const records = new Map<string, { name: string; stage: string; module: string | null; record: AtrsRecord }>();

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoRegister(t.database.db, t.demoForceId);
  const rows = await t.database.db
    .selectFrom('ai_systems')
    .selectAll()
    .where('force_id', '=', t.demoForceId)
    .orderBy('reference')
    .execute();
  for (const row of rows) {
    const { record } = await recordWithGaps(t.database.db, row);
    records.set(row.reference, { name: row.name, stage: row.stage, module: row.module_id, record });
  }
}, 180_000);
afterAll(() => t?.close());

/**
 * What each demo system's record must say, written by hand from what the system is: its purpose,
 * who it affects, what it was validated on (null: not validated yet), and its bias audit.
 */
const EXPECTED: Record<
  string,
  { module: string | null; purpose: RegExp; affected: string[]; validation: RegExp | null; biasAudit: string }
> = {
  'DEMO-AI-0001': {
    module: 'hotspots',
    purpose: /burglary hot spots/i,
    affected: ['Residents of forecast areas', 'Victims of burglary', 'Neighbourhood officers'],
    validation: /burglary/i,
    biasAudit: 'Feedback-loop and area audit: no disproportion found at the 0.8 ratio threshold.',
  },
  'DEMO-AI-0002': {
    module: 'assistant',
    purpose: /Shorter waits on 101/,
    affected: ['People who contact 101', 'Call handlers'],
    validation: /test questions/,
    biasAudit: '',
  },
  'DEMO-AI-0003': {
    module: 'risk.ogrs3',
    purpose: /risk information for offender management/,
    affected: ['People under offender management', 'Victims'],
    validation: null,
    biasAudit: '',
  },
  'DEMO-AI-0004': {
    module: null,
    purpose: /device extractions/,
    affected: ['Device owners', 'People in contact with device owners'],
    validation: /PDQ reference images/,
    biasAudit: '',
  },
  'DEMO-AI-0005': {
    module: 'triage',
    purpose: /vulnerable caller/,
    affected: ['People who contact 101'],
    validation: /Bluelamp triage 1.9.0 test split/,
    biasAudit: '',
  },
  'DEMO-AI-0008': {
    module: null,
    purpose: /missing person reports/,
    affected: ['Missing people and their families'],
    validation: /missing person reports/,
    biasAudit: '',
  },
  'DEMO-AI-0009': {
    module: null,
    purpose: /intelligence reports about knife carrying/,
    affected: ['People named in intelligence reports'],
    validation: /Intelligence reports/,
    biasAudit: '',
  },
  'DEMO-AI-0011': {
    module: 'pole',
    purpose: /case file reviews/,
    affected: ['Suspects, victims and witnesses named in files', 'Investigators'],
    validation: /Universal NER English Web Treebank/,
    biasAudit: '',
  },
  'DEMO-AI-0012': {
    module: 'device',
    purpose: /device extractions/,
    affected: ['Device owners', 'People in contact with device owners'],
    validation: /presidio-research synthetic PII/,
    biasAudit: '',
  },
  'DEMO-AI-0010': {
    module: null,
    purpose: /acquisitive crime/,
    affected: ['Drivers'],
    validation: /ANPR reads/,
    biasAudit: '',
  },
};

describe('every demo system’s record reads true', () => {
  it('states its own purpose, affected people, validation and bias audit', () => {
    for (const [reference, want] of Object.entries(EXPECTED)) {
      const got = records.get(reference);
      expect(got, reference).toBeDefined();
      const d = got!.record.tier2.descriptionAndRationale;
      const v = got!.record.tier2.impactAssessments.validation;
      expect({ reference, module: got!.module }).toEqual({ reference, module: want.module });
      expect(d.purpose, reference).toMatch(want.purpose);
      expect({ reference, affected: d.affectedGroups }).toEqual({ reference, affected: want.affected });
      if (want.validation === null) expect({ reference, v }).toEqual({ reference, v: null });
      else expect(v?.data, reference).toMatch(want.validation);
      expect({ reference, bias: v?.biasAudit ?? '' }).toEqual({ reference, bias: want.biasAudit });
    }
  });

  it('never speaks of burglary outside the hot spot forecast', () => {
    for (const [reference, { record, module }] of records) {
      if (module === 'hotspots') continue;
      const text = JSON.stringify(record.tier2);
      expect({ reference, burglary: /burglary|hot spot|Northumbria/i.test(text) }).toEqual({
        reference,
        burglary: false,
      });
    }
  });

  it('dates every record in order: registered, then published, trial, live', () => {
    for (const [reference, { record }] of records) {
      const l = record.lifecycle;
      const order = [l.registeredOn, l.publishedOn, l.trialFrom, l.liveFrom].filter((x): x is string =>
        Boolean(x),
      );
      expect({ reference, order }).toEqual({ reference, order: [...order].sort() });
      if (l.publishedOn) expect(l.publishedOn >= l.registeredOn, reference).toBe(true);
    }
  });

  it('publishes every system in trial or live, the triage trial with the waiver of its missed recall aim', async () => {
    const published = await t.database.db
      .selectFrom('publications')
      .innerJoin('ai_systems', 'ai_systems.id', 'publications.system_id')
      .select('ai_systems.reference')
      .execute();
    const public_ = [...records.entries()].filter(([, r]) => r.stage === 'trial' || r.stage === 'live');
    const refs = new Set(published.map((p) => p.reference));
    expect(public_.length).toBeGreaterThan(2);
    for (const [ref] of public_) expect({ ref, published: refs.has(ref) }).toEqual({ ref, published: true });
    const triage = records.get('DEMO-AI-0005')!;
    expect(triage.stage).toBe('trial');
    expect(JSON.stringify(triage.record)).toContain('Misses the 0.99 threshold');
  });

  it('gives the live system’s ethics committee minutes', () => {
    const live = [...records.values()].filter((r) => r.stage === 'live');
    expect(live.length).toBeGreaterThan(0);
    for (const r of live) expect(r.record.tier2.impactAssessments.ethics?.minutesUrl).toMatch(/^https:\/\//);
  });
});

describe('the case-file analysis in trial', () => {
  it('publishes how it reaches an analysis, with its figures and the target it misses', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/public/forces/demo/systems/DEMO-AI-0011/method',
    });
    expect(res.statusCode, res.body).toBe(200);
    const { method } = res.json();
    expect(method.module).toBe('pole');
    expect(method.extraction.recogniser.measured).toMatchObject({ microF1: 0.656, target: 0.8, met: false });
    expect(method.summaries.measured.bluelamp.rouge1).toBeGreaterThan(
      method.summaries.measured.textrank.rouge1,
    );
    expect(JSON.stringify(method)).not.toMatch(/DEMO\/2026/);
  });
});

describe('a live record without the ethics committee’s minutes', () => {
  it('is missing them, by path', async () => {
    const { buildAtrsRecord, missingFields } = await import('../transparency/atrs.ts');
    const { exampleAtrsInput } = await import('../transparency/testing.ts');
    const input = exampleAtrsInput('live');
    input.evidence.set('ethics-advice', {
      ...input.evidence.get('ethics-advice')!,
      data: { advice: 'Proceed.', recommendations: [], minutesUrl: '' },
    });
    expect(missingFields(buildAtrsRecord(input))).toEqual(['tier2.impactAssessments.ethics.minutesUrl']);
    expect(missingFields(buildAtrsRecord(exampleAtrsInput('trial')))).toEqual([]);
  });
});
