import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  type Checkpoint,
  checkpointBody,
  ED25519,
  formatNote,
  NoteError,
  parseCheckpointBody,
  parseNote,
  signNote,
  verifiedSignature,
} from './checkpoint.ts';
import { logNoteKey, type SigningKeys } from './keys.ts';
import {
  buildConsistencyProof,
  consistencyProofNodes,
  nodeGetterFromList,
  verifyConsistency,
} from './merkle.ts';
import { readNodes, rootAt, treeSize } from './service.ts';
import { signTreeHead, verifyTreeHead } from './tree-head.ts';

export interface SignedTreeHead {
  treeSize: number;
  rootHash: Buffer;
  issuedAt: Date;
  signature: Buffer;
  publicKey: string;
}

/**
 * The database does not extend what this service signed before: entries were deleted, altered
 * or replaced. Nothing is signed until an operator looks.
 */
export class LedgerForkError extends Error {}

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Whether the ledger's first `size` entries, with root `root`, extend the tree `base`: an RFC 9162
 * consistency proof built from the stored nodes, checked against the remembered root. Returns
 * what is wrong, or undefined.
 */
export async function extensionProblem(
  db: Q,
  base: Pick<Checkpoint, 'treeSize' | 'rootHash'>,
  size: number,
  root: Buffer,
): Promise<string | undefined> {
  if (size < base.treeSize) {
    return `the ledger holds ${size} entries, fewer than the ${base.treeSize} of a tree already signed: entries were deleted`;
  }
  let proof: Buffer[];
  try {
    const nodes = await readNodes(db, consistencyProofNodes(base.treeSize, size));
    proof = buildConsistencyProof(base.treeSize, size, nodeGetterFromList(nodes));
  } catch {
    return `the ledger's Merkle nodes cannot prove that its ${size} entries extend the signed tree of ${base.treeSize}`;
  }
  if (!verifyConsistency(base.treeSize, size, base.rootHash, root, proof)) {
    return `the ledger's ${size} entries are not a consistent extension of the signed tree of ${base.treeSize} entries (root ${base.rootHash.toString('base64')}): history was rewritten`;
  }
  return undefined;
}

/** The last checkpoint this service signed, read from its state file and checked with its key. */
export function lastSignedCheckpoint(
  keys: SigningKeys,
): { checkpoint: Checkpoint; text: string } | undefined {
  const file = keys.stateFile;
  if (!file || !existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  try {
    const note = parseNote(text);
    const checkpoint = parseCheckpointBody(note.body);
    const signed = [keys.publicKey, ...keys.previousKeys].some((publicKey) =>
      verifiedSignature(note, { name: checkpoint.origin, publicKey, type: ED25519 }),
    );
    if (!signed) throw new NoteError(`it is not signed by this ledger's key or an earlier one`);
    return { checkpoint, text };
  } catch (error) {
    throw new LedgerForkError(
      `The ledger's signed checkpoint in ${file} cannot be trusted (${(error as Error).message}); no tree head is signed until it is restored.`,
    );
  }
}

const pending = new Map<string, Promise<unknown>>();

/** Runs signing for one state file one at a time within this process. */
function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = pending.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  pending.set(
    key,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * Issues a signed tree head and checkpoint for the ledger as it is now, unless the latest head
 * already covers every entry. It signs only a consistent extension (RFC 9162 section 2.1.4) of
 * the last checkpoint it signed, kept in its state file outside the database (or, with no state
 * file yet, of the latest head in the database that this key signed); otherwise it throws a
 * LedgerForkError and signs nothing. Tree heads are themselves append-only.
 */
export function issueTreeHead(db: Kysely<DB>, keys: SigningKeys): Promise<SignedTreeHead> {
  return serialised(keys.stateFile ?? '', () => issue(db, keys));
}

async function issue(db: Kysely<DB>, keys: SigningKeys): Promise<SignedTreeHead> {
  const last = lastSignedCheckpoint(keys);
  const { head, size, rootHash } = await db.transaction().execute(async (trx) => {
    const size = await treeSize(trx);
    const rootHash = await rootAt(trx, size);
    const latest = await latestTreeHead(trx);
    const own =
      latest &&
      [keys.publicKey, ...keys.previousKeys].some((key) =>
        verifyTreeHead(
          { treeSize: latest.treeSize, rootHash: latest.rootHash, timestamp: latest.issuedAt.getTime() },
          latest.signature,
          key,
        ),
      );
    const base = last?.checkpoint ?? (own ? latest : undefined);
    if (base) {
      const problem = await extensionProblem(trx, base, size, rootHash);
      if (problem) {
        throw new LedgerForkError(
          `Refusing to sign a tree head: ${problem} (last signed tree: ${last ? keys.stateFile : 'the latest tree head in the database'}).`,
        );
      }
    }
    if (latest && latest.treeSize > size) {
      throw new LedgerForkError(
        `Refusing to sign a tree head: a tree head covers ${latest.treeSize} entries but the ledger holds ${size}.`,
      );
    }
    if (latest && latest.treeSize === size) {
      if (!latest.rootHash.equals(rootHash)) {
        throw new LedgerForkError(
          `Refusing to sign a tree head: the tree head for size ${size} in the database does not match the entries.`,
        );
      }
      return { head: latest, size, rootHash };
    }
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
    return {
      head: { treeSize: size, rootHash, issuedAt, signature, publicKey: keys.publicKeyBase64 },
      size,
      rootHash,
    };
  });
  if (keys.stateFile && (!last || last.checkpoint.treeSize !== size)) {
    const body = checkpointBody({ origin: keys.origin, treeSize: size, rootHash });
    const text = formatNote({ body, signatures: [signNote(body, logNoteKey(keys), keys.privateKey)] });
    const tmp = `${keys.stateFile}.tmp`;
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, keys.stateFile);
  }
  return head;
}

/** The latest checkpoint as a signed note (C2SP tlog-checkpoint), issuing one if none was yet. */
export async function currentCheckpoint(db: Kysely<DB>, keys: SigningKeys): Promise<string> {
  const last = lastSignedCheckpoint(keys);
  if (last) return last.text;
  const head = await issueTreeHead(db, keys);
  const body = checkpointBody({ origin: keys.origin, treeSize: head.treeSize, rootHash: head.rootHash });
  return (
    lastSignedCheckpoint(keys)?.text ??
    formatNote({ body, signatures: [signNote(body, logNoteKey(keys), keys.privateKey)] })
  );
}

export async function latestTreeHead(db: Q): Promise<SignedTreeHead | undefined> {
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
