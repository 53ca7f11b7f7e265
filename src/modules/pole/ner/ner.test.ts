import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/tokenize.ts';
import { withoutDemonyms } from './decode.ts';
import { isDemonym } from './demonyms.ts';
import { capitalisedRuns, dictionaryFilter, inDictionary, shortShape, wordShape } from './features.ts';
import { buildGazetteer, gazetteerCodes, nameStarts } from './gazetteer.ts';
import { allowed, LABELS } from './labels.ts';
import { buildLexicon, headClass, LEXICON_KIND } from './lexicon.ts';
import { nameOf } from './names.ts';
import { overlayObjects } from './overlay.ts';
import { tag } from './tagger.ts';
import { constrained, viterbi } from './viterbi.ts';
import { parseWritten } from './written.ts';

const words = (text: string) => tokenize(text).map((t) => t.text);

describe('the committed recogniser', () => {
  it('tags plain names of people, places and organisations', () => {
    const [tags] = tag([words('Daniel Marsh was arrested in Bradford by West Yorkshire Police .')]);
    expect(tags).toEqual(['B-PER', 'I-PER', 'O', 'O', 'O', 'B-LOC', 'O', 'B-ORG', 'I-ORG', 'I-ORG', 'O']);
  });

  it('always returns valid IOB2, one tag per token, for odd input', () => {
    const sentences = [[], ['!!!'], words('lol @user http://x.y #tag 12345 ... I-ORG')];
    const tagged = tag(sentences);
    tagged.forEach((tags, s) => {
      expect(tags).toHaveLength(sentences[s]!.length);
      tags.forEach((t, i) => {
        if (t.startsWith('I-')) expect(tags[i - 1]?.slice(2)).toBe(t.slice(2));
      });
    });
  });
});

describe('decoding', () => {
  it('never puts I-X after O or another type', () => {
    expect(allowed(-1, LABELS.indexOf('I-PER'))).toBe(false);
    expect(allowed(LABELS.indexOf('B-LOC'), LABELS.indexOf('I-PER'))).toBe(false);
    expect(allowed(LABELS.indexOf('B-PER'), LABELS.indexOf('I-PER'))).toBe(true);
  });

  it('chooses the best sequence the constraints allow', () => {
    const L = LABELS.length;
    const emission = new Float64Array(2 * L);
    emission[LABELS.indexOf('O')] = 1;
    emission[L + LABELS.indexOf('I-PER')] = 5; // best alone, but not allowed after O
    emission[LABELS.indexOf('B-PER')] = 0.5;
    const best = viterbi(emission, 2, constrained(new Float64Array((L + 1) * L)));
    expect(Array.from(best, (y) => LABELS[y])).toEqual(['B-PER', 'I-PER']);
  });
});

describe('features and training data', () => {
  it('describes word shapes', () => {
    expect(wordShape('McDonald')).toBe('XxXxx');
    expect(wordShape('AB12')).toBe('XXdd');
    expect(shortShape(wordShape('London'))).toBe('Xx');
  });

  it('keeps mentions that are names, trimmed, and drops the others', () => {
    const tokens = ['the', 'Duke', 'of', 'York', "'s", 'old', 'friend', 'Mr', 'Smith'];
    expect(nameOf(tokens, { start: 0, end: 5, type: 'PER' })).toEqual({ start: 1, end: 4, type: 'PER' });
    expect(nameOf(tokens, { start: 0, end: 7, type: 'PER' })).toBeNull();
    expect(nameOf(tokens, { start: 7, end: 9, type: 'PER' })).toEqual({ start: 8, end: 9, type: 'PER' });
  });

  it('builds a gazetteer of marked names and finds the longest one covering each word', () => {
    const names = buildGazetteer([
      { tokens: ['I', 'flew', 'to', 'New', 'York'], tags: ['O', 'O', 'O', 'B-LOC', 'I-LOC'] },
      { tokens: ['York', 'won'], tags: ['B-ORG', 'O'] },
    ]);
    const codes = gazetteerCodes(['in', 'new', 'york', 'today'], names, nameStarts(names));
    expect(codes[0]).toBe(0);
    expect(codes[1]! & 7).toBe(2); // LOC
    expect(codes[1]! >> 6).toBe(1); // first word of the name
    expect(codes[2]! >> 6).toBe(3); // last word
  });

  it('leaves nationality and faith words out of names, and knows dictionary words', () => {
    expect(isDemonym('Israeli')).toBe(true);
    expect(isDemonym('Iraqis')).toBe(true);
    expect(isDemonym('Israel')).toBe(false);
    const filter = dictionaryFilter(['table', 'chair'], 1024);
    expect(inDictionary(filter, 'table')).toBe(true);
    expect(inDictionary(filter, 'miramar')).toBe(false);
  });

  it('builds a lexicon of known names from compromise and the written lists', () => {
    const lexicon = buildLexicon({
      aaliyah: 'FemaleName',
      inc: 'Organization',
      "ben & jerry's": 'Organization',
    });
    expect(lexicon.get('aaliyah')).toBe(LEXICON_KIND.firstName);
    expect(lexicon.has('inc')).toBe(false);
    expect(lexicon.get("ben & jerry 's")).toBe(LEXICON_KIND.organisation);
    expect(lexicon.get('london')).toBe(LEXICON_KIND.place);
    expect(lexicon.get('bank of england')).toBe(LEXICON_KIND.organisation);
    expect(headClass('university')).toBe(1);
    expect(headClass('street')).toBe(2);
    expect(headClass('mr.')).toBe(4);
    expect(headClass('table')).toBe(0);
  });

  it('finds runs of capitalised words, connectors inside', () => {
    const tokens = words('He sued the Housing Authority of New Orleans last year .');
    const runs = capitalisedRuns(
      tokens,
      tokens.map((t) => t.toLowerCase()),
    );
    expect(Array.from(runs)).toEqual([0, -1, -1, 7, 7, 7, 7, 7, -1, -1, -1]);
  });

  it('drops names that are only nationality or faith words', () => {
    const tokens = ['Iraqis', 'met', 'Sunni', 'Arab', 'leaders', 'in', 'Baghdad'];
    const labels = Uint8Array.from(['B-ORG', 'O', 'B-ORG', 'I-ORG', 'O', 'O', 'B-LOC'], (t) =>
      LABELS.indexOf(t as (typeof LABELS)[number]),
    );
    expect(Array.from(withoutDemonyms(tokens, labels), (y) => LABELS[y])).toEqual([
      'O',
      'O',
      'O',
      'O',
      'O',
      'O',
      'B-LOC',
    ]);
  });

  it('reads written sentences with bracketed names, titles left outside the name', () => {
    const [s] = parseWritten('[PER Mrs Ann Lee] moved to [LOC Hull] .', 'x.txt');
    expect(s!.tokens).toEqual(['Mrs', 'Ann', 'Lee', 'moved', 'to', 'Hull', '.']);
    expect(s!.tags).toEqual(['O', 'B-PER', 'I-PER', 'O', 'O', 'B-LOC', 'O']);
  });

  it('marks vehicles and weapons from the lexicons where no name was found', () => {
    const tokens = ['a', 'Ford', 'Focus', 'and', 'a', 'machete'];
    expect(overlayObjects(tokens, ['O', 'B-ORG', 'O', 'O', 'O', 'O'])).toEqual([
      'O',
      'B-VEH',
      'I-VEH',
      'O',
      'O',
      'B-WEA',
    ]);
  });
});

describe('tokeniser', () => {
  it('splits punctuation and clitics, keeps e-mail addresses, numbers and abbreviations whole', () => {
    expect(words("Mr. O'Brien didn't call j.smith@example.co.uk at 23:00, U.K. time.")).toEqual([
      'Mr.',
      "O'Brien",
      'did',
      "n't",
      'call',
      'j.smith@example.co.uk',
      'at',
      '23:00',
      ',',
      'U.K.',
      'time',
      '.',
    ]);
  });

  it('keeps offsets into the text', () => {
    const text = 'Call  Ann.';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});
