import { describe, expect, it } from 'vitest';
import { documentIndices, parseConll } from '../conll/read.ts';
import { tokenize } from '../text/tokenize.ts';
import { consistentDocument, NO_DOCUMENT_PASS, type TaggedTokens } from './document.ts';
import { tag, tagDocument } from './tagger.ts';

const words = (text: string) => tokenize(text).map((t) => t.text);
const tagged = (tags: string[], confidence: number | number[] = 0.9): TaggedTokens => ({
  tags,
  confidence: Array.isArray(confidence) ? confidence : tags.map(() => confidence),
});

describe('the document pass: type vote', () => {
  const sentences = [
    ['Tampa', 'is', 'hot'],
    ['I', 'love', 'tampa'],
    ['Tampa', 'again'],
  ];

  it('gives every mention of a name the type most of its mentions were given', () => {
    const out = consistentDocument(sentences, [
      tagged(['B-LOC', 'O', 'O']),
      tagged(['O', 'O', 'B-LOC']),
      tagged(['B-PER', 'O'], 0.6),
    ]);
    expect(out.map((t) => t.tags)).toEqual([
      ['B-LOC', 'O', 'O'],
      ['O', 'O', 'B-LOC'],
      ['B-LOC', 'O'],
    ]);
    // the re-typed mention's confidence is the share of the vote, at most
    expect(out[2]!.confidence[0]).toBeCloseTo(1.8 / 2.4);
  });

  it('weights each mention by its confidence', () => {
    const out = consistentDocument(sentences, [
      tagged(['B-LOC', 'O', 'O'], 0.3),
      tagged(['O', 'O', 'B-LOC'], 0.3),
      tagged(['B-PER', 'O'], 0.99),
    ]);
    expect(out.map((t) => t.tags[t.tags.findIndex((x) => x !== 'O')])).toEqual(['B-PER', 'B-PER', 'B-PER']);
  });

  it('leaves a tie, other texts and the input arrays alone', () => {
    const input = [tagged(['B-LOC', 'O', 'O']), tagged(['O', 'O', 'B-PER']), tagged(['O', 'O'])];
    const out = consistentDocument(sentences, input);
    expect(out.map((t) => t.tags)).toEqual(input.map((t) => t.tags));
    expect(out[0]).not.toBe(input[0]);
  });

  it('matches whole mentions only, and keeps IOB2 valid', () => {
    const s = [
      ['New', 'York', 'City'],
      ['new', 'york', 'is', 'big'],
      ['New', 'York', 'rocks'],
    ];
    const out = consistentDocument(s, [
      tagged(['B-ORG', 'I-ORG', 'I-ORG']),
      tagged(['B-LOC', 'I-LOC', 'O', 'O']),
      tagged(['B-PER', 'I-PER', 'O'], 0.5),
    ]);
    expect(out.map((t) => t.tags)).toEqual([
      ['B-ORG', 'I-ORG', 'I-ORG'],
      ['B-LOC', 'I-LOC', 'O', 'O'],
      ['B-LOC', 'I-LOC', 'O'],
    ]);
  });

  it('does nothing when switched off', () => {
    const input = [tagged(['B-LOC', 'O', 'O']), tagged(['O', 'O', 'B-LOC']), tagged(['B-PER', 'O'])];
    expect(consistentDocument(sentences, input, NO_DOCUMENT_PASS).map((t) => t.tags)).toEqual(
      input.map((t) => t.tags),
    );
  });

  it('refuses tags that do not match the sentences', () => {
    expect(() => consistentDocument(sentences, [tagged(['O'])])).toThrow(/differ/);
  });
});

describe('document boundaries in CoNLL files', () => {
  it('reads # newdoc and -DOCSTART- as the start of a document', () => {
    const text = [
      '# newdoc id = a',
      'Hello\tO',
      '',
      'World\tO',
      '',
      '# newdoc id = b',
      '# sent_id = b-1',
      'Again\tO',
      '',
      '-DOCSTART-\tO',
      '',
      'Last\tO',
      '',
    ].join('\n');
    const sentences = parseConll(text);
    expect(sentences.map((s) => s.tokens)).toEqual([
      ['Hello'],
      ['World'],
      ['Again'],
      ['-DOCSTART-'],
      ['Last'],
    ]);
    expect(documentIndices(sentences)).toEqual([0, 0, 1, 2, 2]);
  });

  it('takes each sentence as its own document in a file without boundaries', () => {
    expect(documentIndices(parseConll('a\tO\n\nb\tO\n\nc\tO\n'))).toEqual([0, 1, 2]);
  });
});

describe('the committed recogniser over a document', () => {
  it('tags the same tokens and sentences, with or without documents', () => {
    const sentences = [
      words('Daniel Marsh was arrested in Bradford .'),
      words('Marsh lives in Bradford .'),
      [],
    ];
    const alone = tag(sentences);
    const together = tag(sentences, undefined, [0, 0, 0]);
    expect(together.map((t) => t.length)).toEqual(sentences.map((s) => s.length));
    expect(alone.map((t) => t.length)).toEqual(sentences.map((s) => s.length));
    expect(tagDocument(sentences).map((t) => t.tags)).toEqual(together);
  });
});
