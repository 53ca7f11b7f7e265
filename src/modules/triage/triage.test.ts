import { describe, expect, it } from 'vitest';
import { defaultTriage } from './commands.ts';

const triage = defaultTriage();

describe('Triage: one message', () => {
  it('routes the indirect disclosure of the issue to emergency and says why', () => {
    const d = triage.classify("he's locked the door and taken my phone, I'm fine really");
    expect(d.route).toBe('emergency');
    expect(d.topic).toBeNull();
    expect(d.lang).toBe('en');
    const rule = d.reasons.find((r) => r.id === 'en.duress.held');
    expect(rule?.words).toContain('locked');
    expect(rule?.source).toMatch(/DASH/);
  });

  it('gives a routine contact its topic and no reasons to escalate', () => {
    const d = triage.classify('I left my wallet on the number 5 bus this morning');
    expect(d).toMatchObject({ route: 'routine', topic: 'lost_property', lang: 'en' });
    expect(d.reasons.filter((r) => r.route !== 'routine')).toEqual([]);
  });

  it('reads Welsh, mutations and all', () => {
    const d = triage.classify('mae fy nghyn-bartner yn fy nharo i rŵan');
    expect(d.route).toBe('emergency');
    expect(d.lang).toBe('cy');
    const routine = triage.classify('dw i wedi colli fy ffôn ar y trên');
    expect(routine).toMatchObject({ route: 'routine', topic: 'lost_property', lang: 'cy' });
  });

  it('honours a request for a person', () => {
    expect(triage.classify('can I speak to an actual human please').route).toBe('human');
    expect(triage.classify('ga i siarad efo person go iawn').route).toBe('human');
  });

  it('sends another language to a person with an interpreter, naming the language', () => {
    const d = triage.classify('Zgubiłem portfel w autobusie wczoraj wieczorem, czy ktoś go oddał?');
    expect(d.route).toBe('human');
    expect(d.lang).toBe('pol');
    expect(d.interpreter).toBe('Polish');
    expect(d.reasons.map((r) => r.text).join(' ')).toMatch(/interpreter for Polish/);
  });

  it('records the versions that decided', () => {
    const d = triage.classify('hello');
    expect(d.versions.lexiconEn).toMatch(/^en-/);
    expect(d.versions.lexiconCy).toMatch(/^cy-/);
    expect(d.versions.model).toMatch(/^model-[0-9a-f]{12}$/);
  });
});

describe('Triage: a contact over several turns', () => {
  it('raises the route on the third turn and keeps the reasons of that turn', () => {
    const turns = [
      'hi',
      'I need some advice about my partner',
      'he has just hit me and he is still in the house',
    ];
    expect(triage.classifyContact(turns.slice(0, 1)).route).toBe('routine');
    const d = triage.classifyContact(turns);
    expect(d.route).toBe('emergency');
    expect(d.reasons.some((r) => r.turn === 2 && r.kind === 'rule')).toBe(true);
  });

  it('never lowers the route when a later turn is calmer', () => {
    const first = 'there is a man outside with a knife';
    const calmer = [first, 'sorry, it is fine now, forget it', 'actually I just wanted to ask about parking'];
    expect(triage.classifyContact([first]).route).toBe('emergency');
    const d = triage.classifyContact(calmer);
    expect(d.route).toBe('emergency');
    expect(d.topic).toBeNull();
  });

  it('keeps the language of the contact for a short reply', () => {
    const d = triage.classifyContact(['mae fy meic wedi cael ei ddwyn o’r sied', 'ok']);
    expect(d.lang).toBe('cy');
  });

  it('escalates a code-switched contact', () => {
    expect(triage.classify("help, mae o wedi got a knife, dw i'n hiding").route).toBe('emergency');
  });
});

describe('Triage: words that only look like risks', () => {
  const ruleIds = (text: string) => triage.ruleReasons(text, 0).map((r) => r.id);

  it('never reads a dictionary word as a typo of a risk word, but still reads real typos', () => {
    // "alright" is one edit from "alight" (fire), "racing" from "raping".
    expect(ruleIds('a van clipped my wing mirror on the high street and kept going, I am alright')).toEqual(
      [],
    );
    expect(ruleIds('kids racing motorbikes round the field every evening')).toEqual([]);
    const typo = triage.classify('my brother has been stabbbed outside the pub');
    expect(typo.route).toBe('emergency');
    expect(typo.reasons.find((r) => r.id === 'en.weapon.threat')?.text).toMatch(/stabbbed -> stabbed/);
  });

  it('does not take a promised call back for a request for a person, but honours a request for one', () => {
    expect(ruleIds('still waiting for a call back about the theft of my trailer')).not.toContain(
      'en.human.request',
    );
    expect(ruleIds('dw i dal i aros i rywun fy ffonio i nôl am y lladrad')).not.toContain('cy.human.request');
    expect(triage.classify('can someone ring me back please, I would rather talk').route).toBe('human');
  });

  it('reads short southern Welsh as Welsh, not as another language', () => {
    const d = triage.classify('ma crwts yn reido beics cwad lan a lawr y llwybr bob nos');
    expect(d.lang).toBe('cy');
    expect(d.interpreter).toBeNull();
  });
});
