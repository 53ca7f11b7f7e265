import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type Database, openEmbedded } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { demoEmail, seedDemoPeople } from '../identity/demo.ts';
import type { Role } from '../identity/roles.ts';
import { createServices } from '../main.ts';
import { demoCast } from '../register/demo.ts';
import { DEMO_PASSWORD } from '../test/app.ts';
import { runCli } from '../test/cli.ts';
import { createTestDatabase } from '../test/db.ts';
import { syntheticHotspotInput } from '../test/hotspot-input.ts';
import { type BluelampProcess, signInOverHttp, spawnBluelamp, until } from '../test/process.ts';
import { demoSystem } from '../test/systems.ts';
import { startRun } from './runs.ts';

/**
 * Runs as jobs across real processes: the service killed mid-run and started again, and two
 * `bluelamp worker` processes sharing one PostgreSQL queue. Each process is the real command line.
 */

const serverUrl = process.env.TEST_DATABASE_URL;
const spawned: BluelampProcess[] = [];
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const p of spawned) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  for (const close of closers) await close();
});

/** A database of its own for one test (a server database under TEST_DATABASE_URL), migrated, with the demo force. */
async function prepare(dir: string, moduleSettings: Record<string, unknown>) {
  const server = serverUrl ? await createTestDatabase() : undefined;
  if (server) closers.push(() => server.close());
  const env = server
    ? { DATABASE_URL: server.url, BLUELAMP_DATA_DIR: dir }
    : { DATABASE_URL: undefined, BLUELAMP_DATA_DIR: dir };
  const database: Database = server ?? (await openEmbedded({ dataDir: path.join(dir, 'pg') }));
  await migrateToLatest(database.db);
  const { forceId } = await seedDemoPeople(database.db, DEMO_PASSWORD);
  const system = await demoSystem(database.db, forceId, { stage: 'live', moduleSettings });
  if (!server) await database.close();
  return { env, database: server, forceId, systemId: system.id };
}

const signIn = (base: string, role: Role) => signInOverHttp(base, demoEmail(role), DEMO_PASSWORD);

async function startServer(env: Record<string, string | undefined>) {
  const server = spawnBluelamp(['start'], { ...env, PORT: '0', RUN_WORKERS: '1', BLUELAMP_DEMO: 'false' });
  spawned.push(server);
  const [, base] = await server.waitFor(/Bluelamp is running at (http:\/\/[\d.:]+)/, 120_000);
  return { server, base: base! };
}

describe('runs across processes', () => {
  it('completes, exactly once, a run whose service was killed mid-run, and the ledger verifies', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-restart-'));
    // 60,000 crimes in 25 m cells: the bluelamp method takes seconds, long enough to kill it mid-run.
    const prepared = prepare(dir, { method: 'bluelamp', cellSize: 25, top: 10 });
    const { env, systemId } = await prepared;
    const first = await startServer(env);
    const analyst = await signIn(first.base, 'analyst');
    const started = await analyst('POST', `/api/systems/${systemId}/runs`, {
      input: syntheticHotspotInput(60_000),
      purpose: 'Patrol plan for December',
    });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const id = started.json.id as string;
    await until(
      async () => {
        const run = (await analyst('GET', `/api/runs/${id}`)).json;
        expect(['queued', 'running']).toContain(run.status);
        return run.status === 'running' && Number(run.progress) > 0 ? run : undefined;
      },
      'the run to be running',
      120_000,
      50,
    );
    first.server.child.kill('SIGKILL');
    expect(await first.server.exited).toBe('SIGKILL');

    const second = await startServer(env);
    // The embedded database has one process: a run left running was interrupted, and is queued
    // again at once. On a server other workers may be alive: it is taken over once its heartbeat
    // has been silent for a minute.
    if (!serverUrl)
      expect(second.server.output()).toMatch(/runs interrupted by the last stop were queued again/);
    const again = await signIn(second.base, 'analyst');
    const done = await until(
      async () => {
        const run = (await again('GET', `/api/runs/${id}`)).json;
        return ['awaiting_review', 'failed', 'released'].includes(String(run.status)) ? run : undefined;
      },
      'the run to finish after the restart',
      180_000,
      250,
    );
    expect(done.status).toBe('awaiting_review');
    expect(done.attempts).toBe(2);
    const officer = await signIn(second.base, 'officer');
    const seen = (await officer('GET', `/api/runs/${id}`)).json;
    expect((seen.output as { topCells: unknown[] }).topCells).toHaveLength(10);

    second.server.child.kill('SIGTERM');
    expect(await second.server.exited).toBe(0);
    const verify = await runCli(['ledger', 'verify', '--json'], env);
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
    const ledger = JSON.parse(verify.stdout) as { ok: boolean };
    expect(ledger.ok).toBe(true);
    const database = serverUrl
      ? (await prepared).database!
      : await openEmbedded({ dataDir: path.join(dir, 'pg') });
    const actions = (
      await database.db.selectFrom('ledger_entries').select('action').where('subject_id', '=', id).execute()
    ).map((e) => e.action);
    if (!serverUrl) await database.close();
    expect(actions.filter((a) => a === 'run.started')).toHaveLength(2);
    expect(actions.filter((a) => a === 'run.requeued')).toHaveLength(1);
    expect(actions.filter((a) => a === 'run.completed')).toHaveLength(1);
  }, 400_000);

  it.skipIf(!serverUrl)(
    'shares twenty queued runs between two worker processes on PostgreSQL, each completed exactly once',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-workers-'));
      const { env, database, forceId, systemId } = await prepare(dir, { method: 'naive', top: 5 });
      const db = database!.db;
      const workers = [0, 1].map(() => spawnBluelamp(['worker', '--concurrency', '2'], env));
      spawned.push(...workers);
      for (const w of workers) await w.waitFor(/Bluelamp worker taking runs/, 120_000);

      // The same data key as the workers: read from the same data directory.
      const config = loadConfig({ ...env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
      const services = await createServices(config, database!, { threads: 1 });
      closers.unshift(() => services.close());
      const analyst = await demoCast(db, forceId)('analyst');
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const run = await startRun(services.runs, analyst, systemId, {
          input: syntheticHotspotInput(300, i),
          purpose: `Patrol plan ${i + 1}`,
        });
        ids.push(run.id);
      }
      await until(
        async () => {
          const open = await db
            .selectFrom('runs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('id', 'in', ids)
            .where('status', 'in', ['queued', 'running'])
            .executeTakeFirstOrThrow();
          return Number(open.n) === 0 ? true : undefined;
        },
        `the workers to finish twenty runs:\n${workers.map((w) => w.output().slice(-2000)).join('\n')}`,
        180_000,
        200,
      );
      const runs = await db
        .selectFrom('runs')
        .select(['id', 'status', 'attempts'])
        .where('id', 'in', ids)
        .execute();
      expect(runs.map((r) => r.status)).toEqual(Array(20).fill('awaiting_review'));
      const entries = await db
        .selectFrom('ledger_entries')
        .select(['subject_id', 'action', 'payload'])
        .where('subject_id', 'in', ids)
        .where('action', 'in', ['run.started', 'run.completed'])
        .execute();
      for (const id of ids) {
        expect(entries.filter((e) => e.subject_id === id && e.action === 'run.completed')).toHaveLength(1);
      }
      const byWorker = new Map<string, number>();
      for (const e of entries.filter((x) => x.action === 'run.started')) {
        const worker = (e.payload as { worker: string }).worker;
        byWorker.set(worker, (byWorker.get(worker) ?? 0) + 1);
      }
      const pids = workers.map((w) => String(w.child.pid));
      expect([...byWorker.keys()].map((k) => k.split(':').pop()).sort()).toEqual(pids.sort());
      for (const w of workers) w.child.kill('SIGTERM');
      for (const w of workers) expect(await w.exited).toBe(0);
    },
    400_000,
  );
});
