import { describe, expect, it } from 'vitest';
import { type LabelledContact, labelledContactSchema, parseJsonl, turnsOf } from './data.ts';
import { MissingSplitError, readSplit, SPLITS, splitExists } from './files.ts';
import { TOPICS } from './types.ts';

/** Every split that is there: the current test split is written later, by someone else. */
const splits = Object.fromEntries(SPLITS.filter(splitExists).map((s) => [s, readSplit(s)]));
const textOf = (c: LabelledContact) => turnsOf(c).join(' ').toLowerCase().trim();

describe('triage data splits', () => {
  it('are all there but the current test split, which may not be written yet', () => {
    expect(Object.keys(splits)).toEqual(expect.arrayContaining(SPLITS.filter((s) => s !== 'test')));
  });

  it('share no contact between train, validation, the former test splits and test', () => {
    const seen = new Map<string, string>();
    for (const [name, contacts] of Object.entries(splits)) {
      for (const c of contacts) {
        expect(seen.get(textOf(c)), `${c.id} repeats ${seen.get(textOf(c))}`).toBeUndefined();
        seen.set(textOf(c), c.id);
      }
      expect(new Set(contacts.map((c) => c.id)).size).toBe(contacts.length);
      expect(name).toBeTruthy();
    }
  });

  it('hold every route and every routine topic, in English and in Welsh, in each split', () => {
    for (const [name, contacts] of Object.entries(splits)) {
      for (const lang of ['en', 'cy']) {
        const mine = contacts.filter((c) => c.lang === lang);
        for (const route of ['emergency', 'urgent', 'human', 'routine']) {
          expect(
            mine.some((c) => c.route === route),
            `${name} ${lang} ${route}`,
          ).toBe(true);
        }
        for (const topic of TOPICS)
          expect(
            mine.some((c) => c.topic === topic),
            `${name} ${lang} ${topic}`,
          ).toBe(true);
      }
    }
  });

  it('has several hundred contacts', () => {
    const all = Object.values(splits).flat();
    expect(all.length).toBeGreaterThan(800);
    expect(all.filter((c) => c.lang === 'cy').length).toBeGreaterThan(250);
  });
});

describe('readSplit', () => {
  it('says clearly when the test split is not there', () => {
    if (splitExists('test')) return expect(readSplit('test').length).toBeGreaterThan(0);
    expect(() => readSplit('test')).toThrow(MissingSplitError);
    expect(() => readSplit('test')).toThrow(/test split .*test\.jsonl is not there/);
  });
});

describe('parseJsonl', () => {
  it('names the file, line and field of a bad line', () => {
    const text =
      '{"id":"a","lang":"en","route":"routine","topic":"parking","text":"x"}\n\n{"id":"b","lang":"en","route":"fast","topic":null,"text":"y"}\n';
    expect(() => parseJsonl(text, labelledContactSchema, 'f.jsonl')).toThrow(/^f\.jsonl:3: field "route"/);
    expect(() => parseJsonl('{"id":', labelledContactSchema, 'f.jsonl')).toThrow('f.jsonl:1: not valid JSON');
  });

  it('refuses a routine contact without a topic', () => {
    const text = '{"id":"a","lang":"en","route":"routine","topic":null,"text":"x"}';
    expect(() => parseJsonl(text, labelledContactSchema, 'f.jsonl')).toThrow(/field "topic"/);
  });
});
