import { describe, expect, it } from 'vitest';
import { ConllError, formatConll, parseConll } from './read.ts';
import { scoreTags } from './score.ts';
import { canonicalTags, canonicalType, spansFromTags, tagsFromSpans } from './tags.ts';

describe('tag schemes', () => {
  it('reads IOB2 chunks', () => {
    expect(spansFromTags(['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC'])).toEqual([
      { start: 0, end: 2, type: 'PER' },
      { start: 3, end: 4, type: 'LOC' },
      { start: 4, end: 5, type: 'LOC' },
    ]);
  });

  it('reads IOB1: I- starts a chunk after O or another type, B- only splits two of a type', () => {
    expect(spansFromTags(['I-PER', 'I-PER', 'B-PER', 'O', 'I-LOC', 'I-ORG'])).toEqual([
      { start: 0, end: 2, type: 'PER' },
      { start: 2, end: 3, type: 'PER' },
      { start: 4, end: 5, type: 'LOC' },
      { start: 5, end: 6, type: 'ORG' },
    ]);
  });

  it('reads IO as runs of one type', () => {
    expect(spansFromTags(['I-PER', 'I-PER', 'O', 'I-LOC'])).toEqual([
      { start: 0, end: 2, type: 'PER' },
      { start: 3, end: 4, type: 'LOC' },
    ]);
  });

  it('maps common type names and drops the others', () => {
    expect(canonicalType('PERSON')).toBe('PER');
    expect(canonicalType('GPE')).toBe('LOC');
    expect(canonicalType('LOCATION')).toBe('LOC');
    expect(canonicalType('ORGANIZATION')).toBe('ORG');
    expect(canonicalType('corporation')).toBe('ORG');
    expect(canonicalType('DATE')).toBeNull();
    expect(canonicalTags(['B-PERSON', 'I-PERSON', 'B-DATE', 'B-GPE'])).toEqual([
      'B-PER',
      'I-PER',
      'O',
      'B-LOC',
    ]);
  });

  it('writes IOB2 from spans', () => {
    expect(tagsFromSpans([{ start: 1, end: 3, type: 'ORG' }], 4)).toEqual(['O', 'B-ORG', 'I-ORG', 'O']);
  });
});

describe('CoNLL files', () => {
  it('reads token and tag columns, sentences split by blank lines', () => {
    const s = parseConll('John\tB-PER\nran\tO\n\n\nLeeds B-LOC\n');
    expect(s.map((x) => x.tokens)).toEqual([['John', 'ran'], ['Leeds']]);
    expect(s[1]!.tags).toEqual(['B-LOC']);
    expect(s[1]!.line).toBe(5);
  });

  it('reads the Universal NER layout: comments, an index column and annotator columns after the tag', () => {
    const text =
      '# sent_id = x-1\n# text = In tampa bay\n1\tIn\tO\t-\t-\n2\ttampa\tB-LOC\t-\tstephen\n3\tbay\tI-LOC\t-\tstephen\n';
    const [s] = parseConll(text);
    expect(s!.tokens).toEqual(['In', 'tampa', 'bay']);
    expect(s!.tags).toEqual(['O', 'B-LOC', 'I-LOC']);
  });

  it('keeps a hashtag token that is not a comment', () => {
    expect(parseConll('#\tO\nfun\tO\n')[0]!.tokens).toEqual(['#', 'fun']);
  });

  it('names the file and line of a bad tag', () => {
    expect(() => parseConll('John\tB-PER\nran\tPERSONAL\n', 'x.conll')).toThrow(ConllError);
    expect(() => parseConll('John\tB-PER\nran\tPERSONAL\n', 'x.conll')).toThrow(/x\.conll, line 2/);
  });

  it('reads tokens alone when tags are not wanted, and writes token TAB tag', () => {
    const s = parseConll('a\nb\n\nc\n', 'f', { tags: false });
    expect(formatConll(s.map((x) => ({ tokens: x.tokens, tags: x.tokens.map(() => 'O') })))).toBe(
      'a\tO\nb\tO\n\nc\tO\n\n',
    );
  });
});

describe('scoring as conlleval', () => {
  it('counts only exact spans of the right type, and micro-averages PER, LOC and ORG', () => {
    const gold = [['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-ORG']];
    const predicted = [['B-PER', 'O', 'O', 'B-LOC', 'O', 'B-PER']];
    const s = scoreTags(gold, predicted);
    expect(s.types.LOC).toMatchObject({ gold: 1, predicted: 1, correct: 1, f1: 1 });
    expect(s.types.PER).toMatchObject({ gold: 1, predicted: 2, correct: 0 });
    expect(s.micro).toMatchObject({ gold: 3, predicted: 3, correct: 1 });
    expect(s.micro.f1).toBeCloseTo(1 / 3, 10);
  });

  it('maps gold type names and ignores types it does not know', () => {
    const s = scoreTags([['B-PERSON', 'B-DATE']], [['B-PER', 'O']]);
    expect(s.micro).toMatchObject({ gold: 1, predicted: 1, correct: 1 });
    expect(Object.keys(s.types)).toEqual(['PER']);
  });

  it('refuses sentences of different lengths', () => {
    expect(() => scoreTags([['O']], [['O', 'O']])).toThrow(/length/);
  });
});
