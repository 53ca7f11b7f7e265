import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { genesisPrevHash, nodeHash, rootFromNodes } from './merkle.ts';
import { entryFromRow, hashEntry } from './model.ts';
import { verifyTreeHead } from './tree-head.ts';

export interface VerifyProblem {
  /** The first ledger sequence number affected. */
  seq: number;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  nodes: number;
  treeHeads: number;
  /** Trees known from outside the database (checkpoints) that the ledger was found to extend. */
  checkpoints: number;
  root: string;
  problem?: VerifyProblem;
}

/** A tree the verifier already trusts (a checkpoint it kept or a witness saw), and where from. */
export interface TrustedTree {
  treeSize: number;
  rootHash: Buffer;
  source: string;
}

export interface VerifyOptions {
  /**
   * The keys a tree head may be signed with (the configured key and earlier published ones).
   * The key stored beside a head in the database is never trusted. Absent: signatures are not
   * checked, only that each head's root matches the entries.
   */
  trustedKeys?: readonly KeyObject[];
  /** Trees the ledger must extend: fewer entries or a different root at that size fails. */
  trustedTrees?: readonly TrustedTree[];
  onProgress?: (done: number, total: number) => void;
}

const BATCH = 5000;

/**
 * Recomputes everything from the stored entries: each entry's hash, the hash chain, every stored
 * Merkle node, the root, and each signed tree head (root at its size and Ed25519 signature).
 * Stops at the first inconsistency and names the first sequence number it affects. It reads the
 * rows as they are, so it catches changes made with the append-only triggers disabled.
 */
export async function verifyLedger(db: Kysely<DB>, options: VerifyOptions = {}): Promise<VerifyResult> {
  const { onProgress, trustedKeys, trustedTrees = [] } = options;
  const count = await db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Number(count.n);
  // Level arrays of recomputed node hashes, bottom (leaves) up; each a contiguous buffer.
  const leaves = Buffer.alloc(total * 32);
  let prev = genesisPrevHash();
  let expected = 0;
  const fail = (seq: number, message: string): VerifyResult => ({
    ok: false,
    entries: total,
    nodes: 0,
    treeHeads: 0,
    checkpoints: 0,
    root: '',
    problem: { seq, message },
  });

  for (let after = -1; ; ) {
    const rows = await db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected)
        return fail(expected, `entry ${expected} is missing (next stored entry is ${seq})`);
      if (!r.prev_hash.equals(prev))
        return fail(seq, `entry ${seq} does not link to the hash of entry ${seq - 1}`);
      const { entryHash, leaf } = hashEntry(entryFromRow(r));
      if (!entryHash.equals(r.entry_hash))
        return fail(seq, `entry ${seq} was altered: its content does not match its hash`);
      leaf.copy(leaves, seq * 32);
      prev = r.entry_hash;
      expected++;
    }
    after = Number(rows[rows.length - 1]!.seq);
    onProgress?.(expected, total);
  }
  if (expected !== total) return fail(expected, `entry count changed while verifying`);

  // Build every complete-subtree level and compare with the stored nodes, level by level.
  const levels: Buffer[] = [leaves];
  for (let size = total; size > 1; size = Math.floor(size / 2)) {
    const below = levels[levels.length - 1]!;
    const n = Math.floor(size / 2);
    const level = Buffer.alloc(n * 32);
    for (let i = 0; i < n; i++) {
      nodeHash(
        below.subarray(2 * i * 32, 2 * i * 32 + 32),
        below.subarray(2 * i * 32 + 32, 2 * i * 32 + 64),
      ).copy(level, i * 32);
    }
    levels.push(level);
  }
  let nodes = 0;
  for (let level = 0; level < levels.length; level++) {
    const want = levels[level]!;
    const n = want.length / 32;
    let next = 0;
    for (let after = -1; ; ) {
      const rows = await db
        .selectFrom('ledger_nodes')
        .select(['idx', 'hash'])
        .where('level', '=', level)
        .where('idx', '>', after)
        .orderBy('idx')
        .limit(BATCH * 4)
        .execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        const idx = Number(r.idx);
        const first = idx * 2 ** level;
        if (idx !== next || idx >= n)
          return fail(Math.min(first, total), `ledger node (level ${level}, index ${idx}) is unexpected`);
        if (!r.hash.equals(want.subarray(idx * 32, idx * 32 + 32))) {
          return fail(
            first,
            `ledger node (level ${level}, index ${idx}) over entries ${first}..${first + 2 ** level - 1} was altered`,
          );
        }
        next++;
        nodes++;
      }
      after = Number(rows[rows.length - 1]!.idx);
    }
    if (next !== n) return fail(next * 2 ** level, `ledger node (level ${level}, index ${next}) is missing`);
  }

  const getNode = (level: number, index: number) => levels[level]?.subarray(index * 32, index * 32 + 32);
  const heads = await db.selectFrom('ledger_tree_heads').selectAll().orderBy('tree_size').execute();
  for (const h of heads) {
    const size = Number(h.tree_size);
    if (size > total) return fail(total, `tree head for size ${size} is beyond the ${total} entries`);
    const root = rootFromNodes(size, getNode);
    const first = Math.max(0, size - 1);
    if (!root.equals(h.root_hash))
      return fail(first, `the signed tree head for size ${size} does not match the entries`);
    if (!trustedKeys) continue;
    const head = { treeSize: size, rootHash: h.root_hash, timestamp: h.issued_at.getTime() };
    if (!trustedKeys.some((key) => verifyTreeHead(head, h.signature, key))) {
      return fail(
        first,
        `the tree head for size ${size} is not signed by a trusted key (it names key ${h.public_key}, which is not one of the ${trustedKeys.length} trusted)`,
      );
    }
  }
  for (const t of trustedTrees) {
    if (t.treeSize > total) {
      return fail(
        total,
        `${t.source} holds a tree of ${t.treeSize} entries but the ledger has only ${total}: entries were deleted or the ledger is behind`,
      );
    }
    if (!rootFromNodes(t.treeSize, getNode).equals(t.rootHash)) {
      return fail(
        Math.max(0, t.treeSize - 1),
        `the ledger contradicts ${t.source}: its first ${t.treeSize} entries have a different root (history was rewritten)`,
      );
    }
  }
  return {
    ok: true,
    entries: total,
    nodes,
    treeHeads: heads.length,
    checkpoints: trustedTrees.length,
    root: rootFromNodes(total, getNode).toString('hex'),
  };
}

/** A KeyObject from a base64 raw 32-byte Ed25519 public key (RFC 8410 SPKI prefix). */
export function rawEd25519PublicKey(base64: string): KeyObject {
  const prefix = Buffer.from('302a300506032b6570032100', 'hex');
  return createPublicKey({
    key: Buffer.concat([prefix, Buffer.from(base64, 'base64')]),
    format: 'der',
    type: 'spki',
  });
}
