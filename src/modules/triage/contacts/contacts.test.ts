import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { demoSystem } from '../../../test/systems.ts';
import { defaultTriage } from '../commands.ts';
import { isoWeek, queueOf, weeklyFigures } from './queue.ts';
import { nextState } from './service.ts';

let t: TestApp;
let systemId: string;

beforeAll(async () => {
  t = await createTestApp();
  const s = await demoSystem(t.database.db, t.demoForceId, {
    stage: 'live',
    moduleId: 'triage',
    moduleSettings: {},
    productManager: true,
  });
  systemId = s.id;
  // The model loads once per process; loaded here, so the first contact is not over its budget.
  defaultTriage().classifyContact(['warm up']);
}, 180_000);
afterAll(() => t?.close());

const ROUTINE_1 = 'I lost my purse on the number 10 bus yesterday afternoon, has anyone handed it in?';
const ROUTINE_2 = 'It is a small brown leather purse with my bank cards in it.';
const EMERGENCY = 'He has got a knife and he says he is going to kill me, please send someone now';

const ledger = (subjectId: string) =>
  t.database.db
    .selectFrom('ledger_entries')
    .select(['action', 'payload'])
    .where('subject_id', '=', subjectId)
    .orderBy('seq')
    .execute();

describe('101 contacts under triage', () => {
  let contactId: string;

  it('moves a contact to the top of the queue, with its reasons, on the message that escalates it, and never back', async () => {
    const opened = await t.call('officer', 'POST', '/api/triage/contacts', { systemId, text: ROUTINE_1 });
    expect(opened.statusCode, opened.body).toBe(201);
    contactId = opened.json().id;
    expect(opened.json().route).toBe('routine');
    expect(opened.json().queue).toBeNull();

    const second = await t.call('officer', 'POST', `/api/triage/contacts/${contactId}/messages`, {
      text: ROUTINE_2,
    });
    expect(second.json().route).toBe('routine');
    expect((await t.call('officer', 'GET', '/api/triage/queue')).json().contacts).toEqual([]);

    const third = await t.call('officer', 'POST', `/api/triage/contacts/${contactId}/messages`, {
      text: EMERGENCY,
    });
    expect(third.statusCode, third.body).toBe(200);
    expect(third.json().route).toBe('emergency');
    expect(third.json().queue).toBe('emergency');
    expect(third.json().turns).toEqual([ROUTINE_1, ROUTINE_2, EMERGENCY]);
    const reasons = third.json().reasons.filter((r: { route: string }) => r.route === 'emergency');
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((r: { turn: number }) => r.turn === 2)).toBe(true);

    const queue = (await t.call('officer', 'GET', '/api/triage/queue')).json().contacts;
    expect(queue.map((c: { id: string }) => c.id)).toEqual([contactId]);

    const entries = await ledger(contactId);
    expect(entries.map((e) => e.action)).toEqual(['triage.contact.opened', 'triage.contact.escalated']);
    const escalated = entries[1]!.payload as {
      route: string;
      turn: number;
      reasons: Array<Record<string, unknown>>;
    };
    expect(escalated.route).toBe('emergency');
    expect(escalated.turn).toBe(3);
    // The ledger names the rules that fired, never the caller's words.
    expect(JSON.stringify(escalated)).not.toContain('knife');

    // A calmer message does not take the contact out of the queue.
    const calmer = await t.call('officer', 'POST', `/api/triage/contacts/${contactId}/messages`, {
      text: 'Actually it is fine now, he has gone, sorry to bother you.',
    });
    expect(calmer.json().route).toBe('emergency');
    expect(calmer.json().queue).toBe('emergency');
  });

  it('puts emergencies before a request for a person that waited longer', async () => {
    const person = await t.call('officer', 'POST', '/api/triage/contacts', {
      systemId,
      text: 'Can I speak to a real person please',
    });
    expect(person.json().route).toBe('human');
    const queue = (await t.call('officer', 'GET', '/api/triage/queue')).json().contacts;
    expect(queue.map((c: { route: string }) => c.route)).toEqual(['emergency', 'human']);
  });

  it('opens an incident when a handler flags a miss, counts false alarms, and refuses flags that contradict the route', async () => {
    const routine = await t.call('officer', 'POST', '/api/triage/contacts', { systemId, text: ROUTINE_1 });
    const id = routine.json().id;
    const missed = await t.call('officer', 'POST', `/api/triage/contacts/${id}/flags`, {
      kind: 'missed',
      shouldBe: 'urgent',
      note: 'The caller later said her partner hits her.',
    });
    expect(missed.statusCode, missed.body).toBe(201);
    const incident = await t.database.db
      .selectFrom('incidents')
      .select(['system_id', 'severity', 'reference'])
      .where('id', '=', missed.json().incident.id)
      .executeTakeFirstOrThrow();
    expect(incident.system_id).toBe(systemId);
    expect(incident.severity).toBe('serious');
    expect(
      (
        await t.call('officer', 'POST', `/api/triage/contacts/${id}/flags`, {
          kind: 'missed',
          shouldBe: 'urgent',
          note: 'again',
        })
      ).statusCode,
    ).toBe(409);
    // The escalated contact cannot be a miss for emergency; it can be a false alarm.
    expect(
      (
        await t.call('officer', 'POST', `/api/triage/contacts/${contactId}/flags`, {
          kind: 'missed',
          shouldBe: 'emergency',
          note: 'x',
        })
      ).statusCode,
    ).toBe(409);
    const falseAlarm = await t.call('officer', 'POST', `/api/triage/contacts/${contactId}/flags`, {
      kind: 'false_alarm',
      note: 'He was describing a film.',
    });
    expect(falseAlarm.statusCode).toBe(201);
    expect(falseAlarm.json().incident).toBeNull();
    // A false alarm on a routine contact is refused.
    expect(
      (
        await t.call('officer', 'POST', `/api/triage/contacts/${id}/flags`, {
          kind: 'false_alarm',
          note: 'x',
        })
      ).statusCode,
    ).toBe(409);

    const weeks = (await t.call('product-manager', 'GET', `/api/systems/${systemId}/triage/figures`)).json()
      .weeks;
    const all = weeks.reduce(
      (a: Record<string, number>, w: Record<string, number>) => ({
        contacts: a.contacts! + w.contacts!,
        escalated: a.escalated! + w.escalated!,
        missed: a.missed! + w.missed!,
        falseAlarms: a.falseAlarms! + w.falseAlarms!,
      }),
      { contacts: 0, escalated: 0, missed: 0, falseAlarms: 0 },
    );
    // Three contacts: the emergency (a false alarm), the request for a person, the missed one.
    expect(all).toEqual({ contacts: 3, escalated: 2, missed: 1, falseAlarms: 1 });
  });

  it('lets only people who run AI systems handle contacts', async () => {
    expect((await t.call('hr', 'GET', '/api/triage/queue')).statusCode).toBe(403);
    expect(
      (await t.call('hr', 'POST', '/api/triage/contacts', { systemId, text: ROUTINE_1 })).statusCode,
    ).toBe(403);
    expect(
      (await t.call('officer', 'GET', '/api/triage/contacts/00000000-0000-4000-8000-000000000000'))
        .statusCode,
    ).toBe(404);
  });

  it('shows the queue and a contact to a handler without JavaScript, and records a contact through the form', async () => {
    const queue = await t.call('officer', 'GET', '/triage');
    expect(queue.statusCode).toBe(200);
    expect(queue.headers.refresh).toBe('15');
    expect(queue.body).toContain('Emergency: transfer now');
    const { cookie, csrfToken } = await t.login('officer');
    const posted = await t.app.inject({
      method: 'POST',
      url: '/triage/contacts',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfToken, systemId, text: EMERGENCY }).toString(),
    });
    expect(posted.statusCode, posted.body).toBe(303);
    const page = await t.call('officer', 'GET', String(posted.headers.location));
    expect(page.body).toContain('give 999 advice and transfer to a person now');
    const empty = await t.app.inject({
      method: 'POST',
      url: '/triage/contacts',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfToken, systemId, text: '  ' }).toString(),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the message');
  });
});

describe('a contact after a decision', () => {
  const versions = { module: 'm', lexiconEn: 'e', lexiconCy: 'c', model: 'x' };
  it('goes to a person when triage gave no decision, and never falls below its route', () => {
    const failed = nextState(
      { route: 'routine', topic: 'lost_property', lang: 'en', interpreter: null },
      null,
      'over budget',
    );
    expect(failed.route).toBe('human');
    expect(failed.queue).toBe('person');
    expect(failed.reasons[0]?.text).toContain('over budget');
    const kept = nextState({ route: 'urgent', topic: null, lang: 'en', interpreter: null }, null, 'x');
    expect(kept.route).toBe('urgent');
    const calmer = nextState(
      { route: 'emergency', topic: null, lang: 'en', interpreter: null },
      { route: 'routine', topic: 'lost_property', lang: 'en', interpreter: null, reasons: [], versions },
      '',
    );
    expect(calmer).toMatchObject({ route: 'emergency', topic: null, queue: 'emergency' });
  });
});

describe('queues and weekly figures', () => {
  it('sends each route to its queue', () => {
    expect(queueOf('emergency', null)).toBe('emergency');
    expect(queueOf('urgent', 'pol')).toBe('priority');
    expect(queueOf('human', 'pol')).toBe('interpreter');
    expect(queueOf('human', null)).toBe('person');
    expect(queueOf('routine', null)).toBeNull();
  });

  it('numbers ISO weeks across a year end', () => {
    expect(isoWeek(new Date('2026-12-03T10:00:00Z'))).toBe('2026-W49');
    expect(isoWeek(new Date('2027-01-01T10:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2025-12-29T10:00:00Z'))).toBe('2026-W01');
  });

  it('computes recall and false alarms per week and language from flags', () => {
    const d = new Date('2026-12-03T10:00:00Z');
    const figures = weeklyFigures(
      [
        { id: 'a', createdAt: d, lang: 'cy', route: 'emergency' },
        { id: 'b', createdAt: d, lang: 'cy', route: 'urgent' },
        { id: 'c', createdAt: d, lang: 'cy', route: 'routine' },
        { id: 'd', createdAt: d, lang: 'cy', route: 'urgent' },
        { id: 'e', createdAt: d, lang: 'en', route: 'routine' },
      ],
      [
        { contactId: 'c', kind: 'missed' },
        { contactId: 'd', kind: 'false_alarm' },
      ],
    );
    // Welsh: 3 escalated, 1 of them a false alarm, so 2 stood; 1 miss: recall 2/3; false alarms 1/3.
    expect(figures).toEqual([
      {
        week: '2026-W49',
        lang: 'cy',
        contacts: 4,
        escalated: 3,
        missed: 1,
        falseAlarms: 1,
        recall: 2 / 3,
        falseAlarmRate: 1 / 3,
      },
      {
        week: '2026-W49',
        lang: 'en',
        contacts: 1,
        escalated: 0,
        missed: 0,
        falseAlarms: 0,
        recall: null,
        falseAlarmRate: null,
      },
    ]);
  });
});
