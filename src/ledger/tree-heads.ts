import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SigningKeys } from './keys.ts';
import { rootAt, treeSize } from './service.ts';
import { signTreeHead } from './tree-head.ts';

export interface SignedTreeHead {
  treeSize: number;
  rootHash: Buffer;
  issuedAt: Date;
  signature: Buffer;
  publicKey: string;
}

/**
 * Issues a signed tree head for the ledger as it is now, unless the latest one already covers
 * every entry. Tree heads are themselves append-only.
 */
export async function issueTreeHead(db: Kysely<DB>, keys: SigningKeys): Promise<SignedTreeHead> {
  return db.transaction().execute(async (trx) => {
    const size = await treeSize(trx);
    const latest = await latestTreeHead(trx);
    if (latest && latest.treeSize === size) return latest;
    const rootHash = await rootAt(trx, size);
    const issuedAt = new Date();
    const signature = signTreeHead(
      { treeSize: size, rootHash, timestamp: issuedAt.getTime() },
      keys.privateKey,
    );
    await trx
      .insertInto('ledger_tree_heads')
      .values({
        tree_size: size,
        root_hash: rootHash,
        issued_at: issuedAt,
        signature,
        public_key: keys.publicKeyBase64,
      })
      .execute();
    return { treeSize: size, rootHash, issuedAt, signature, publicKey: keys.publicKeyBase64 };
  });
}

export async function latestTreeHead(db: Kysely<DB>): Promise<SignedTreeHead | undefined> {
  const row = await db
    .selectFrom('ledger_tree_heads')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? {
        treeSize: Number(row.tree_size),
        rootHash: row.root_hash,
        issuedAt: row.issued_at,
        signature: row.signature,
        publicKey: row.public_key,
      }
    : undefined;
}

export function presentTreeHead(h: SignedTreeHead) {
  return {
    treeSize: h.treeSize,
    rootHash: h.rootHash.toString('hex'),
    timestamp: h.issuedAt.getTime(),
    issuedAt: h.issuedAt.toISOString(),
    signature: h.signature.toString('base64'),
    publicKey: h.publicKey,
  };
}
