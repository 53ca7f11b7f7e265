import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRun } from '../oversight/runs.ts';
import { drainRuns } from '../oversight/workers.ts';
import { demoCast } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { drift, driftWindows } from './drift.ts';

let t: TestApp;
let cast: ReturnType<typeof demoCast>;
let systemId: string;

beforeAll(async () => {
  t = await createTestApp();
  cast = demoCast(t.database.db, t.demoForceId);
  systemId = (
    await demoSystem(t.database.db, t.demoForceId, {
      stage: 'live',
      moduleSettings: { method: 'naive', top: 5 },
      productManager: false,
    })
  ).id;
});
afterAll(() => t.close());

const input = {
  events: Array.from({ length: 30 }, (_, i) => ({
    time: `2026-0${1 + (i % 9)}-1${i % 10}T12:00`,
    x: 424_000 + (i % 5) * 150,
    y: 564_000 + (i % 3) * 150,
    category: 'Burglary',
  })),
  crs: 'EPSG:27700',
  t0: '2026-10-01T00:00',
};

/** The table row whose header cell reads `label`, as its cells' text. */
function tableRow(html: string, label: string): string[] {
  const rows = html
    .split('<tr class="govuk-table__row">')
    .slice(1)
    .map((r) => r.split('</tr>')[0]!);
  const row = rows.find((r) => r.replace(/<[^>]+>/g, ' ').includes(label));
  if (!row) return [];
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

describe('drift windows count every run', () => {
  it('counts the runs of the current window even when the baseline has none', () => {
    // 13 runs on one day (London, GMT), the first just after midnight, the last at 23:30.
    const day = Date.parse('2026-12-02T00:10:00Z');
    const runs = Array.from({ length: 13 }, (_, i) => ({
      createdAt: new Date(day + i * 1.94 * 3_600_000),
      monitored: { 'input.events': 100 + i },
    }));
    const last = runs[12]!.createdAt;
    const w = driftWindows(last, 30, null);
    const [d] = drift(runs, w);
    expect(d).toMatchObject({ key: 'input.events', baselineCount: 0, currentCount: 13, stability: null });
  });
});

describe('monitoring page', () => {
  it('shows an early warning for 8 of 8 accepted at once, and drift with counts and readable labels', async () => {
    for (let i = 0; i < 8; i++) {
      const run = await startRun(t.services.runs, await cast('product-manager'), systemId, {
        input,
        purpose: 'Weekly patrol plan',
      });
      await drainRuns(t.services.runs);
      expect((await t.call('officer', 'GET', `/api/runs/${run.id}`)).statusCode).toBe(200);
      const res = await t.call('officer', 'POST', `/api/runs/${run.id}/review`, {
        decision: 'accepted',
        reasons: 'Looks fine.',
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    // No alert: the rule needs 50 reviews.
    const alerts = await t.database.db
      .selectFrom('alerts')
      .select('id')
      .where('system_id', '=', systemId)
      .where('kind', '=', 'reliance')
      .execute();
    expect(alerts).toHaveLength(0);

    const page = await t.call('product-manager', 'GET', `/systems/${systemId}/monitoring`);
    expect(page.statusCode).toBe(200);
    const text = page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toMatch(
      /Early warning: PC Jamie Lewis accepted 8 of 8 outputs with a median review of 0(\.\d)? seconds/,
    );
    expect(text).toContain('This is early: the alert needs at least 50 reviews and there are 8 so far');
    expect(tableRow(page.body, 'PC Jamie Lewis')[0]).toContain('Early warning');

    // Drift: 8 runs today, none in the baseline window; the counts still show, under labels.
    expect(page.body).not.toContain('>input.events<');
    const events = tableRow(page.body, 'Crimes in the input data');
    expect(events).toEqual([
      'Crimes in the input data',
      'Not enough runs: none in the baseline window yet',
      '0',
      '8',
    ]);
    expect(tableRow(page.body, 'Risk score of the highest-ranked cell')[3]).toBe('8');
  });
});
