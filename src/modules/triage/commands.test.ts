import { describe, expect, it } from 'vitest';
import { sharedData, titleWith } from '../../test/shared.ts';
import { runClinc } from './clinc/benchmark.ts';
import { readClinc, subsetOf } from './clinc/data.ts';
import { classifyJsonl, evaluateSplit, formatEvaluation } from './commands.ts';
import { JsonlError } from './data.ts';
import { MissingSplitError, splitExists } from './files.ts';

describe('triage classify (JSONL in, JSONL out)', () => {
  it('writes id, route, topic (null unless routine), lang and reasons per line', () => {
    const out = classifyJsonl(
      [
        '{"id":"1","text":"someone has been stabbed outside the shop"}',
        '{"id":2,"text":"my neighbours play loud music every night"}',
        '{"id":"3","turns":["hello","can I talk to a person"]}',
      ].join('\n'),
      'in.jsonl',
    );
    expect(out.map((l) => [l.id, l.route, l.topic, l.lang])).toEqual([
      ['1', 'emergency', null, 'en'],
      [2, 'routine', 'noise_nuisance', 'en'],
      ['3', 'human', null, 'en'],
    ]);
    expect(out[0]?.reasons.join(' ')).toMatch(/en\.weapon\.threat.*stabbed/);
    expect(Object.keys(out[0]!)).toEqual(['id', 'route', 'topic', 'lang', 'reasons']);
  });

  it('refuses a bad line, naming it', () => {
    const bad = '{"id":"1","text":"fine"}\n{"id":"2"}\n';
    expect(() => classifyJsonl(bad, 'in.jsonl')).toThrow(JsonlError);
    expect(() => classifyJsonl(bad, 'in.jsonl')).toThrow(/^in\.jsonl:2: field "text"/);
  });
});

describe('triage evaluate', () => {
  it('reports every aim for English and Welsh', () => {
    const report = evaluateSplit('validation');
    expect(report.groups.en?.contacts).toBeGreaterThan(50);
    expect(report.groups.cy?.contacts).toBeGreaterThan(30);
    const text = formatEvaluation(report);
    for (const aim of ['emergency -> emergency', 'routine escalated', 'requests for a person honoured']) {
      expect(text).toContain(aim);
    }
  });
});

describe('triage evaluate --split', () => {
  it('reads the spent test split under its new name', () => {
    const report = evaluateSplit('former-test-2');
    expect(report.split).toBe('former-test-2');
    expect(report.groups.all?.contacts).toBe(332);
  });

  it('says clearly that the test split is not there before it is written', () => {
    if (splitExists('test')) return expect(evaluateSplit('test').groups.all?.contacts).toBeGreaterThan(0);
    expect(() => evaluateSplit('test')).toThrow(MissingSplitError);
    expect(() => evaluateSplit('test')).toThrow(/is not there: it is being written independently/);
  });
});

const clinc = sharedData('data', 'triage', 'clinc150', 'data_full.json');

describe.skipIf(clinc.skip)(
  titleWith(clinc, 'CLINC150 with the triage intent engine (20-intent subset)'),
  () => {
    it('learns intents and flags out-of-scope queries, threshold from val', () => {
      const data = subsetOf(readClinc(clinc.path.replace(/\/data_full\.json$/, '')), 20);
      const result = runClinc(data);
      expect(result.intents).toBe(20);
      expect(result.test.inScope).toBe(20 * 30);
      expect(result.test.outOfScope).toBe(1000);
      expect(result.test.inScopeAccuracy).toBeGreaterThan(0.85);
      expect(result.test.oosRecall).toBeGreaterThan(0.5);
    });
  },
);
