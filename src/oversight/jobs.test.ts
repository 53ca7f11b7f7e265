import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../ledger/verify.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { executeRun, MAX_ATTEMPTS, overBudget, recoverInterruptedRuns } from './execute.ts';
import { drainRuns } from './workers.ts';

/**
 * Runs are jobs: recorded `queued` with their ledger entry and a pg-boss job in one transaction,
 * executed by a worker on a worker thread, and never lost or completed twice.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const events = Array.from({ length: 120 }, (_, i) => ({
  time: `2026-0${1 + (i % 9)}-1${i % 10}T12:00`,
  x: 424_000 + (i % 10) * 150,
  y: 564_000 + (i % 12) * 150,
  category: 'Burglary',
}));
const input = { events, crs: 'EPSG:27700', t0: '2026-10-01T00:00' };

async function liveSystem() {
  const s = await demoSystem(t.database.db, t.demoForceId, {
    stage: 'live',
    moduleSettings: { method: 'naive', top: 5 },
    productManager: false,
  });
  return s.id;
}

async function start(systemId: string, runInput: unknown = input) {
  const res = await t.call('analyst', 'POST', `/api/systems/${systemId}/runs`, {
    input: runInput,
    purpose: 'Weekly patrol plan',
  });
  expect(res.statusCode, res.body).toBe(202);
  return res.json() as { id: string; status: string; url: string };
}

const runRow = (id: string) =>
  t.database.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const actions = async (id: string) =>
  (
    await t.database.db
      .selectFrom('ledger_entries')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute()
  ).map((e) => e.action);

describe('runs as jobs', () => {
  it('answers 202 with the queued run and its URL, then a worker takes it to review', async () => {
    const id = await liveSystem();
    const started = await start(id);
    expect(started.status).toBe('queued');
    expect(started.url).toBe(`/api/runs/${started.id}`);
    expect((await runRow(started.id)).output).toBeNull();

    expect(await drainRuns(t.services.runs)).toBe(1);
    const run = await runRow(started.id);
    expect(run.status).toBe('awaiting_review');
    expect(run.progress).toBe(1);
    expect(run.attempts).toBe(1);
    expect(run.output).not.toBeNull();
    expect(await actions(started.id)).toEqual(['run.created', 'run.started', 'run.completed']);
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });

  it('does not run a system suspended after the run was queued, and says why', async () => {
    const id = await liveSystem();
    const started = await start(id);
    await t.database.db.updateTable('ai_systems').set({ stage: 'suspended' }).where('id', '=', id).execute();
    await drainRuns(t.services.runs);
    const run = await runRow(started.id);
    expect(run.status).toBe('failed');
    expect(run.failure_reason).toBe('The system was suspended after this run was queued, so it was not run.');
    expect(run.output).toBeNull();
    expect(await actions(started.id)).toEqual(['run.created', 'run.failed']);
  });

  it('completes a run exactly once when two workers are handed it', async () => {
    const id = await liveSystem();
    const started = await start(id);
    const results = await Promise.all([
      executeRun(t.services.runs, started.id),
      executeRun(t.services.runs, started.id),
    ]);
    expect(results.filter((r) => r !== null)).toEqual(['awaiting_review']);
    expect((await actions(started.id)).filter((a) => a === 'run.completed')).toHaveLength(1);
    await drainRuns(t.services.runs);
    expect((await actions(started.id)).filter((a) => a === 'run.completed')).toHaveLength(1);
  });

  it('queues again a run whose worker stopped, and completes it once', async () => {
    const id = await liveSystem();
    const started = await start(id);
    // A worker claimed it and then died: running, with a heartbeat long past.
    await t.database.db
      .updateTable('runs')
      .set({ status: 'running', attempts: 1, heartbeat_at: new Date(Date.now() - 3_600_000) })
      .where('id', '=', started.id)
      .execute();
    expect(await recoverInterruptedRuns(t.services.runs, new Date())).toBe(1);
    expect((await runRow(started.id)).status).toBe('queued');
    await drainRuns(t.services.runs);
    const run = await runRow(started.id);
    expect(run.status).toBe('awaiting_review');
    expect(run.attempts).toBe(2);
    expect(await actions(started.id)).toEqual([
      'run.created',
      'run.requeued',
      'run.started',
      'run.completed',
    ]);
  });

  it('fails a run with the reason once its attempts run out', async () => {
    const id = await liveSystem();
    const started = await start(id);
    await t.database.db
      .updateTable('runs')
      .set({ status: 'running', attempts: MAX_ATTEMPTS, heartbeat_at: new Date(0) })
      .where('id', '=', started.id)
      .execute();
    await recoverInterruptedRuns(t.services.runs, new Date());
    const run = await runRow(started.id);
    expect(run.status).toBe('failed');
    expect(run.failure_reason).toBe(
      `The service stopped while it was running. It was tried ${MAX_ATTEMPTS} times, the most allowed, so it was not completed.`,
    );
  });

  it('leaves alone a run whose worker is alive', async () => {
    const id = await liveSystem();
    const started = await start(id);
    await t.database.db
      .updateTable('runs')
      .set({ status: 'running', attempts: 1, heartbeat_at: new Date() })
      .where('id', '=', started.id)
      .execute();
    expect(await executeRun(t.services.runs, started.id)).toBeNull();
    expect(await recoverInterruptedRuns(t.services.runs, new Date(Date.now() - 60_000))).toBe(0);
    expect((await runRow(started.id)).status).toBe('running');
  });

  it('fails a run whose module cannot produce an output, with the module’s reason', async () => {
    const id = await liveSystem();
    // A start of the forecast period that is no time at all.
    const started = await start(id, { ...input, t0: 'next Tuesday' });
    await drainRuns(t.services.runs);
    const run = await runRow(started.id);
    expect(run.status).toBe('failed');
    expect(run.failure_reason).toMatch(/^The .+ module could not produce an output: /);
  });

  it('fails, with the reason, a run a worker cannot decrypt, rather than leave it queued for ever', async () => {
    const id = await liveSystem();
    const started = await start(id);
    const stranger = { ...t.services.runs, config: { ...t.config, dataEncryptionKey: Buffer.alloc(32, 7) } };
    expect(await executeRun(stranger, started.id)).toBeNull();
    const run = await runRow(started.id);
    expect(run.status).toBe('failed');
    expect(run.failure_reason).toContain("could not be decrypted with this worker's data key");
    expect(await actions(started.id)).toEqual(['run.created', 'run.failed']);
    await drainRuns(t.services.runs);
    expect((await runRow(started.id)).status).toBe('failed');
  });

  it('runs an interactive module inline within its budget: the answer comes with the response', async () => {
    const s = await demoSystem(t.database.db, t.demoForceId, {
      stage: 'live',
      moduleId: 'triage',
      moduleSettings: {},
      productManager: false,
    });
    const res = await t.call('analyst', 'POST', `/api/systems/${s.id}/runs`, {
      input: { turns: [{ text: "He's locked the door and taken my phone, I'm fine really" }] },
      purpose: '101 web chat contact',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('awaiting_review');
    const run = await runRow(res.json().id);
    expect(run.attempts).toBe(1);
    expect((run.output as { route: string }).route).toBe('emergency');
    expect(await actions(res.json().id)).toEqual(['run.created', 'run.started', 'run.completed']);
    // Nothing was left on the queue for a worker.
    expect(await drainRuns(t.services.runs)).toBe(0);
  });

  it('fails a run that takes longer than its module’s budget, saying a person takes over', async () => {
    const id = await liveSystem();
    const started = await start(id);
    expect(await executeRun(t.services.runs, started.id, { inline: true, budgetMs: 0 })).toBe('failed');
    const run = await runRow(started.id);
    expect(run.failure_reason).toMatch(
      /^The module used \d+ ms of processor time \(\d+ ms in all\), over its 0 ms budget; a person takes over\.$/,
    );
    expect(run.output).toBeNull();
  });
});

describe("an interactive module's time budget", () => {
  it('counts the processor time the module used, not time spent waiting on a busy machine', () => {
    expect(overBudget({ durationMs: 900, cpuMs: 40 }, 500)).toBeNull();
    expect(overBudget({ durationMs: 500, cpuMs: 500 }, 500)).toBeNull();
    expect(overBudget({ durationMs: 900, cpuMs: 620.4 }, 500)).toBe(
      'The module used 620 ms of processor time (900 ms in all), over its 500 ms budget; a person takes over.',
    );
  });
});
