import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  appendedNodes,
  appendPlan,
  genesisPrevHash,
  type NodeRef,
  nodeGetterFromList,
  nodesNeededForRoot,
  rootFromNodes,
} from './merkle.ts';
import { hashEntry, type LedgerInput, normalisePayload } from './model.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Appends one entry inside the caller's transaction, so the change and its record commit or
 * fail together. Two round trips: the tail (with the append lock) and one insert of the entry
 * and the Merkle nodes it completes. O(log n) work, never O(n).
 */
export async function appendEntry(trx: Transaction<DB>, input: LedgerInput): Promise<{ seq: number }> {
  const tail = await sql<{ next_seq: number | string; prev_hash: Buffer | null; siblings: Buffer[] }>`
    SELECT next_seq, prev_hash, siblings FROM bluelamp_ledger_tail()
  `.execute(trx);
  const row = tail.rows[0]!;
  const seq = Number(row.next_seq);
  const prevHash = row.prev_hash ?? genesisPrevHash();
  const entry = {
    ...input,
    payload: normalisePayload(input.payload),
    seq,
    at: new Date(),
    prevHash,
  };
  const { entryHash, leaf } = hashEntry(entry);
  const siblings = row.siblings ?? [];
  if (siblings.length !== appendPlan(seq).length)
    throw new Error(`ledger tail returned the wrong siblings for ${seq}`);
  const nodes = appendedNodes(seq, leaf, siblings);
  await sql`
    WITH e AS (
      INSERT INTO ledger_entries (seq, force_id, at, actor_id, action, subject_type, subject_id, payload, prev_hash, entry_hash)
      VALUES (${seq}, ${entry.forceId}, ${entry.at}, ${entry.actorId}, ${entry.action}, ${entry.subjectType},
              ${entry.subjectId}, ${JSON.stringify(entry.payload)}::jsonb, ${prevHash}, ${entryHash})
    )
    INSERT INTO ledger_nodes (level, idx, hash)
    SELECT * FROM unnest(${nodes.map((n) => n.level)}::smallint[], ${nodes.map((n) => n.index)}::bigint[], ${nodes.map((n) => n.hash)}::bytea[])
  `.execute(trx);
  return { seq };
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
