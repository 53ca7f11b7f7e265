import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ledgerAppended } from './generation.ts';
import {
  appendBatchPlan,
  type NodeRef,
  nodeGetterFromList,
  nodesNeededForRoot,
  nodesToAppendBatch,
  rootFromNodes,
} from './merkle.ts';
import { contentBytes, hashEntry, type LedgerInput, normalisePayload } from './model.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Appends one entry inside the caller's transaction, so the change and its record commit or
 * fail together. One round trip: the database takes the append lock, chains and hashes the
 * entry and stores the Merkle nodes it completes (see migration 0002). O(log n), never O(n).
 */
export async function appendEntry(trx: Transaction<DB>, input: LedgerInput): Promise<{ seq: number }> {
  const entry = { ...input, payload: normalisePayload(input.payload), at: new Date() };
  ledgerAppended();
  const result = await sql<{ seq: number | string }>`
    SELECT bluelamp_ledger_append(${entry.forceId}, ${entry.at}, ${entry.actorId}, ${entry.action}, ${entry.subjectType},
      ${entry.subjectId}, ${JSON.stringify(entry.payload)}::jsonb, ${contentBytes(entry)}) AS seq
  `.execute(trx);
  return { seq: Number(result.rows[0]!.seq) };
}

/**
 * Appends many entries inside the caller's transaction (imports, bulk loads): one lock, one
 * read of the frontier nodes, and inserts in chunks. Same hashes as appending one by one.
 */
export async function appendEntries(
  trx: Transaction<DB>,
  inputs: readonly LedgerInput[],
): Promise<{ first: number }> {
  const tail = await sql<{ next_seq: number | string; prev_hash: Buffer | null }>`
    SELECT next_seq, prev_hash FROM bluelamp_ledger_tail()
  `.execute(trx);
  const first = Number(tail.rows[0]!.next_seq);
  ledgerAppended();
  let prevHash = tail.rows[0]!.prev_hash!;
  const at = new Date();
  const entries = inputs.map((input, i) => {
    const entry = { ...input, payload: normalisePayload(input.payload), seq: first + i, at, prevHash };
    const hashed = hashEntry(entry);
    prevHash = hashed.entryHash;
    return { ...entry, ...hashed };
  });
  const frontier = await readNodes(trx, appendBatchPlan(first, inputs.length));
  const nodes = nodesToAppendBatch(
    first,
    entries.map((e) => e.leaf),
    nodeGetterFromList(frontier),
  );
  const CHUNK = 5000;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const part = entries.slice(i, i + CHUNK);
    await sql`
      INSERT INTO ledger_entries (seq, force_id, at, actor_id, action, subject_type, subject_id, payload, prev_hash, entry_hash)
      SELECT * FROM unnest(
        ${part.map((e) => e.seq)}::bigint[], ${part.map((e) => e.forceId)}::integer[], ${part.map((e) => e.at)}::timestamptz[],
        ${part.map((e) => e.actorId)}::uuid[], ${part.map((e) => e.action)}::text[], ${part.map((e) => e.subjectType)}::text[],
        ${part.map((e) => e.subjectId)}::text[], ${part.map((e) => JSON.stringify(e.payload))}::jsonb[],
        ${part.map((e) => e.prevHash)}::bytea[], ${part.map((e) => e.entryHash)}::bytea[])
    `.execute(trx);
  }
  for (let i = 0; i < nodes.length; i += CHUNK * 2) {
    const part = nodes.slice(i, i + CHUNK * 2);
    await sql`
      INSERT INTO ledger_nodes (level, idx, hash)
      SELECT * FROM unnest(${part.map((n) => n.level)}::smallint[], ${part.map((n) => n.index)}::bigint[], ${part.map((n) => n.hash)}::bytea[])
    `.execute(trx);
  }
  return { first };
}

/** Reads the given complete-subtree nodes in one query. */
export async function readNodes(db: Q, refs: readonly NodeRef[]) {
  if (refs.length === 0) return [];
  const rows = await sql<{ level: number; idx: number | string; hash: Buffer }>`
    SELECT n.level, n.idx, n.hash FROM ledger_nodes n
    JOIN unnest(${refs.map((r) => r.level)}::smallint[], ${refs.map((r) => r.index)}::bigint[]) AS w(level, idx)
      ON n.level = w.level AND n.idx = w.idx
  `.execute(db);
  return rows.rows.map((r) => ({ level: Number(r.level), index: Number(r.idx), hash: r.hash }));
}

export async function treeSize(db: Q): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries')
    .select('seq')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.seq) + 1 : 0;
}

/** The Merkle root of the first `size` entries, from O(log n) stored nodes. */
export async function rootAt(db: Q, size: number): Promise<Buffer> {
  const nodes = await readNodes(db, nodesNeededForRoot(size));
  return rootFromNodes(size, nodeGetterFromList(nodes));
}
