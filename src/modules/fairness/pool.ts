import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchSink } from './accumulator.ts';

/** Most batches shared with the workers and not yet tallied by all of them (bounds memory). */
const MAX_IN_FLIGHT = 4;

/** The file URL of tsx's ESM register API, so worker threads can load TypeScript sources. */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('tsx/package.json'));
  return new URL(`file://${path.join(root, 'dist', 'esm', 'api', 'index.mjs')}`).href;
}

const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((m) => { m.register(); return import(workerData.entry); })
  .catch((e) => { setImmediate(() => { throw e; }); });
`;

/**
 * Spreads the bootstrap replicates over worker threads. Batches are copied once into a
 * SharedArrayBuffer that every worker reads; `ready()` applies back-pressure so at most
 * MAX_IN_FLIGHT batches exist at a time.
 */
export class BootstrapPool {
  private readonly workers: Worker[] = [];
  private readonly ranges: Array<[number, number]> = [];
  private pending = new Map<SharedArrayBuffer, number>();
  private acks: number[] = [];
  private failure: Error | null = null;
  private waiters: Array<() => void> = [];
  private started: Promise<void>;

  constructor(replicates: number, seed: number, threads = os.availableParallelism()) {
    const count = Math.max(1, Math.min(threads, replicates));
    const entry = new URL('./bootstrap-worker.ts', import.meta.url).href;
    const tsx = tsxApiUrl();
    const ready: Array<Promise<void>> = [];
    for (let w = 0; w < count; w++) {
      const from = Math.floor((w * replicates) / count);
      const to = Math.floor(((w + 1) * replicates) / count);
      this.ranges.push([from, to]);
      const worker = new Worker(BOOT, { eval: true, workerData: { tsx, entry, init: { seed, from, to } } });
      this.workers.push(worker);
      this.acks.push(0);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        }),
      );
      worker.on('error', (error) => this.fail(error));
    }
    this.started = Promise.all(ready).then(() => undefined);
  }

  get threads(): number {
    return this.workers.length;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiters.splice(0)) w();
  }

  /** The sink to give the accumulator. */
  readonly sink: BatchSink = (cells, kinds, length, firstRow) => {
    const buffer = this.take(length);
    new Int32Array(buffer, 0, length).set(cells.subarray(0, length));
    new Uint8Array(buffer, length * 4, length).set(kinds.subarray(0, length));
    this.pending.set(buffer, this.workers.length);
    for (const worker of this.workers) {
      worker.postMessage({ type: 'batch', buffer, length, firstRow });
    }
    this.watch(buffer);
  };

  /** Shared buffers no worker is reading, reused so memory stays flat however many batches pass. */
  private free: SharedArrayBuffer[] = [];

  private take(length: number): SharedArrayBuffer {
    const i = this.free.findIndex((b) => b.byteLength >= length * 5);
    if (i < 0) return new SharedArrayBuffer(length * 5);
    return this.free.splice(i, 1)[0]!;
  }

  /** Each worker answers batches in order; count answers per batch. */
  private queue: Array<SharedArrayBuffer | null> = [];
  private watching = false;
  private watch(buffer: SharedArrayBuffer): void {
    this.queue.push(buffer);
    if (this.watching) return;
    this.watching = true;
    this.workers.forEach((worker, w) => {
      worker.on('message', (m: { type: string }) => {
        if (m.type !== 'done') return;
        const slot = this.acks[w]!;
        const b = this.queue[slot]!;
        this.acks[w]!++;
        const left = this.pending.get(b)! - 1;
        if (left === 0) {
          this.pending.delete(b);
          // Every worker is done with this batch: recycle its shared memory.
          this.queue[slot] = null;
          this.free.push(b);
        } else this.pending.set(b, left);
        if (this.pending.size < MAX_IN_FLIGHT) for (const r of this.waiters.splice(0)) r();
      });
    });
  }

  /** Resolves once fewer than MAX_IN_FLIGHT batches are outstanding. */
  async ready(): Promise<void> {
    await this.started;
    while (this.pending.size >= MAX_IN_FLIGHT && this.failure === null) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure) throw this.failure;
    this.trimQueue();
  }

  private trimQueue(): void {
    const done = Math.min(...this.acks);
    if (done > 64) {
      this.queue.splice(0, done);
      this.acks = this.acks.map((a) => a - done);
    }
  }

  /** Waits for every batch, collects replicate counts for `cells` cells and stops the workers. */
  async finish(cells: number): Promise<Float64Array[]> {
    await this.started;
    try {
      const parts = await Promise.all(
        this.workers.map(
          (worker) =>
            new Promise<Float64Array[]>((resolve, reject) => {
              const onMessage = (m: { type: string; replicates?: Float64Array[] }) => {
                if (m.type === 'result') {
                  worker.off('message', onMessage);
                  resolve(m.replicates!);
                }
              };
              worker.on('message', onMessage);
              worker.once('error', reject);
              worker.postMessage({ type: 'finish', cells });
            }),
        ),
      );
      if (this.failure) throw this.failure;
      return parts.flat();
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
