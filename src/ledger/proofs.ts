import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import {
  buildConsistencyProof,
  buildInclusionProof,
  consistencyProofNodes,
  inclusionProofNodes,
  nodeGetterFromList,
} from './merkle.ts';
import { readNodes, treeSize } from './service.ts';

/** RFC 9162 inclusion proof of entry `seq` in the tree of the first `size` entries. */
export async function inclusionProof(db: Kysely<DB>, seq: number, size?: number) {
  const n = size ?? (await treeSize(db));
  if (seq >= n) throw errors.validation([{ path: 'seq', message: `must be below the tree size ${n}` }]);
  if (n > (await treeSize(db)))
    throw errors.validation([{ path: 'treeSize', message: 'is beyond the ledger' }]);
  const leaf = await readNodes(db, [{ level: 0, index: seq }]);
  const nodes = await readNodes(db, inclusionProofNodes(seq, n));
  return {
    leafIndex: seq,
    treeSize: n,
    leafHash: leaf[0]!.hash.toString('hex'),
    auditPath: buildInclusionProof(seq, n, nodeGetterFromList(nodes)).map((b) => b.toString('hex')),
  };
}

/** RFC 9162 consistency proof between the trees of the first `first` and `second` entries. */
export async function consistencyProof(db: Kysely<DB>, first: number, second: number) {
  const size = await treeSize(db);
  if (!(first > 0 && first <= second && second <= size)) {
    throw errors.validation([
      { path: 'first, second', message: `need 0 < first <= second <= ${size} (the current tree size)` },
    ]);
  }
  const nodes = await readNodes(db, consistencyProofNodes(first, second));
  return {
    first,
    second,
    consistencyPath: buildConsistencyProof(first, second, nodeGetterFromList(nodes)).map((b) =>
      b.toString('hex'),
    ),
  };
}
