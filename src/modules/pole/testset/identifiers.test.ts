import { describe, expect, it } from 'vitest';
import { extract } from '../extract/extract.ts';
import { generateIdentifierSet, IDENTIFIER_KINDS } from './generate.ts';
import { scoreIdentifiers } from './score.ts';

describe('structured identifiers on the generated set', () => {
  const documents = generateIdentifierSet(400, 20240612);
  const scores = scoreIdentifiers(documents, (d) => extract(d));

  it('is the same set for the same seed and carries every kind', () => {
    expect(generateIdentifierSet(3, 1)).toEqual(generateIdentifierSet(3, 1));
    for (const kind of IDENTIFIER_KINDS) expect(scores[kind].gold).toBeGreaterThan(40);
  });

  it.each(IDENTIFIER_KINDS)('finds %s with precision and recall of at least 0.99', (kind) => {
    expect(scores[kind].precision, scores.errors.join('\n')).toBeGreaterThanOrEqual(0.99);
    expect(scores[kind].recall, scores.errors.join('\n')).toBeGreaterThanOrEqual(0.99);
  });

  it('counts a finding with the wrong value as wrong', () => {
    const [doc] = generateIdentifierSet(1, 3);
    const wrong = scoreIdentifiers([doc!], (d) => extract(d).map((e) => ({ ...e, value: `${e.value}X` })));
    const found = IDENTIFIER_KINDS.reduce((n, k) => n + wrong[k].correct, 0);
    expect(found).toBe(0);
  });
});
