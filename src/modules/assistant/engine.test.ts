import { describe, expect, it } from 'vitest';
import { defaultTriage } from '../triage/index.ts';
import { figuresByLanguage, higherQueue, inQueueOrder, openAt, placeOf } from './conversations/queue.ts';
import { asksForPerson, type ChatState, crimeReferenceIn, FRESH, respond, saysYes } from './engine.ts';
import type { Candidate } from './knowledge/articles.ts';
import { cy, en, type PhraseKey, phrase } from './phrases.ts';

const triage = defaultTriage();
const article = (over: Partial<Candidate> = {}): Candidate => ({
  article: 'parking',
  version: 3,
  topic: 'parking',
  kind: 'answer',
  title: 'Parking problems',
  body: 'The council deals with most parking.',
  score: 120,
  matched: ['park'],
  coverage: 0.5,
  ...over,
});
const turn = (text: string, state: ChatState = FRESH, candidates: Candidate[] = [], extra = {}) =>
  respond({
    lang: 'en',
    text,
    decision: triage.classifyContact([text], 'en'),
    candidates,
    state,
    newReference: 'LP-AAAA-BBBB',
    ...extra,
  });

describe('one turn of the assistant', () => {
  it('quotes the article word for word with its citation, and says how', () => {
    const r = turn('someone parked across my drive', FRESH, [article()]);
    expect(r.kind).toBe('article');
    expect(r.text).toBe('The council deals with most parking.\n\nFrom our article "Parking problems".');
    expect(r.citations).toEqual([{ article: 'parking', version: 3, title: 'Parking problems' }]);
    expect(r.how).toContain('version 3');
  });

  it('does not answer from an article that scores too low, and offers a person', () => {
    const r = turn('what about the thing', FRESH, [article({ score: 30, topic: 'fly_tipping' })]);
    expect(r.kind).toBe('no-match');
    expect(r.citations).toEqual([]);
    expect(r.state.flow).toEqual({ kind: 'offered' });
    const second = turn('and the other thing', r.state, []);
    expect(second.kind).toBe('offer');
    expect(turn('yes please', second.state).handoff).toEqual({ queue: 'person', reason: 'asked' });
  });

  it('answers a short precise question whose every word the article matches, at a lower score', () => {
    expect(turn('pothole', FRESH, [article({ score: 20, coverage: 1 })]).kind).toBe('article');
    expect(turn('pothole bins', FRESH, [article({ score: 20, coverage: 0.5 })]).kind).toBe('no-match');
    expect(turn('pothole', FRESH, [article({ score: 5, coverage: 1 })]).kind).toBe('no-match');
  });

  it('hands an emergency to a person before anything else, even in the middle of a service', () => {
    const r = turn(
      'he is hitting me and has a knife, help',
      { flow: { kind: 'lost', step: 'where' }, stalls: 0 },
      [article()],
    );
    expect(r.handoff?.queue).toBe('emergency');
    expect(r.text).toContain('Call 999 now');
    expect(r.citations).toEqual([]);
  });

  it('takes a lost property report step by step and gives the reference', () => {
    let r = turn('lost my purse', FRESH, [
      article({ article: 'lost-property', kind: 'service', topic: 'lost_property' }),
    ]);
    expect(r.text).toContain('What have you lost?');
    // As in the module, triage reads the conversation so far, not the answer alone.
    const said = ['lost my purse'];
    const next = (answer: string, state: ChatState) => {
      said.push(answer);
      return turn(answer, state, [], { decision: triage.classifyContact([...said], 'en') });
    };
    for (const answer of ['a brown purse', 'on the bus', 'yesterday']) r = next(answer, r.state);
    const done = next('jo@example.com', r.state);
    expect(done.lostProperty).toEqual({
      reference: 'LP-AAAA-BBBB',
      item: 'a brown purse',
      where: 'on the bus',
      when: 'yesterday',
      contact: 'jo@example.com',
    });
    expect(done.text).toContain('LP-AAAA-BBBB');
    expect(done.how).not.toContain('jo@example.com');
  });

  it('gives a crime update only with a passed check, and never names the report in how it answered', () => {
    const state: ChatState = {
      flow: { kind: 'crime', step: 'postcode', reference: 'DC/26/000001', surname: 'Jones' },
      stalls: 0,
    };
    const ok = turn('CF10 1AA', state, [], { crimeCheck: { kind: 'ok', update: 'Filed.' } });
    expect(ok.text).toBe('Update on crime DC/26/000001: Filed.');
    expect(ok.how).not.toContain('DC/26');
    expect(turn('CF10 1AA', state, [], { crimeCheck: { kind: 'no-match', left: 2 } }).text).toContain(
      '2 more tries',
    );
    expect(turn('CF10 1AA', state, [], { crimeCheck: { kind: 'locked' } }).kind).toBe('offer');
    expect(turn('CF10 1AA', state, [], { crimeCheck: null }).text).not.toContain('Update on crime');
  });

  it('finds crime references and plain requests for a person in English and Welsh', () => {
    expect(crimeReferenceIn('my ref is dc / 26 / 004512 thanks')).toBe('DC/26/004512');
    expect(crimeReferenceIn('no reference here 2026')).toBeNull();
    for (const s of [
      'agent',
      'human',
      'Can I talk to a real person?',
      'siarad efo rhywun',
      'Siarad â pherson',
    ])
      expect(asksForPerson(s), s).toBe(true);
    for (const s of ['I lost my keys', 'a person stole my bike from outside the shop yesterday'])
      expect(asksForPerson(s), s).toBe(false);
    expect(saysYes('ie plis')).toBe(true);
    expect(saysYes('yesterday on the bus')).toBe(false);
  });
});

describe('queues and hours', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 11, 4, 10, m));
  it('orders by precedence, then time waited, and gives places and waits', () => {
    const rows = [
      { id: 'a', queue: 'person' as const, queuedAt: at(0) },
      { id: 'b', queue: 'emergency' as const, queuedAt: at(5) },
      { id: 'c', queue: 'priority' as const, queuedAt: at(3) },
      { id: 'd', queue: 'interpreter' as const, queuedAt: at(1) },
    ];
    expect(inQueueOrder(rows).map((r) => r.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(placeOf(rows, 'a', 6)).toEqual({ position: 3, minutes: 12 });
    expect(placeOf(rows, 'b', 6)).toEqual({ position: 1, minutes: 1 });
    expect(placeOf(rows, 'zz', 6)).toBeNull();
    expect(higherQueue('person', 'emergency')).toBe('emergency');
    expect(higherQueue('emergency', 'person')).toBe('emergency');
  });

  it('knows when a person answers, in London time, across midnight', () => {
    const winter = new Date('2026-12-04T21:30:00Z');
    expect(openAt(winter, '08:00', '22:00')).toBe(true);
    expect(openAt(new Date('2026-12-04T22:30:00Z'), '08:00', '22:00')).toBe(false);
    expect(openAt(new Date('2026-07-04T21:30:00Z'), '08:00', '22:00')).toBe(false); // 22:30 BST
    expect(openAt(new Date('2026-12-04T02:00:00Z'), '20:00', '06:00')).toBe(true);
    expect(openAt(winter, '00:00', '24:00')).toBe(true);
  });

  it('counts contained and handed-over chats, time to a person and ratings per language', () => {
    const figures = figuresByLanguage([
      { lang: 'cy', handedOver: true, queuedAt: at(0), takenAt: at(2), rating: 4, flags: 1 },
      { lang: 'cy', handedOver: false, queuedAt: null, takenAt: null, rating: 5, flags: 0 },
      { lang: 'en', handedOver: false, queuedAt: null, takenAt: null, rating: null, flags: 0 },
    ]);
    expect(figures).toEqual([
      {
        lang: 'cy',
        conversations: 2,
        contained: 1,
        handedOver: 1,
        medianSecondsToPerson: 120,
        ratings: 2,
        meanRating: 4.5,
        wrongAnswersFlagged: 1,
      },
      {
        lang: 'en',
        conversations: 1,
        contained: 1,
        handedOver: 0,
        medianSecondsToPerson: null,
        ratings: 0,
        meanRating: null,
        wrongAnswersFlagged: 0,
      },
    ]);
  });
});

describe('the assistant in Welsh', () => {
  it('has every sentence it says in Welsh, not left in English', () => {
    const keys = Object.keys(en) as PhraseKey[];
    expect(Object.keys(cy).sort()).toEqual([...keys].sort());
    for (const k of keys) expect(cy[k], k).not.toBe(en[k]);
    // Placeholders survive translation.
    for (const k of keys) expect(cy[k].match(/\{\w+\}/g)?.sort(), k).toEqual(en[k].match(/\{\w+\}/g)?.sort());
    expect(phrase('cy', 'queued', { position: 2, minutes: 6 })).toBe(
      'Rydych yn rhif 2 yn y ciw. Mae disgwyl i chi aros tua 6 munud.',
    );
  });
});
