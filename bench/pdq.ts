/**
 * PDQ benchmark: (a) hashing throughput of 1-megapixel JPEGs on two worker threads, against
 * decoding the same JPEGs alone (full size, the same two threads' worth of concurrency) in the
 * same process; (b) match-index query time at 1,000,000 random hashes, against a linear scan.
 *
 *   npm run bench -- pdq [--images 100] [--threads 2] [--hashes 1000000] [--queries 2000] [--seed 1]
 *
 * The JPEGs are made in memory from the shared PDQ reference photographs (varied crops, each
 * resized to 1000x1000; synthetic pictures when the shared folder is missing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Piscina } from 'piscina';
import sharp from 'sharp';
import { PdqIndex } from '../src/modules/device/pdq/index.ts';
import { mulberry32 } from '../src/random.ts';
import { sharedDir } from '../src/shared-data.ts';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '100' },
    threads: { type: 'string', default: '2' },
    hashes: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
  },
});
const IMAGES = Number(values.images);
const THREADS = Number(values.threads);
const HASHES = Number(values.hashes);
const QUERIES = Number(values.queries);
for (const [name, n] of Object.entries({ IMAGES, THREADS, HASHES, QUERIES }))
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`--${name.toLowerCase()} must be a whole number of at least 1`);
    process.exit(2);
  }
const random = mulberry32(Number(values.seed));

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

// --- (a) Hashing throughput -------------------------------------------------------------------
async function sourcePictures(): Promise<Buffer[]> {
  const dir = path.join(sharedDir, 'data', 'pdq', 'images');
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.jpg') && !f.includes('shrink') && !f.includes('wee'))
      .map((f) => readFileSync(path.join(dir, f)));
  } catch {
    console.log(`(no ${dir}: synthetic pictures instead)`);
    return Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        sharp({
          create: {
            width: 1200,
            height: 900,
            channels: 3,
            background: { r: 30 * i, g: 90, b: 200 - 20 * i },
          },
        })
          .composite([
            {
              input: Buffer.from(noise(1200 * 900 * 3)),
              raw: { width: 1200, height: 900, channels: 3 },
              blend: 'overlay',
            },
          ])
          .jpeg()
          .toBuffer(),
      ),
    );
  }
}

function noise(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

/** `count` distinct 1000x1000 JPEGs: a random crop (50-100% of each side) of a source picture. */
async function makeJpegs(count: number): Promise<Buffer[]> {
  const sources = await sourcePictures();
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const src = sources[i % sources.length]!;
    const { width = 0, height = 0 } = await sharp(src).metadata();
    const w = Math.max(16, Math.floor(width * (0.5 + random() * 0.5)));
    const h = Math.max(16, Math.floor(height * (0.5 + random() * 0.5)));
    const left = Math.floor(random() * (width - w + 1));
    const top = Math.floor(random() * (height - h + 1));
    out.push(
      await sharp(src)
        .extract({ left, top, width: w, height: h })
        .resize(1000, 1000, { fit: 'fill' })
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
  }
  return out;
}

/** Runs `fn` over every item with at most `parallel` in flight; returns items per second. */
async function throughput<T>(items: readonly T[], parallel: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
  return (items.length / (performance.now() - started)) * 1000;
}

console.log(`PDQ benchmark: ${IMAGES} distinct 1000x1000 JPEGs, ${THREADS} threads`);
const jpegs = await makeJpegs(IMAGES);
console.log(
  `  JPEG sizes: ${Math.round(jpegs.reduce((s, b) => s + b.length, 0) / jpegs.length / 1024)} KiB on average`,
);

sharp.concurrency(1);
const decode = (b: Buffer) => sharp(b).raw().toBuffer();
await throughput(jpegs.slice(0, 10), THREADS, decode);
const decodeRate = Math.max(
  await throughput(jpegs, THREADS, decode),
  await throughput(jpegs, THREADS, decode),
);

const pool = new Piscina({
  filename: new URL('../src/modules/device/pdq/worker.ts', import.meta.url).href,
  minThreads: THREADS,
  maxThreads: THREADS,
});
const hashInPool = (b: Buffer) => pool.run({ bytes: new Uint8Array(b), name: 'bench.jpg' });
await throughput(jpegs.slice(0, 10), THREADS, hashInPool);
const hashRate = Math.max(
  await throughput(jpegs, THREADS, hashInPool),
  await throughput(jpegs, THREADS, hashInPool),
);
await pool.destroy();

console.log('\n(a) hashing 1-megapixel JPEGs (best of two rounds)');
console.log(
  `  decode only, full size to RGB (${THREADS} in flight)      ${decodeRate.toFixed(1).padStart(8)} images/s`,
);
console.log(
  `  PDQ hash: decode, fit 512, luma, tent, DCT (${THREADS} threads) ${hashRate.toFixed(1).padStart(8)} images/s`,
);
console.log(
  `  ratio hash / decode-only                                 ${(hashRate / decodeRate).toFixed(2).padStart(8)}x`,
);

// --- (b) Index queries ------------------------------------------------------------------------
function randomHash(): string {
  let s = '';
  for (let i = 0; i < 8; i++)
    s += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return s;
}
/** `hash` with `n` random bits flipped (some may coincide, so at most n). */
function nearby(hash: string, n: number): string {
  const digits = hash.split('').map((c) => Number.parseInt(c, 16));
  for (let k = 0; k < n; k++) {
    const b = Math.floor(random() * 256);
    digits[b >> 2] = digits[b >> 2]! ^ (1 << (b & 3));
  }
  return digits.map((d) => d.toString(16)).join('');
}

console.log(`\n(b) index of ${HASHES.toLocaleString('en-GB')} random hashes, threshold 31`);
const index = new PdqIndex<number>();
const stored: string[] = [];
const addStarted = performance.now();
for (let i = 0; i < HASHES; i++) {
  const h = randomHash();
  if (i < QUERIES) stored.push(h);
  index.add(h, i);
}
const addMs = performance.now() - addStarted;
const buildStarted = performance.now();
index.query(randomHash());
const buildMs = performance.now() - buildStarted;
console.log(`  add ${fmt(addMs)}, build tables on first query ${fmt(buildMs)}`);

// half the queries are near a stored hash (0-31 bits away), half random (nothing within 31)
const queries = Array.from({ length: QUERIES }, (_, i) =>
  i % 2 ? randomHash() : nearby(stored[i]!, Math.floor(random() * 32)),
);
const times: number[] = [];
let found = 0;
for (const q of queries) {
  const t = performance.now();
  found += index.query(q).length;
  times.push(performance.now() - t);
}
const scans = queries.slice(0, 40);
const scanTimes: number[] = [];
let agree = 0;
for (const q of scans) {
  const t = performance.now();
  const linear = index.linearScan(q);
  scanTimes.push(performance.now() - t);
  const mih = index.query(q);
  if (linear.map((m) => m.payload).join() === mih.map((m) => m.payload).join()) agree++;
}
console.log(
  `  multi-index query   median ${fmt(quantile(times, 0.5))}, p99 ${fmt(quantile(times, 0.99))} (${QUERIES} queries, ${found} matches)`,
);
console.log(
  `  linear scan         median ${fmt(quantile(scanTimes, 0.5))}, p99 ${fmt(quantile(scanTimes, 0.99))} (${scans.length} queries)`,
);
console.log(
  `  ratio scan / index (medians)  ${(quantile(scanTimes, 0.5) / quantile(times, 0.5)).toFixed(0)}x; same answers on ${agree}/${scans.length}`,
);
const mem = process.memoryUsage();
console.log(
  `  memory: heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB, array buffers ${(mem.arrayBuffers / 2 ** 20).toFixed(0)} MiB`,
);
