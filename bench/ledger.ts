/**
 * Ledger benchmark: `npm run bench -- ledger [--entries 1000000] [--appends 2000]`.
 *
 * 1. Appends per second with the ledger against the same governed rows inserted without it, one
 *    transaction each, on the embedded database and (when BENCH_DATABASE_URL is set) PostgreSQL.
 * 2. Inclusion and consistency proof times (database round trips included) on a log of
 *    --entries entries, bulk-loaded through the batch append.
 * 3. `ledger verify` time on that log.
 */
import { sql } from 'kysely';
import { type Database, openEmbedded, openServer } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { verifyConsistency, verifyInclusion } from '../src/ledger/merkle.ts';
import { consistencyProof, inclusionProof } from '../src/ledger/proofs.ts';
import { appendEntries, appendEntry, rootAt, treeSize } from '../src/ledger/service.ts';
import { verifyLedger } from '../src/ledger/verify.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENTRIES = arg('entries', 1_000_000);
const APPENDS = arg('appends', 2000);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, d = 1) => n.toLocaleString('en-GB', { maximumFractionDigits: d });

async function appendRatio(database: Database, label: string) {
  const db = database.db;
  await sql`CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, force_id integer, payload jsonb)`.execute(
    db,
  );
  const payload = JSON.stringify({ kind: 'bench', note: 'a governed change', n: 1 });
  const rounds = async (withLedger: boolean) => {
    const t0 = performance.now();
    for (let i = 0; i < APPENDS; i++) {
      await db.transaction().execute(async (trx) => {
        await sql`INSERT INTO bench_rows (force_id, payload) VALUES (1, ${payload}::jsonb)`.execute(trx);
        if (withLedger) {
          await appendEntry(trx, {
            forceId: 1,
            actorId: null,
            action: 'bench.changed',
            subjectType: 'bench',
            subjectId: String(i),
            payload: { kind: 'bench', n: i },
          });
        }
      });
    }
    return APPENDS / ((performance.now() - t0) / 1000);
  };
  await rounds(true); // warm up both paths
  const without = await rounds(false);
  const withLedger = await rounds(true);
  console.log(
    `${label}: ${fmt(without, 0)} governed changes/s without the ledger, ${fmt(withLedger, 0)}/s with it: overhead ${fmt(without / withLedger, 2)}x (aim <= 1.5x)`,
  );
}

async function bigLog(database: Database, label: string) {
  const db = database.db;
  const start = await treeSize(db);
  const t0 = performance.now();
  const BATCH = 20_000;
  for (let done = start; done < ENTRIES; done += BATCH) {
    const count = Math.min(BATCH, ENTRIES - done);
    await db.transaction().execute((trx) =>
      appendEntries(
        trx,
        Array.from({ length: count }, (_, i) => ({
          forceId: 1,
          actorId: null,
          action: 'bench.bulk',
          subjectType: 'bench',
          subjectId: String(done + i),
          payload: { n: done + i },
        })),
      ),
    );
    if (process.stderr.isTTY) process.stderr.write(`\r${label}: loading ${done + count}/${ENTRIES}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const n = await treeSize(db);
  console.log(
    `${label}: bulk-loaded ${fmt(n - start, 0)} entries in ${fmt((performance.now() - t0) / 1000)} s`,
  );

  const root = await rootAt(db, n);
  const inclusion: number[] = [];
  const consistency: number[] = [];
  for (let k = 0; k < 200; k++) {
    const seq = Math.floor(Math.random() * n);
    let t = performance.now();
    const p = await inclusionProof(db, seq, n);
    inclusion.push(performance.now() - t);
    const ok = verifyInclusion(
      Buffer.from(p.leafHash, 'hex'),
      seq,
      n,
      p.auditPath.map((h) => Buffer.from(h, 'hex')),
      root,
    );
    if (!ok) throw new Error(`inclusion proof for ${seq} did not verify`);
    const m = 1 + Math.floor(Math.random() * (n - 1));
    t = performance.now();
    const c = await consistencyProof(db, m, n);
    consistency.push(performance.now() - t);
    const rootM = await rootAt(db, m);
    if (
      !verifyConsistency(
        m,
        n,
        rootM,
        root,
        c.consistencyPath.map((h) => Buffer.from(h, 'hex')),
      )
    ) {
      throw new Error(`consistency proof ${m}..${n} did not verify`);
    }
  }
  console.log(
    `${label}: proofs on ${fmt(n, 0)} entries (median of 200, database round trips included): inclusion ${fmt(median(inclusion), 2)} ms, consistency ${fmt(median(consistency), 2)} ms (aim < 5 ms)`,
  );
  const v0 = performance.now();
  const result = await verifyLedger(db);
  console.log(
    `${label}: ledger verify on ${fmt(result.entries, 0)} entries and ${fmt(result.nodes, 0)} nodes: ${fmt((performance.now() - v0) / 1000)} s, ${result.ok ? 'intact' : `FAILED: ${result.problem?.message}`}`,
  );
}

async function run(label: string, open: () => Promise<Database>) {
  const database = await open();
  try {
    await migrateToLatest(database.db);
    await appendRatio(database, label);
    await bigLog(database, label);
  } finally {
    await database.close();
  }
}

await run('PGlite (embedded)', () => openEmbedded());
if (process.env.BENCH_DATABASE_URL) {
  await run('PostgreSQL', () => openServer(process.env.BENCH_DATABASE_URL!, 4));
} else {
  console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL to an empty database to measure it)');
}
