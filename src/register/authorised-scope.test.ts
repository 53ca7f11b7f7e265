import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainRuns } from '../oversight/workers.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

/** 60 recorded crimes on a 150 m grid in a 1.5 km square, of the given types in turn. */
function input(types: string[], importId?: string) {
  const events = Array.from({ length: 60 }, (_, i) => ({
    time: `2026-0${1 + (i % 8)}-1${i % 10}T12:00`,
    x: 424_000 + (i % 10) * 150,
    y: 564_000 + (i % 6) * 150,
    category: types[i % types.length]!,
  }));
  return { events, crs: 'EPSG:27700', t0: '2026-10-01T00:00', ...(importId ? { importId } : {}) };
}

const settings = {
  method: 'naive',
  top: 5,
  crimeTypes: ['Burglary'],
  area: { crs: 'EPSG:27700', minX: 420_000, minY: 560_000, maxX: 430_000, maxY: 570_000 },
};

async function start(systemId: string, body: unknown) {
  const res = await call('analyst', 'POST', `/api/systems/${systemId}/runs`, {
    input: body,
    purpose: 'Weekly patrol plan',
  });
  await drainRuns(t.services.runs);
  return res;
}

describe('the authorised scope', () => {
  it('is pinned when use is authorised, hashed in the ledger entry, and refuses runs outside it', async () => {
    const { id } = await demoSystem(t.database.db, t.demoForceId, {
      index: 0,
      stage: 'trial',
      moduleSettings: settings,
      productManager: false,
    });
    const pin = await t.database.db
      .selectFrom('authorised_scopes')
      .selectAll()
      .where('system_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(pin.scope).toEqual({
      crimeTypes: { label: 'crime type', values: ['Burglary'] },
      area: { label: 'area', box: settings.area },
    });
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select('payload')
      .where('subject_id', '=', id)
      .where('action', '=', 'evidence.submitted')
      .execute();
    const auth = entry
      .map((e) => e.payload as { kind: string; authorisedScope?: { hash: string } })
      .find((p) => p.kind === 'use-authorisation')!;
    expect(auth.authorisedScope?.hash).toBe(pin.hash);

    // Inside: burglary in the area.
    expect((await start(id, input(['Burglary']))).statusCode).toBe(202);

    // Outside: drugs and violence as well as burglary.
    const wider = await start(id, input(['Burglary', 'Drugs', 'Violence and sexual offences']));
    expect(wider.statusCode).toBe(403);
    expect(wider.json().code).toBe('outside-authorised-scope');
    expect(wider.json().detail).toBe(
      "crime type 'Drugs' is outside the authorised scope: Burglary; crime type 'Violence and sexual offences' is outside the authorised scope: Burglary.",
    );

    // Outside the area: moved 20 km east.
    const far = input(['Burglary']);
    far.events = far.events.map((e) => ({ ...e, x: e.x + 20_000 }));
    const away = await start(id, far);
    expect(away.statusCode).toBe(403);
    expect(away.json().detail).toBe(
      'area x 444000 to 445350, y 564000 to 564750 (EPSG:27700) is outside the authorised scope: x 420000 to 430000, y 560000 to 570000 (EPSG:27700).',
    );

    // Both refusals are recorded with the reason.
    const refusals = await t.database.db
      .selectFrom('run_refusals')
      .select(['code', 'message'])
      .where('system_id', '=', id)
      .execute();
    expect(refusals.map((r) => r.code)).toEqual(['outside-authorised-scope', 'outside-authorised-scope']);

    // Widening the settings needs a new authorisation of use.
    const patch = await call('project-lead', 'PATCH', `/api/systems/${id}`, {
      moduleSettings: { ...settings, crimeTypes: ['Burglary', 'Drugs'] },
    });
    expect(patch.statusCode, patch.body).toBe(204);
    const changed = await start(id, input(['Burglary', 'Drugs']));
    expect(changed.statusCode).toBe(403);
    expect(changed.json().detail).toMatch(
      /^The module or its settings have changed since use was authorised on \d{4}-\d{2}-\d{2}: a new authorisation of use is needed\.$/,
    );
    const reauthorised = await call(
      'chief-constable',
      'POST',
      `/api/systems/${id}/decisions/use-authorisation`,
      {
        decision: 'approve',
        data: { reasons: 'Drugs added to the trial after review by the ethics committee.' },
      },
    );
    expect(reauthorised.statusCode, reauthorised.body).toBe(201);
    expect((await start(id, input(['Burglary', 'Drugs']))).statusCode).toBe(202);

    // The system page shows what is authorised.
    const page = await call('officer', 'GET', `/systems/${id}`);
    expect(page.body).toContain('Authorised scope');
    expect(page.body).toContain('Burglary, Drugs');
  });

  it('refuses a start form outside the scope with the reason, and starts one inside it', async () => {
    const { id } = await demoSystem(t.database.db, t.demoForceId, {
      index: 0,
      stage: 'trial',
      moduleSettings: {
        method: 'naive',
        top: 5,
        crimeTypes: ['Burglary'],
        sources: ['city-of-london-street-2018-04_2020-11.csv.gz'],
      },
      productManager: false,
    });
    const post = async (crimeTypes: string[]) => {
      const { cookie, csrfToken } = await t.login('analyst');
      const body = new URLSearchParams({
        _csrf: csrfToken,
        purpose: 'Patrol plan for November 2020',
        sourceId: 'city-of-london',
        'forecastMonth-month': '11',
        'forecastMonth-year': '2020',
      });
      for (const c of crimeTypes) body.append('crimeTypes', c);
      return t.app.inject({
        method: 'POST',
        url: `/systems/${id}/runs`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: body.toString(),
      });
    };
    const outside = await post(['Burglary', 'Drugs']);
    expect(outside.statusCode).toBe(403);
    expect(outside.body).toContain('There is a problem');
    expect(outside.body).toContain('crime type &#39;Drugs&#39; is outside the authorised scope: Burglary.');
    const inside = await post(['Burglary']);
    expect(inside.statusCode, inside.body.slice(0, 2000)).toBe(303);
    await drainRuns(t.services.runs);
  });
});
