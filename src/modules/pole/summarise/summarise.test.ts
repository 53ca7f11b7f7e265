import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData, titleWith } from '../../../test/shared.ts';
import { assignFolds, gridPoints } from './crossval.ts';
import { rouge } from './rouge.ts';
import { splitSentences } from './split.ts';
import {
  contentWords,
  DEFAULT_WEIGHTS,
  pageRank,
  summariseDocument,
  summariseDocuments,
  textRankSimilarity,
} from './summarise.ts';

const bin = path.resolve(import.meta.dirname, '../../../../bin/bluelamp.js');

describe('sentence splitting', () => {
  it('keeps police abbreviations, times, numbers and initials inside sentences', () => {
    const text =
      'PC Smith arrested Mr. Jones at 23.00hrs on 5 May. DS Brown attended. Ref No. 123 was logged by J. R. Patel.\n\nInsp. Khan closed it.';
    const got = splitSentences({ id: 'd', text }).map((s) => [s.text, s.paragraph]);
    expect(got).toEqual([
      ['PC Smith arrested Mr. Jones at 23.00hrs on 5 May.', 0],
      ['DS Brown attended.', 0],
      ['Ref No. 123 was logged by J. R. Patel.', 0],
      ['Insp. Khan closed it.', 1],
    ]);
  });

  it('keeps statutory references whole', () => {
    const text =
      'WITNESS STATEMENT (CJ Act 1967, s.9; MC Act 1980, ss.5A(3)(a) and 5B) Statement of: Samira Akhtar';
    expect(splitSentences({ id: 'd', text }).map((s) => s.text)).toEqual([text]);
  });
});

const docs = [
  {
    id: 'a',
    text: 'PC Smith attended 12 High Street on 5 May 2024. A knife was seized from Mr. Jones. The weather was dry.\n\nMr. Jones was arrested at 23.00hrs.',
  },
  {
    id: 'b',
    text: 'DS Brown interviewed Mr. Jones. Mr. Jones denied owning the knife. The interview ended.',
  },
];

describe('summaries are grounded', () => {
  for (const method of ['lead', 'textrank', 'bluelamp'] as const) {
    it(`${method}: every line is the cited slice of its document`, () => {
      const summary = summariseDocuments(docs, { method, sentences: 3 });
      expect(summary.lines.length).toBe(3);
      expect(summary.method.name).toBe(method);
      for (const line of summary.lines) {
        const doc = docs.find((d) => d.id === line.documentId)!;
        expect(doc.text.slice(line.start, line.end)).toBe(line.text);
        expect(Object.keys(line.scores).length).toBeGreaterThan(0);
      }
      const all = docs.map((d) => d.text).join('\n');
      for (const line of summary.lines) expect(all.includes(line.text)).toBe(true);
    });
  }
  it('lead takes the first sentence of each document first', () => {
    const s = summariseDocuments(docs, { method: 'lead', sentences: 2 });
    expect(s.lines.map((l) => l.text)).toEqual([
      'PC Smith attended 12 High Street on 5 May 2024.',
      'DS Brown interviewed Mr. Jones.',
    ]);
  });
  it('keeps within a word budget', () => {
    const s = summariseDocument(docs[1]!, { method: 'textrank', words: 5 });
    expect(s.lines.reduce((n, l) => n + l.text.split(' ').length, 0)).toBeLessThanOrEqual(5);
  });
});

const meeting = {
  id: 'm',
  text: [
    'Okay . {vocalsound}',
    'So today we decide the remote control design and the budget for the remote control .',
    'Yeah .',
    'Mm - hmm .',
    'Um , {disfmarker} yeah , okay .',
    'The remote control needs a rubber case and large buttons for older users .',
    'Right . {gap}',
    'Uh-huh .',
    'Marketing found that users want a remote control that is easy to find when lost .',
    'Okay , okay .',
    'The budget is twelve euros per unit , so the case must be cheap .',
    'Yeah , yeah . {vocalsound}',
    'We agreed on a rubber case , large buttons and a locator beep for the remote control .',
  ].join('\n'),
};
const fillers = new Set(meeting.text.split('\n').filter((l) => /^(Okay|Yeah|Mm|Um|Right|Uh)\b/.test(l)));

describe('Bluelamp scoring', () => {
  it('content words drop stopwords, fillers and transcription markup, and are stemmed', () => {
    expect(contentWords(['yeah', 'the', 'remote', 'controls', 'um', 'vocalsound', '12'])).toEqual([
      'remot',
      'control',
    ]);
  });
  it('never chooses filler or backchannel sentences, even with budget to spare', () => {
    const s = summariseDocument(meeting, { words: 500 });
    expect(s.lines.length).toBeGreaterThan(0);
    for (const line of s.lines) {
      expect(fillers.has(line.text)).toBe(false);
    }
  });
  it('keeps verbatim offsets on meeting transcripts with markup', () => {
    for (const words of [20, 40, 500]) {
      const s = summariseDocument(meeting, { words });
      for (const line of s.lines) expect(meeting.text.slice(line.start, line.end)).toBe(line.text);
      expect(s.lines.reduce((n, l) => n + l.text.split(/\s+/).length, 0)).toBeLessThanOrEqual(words);
    }
  });
  it('is deterministic and reports its version and weights', () => {
    const a = summariseDocument(meeting, { words: 40 });
    const b = summariseDocument(meeting, { words: 40 });
    expect(a).toEqual(b);
    expect(a.method.version).toMatch(/^2\./);
    expect(a.method.settings).toMatchObject(DEFAULT_WEIGHTS);
  });
  it('prefers a content-rich sentence over a short one and scores the noise penalty', () => {
    const s = summariseDocument(meeting, { words: 20 });
    expect(s.lines.length).toBe(1);
    expect(s.lines[0]!.text.split(/\s+/).length).toBeGreaterThan(10);
    for (const key of ['length', 'position', 'opening', 'noise', 'redundancy', 'mmr'])
      expect(s.lines[0]!.scores).toHaveProperty(key);
  });
  it('penalises redundancy: the same sentence twice is chosen once', () => {
    const text =
      'The van was seen at the depot on Monday night.\nThe van was seen at the depot on Monday night.\nA witness heard shouting near the canal bridge later.';
    const s = summariseDocument({ id: 'r', text }, { sentences: 2, weights: { redundancy: 5 } });
    expect(new Set(s.lines.map((l) => l.text)).size).toBe(2);
  });
});

describe('cross-validation', () => {
  it('folds are seeded, balanced and cover every meeting once', () => {
    const a = assignFolds(35, 5, 7);
    expect(assignFolds(35, 5, 7)).toEqual(a);
    expect(assignFolds(35, 5, 8)).not.toEqual(a);
    for (let f = 0; f < 5; f++) expect(a.filter((x) => x === f).length).toBe(7);
  });
  it('the default weights are a point of the searched grid', () => {
    expect(gridPoints().some((p) => JSON.stringify(p) === JSON.stringify(DEFAULT_WEIGHTS))).toBe(true);
  });
});

describe('ROUGE (hand-computed)', () => {
  it('unigram, bigram and LCS F1', () => {
    // candidate: the cat sat; reference: the cat ran away
    // R1: overlap 2, P 2/3, R 2/4 -> F 4/7; R2: overlap 1 ("the cat"), P 1/2, R 1/3 -> F 2/5; LCS 2 -> 4/7
    const r = rouge('The cat sat.', 'the cat ran away');
    expect(r.rouge1).toBeCloseTo(4 / 7, 10);
    expect(r.rouge2).toBeCloseTo(2 / 5, 10);
    expect(r.rougeL).toBeCloseTo(4 / 7, 10);
  });
  it('stems with Porter: running dogs = run dog', () => {
    expect(rouge('running dogs', 'run dog')).toEqual({ rouge1: 1, rouge2: 1, rougeL: 1 });
  });
  it('LCS is in order: a b c vs c b a has LCS 1', () => {
    // R1 = 1 (all unigrams shared), R2 = 0, RL: LCS 1 -> P 1/3 R 1/3 F 1/3
    const r = rouge('a b c', 'c b a');
    expect(r.rouge1).toBe(1);
    expect(r.rouge2).toBe(0);
    expect(r.rougeL).toBeCloseTo(1 / 3, 10);
  });
});

describe('TextRank', () => {
  it('similarity is shared words over log lengths (Mihalcea & Tarau 2004)', () => {
    expect(textRankSimilarity(['a', 'b'], ['a', 'c'])).toBeCloseTo(1 / (2 * Math.log(2)), 10);
  });
  it('PageRank on a star of three: centre 0.486486, leaves 0.256757 (solved by hand, d = 0.85)', () => {
    const r = pageRank([
      [0, 1, 1],
      [1, 0, 0],
      [1, 0, 0],
    ]);
    expect(r[0]).toBeCloseTo(0.486486, 4);
    expect(r[1]).toBeCloseTo(0.256757, 4);
    expect(r[2]).toBeCloseTo(0.256757, 4);
  });
});

describe('bluelamp summarise evaluate', () => {
  it('runs on a tiny QMSum-format file and prints the three methods', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qmsum-'));
    const file = path.join(dir, 'tiny.jsonl');
    const meeting = {
      meeting_transcripts: [
        { speaker: 'A', content: 'We met to plan the remote control design.' },
        { speaker: 'B', content: 'The budget is twelve euros per unit.' },
        { speaker: 'A', content: 'Fine. Lunch is at noon.' },
      ],
      general_query_list: [
        { query: 'Summarise', answer: 'The team planned the remote control design within a budget.' },
      ],
      specific_query_list: [{ query: 'budget?', answer: 'twelve euros', relevant_text_span: [['1', '1']] }],
    };
    writeFileSync(file, `${JSON.stringify(meeting)}\n`);
    const out = JSON.parse(
      execFileSync('node', [bin, 'summarise', 'evaluate', '--qmsum', file, '--json'], { encoding: 'utf8' }),
    );
    expect(out.queries).toBe(1);
    for (const m of ['lead', 'textrank', 'bluelamp']) expect(out.scores[m].rouge1).toBeGreaterThan(0);
  }, 60_000);
  const data = sharedData('data', 'summarising', 'qmsum', 'val.jsonl');
  describe.skipIf(data.skip)(titleWith(data, 'on QMSum val'), () => {
    it('prints the three methods; bluelamp (weights chosen on val, so in-sample) beats both baselines', () => {
      const out = execFileSync('node', [bin, 'summarise', 'evaluate', '--qmsum', data.path], {
        encoding: 'utf8',
      });
      const scores: Record<string, number[]> = {};
      for (const m of ['lead', 'textrank', 'bluelamp']) {
        const row = new RegExp(`^${m} +([\\d.]+) +([\\d.]+) +([\\d.]+)$`, 'm').exec(out);
        expect(row).not.toBeNull();
        scores[m] = row!.slice(1).map(Number);
      }
      for (const k of [0, 1, 2])
        for (const baseline of ['lead', 'textrank'])
          expect(scores.bluelamp![k]).toBeGreaterThan(scores[baseline]![k]!);
    }, 600_000);
  });
});
