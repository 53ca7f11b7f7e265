import { describe, expect, it } from 'vitest';
import { FORM_KINDS, FORMS, type FormKind } from '../register/forms.ts';
import { buildAtrsRecord, missingFields, phaseOf } from './atrs.ts';
import { csvField, flatten, toCsv } from './csv.ts';
import { exampleAtrsInput } from './testing.ts';

describe('buildAtrsRecord', () => {
  it('fills every ATRS field of a live system with every form', () => {
    const record = buildAtrsRecord(exampleAtrsInput('live'));
    expect(missingFields(record)).toEqual([]);
    expect(record.tier1).toMatchObject({
      name: 'Burglary hot spot forecast',
      organisation: 'Demo Constabulary',
      phase: 'live',
      contactEmail: FORMS['public-record'].example.contactEmail,
      website: FORMS['public-record'].example.website,
      dataProcessedInUk: true,
      reference: 'DEMO-AI-0001',
    });
    const owner = record.tier2.ownerAndResponsibility;
    expect(owner.seniorResponsibleOwner.name).toBe('Tom Okafor');
    expect(owner.informationAssetOwner.name).toBe('Sam Patel');
    expect(owner.supplier).toMatchObject({ type: 'external', companiesHouseNumber: '01234567' });
    expect(record.tier2.decisionMaking.humanOversight).toMatchObject({
      namedOverseers: 2,
      overseerRoles: ['Analyst', 'Officer or staff member'],
    });
    expect(record.tier2.descriptionAndRationale.previousProcess).toBe(FORMS.scoping.example.problem);
    expect(record.tier2.risksAndMitigations.securityResidualRisk).toBe('low');
    expect(record.lifecycle).toMatchObject({ registeredOn: '2025-11-01', trialFrom: '2026-04-01' });
  });

  it('reads validation results against the test design thresholds', () => {
    const input = exampleAtrsInput('live');
    const report = structuredClone(FORMS['validation-report'].example);
    report.results[0]!.value = 0.15;
    input.evidence.set('validation-report', { data: report, createdAt: new Date(), approved: false });
    const v = buildAtrsRecord(input).tier2.impactAssessments;
    expect(v.validation?.results).toContainEqual({
      metric: 'hit-rate-5pc',
      group: null,
      direction: 'min',
      threshold: 0.2,
      value: 0.15,
      passed: false,
    });
    expect(v.validation?.results.filter((r) => r.metric === 'coverage-share')).toHaveLength(2);
    expect(v.waivers).toEqual([
      expect.objectContaining({ metrics: ['hit-rate-5pc'], reasons: FORMS.waiver.example.reasons }),
    ]);
  });

  it('publishes nothing from internal forms beyond the named excerpts, and no overseer names', () => {
    const json = JSON.stringify(buildAtrsRecord(exampleAtrsInput('live')));
    const internal = FORM_KINDS.filter(
      (k) => !(FORMS[k] as { public?: boolean }).public && k !== 'public-record',
    );
    expect(internal).toContain('legal-review');
    const leaks: string[] = [];
    for (const kind of internal) {
      for (const value of Object.values(FORMS[kind].example as Record<string, unknown>)) {
        const strings = (Array.isArray(value) ? value : [value]).filter(
          (v): v is string => typeof v === 'string' && v.length > 12,
        );
        for (const s of strings) if (json.includes(s)) leaks.push(`${kind}: ${s}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(json).not.toContain('Overseer Private-Name');
    expect(json).not.toContain(FORMS.handover.example.productManagerEmail);
    expect(json).not.toContain(FORMS['test-design'].example.dataDescription);
  });

  it('lists the ATRS paths a system still lacks', () => {
    const without: FormKind[] = [
      'public-record',
      'dpia',
      'trial-scope',
      'ethics-advice',
      'security-risk-assessment',
    ];
    const input = exampleAtrsInput(
      'trial',
      FORM_KINDS.filter((k) => !without.includes(k)),
    );
    input.system.productManagerId = null;
    input.overseers = [];
    const missing = missingFields(buildAtrsRecord(input));
    expect(missing).toEqual(
      expect.arrayContaining([
        'tier1.website',
        'tier1.contactEmail',
        'tier2.ownerAndResponsibility.team',
        'tier2.ownerAndResponsibility.informationAssetOwner.name',
        'tier2.descriptionAndRationale.scope',
        'tier2.decisionMaking.humanOversight.namedOverseers',
        'tier2.decisionMaking.frequencyAndScale',
        'tier2.decisionMaking.appealsAndChallenge',
        'tier2.data.dataProcessed',
        'tier2.impactAssessments.dpia',
        'tier2.impactAssessments.ethics',
        'tier2.risksAndMitigations.securityResidualRisk',
        'lifecycle.publishedOn',
      ]),
    );
    // Fields that arrive at go-live are not asked of a system in trial.
    expect(missing).not.toContain('tier2.impactAssessments.trialEvaluation');
    expect(missing.every((p) => /^(tier1|tier2|lifecycle)\./.test(p))).toBe(true);
  });

  it('asks a live system for its go-live evidence', () => {
    const input = exampleAtrsInput(
      'live',
      FORM_KINDS.filter((k) => k !== 'trial-evaluation' && k !== 'monitoring-plan'),
    );
    expect(missingFields(buildAtrsRecord(input))).toEqual([
      'tier2.decisionMaking.frequencyAndScale.monitoringReviewEveryDays',
      'tier2.impactAssessments.trialEvaluation',
      'tier2.risksAndMitigations.monitoring',
    ]);
  });

  it('flags processing outside the UK', () => {
    const input = exampleAtrsInput('live');
    input.system.processing = { provider: 'Cloud Co', processingCountry: 'Ireland', storageCountry: 'UK' };
    const record = buildAtrsRecord(input);
    expect(record.tier1.dataProcessedInUk).toBe(false);
    expect(record.tier2.data.processing.inUk).toBe(false);
  });

  it('maps stages to phases', () => {
    expect(phaseOf('horizon')).toBe('pre-deployment');
    expect(phaseOf('authorisation')).toBe('pre-deployment');
    expect(phaseOf('trial')).toBe('trial');
    expect(phaseOf('live')).toBe('live');
  });
});

describe('CSV', () => {
  it('quotes as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.25)).toBe('0.25');
  });

  it('neutralises text a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    expect(csvField('=HYPERLINK("http://evil.example","Click")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""Click"")"',
    );
    expect(csvField('+44 20 7946 0000')).toBe(`"'+44 20 7946 0000"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\tcmd')).toBe(`"'\tcmd"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField(-3)).toBe('-3');
    expect(csvField('a = b')).toBe('a = b');
  });

  it('flattens records into dotted columns and unions the headers', () => {
    expect(flatten({ a: { b: 1, c: ['x', 'y'] }, d: [{ e: true }], f: null })).toEqual({
      'a.b': 1,
      'a.c': 'x; y',
      'd.0.e': true,
      f: null,
    });
    const csv = toCsv([
      { a: 1, b: 'x,y' },
      { a: 2, c: 'z' },
    ]);
    expect(csv).toBe('a,b,c\r\n1,"x,y",\r\n2,,z\r\n');
  });

  it('round-trips a whole record through a CSV parser', async () => {
    const { parse } = await import('csv-parse/sync');
    const row = flatten(buildAtrsRecord(exampleAtrsInput('live')));
    const [parsed] = parse(toCsv([row]), { columns: true }) as Array<Record<string, string>>;
    expect(parsed!['tier1.name']).toBe('Burglary hot spot forecast');
    expect(parsed!['tier2.descriptionAndRationale.benefits']).toBe(
      'Analyst time released; Earlier prevention advice, with "quotes", commas',
    );
    expect(parsed!['tier2.ownerAndResponsibility.supplier.companiesHouseNumber']).toBe('01234567');
    expect(Object.keys(parsed!)).toHaveLength(Object.keys(row).length);
  });
});
