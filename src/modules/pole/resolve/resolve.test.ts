import { describe, expect, it } from 'vitest';
import { extract } from '../extract/extract.ts';
import type { PoleDocument, PoleEntity } from '../extract/types.ts';
import { mentionId, nameParts, type ResolvedEntity, resolveEntities } from './resolve.ts';
import { STATEMENTS } from './test-fixtures.ts';

const entitiesOf = (documents: PoleDocument[]): PoleEntity[] => documents.flatMap((d) => extract(d));

const byKey = (resolved: ResolvedEntity[], key: string): ResolvedEntity => {
  const found = resolved.find((r) => r.key === key);
  if (!found) throw new Error(`no entity ${key} in ${resolved.map((r) => r.key).join(', ')}`);
  return found;
};

/** The entity holding the mention that starts where `text` first occurs in the document. */
const holding = (resolved: ResolvedEntity[], documents: PoleDocument[], documentId: string, text: string) => {
  const start = documents.find((d) => d.id === documentId)!.text.indexOf(text);
  const found = resolved.find((r) =>
    r.mentions.some((m) => m.documentId === documentId && m.start === start),
  );
  if (!found) throw new Error(`no mention at "${text}" in ${documentId}`);
  return found;
};

/** A deterministic shuffle (Park-Miller). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 48271) % 2147483647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('names taken apart', () => {
  it('ignores titles, ranks, collar numbers, stops and case', () => {
    expect(nameParts('PC 1234 Smith')).toMatchObject({ normalised: 'smith', form: 'surname' });
    expect(nameParts('J. Smith')).toMatchObject({ normalised: 'j smith', initial: 'j', form: 'initial' });
    expect(nameParts("JOHN O'Brien's")).toMatchObject({
      normalised: "john o'brien",
      forename: 'john',
      surname: "o'brien",
      form: 'full',
    });
  });
});

describe('resolving the entities of a case', () => {
  const entities = entitiesOf(STATEMENTS);
  const resolved = resolveEntities(entities);

  it('joins identifiers written differently on their normalised value', () => {
    const vrm = byKey(resolved, 'registration-mark:AB12CDE');
    expect(vrm.documents).toEqual(['stmt-1', 'stmt-2']);
    expect(vrm.mentions.map((m) => m.text)).toEqual(['AB12 CDE', 'ab12cde']);
    expect(vrm.reasons).toEqual([
      { rule: 'same-value', detail: 'same normalised registration mark AB12CDE' },
    ]);
    const phone = byKey(resolved, 'phone:+447700900123');
    expect(phone.mentions.map((m) => m.text)).toEqual(['07700 900123', '+44 7700 900123']);
    expect(phone.label).toBe('+447700900123');
  });

  it('joins a full name, its initial form and the title and surname, saying why', () => {
    const smith = byKey(resolved, 'person:john-smith');
    expect(smith.label).toBe('John Smith');
    expect(smith.documents).toEqual(['stmt-1', 'stmt-2', 'stmt-3']);
    expect(smith.mentions.map((m) => m.text)).toEqual([
      'Mr John Smith',
      'Mr J. Smith',
      'Mr Smith',
      'Mr John Smith',
    ]);
    expect(smith.reasons).toContainEqual({ rule: 'same-value', detail: "same name 'John Smith'" });
    expect(smith.reasons).toContainEqual({
      rule: 'name-variant',
      detail: "'J. Smith' is an initial form of 'John Smith'",
    });
    expect(smith.reasons).toContainEqual({
      rule: 'title-surname',
      detail: "'Mr Smith' taken as 'John Smith', the only person named Smith in the case",
    });
    expect(smith.attributes.dateOfBirth).toEqual(['1990-03-05']);
    expect(holding(resolved, STATEMENTS, 'stmt-3', 'Mr John Smith')).toBe(smith);
  });

  it('keeps an officer apart, with rank and collar number as attributes', () => {
    const officer = holding(resolved, STATEMENTS, 'stmt-3', 'PC 1234 Ahmed');
    expect(officer.key).toBe('person:ahmed');
    expect(officer.attributes).toMatchObject({ collarNumber: ['1234'], rank: ['Police Constable'] });
    expect(officer.mentions).toHaveLength(1);
  });

  it('puts every mention in exactly one entity, and sorts by category, documents and label', () => {
    const ids = resolved.flatMap((r) => r.mentions.map(mentionId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(new Set(entities.map(mentionId)).size);
    const order = { person: 0, object: 1, location: 2, event: 3 };
    for (let i = 1; i < resolved.length; i++) {
      const a = resolved[i - 1]!;
      const b = resolved[i]!;
      const rank = order[a.category] - order[b.category] || b.documents.length - a.documents.length;
      expect(rank <= 0).toBe(true);
      if (rank === 0) expect(a.label <= b.label).toBe(true);
    }
    expect(new Set(resolved.map((r) => r.key)).size).toBe(resolved.length);
  });

  it('gives the same answer whatever the order of the entities', () => {
    for (const seed of [1, 7, 42]) expect(resolveEntities(shuffled(entities, seed))).toEqual(resolved);
    expect(resolveEntities([...entities].reverse())).toEqual(resolved);
  });
});

describe('names that must not be joined', () => {
  const documents: PoleDocument[] = [
    {
      id: 'a',
      text:
        'Mr John Smith (born 05/03/1990) was seen near the shop on Tuesday evening, talking to a group of youths ' +
        'by the cash machine for some time. Mr James Smith gave his number as 07700 900456.',
    },
    {
      id: 'b',
      text:
        'Mr J. Smith was shouting at staff in the shop on the high street and would not leave when he was asked ' +
        'to go. Later Mr Smith rang from 07700 900456 to apologise.',
    },
    { id: 'c', text: 'Mr John Smith (born 12/08/1975) lives on the estate.' },
    { id: 'd', text: 'Mr John Smith was not at home.' },
  ];
  const resolved = resolveEntities(entitiesOf(documents));
  const at = (id: string, text: string) => holding(resolved, documents, id, text);

  it('leaves an initial that fits two people in the case on its own', () => {
    const initial = at('b', 'Mr J. Smith');
    expect(initial.mentions).toHaveLength(1);
    expect(initial.key).toBe('person:j-smith');
    expect(at('a', 'Mr John Smith')).not.toBe(at('a', 'Mr James Smith'));
  });

  it('never joins two dates of birth, nor a name without one when both are in the case', () => {
    const born1990 = at('a', 'Mr John Smith');
    const born1975 = at('c', 'Mr John Smith');
    expect(born1990).not.toBe(born1975);
    expect(born1990.attributes.dateOfBirth).toEqual(['1990-03-05']);
    expect(born1975.attributes.dateOfBirth).toEqual(['1975-08-12']);
    expect(at('d', 'Mr John Smith').mentions).toHaveLength(1);
    for (const r of resolved) expect((r.attributes.dateOfBirth ?? []).length).toBeLessThanOrEqual(1);
    expect(born1990.key).toBe('person:john-smith');
    expect(born1975.key).toMatch(/^person:john-smith~\d$/);
  });

  it('joins a surname to the one person named beside the same phone number', () => {
    const james = at('a', 'Mr James Smith');
    expect(at('b', 'Mr Smith')).toBe(james);
    expect(james.reasons).toEqual([
      {
        rule: 'co-identifier',
        detail: "'Mr James Smith' and 'Mr Smith' both named beside phone number +447700900456",
      },
    ]);
  });

  it('never joins an initial to the only full name when their dates of birth differ, nor two collar numbers', () => {
    const pair: PoleDocument[] = [
      { id: 'f', text: 'Mr John Smith (born 12/08/1975) owns the van. PC 1234 Evans seized it.' },
      { id: 'g', text: 'Mr J. Smith (born 05/03/1990) was driving. PC 5678 Evans attended.' },
    ];
    const again = resolveEntities(entitiesOf(pair));
    expect(holding(again, pair, 'g', 'Mr J. Smith')).not.toBe(holding(again, pair, 'f', 'Mr John Smith'));
    expect(holding(again, pair, 'g', 'PC 5678 Evans')).not.toBe(holding(again, pair, 'f', 'PC 1234 Evans'));
    const same = resolveEntities(
      entitiesOf([pair[0]!, { id: 'h', text: 'PC 1234 Evans drove the van away.' }]),
    );
    expect(byKey(same, 'person:evans').documents).toEqual(['f', 'h']);
  });

  it('takes a phone number beside two people of one surname as no evidence', () => {
    const both: PoleDocument[] = [
      { id: 'p', text: 'Mr John Smith and Mr James Smith share the phone 07700 900789.' },
      { id: 'q', text: 'Mr Smith rang from 07700 900789.' },
    ];
    const again = resolveEntities(entitiesOf(both));
    expect(holding(again, both, 'q', 'Mr Smith').mentions).toHaveLength(1);
  });

  it('joins two spellings of one person by date of birth and surname', () => {
    const more: PoleDocument[] = [
      { id: 'e', text: 'Mr J. Smith (born 05/03/1990) was arrested.' },
      ...documents.filter((d) => d.id !== 'b'),
    ];
    const again = resolveEntities(entitiesOf(more));
    const john = holding(again, more, 'a', 'Mr John Smith');
    expect(holding(again, more, 'e', 'Mr J. Smith')).toBe(john);
    expect(john.reasons).toContainEqual({
      rule: 'date-of-birth',
      detail: "'Mr John Smith' and 'Mr J. Smith' both born 1990-03-05",
    });
  });
});

describe("an officer's split", () => {
  const entities = entitiesOf(STATEMENTS);
  const before = resolveEntities(entities);
  const mrSmith = holding(before, STATEMENTS, 'stmt-2', 'Mr Smith').mentions.find(
    (m) => m.text === 'Mr Smith',
  )!;
  const splits = [{ key: 'person:john-smith', mentions: [{ documentId: 'stmt-2', start: mrSmith.start }] }];
  const after = resolveEntities(entities, { splits });

  it('takes the mentions out into an entity of their own, which no rule joins back', () => {
    const out = holding(after, STATEMENTS, 'stmt-2', 'Mr Smith');
    const rest = byKey(after, 'person:john-smith');
    expect(out).not.toBe(rest);
    expect(out.mentions.map(mentionId)).toEqual([mentionId(mrSmith)]);
    expect(out.key).toBe('person:smith');
    expect(rest.documents).toEqual(['stmt-1', 'stmt-3']);
    expect(rest.reasons.map((r) => r.rule)).not.toContain('title-surname');
    expect(rest.mentions.map((m) => m.text)).toEqual(['Mr John Smith', 'Mr J. Smith', 'Mr John Smith']);
  });

  it('stays split when resolved again, in any order, and leaves other entities alone', () => {
    expect(resolveEntities(shuffled(entities, 3), { splits })).toEqual(after);
    expect(byKey(after, 'registration-mark:AB12CDE')).toEqual(byKey(before, 'registration-mark:AB12CDE'));
  });

  it('ignores a split of mentions that are not in the case', () => {
    expect(
      resolveEntities(entities, {
        splits: [{ key: 'person:nobody', mentions: [{ documentId: 'x', start: 0 }] }],
      }),
    ).toEqual(before);
  });
});
