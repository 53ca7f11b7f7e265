/**
 * Runtime benchmark: `npm run bench -- runtime [--runs 4] [--small 40]`.
 *
 * 1. `/health` latency (p50, p99) of a real `bluelamp start` process, idle (the baseline) and while
 *    four Chicago-protocol forecasts (bluelamp method, 365 days of aggravated assaults before each
 *    forecast week, 150 m cells) run on its worker threads: on the embedded database and, with
 *    BENCH_DATABASE_URL, on PostgreSQL. Target: p99 under 50 ms while the forecasts run.
 * 2. With BENCH_DATABASE_URL: small queued runs completed per second by one, then two,
 *    `bluelamp worker` processes (one run at a time each) taking from the same queue.
 *
 * Without the shared Chicago file, part 1 uses 20,000 synthetic crimes per run and says so.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { type Database, openEmbedded, openServer } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { demoEmail, seedDemoPeople } from '../src/identity/demo.ts';
import { createServices } from '../src/main.ts';
import { loadProtocolEvents, readProtocol } from '../src/modules/hotspots/load.ts';
import { formatMinutes, parseIsoMinutes } from '../src/modules/hotspots/time.ts';
import { startRun } from '../src/oversight/runs.ts';
import { demoCast } from '../src/register/demo.ts';
import { sharedDir } from '../src/shared-data.ts';
import { syntheticHotspotInput } from '../src/test/hotspot-input.ts';
import { type BluelampProcess, signInOverHttp, spawnBluelamp, until } from '../src/test/process.ts';
import { demoSystem } from '../src/test/systems.ts';
import { benchServerUrl, freshDatabase } from './databases.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 4);
const SMALL = arg('small', 40);
const PASSWORD = 'bench-runtime-password';
const serverUrl = benchServerUrl;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** The inputs of the forecasts: Chicago weeks from the shared protocol, or synthetic crimes. */
async function forecastInputs(): Promise<{ label: string; inputs: unknown[] }> {
  const file = path.join(sharedDir, 'benchmarks/hotspots/chicago-assault-2019.json');
  try {
    const { protocol, dataPath } = readProtocol(file);
    const { events } = await loadProtocolEvents(protocol, dataPath);
    const first = parseIsoMinutes(protocol.periods.start);
    const inputs = Array.from({ length: RUNS }, (_, i) => {
      const t0 = first + i * 7 * 1440;
      const from = t0 - 365 * 1440;
      return {
        crs: protocol.projection,
        t0: formatMinutes(t0),
        events: events
          .filter((e) => e.t >= from && e.t < t0)
          .map((e) => ({ time: formatMinutes(e.t), x: e.x, y: e.y, category: e.category ?? 'Assault' })),
      };
    });
    const n = (inputs[0] as { events: unknown[] }).events.length;
    return { label: `Chicago aggravated assaults (${n.toLocaleString('en-GB')} crimes per run)`, inputs };
  } catch (error) {
    console.log(`(Chicago protocol not readable: ${(error as Error).message.split('\n')[0]})`);
    return {
      label: 'synthetic crimes (20,000 per run)',
      inputs: Array.from({ length: RUNS }, (_, i) => syntheticHotspotInput(20_000, i + 1)),
    };
  }
}

async function open(env: Record<string, string | undefined>): Promise<Database> {
  return env.DATABASE_URL
    ? openServer(env.DATABASE_URL, 4)
    : openEmbedded({ dataDir: path.join(env.BLUELAMP_DATA_DIR!, 'pg') });
}

/** Migrates, seeds the demo people and a live hot spot system; returns the system and force. */
async function prepare(env: Record<string, string | undefined>, moduleSettings: Record<string, unknown>) {
  const database = await open(env);
  await migrateToLatest(database.db);
  const { forceId } = await seedDemoPeople(database.db, PASSWORD);
  const system = await demoSystem(database.db, forceId, { stage: 'live', moduleSettings });
  return { database, forceId, systemId: system.id };
}

/** `/health` round trips, one after another with `gapMs` between them, until `stop()` says so. */
async function sampleHealth(base: string, stop: () => boolean, gapMs = 20): Promise<number[]> {
  const times: number[] = [];
  while (!stop()) {
    const t = performance.now();
    const res = await fetch(`${base}/health`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return times;
}

async function healthUnderLoad(label: string, inputs: unknown[], onServer: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-bench-runtime-'));
  const fresh = await freshDatabase(dir, onServer);
  const { database, systemId } = await prepare(fresh.env, { method: 'bluelamp', cellSize: 150, top: 20 });
  await database.close();
  const server = spawnBluelamp(['start'], {
    ...fresh.env,
    PORT: '0',
    RUN_WORKERS: '2',
    BLUELAMP_DEMO: 'false',
  });
  try {
    const [, base] = await server.waitFor(/Bluelamp is running at (http:\/\/[\d.:]+)/, 120_000);
    const analyst = await signInOverHttp(base!, demoEmail('analyst'), PASSWORD);
    let idleDone = false;
    setTimeout(() => {
      idleDone = true;
    }, 5_000);
    const idle = await sampleHealth(base!, () => idleDone);

    const started = performance.now();
    const posts: number[] = [];
    const ids = await Promise.all(
      inputs.map(async (input, i) => {
        const t = performance.now();
        const res = await analyst('POST', `/api/systems/${systemId}/runs`, { input, purpose: `Bench ${i}` });
        posts.push(performance.now() - t);
        if (res.status !== 202) throw new Error(`run ${i}: ${res.status} ${JSON.stringify(res.json)}`);
        return res.json.id as string;
      }),
    );
    let finished = false;
    const busyP = sampleHealth(base!, () => finished);
    const statuses = await until(
      async () => {
        const all = await Promise.all(
          ids.map(async (id) => (await analyst('GET', `/api/runs/${id}`)).json.status),
        );
        return all.every((s) => s !== 'queued' && s !== 'running') ? all : undefined;
      },
      'the forecasts to finish',
      1_800_000,
      500,
    );
    finished = true;
    const busy = await busyP;
    const wall = (performance.now() - started) / 1000;
    const p99 = quantile(busy, 0.99);
    console.log(`\n${database.kind === 'server' ? 'PostgreSQL' : 'embedded (PGlite)'}: ${label}`);
    console.log(`  ${inputs.length} forecasts finished (${statuses.join(', ')}) in ${wall.toFixed(1)} s`);
    console.log(`  POST /runs (202): median ${ms(quantile(posts, 0.5))}, max ${ms(Math.max(...posts))}`);
    console.log(
      `  /health idle:  p50 ${ms(quantile(idle, 0.5))}, p99 ${ms(quantile(idle, 0.99))} (${idle.length} requests)`,
    );
    console.log(
      `  /health busy:  p50 ${ms(quantile(busy, 0.5))}, p99 ${ms(p99)}, max ${ms(Math.max(...busy))} (${busy.length} requests)`,
    );
    console.log(
      `  busy/idle p99: ${(p99 / quantile(idle, 0.99)).toFixed(2)}x; target p99 < 50 ms: ${p99 < 50 ? 'met' : 'missed'}`,
    );
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await fresh.drop();
  }
}

/** Small runs per second with `n` worker processes sharing the PostgreSQL queue. */
async function throughput(processes: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-bench-workers-'));
  const fresh = await freshDatabase(dir, true);
  const { database, forceId, systemId } = await prepare(fresh.env, { method: 'naive', top: 5 });
  const config = loadConfig({ ...fresh.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const services = await createServices(config, database, { threads: 1 });
  const workers: BluelampProcess[] = [];
  try {
    for (let i = 0; i < processes; i++)
      workers.push(spawnBluelamp(['worker', '--concurrency', '1'], fresh.env));
    for (const w of workers) await w.waitFor(/Bluelamp worker taking runs/, 120_000);
    const analyst = await demoCast(database.db, forceId)('analyst');
    const ids: string[] = [];
    const t = performance.now();
    for (let i = 0; i < SMALL; i++) {
      const run = await startRun(services.runs, analyst, systemId, {
        input: syntheticHotspotInput(300, i + 1),
        purpose: `Small run ${i + 1}`,
      });
      ids.push(run.id);
    }
    await until(
      async () => {
        const left = await database.db
          .selectFrom('runs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', 'in', ['queued', 'running'])
          .executeTakeFirstOrThrow();
        return Number(left.n) === 0 ? true : undefined;
      },
      'the small runs to finish',
      600_000,
      50,
    );
    return SMALL / ((performance.now() - t) / 1000);
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) await w.exited;
    await services.close();
    await database.close();
    await fresh.drop();
  }
}

const { label, inputs } = await forecastInputs();
await healthUnderLoad(label, inputs, false);
if (serverUrl) {
  await healthUnderLoad(label, inputs, true);
  const one = await throughput(1);
  const two = await throughput(2);
  console.log(`\nPostgreSQL queue: ${SMALL} small runs (300 crimes, naive method)`);
  console.log(`  1 worker process:  ${one.toFixed(1)} runs/s`);
  console.log(`  2 worker processes: ${two.toFixed(1)} runs/s (${(two / one).toFixed(2)}x)`);
} else {
  console.log(
    '\n(set BENCH_DATABASE_URL to a PostgreSQL server for the PostgreSQL figures and worker throughput)',
  );
}
process.exit(0);
