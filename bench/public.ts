/**
 * Public pages benchmark: `npm run bench -- public [--seconds 10] [--connections 10]`.
 *
 * Starts a real `bluelamp start` with the demo data (embedded database; PostgreSQL with
 * BENCH_DATABASE_URL) and measures with autocannon, on loopback, requests/s and p99 latency of a
 * system's public record page and of the force list, while sampling `/health` latency at the
 * same time. Twice: first with the public cache off (PUBLIC_CACHE_ENTRIES=0, the baseline), then
 * on. Target with the cache: at least 500 requests/s with p99 under 100 ms on both pages, and
 * `/health` p99 no worse than when idle.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { spawnBluelamp } from '../src/test/process.ts';
import { benchServerUrl, freshDatabase } from './databases.ts';

/** The part of autocannon's interface used here (the package ships no types). */
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
}) => Promise<{
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 10);
const CONNECTIONS = arg('connections', 10);
const serverUrl = benchServerUrl;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

/**
 * `/health` round trips, one at a time every 20 ms, for `ms` milliseconds. The sampler runs on its
 * own thread, so autocannon's work on this thread does not add to the latencies it records.
 */
function sampleHealth(base: string, ms: number): Promise<number[]> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      const times = [];
      const end = performance.now() + workerData.ms;
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(workerData.base + '/health');
        await res.arrayBuffer();
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
      parentPort.postMessage(times);
    })();`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { base, ms } });
    worker.once('message', (times: number[]) => {
      resolve(times);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

async function load(url: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${url}: ${bad} answers were errors or not 2xx`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function measure(label: string, cacheEntries: number) {
  const db = await freshDatabase(mkdtempSync(path.join(tmpdir(), 'bluelamp-bench-public-')), true);
  const server = spawnBluelamp(['start'], {
    ...db.env,
    PORT: '0',
    BLUELAMP_DEMO: 'true',
    PUBLIC_CACHE_ENTRIES: String(cacheEntries),
  });
  try {
    const [, base] = await server.waitFor(/Bluelamp is running at (http:\/\/[\d.:]+)/, 300_000);
    const list = `${base}/forces`;
    const forces = await (await fetch(list)).text();
    const force = /href="(\/forces\/[\w-]+\/ai)"/.exec(forces)?.[1];
    const systems = force ? await (await fetch(`${base}${force}`)).text() : '';
    const record = new RegExp(`href="(${force}/[\\w-]+)"`).exec(systems)?.[1];
    if (!record) throw new Error(`no public record linked from ${list}`);

    const idle = await sampleHealth(base!, 3_000);
    // Both loads run one after the other while /health is sampled; the sampler stops just short.
    const health = sampleHealth(base!, 2 * SECONDS * 1000 - 500);
    const recordResult = await load(`${base}${record}`);
    const listResult = await load(list);
    const busy = await health;
    const f = (n: number) => n.toFixed(0).padStart(6);
    console.log(
      `${label.padEnd(22)} record ${f(recordResult.rps)} req/s p99 ${f(recordResult.p99)} ms | force list ${f(listResult.rps)} req/s p99 ${f(listResult.p99)} ms | /health p99 idle ${quantile(idle, 0.99).toFixed(1)} ms, under load ${quantile(busy, 0.99).toFixed(1)} ms`,
    );
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await db.drop();
  }
}

console.log(
  `public pages, ${CONNECTIONS} connections, ${SECONDS} s each, ${serverUrl ? 'PostgreSQL' : 'embedded database'}`,
);
await measure('cache off (baseline)', 0);
await measure('cache on', 500);
