/**
 * The ledger's Merkle tree, as defined for Certificate Transparency version 2 (RFC 9162,
 * section 2.1), computed from a store of complete-subtree nodes.
 *
 * Storage model: node (level L, index k) is the hash of the perfect subtree over leaves
 * [k * 2^L, (k + 1) * 2^L); level 0 index i is the leaf hash of entry i. A node exists only once
 * all of its leaves exist, so a tree of n leaves holds exactly the nodes with (k + 1) * 2^L <= n
 * (fewer than 2n in all). Every quantity the RFC defines (the tree head MTH, inclusion paths,
 * consistency proofs) is a hash of a leaf range; each range used is "aligned" (see `rangeNodes`),
 * so it is the right fold of at most log2(n) + 1 stored nodes. A proof therefore reads O(log n)
 * nodes, which callers fetch in one query (`nodeRefsForProof`) before calling the sync builders.
 *
 * Everything here is pure and synchronous; node access goes through a `NodeGetter` callback.
 * Sizes and indices are JavaScript numbers limited to the safe-integer range (2^53 - 1).
 */
import { createHash } from 'node:crypto';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

/** A complete-subtree node position: covers leaves [index * 2^level, (index + 1) * 2^level). */
export interface NodeRef {
  level: number;
  index: number;
}

/** A complete-subtree node with its hash, as stored. */
export interface MerkleNode extends NodeRef {
  hash: Buffer;
}

/** A half-open range of leaf indices [start, end). */
export interface LeafRange {
  start: number;
  end: number;
}

/**
 * Reads a stored complete-subtree node. Returning `undefined` (node not stored) makes the caller
 * throw a clear error naming the node.
 */
export type NodeGetter = (level: number, index: number) => Buffer | undefined;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** MTH({}) = SHA-256() (RFC 9162 section 2.1.1): the hash of the empty tree, a fresh copy. */
export function emptyTreeHash(): Buffer {
  return sha256();
}

/** MTH({d}) = SHA-256(0x00 || d) (RFC 9162 section 2.1.1): the hash of a leaf entry. */
export function leafHash(entry: Buffer): Buffer {
  return sha256(LEAF_PREFIX, entry);
}

/** SHA-256(0x01 || left || right) (RFC 9162 section 2.1.1): the hash of an interior node. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

// ---------------------------------------------------------------------------------------------
// Size arithmetic. Bitwise operators are 32-bit in JavaScript, so these use plain arithmetic.
// ---------------------------------------------------------------------------------------------

function assertSize(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

/** The largest power of two p with p <= n, for n >= 1. */
function highestPowerOfTwoAtMost(n: number): number {
  if (n < 2 ** 32) return 2 ** (31 - Math.clz32(n));
  let p = 2 ** 32;
  while (p * 2 <= n) p *= 2;
  return p;
}

/** k in RFC 9162 section 2.1.1: the largest power of two smaller than n, for n >= 2. */
export function largestPowerOfTwoBelow(n: number): number {
  return highestPowerOfTwoAtMost(n - 1);
}

function log2Exact(p: number): number {
  return Math.round(Math.log2(p));
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && highestPowerOfTwoAtMost(n) === n;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

/** A stable string key for a node position, for maps and de-duplication. */
export function nodeKey(level: number, index: number): string {
  return `${level}:${index}`;
}

/** A `NodeGetter` over a list of fetched nodes (e.g. the rows of one query). */
export function nodeGetterFromList(nodes: Iterable<MerkleNode>): NodeGetter {
  const byKey = new Map<string, Buffer>();
  for (const node of nodes) byKey.set(nodeKey(node.level, node.index), node.hash);
  return (level, index) => byKey.get(nodeKey(level, index));
}

function fetchNode(getNode: NodeGetter, ref: NodeRef): Buffer {
  const hash = getNode(ref.level, ref.index);
  if (hash === undefined) {
    throw new Error(`Merkle node (level ${ref.level}, index ${ref.index}) is missing from the node store`);
  }
  if (hash.length !== HASH_SIZE) {
    throw new Error(
      `Merkle node (level ${ref.level}, index ${ref.index}) has ${hash.length} bytes, expected ${HASH_SIZE}`,
    );
  }
  return hash;
}

// ---------------------------------------------------------------------------------------------
// Range hashes from complete-subtree nodes
// ---------------------------------------------------------------------------------------------

/**
 * The complete-subtree nodes, left to right, whose right fold is MTH(D[start:end]).
 *
 * RFC 9162 section 2.1.1 splits n leaves at k, the largest power of two below n. Writing the
 * size s = end - start as a sum of distinct powers of two p1 > p2 > ... > pj, the first split of a
 * non-power-of-two size is at k = p1, so MTH(D[start:end]) = HASH(0x01 || N1 || MTH(rest)) where N1
 * is the perfect subtree over the first p1 leaves; by induction MTH is the right fold
 * N1 . (N2 . (... . Nj)). Each Ni is a stored node only if it is aligned, which holds for all of
 * them when start is a multiple of p1 (then each later start is a multiple of the next, smaller,
 * power). Every range the RFC's recursions produce from [0, n) has this property: a left half
 * [s, s + k) is a perfect subtree and a right half [s + k, e) starts at a multiple of k > e - s - k.
 *
 * @throws RangeError for an empty, reversed or unaligned range.
 */
export function rangeNodes(start: number, end: number): NodeRef[] {
  assertSize(start, 'range start');
  assertSize(end, 'range end');
  if (end <= start) throw new RangeError(`leaf range [${start}, ${end}) is empty`);
  const top = highestPowerOfTwoAtMost(end - start);
  if (start % top !== 0) {
    throw new RangeError(
      `leaf range [${start}, ${end}) is not aligned: its start must be a multiple of ${top} ` +
        'to be made of complete subtrees',
    );
  }
  const refs: NodeRef[] = [];
  let position = start;
  while (position < end) {
    const size = highestPowerOfTwoAtMost(end - position);
    refs.push({ level: log2Exact(size), index: position / size });
    position += size;
  }
  return refs;
}

/**
 * MTH(D[start:end]) (RFC 9162 section 2.1.1) of an aligned range from complete-subtree nodes: at
 * most log2(end - start) + 1 node reads. The empty range gives the empty-tree hash.
 */
export function rangeHashFromNodes(start: number, end: number, getNode: NodeGetter): Buffer {
  if (start === end) {
    assertSize(start, 'range start');
    return emptyTreeHash();
  }
  const hashes = rangeNodes(start, end).map((ref) => fetchNode(getNode, ref));
  let hash = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i]!, hash);
  return hash;
}

/** The nodes to read for the root of a tree of n leaves (one per set bit of n). */
export function nodesNeededForRoot(n: number): NodeRef[] {
  assertSize(n, 'tree size');
  return n === 0 ? [] : rangeNodes(0, n);
}

/** MTH(D[n]) (RFC 9162 section 2.1.1), the tree head hash, from complete-subtree nodes. */
export function rootFromNodes(n: number, getNode: NodeGetter): Buffer {
  assertSize(n, 'tree size');
  return rangeHashFromNodes(0, n, getNode);
}

// ---------------------------------------------------------------------------------------------
// Appending
// ---------------------------------------------------------------------------------------------

/**
 * The stored sibling nodes needed to append leaf `leafIndex` to a tree of `leafIndex` leaves,
 * lowest level first. The new leaf completes its parent when its index is odd, that parent
 * completes the next when its own index is odd, and so on: one sibling per trailing 1 bit.
 */
export function appendPlan(leafIndex: number): NodeRef[] {
  assertSize(leafIndex, 'leaf index');
  const siblings: NodeRef[] = [];
  let index = leafIndex;
  for (let level = 0; index % 2 === 1; level++) {
    siblings.push({ level, index: index - 1 });
    index = (index - 1) / 2;
  }
  return siblings;
}

/**
 * The nodes created by appending leaf `leafIndex`: the leaf itself, then each parent it completes.
 * `siblings` are the hashes of the nodes listed by `appendPlan(leafIndex)`, in that order.
 */
export function appendedNodes(
  leafIndex: number,
  leafHashValue: Buffer,
  siblings: readonly Buffer[],
): MerkleNode[] {
  const plan = appendPlan(leafIndex);
  if (siblings.length !== plan.length) {
    throw new Error(
      `appending leaf ${leafIndex} needs ${plan.length} sibling hashes, got ${siblings.length}`,
    );
  }
  if (leafHashValue.length !== HASH_SIZE) {
    throw new Error(
      `leaf hash for leaf ${leafIndex} has ${leafHashValue.length} bytes, expected ${HASH_SIZE}`,
    );
  }
  const created: MerkleNode[] = [{ level: 0, index: leafIndex, hash: leafHashValue }];
  let hash = leafHashValue;
  plan.forEach((ref, i) => {
    const sibling = siblings[i]!;
    if (sibling.length !== HASH_SIZE) {
      throw new Error(`sibling (level ${ref.level}, index ${ref.index}) has ${sibling.length} bytes`);
    }
    hash = nodeHash(sibling, hash);
    created.push({ level: ref.level + 1, index: ref.index / 2, hash });
  });
  return created;
}

/** The nodes created by appending leaf `leafIndex` to a tree of `leafIndex` leaves. */
export function nodesToAppend(leafIndex: number, leafHashValue: Buffer, getNode: NodeGetter): MerkleNode[] {
  const siblings = appendPlan(leafIndex).map((ref) => fetchNode(getNode, ref));
  return appendedNodes(leafIndex, leafHashValue, siblings);
}

/**
 * The already-stored nodes needed to append `count` leaves to a tree of `treeSize` leaves: a subset
 * of the tree's frontier (`nodesNeededForRoot(treeSize)`), so at most log2(treeSize) + 1 nodes.
 */
export function appendBatchPlan(treeSize: number, count: number): NodeRef[] {
  assertSize(treeSize, 'tree size');
  assertSize(count, 'leaf count');
  const needed = new Map<string, NodeRef>();
  for (let leaf = treeSize; leaf < treeSize + count; leaf++) {
    for (const ref of appendPlan(leaf)) {
      const stored = (ref.index + 1) * 2 ** ref.level <= treeSize;
      if (stored) needed.set(nodeKey(ref.level, ref.index), ref);
    }
  }
  return [...needed.values()];
}

/**
 * The nodes created by appending `leafHashes` to a tree of `treeSize` leaves, in creation order.
 * `getNode` is only asked for stored nodes listed by `appendBatchPlan(treeSize, leafHashes.length)`.
 */
export function nodesToAppendBatch(
  treeSize: number,
  leafHashes: readonly Buffer[],
  getNode: NodeGetter,
): MerkleNode[] {
  assertSize(treeSize, 'tree size');
  const fresh = new Map<string, Buffer>();
  const overlay: NodeGetter = (level, index) => fresh.get(nodeKey(level, index)) ?? getNode(level, index);
  const created: MerkleNode[] = [];
  leafHashes.forEach((hash, i) => {
    for (const node of nodesToAppend(treeSize + i, hash, overlay)) {
      fresh.set(nodeKey(node.level, node.index), node.hash);
      created.push(node);
    }
  });
  return created;
}

// ---------------------------------------------------------------------------------------------
// Proofs as leaf ranges
// ---------------------------------------------------------------------------------------------

/**
 * The ranges whose MTH form the inclusion proof PATH(m, D[n]) (RFC 9162 section 2.1.3.1), in proof
 * order (nearest the leaf first). Descending from [0, n): a leaf left of the split k gets the right
 * range [k, n) as sibling; otherwise the perfect left subtree [0, k). A right sibling can be
 * incomplete only while the descent is still on the tree's right edge, and the descent leaves that
 * edge at its first left turn, after which every range is a perfect subtree. So at most one proof
 * element needs several nodes, and a proof reads at most about 2 log2(n) nodes.
 */
export function inclusionProofRanges(m: number, n: number): LeafRange[] {
  assertSize(m, 'leaf index');
  assertSize(n, 'tree size');
  if (m >= n) throw new RangeError(`leaf index ${m} is not in a tree of size ${n}`);
  const rootFirst: LeafRange[] = [];
  let start = 0;
  let end = n;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m < start + k) {
      rootFirst.push({ start: start + k, end });
      end = start + k;
    } else {
      rootFirst.push({ start, end: start + k });
      start += k;
    }
  }
  return rootFirst.reverse();
}

/**
 * The ranges whose MTH form the consistency proof PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (RFC 9162
 * section 2.1.4.1), in proof order. m = n gives the empty proof, as SUBPROOF(m, D[m], true) = {};
 * m = 0 (outside the RFC's definition, the empty tree being consistent with every tree) too.
 * As for inclusion, only the right range taken at the first left turn can be incomplete (the final
 * SUBPROOF element is reached after a left turn, so it is a perfect subtree): O(log n) node reads.
 */
export function consistencyProofRanges(m: number, n: number): LeafRange[] {
  assertSize(m, 'first tree size');
  assertSize(n, 'second tree size');
  if (m > n) throw new RangeError(`tree size ${m} is larger than tree size ${n}`);
  if (m === 0 || m === n) return [];
  const rootFirst: LeafRange[] = [];
  let start = 0;
  let end = n;
  let remaining = m; // m relative to the current subtree
  let startedAtTop = true; // the flag b of SUBPROOF
  for (;;) {
    if (remaining === end - start) {
      if (!startedAtTop) rootFirst.push({ start, end });
      break;
    }
    const k = largestPowerOfTwoBelow(end - start);
    if (remaining <= k) {
      rootFirst.push({ start: start + k, end });
      end = start + k;
    } else {
      rootFirst.push({ start, end: start + k });
      start += k;
      remaining -= k;
      startedAtTop = false;
    }
  }
  return rootFirst.reverse();
}

/** All complete-subtree nodes to read, de-duplicated, for the MTH of every given range. */
export function nodeRefsForProof(ranges: readonly LeafRange[]): NodeRef[] {
  const refs = new Map<string, NodeRef>();
  for (const range of ranges) {
    if (range.start === range.end) continue;
    for (const ref of rangeNodes(range.start, range.end)) refs.set(nodeKey(ref.level, ref.index), ref);
  }
  return [...refs.values()];
}

/** The nodes to read (in one query) for the inclusion proof of leaf m in a tree of size n. */
export function inclusionProofNodes(m: number, n: number): NodeRef[] {
  return nodeRefsForProof(inclusionProofRanges(m, n));
}

/** The nodes to read (in one query) for the consistency proof between tree sizes m and n. */
export function consistencyProofNodes(m: number, n: number): NodeRef[] {
  return nodeRefsForProof(consistencyProofRanges(m, n));
}

/** The inclusion proof (audit path) of leaf m in a tree of size n, RFC 9162 section 2.1.3.1. */
export function buildInclusionProof(m: number, n: number, getNode: NodeGetter): Buffer[] {
  return inclusionProofRanges(m, n).map((r) => rangeHashFromNodes(r.start, r.end, getNode));
}

/** The consistency proof between tree sizes m and n, RFC 9162 section 2.1.4.1. */
export function buildConsistencyProof(m: number, n: number, getNode: NodeGetter): Buffer[] {
  return consistencyProofRanges(m, n).map((r) => rangeHashFromNodes(r.start, r.end, getNode));
}

// ---------------------------------------------------------------------------------------------
// Verification (what an outside auditor runs; needs no node store)
// ---------------------------------------------------------------------------------------------

function isHash(value: unknown): value is Buffer {
  return Buffer.isBuffer(value) && value.length === HASH_SIZE;
}

/**
 * Verifies an inclusion proof exactly as RFC 9162 section 2.1.3.2: fn walks the leaf index and sn
 * the last index up the tree; a proof element goes on the left when fn is a right child or is the
 * last node of its level (fn = sn), after which levels where the node has no right sibling are
 * skipped. Valid only when the path is used up exactly at the root (sn = 0) and the result equals
 * the root hash. Malformed input gives false, never an exception.
 */
export function verifyInclusion(
  leafHashValue: Buffer,
  m: number,
  n: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m >= n) return false;
  if (!isHash(leafHashValue) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = m;
  let sn = n - 1;
  let r = leafHashValue;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/**
 * Verifies a consistency proof exactly as RFC 9162 section 2.1.4.2 for 0 < m < n: fr rebuilds the
 * old root and sr the new one from the same path. Outside the RFC's range: m = n is consistent iff
 * the proof is empty and the roots are equal; m = 0 iff the proof is empty and the old root is the
 * empty-tree hash. Malformed input gives false, never an exception.
 */
export function verifyConsistency(
  m: number,
  n: number,
  rootM: Buffer,
  rootN: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  if (!isHash(rootM) || !isHash(rootN) || !proof.every(isHash)) return false;
  if (m === n) return proof.length === 0 && rootM.equals(rootN);
  if (m === 0) return proof.length === 0 && rootM.equals(emptyTreeHash());
  // 1. An empty path fails.
  if (proof.length === 0) return false;
  // 2. When m is a power of two the old root is itself the first element.
  const path = isPowerOfTwo(m) ? [rootM, ...proof] : proof;
  // 3-4. Start from the last old leaf, skipping levels where it is a right child.
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5-6.
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 7.
  return fr.equals(rootM) && sr.equals(rootN) && sn === 0;
}

// ---------------------------------------------------------------------------------------------
// Naive reference: the recursive definitions of RFC 9162 taken literally, over all leaf hashes.
// O(n) hashes per call; used by the tests and as the benchmark baseline.
// ---------------------------------------------------------------------------------------------

/** MTH(D[start:end]) by the recursion of RFC 9162 section 2.1.1 (D[start:end] as a view, not a copy). */
function naiveRange(d: readonly Buffer[], start: number, end: number): Buffer {
  const n = end - start;
  if (n === 0) return emptyTreeHash();
  if (n === 1) return d[start]!;
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(naiveRange(d, start, start + k), naiveRange(d, start + k, end));
}

/** MTH(D[n]) by the recursion of RFC 9162 section 2.1.1, given the n leaf hashes. */
export function naiveRoot(leafHashes: readonly Buffer[]): Buffer {
  return naiveRange(leafHashes, 0, leafHashes.length);
}

/** PATH(m, D[start:end]) of RFC 9162 section 2.1.3.1, m relative to start. */
function naivePath(m: number, d: readonly Buffer[], start: number, end: number): Buffer[] {
  const n = end - start;
  if (n === 1) return [];
  const k = largestPowerOfTwoBelow(n);
  if (m < k) return [...naivePath(m, d, start, start + k), naiveRange(d, start + k, end)];
  return [...naivePath(m - k, d, start + k, end), naiveRange(d, start, start + k)];
}

/** PATH(m, D[n]) by the recursion of RFC 9162 section 2.1.3.1, given the n leaf hashes. */
export function naiveInclusionProof(m: number, leafHashes: readonly Buffer[]): Buffer[] {
  const n = leafHashes.length;
  if (!Number.isSafeInteger(m) || m < 0 || m >= n) {
    throw new RangeError(`leaf index ${m} is not in a tree of size ${n}`);
  }
  return naivePath(m, leafHashes, 0, n);
}

/** SUBPROOF(m, D[start:end], b) of RFC 9162 section 2.1.4.1, m relative to start. */
function naiveSubproof(m: number, d: readonly Buffer[], start: number, end: number, b: boolean): Buffer[] {
  const n = end - start;
  if (m === n) return b ? [] : [naiveRange(d, start, end)];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) return [...naiveSubproof(m, d, start, start + k, b), naiveRange(d, start + k, end)];
  return [...naiveSubproof(m - k, d, start + k, end, false), naiveRange(d, start, start + k)];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 section 2.1.4.1 (empty for m = 0). */
export function naiveConsistencyProof(m: number, leafHashes: readonly Buffer[]): Buffer[] {
  const n = leafHashes.length;
  if (!Number.isSafeInteger(m) || m < 0 || m > n) {
    throw new RangeError(`tree size ${m} is not between 0 and ${n}`);
  }
  return m === 0 ? [] : naiveSubproof(m, leafHashes, 0, n, true);
}

// ---------------------------------------------------------------------------------------------
// In-memory node store (tests, benchmarks, offline verification tools)
// ---------------------------------------------------------------------------------------------

/**
 * Complete-subtree nodes held in memory, one growable byte array per level (32 bytes per node),
 * appended with `nodesToAppend`. About 64 bytes per leaf in all.
 */
export class MemoryNodeStore {
  private readonly levels: Uint8Array[] = [];
  private readonly counts: number[] = [];
  private leaves = 0;

  /** The number of leaves appended. */
  get size(): number {
    return this.leaves;
  }

  /** A read-only view of node (level, index), or undefined if it does not exist (yet). */
  readonly get: NodeGetter = (level, index) => {
    const count = this.counts[level] ?? 0;
    if (!Number.isInteger(index) || index < 0 || index >= count) return undefined;
    const bytes = this.levels[level]!;
    return Buffer.from(bytes.buffer, bytes.byteOffset + index * HASH_SIZE, HASH_SIZE);
  };

  /** Appends one leaf hash; returns the nodes created. */
  append(leafHashValue: Buffer): MerkleNode[] {
    const created = nodesToAppend(this.leaves, leafHashValue, this.get);
    for (const node of created) this.put(node);
    this.leaves++;
    return created;
  }

  /** The tree head hash for the first n leaves (default: all). */
  root(n: number = this.leaves): Buffer {
    if (n > this.leaves) throw new RangeError(`tree size ${n} exceeds the ${this.leaves} stored leaves`);
    return rootFromNodes(n, this.get);
  }

  private put(node: MerkleNode): void {
    const count = this.counts[node.level] ?? 0;
    if (node.index !== count) {
      throw new Error(`node (level ${node.level}, index ${node.index}) appended out of order`);
    }
    let bytes = this.levels[node.level];
    if (bytes === undefined || bytes.length < (count + 1) * HASH_SIZE) {
      const grown = new Uint8Array(Math.max(16, count * 2) * HASH_SIZE);
      if (bytes !== undefined) grown.set(bytes);
      bytes = grown;
      this.levels[node.level] = bytes;
    }
    bytes.set(node.hash, count * HASH_SIZE);
    this.counts[node.level] = count + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Ledger entries: canonical JSON and the hash chain
// ---------------------------------------------------------------------------------------------

/** The prevHash of the first entry of a chain: 32 zero bytes. */
export function genesisPrevHash(): Buffer {
  return Buffer.alloc(HASH_SIZE);
}

/** JSON values accepted by `canonicalJson`. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

/** In a `u` regular expression a surrogate pair is one code point, so \p{Cs} matches only lone ones. */
const LONE_SURROGATE = /\p{Cs}/u;

function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

function canonicalString(text: string, where: string): string {
  if (hasLoneSurrogate(text)) throw new TypeError(`${where}: string contains a lone UTF-16 surrogate`);
  // JSON.stringify escapes exactly as RFC 8785 section 3.2.2.2 requires: \" \\ \b \f \n \r \t,
  // other controls as \u00xx (lower-case hex), everything else (all of Unicode) as is.
  return JSON.stringify(text);
}

function canonicalNumber(value: number, where: string): string {
  if (!Number.isFinite(value)) throw new TypeError(`${where}: number ${value} is not finite`);
  // ECMAScript Number-to-String, as RFC 8785 section 3.2.2.3 prescribes: 1.0 -> 1, -0 -> 0,
  // 1e21 -> 1e+21, 0.000001 -> 0.000001, 1e-7 -> 1e-7.
  return JSON.stringify(value);
}

function describeType(value: unknown): string {
  if (value instanceof Date) return 'a Date (give dates as ISO 8601 strings)';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `an instance of ${value?.constructor?.name ?? 'an unknown class'}`;
  return `a ${typeof value}`;
}

function serialise(value: unknown, where: string, ancestors: Set<object>): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return canonicalString(value, where);
  if (typeof value === 'number') return canonicalNumber(value, where);
  if (typeof value !== 'object') throw new TypeError(`${where}: ${describeType(value)} is not a JSON value`);
  if (ancestors.has(value)) throw new TypeError(`${where}: circular reference`);
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    const items = value.map((item, i) => {
      if (item === undefined) throw new TypeError(`${where}[${i}]: undefined is not a JSON value`);
      return serialise(item, `${where}[${i}]`, ancestors);
    });
    out = `[${items.join(',')}]`;
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`${where}: ${describeType(value)} is not a plain JSON object`);
    }
    const record = value as Record<string, unknown>;
    // RFC 8785 section 3.2.3: members sorted by the UTF-16 code units of their names.
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const members = keys.map((key) => {
      const path = /^[A-Za-z_$][\w$]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`;
      return `${canonicalString(key, path)}:${serialise(record[key], path, ancestors)}`;
    });
    out = `{${members.join(',')}}`;
  }
  ancestors.delete(value);
  return out;
}

/**
 * Canonical JSON text of a value, following the JSON Canonicalization Scheme (RFC 8785) for the
 * JSON types: no whitespace, object members sorted by UTF-16 code units, strings and numbers
 * serialised as ECMAScript does, Unicode left as is (no normalisation). Object members whose
 * value is undefined are omitted (they are absent in JSON); anything that is not JSON (undefined
 * in an array, non-finite numbers, Dates, Maps, class instances, bigint, lone surrogates,
 * cycles) throws a TypeError naming where it is, as a `$.path`.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$', new Set());
}

/** `canonicalJson(value)` as UTF-8 bytes, the form that is hashed. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/**
 * The hash chain link of a ledger entry: SHA-256(prevHash || canonicalEntryBytes), where prevHash
 * is the previous entry's chain hash, or `genesisPrevHash()` (32 zero bytes) for the first entry.
 */
export function chainHash(prevHash: Buffer, canonicalEntryBytes: Buffer): Buffer {
  if (prevHash.length !== HASH_SIZE) {
    throw new Error(`previous chain hash has ${prevHash.length} bytes, expected ${HASH_SIZE}`);
  }
  return sha256(prevHash, canonicalEntryBytes);
}

/** Another name for `chainHash`. */
export const entryHash = chainHash;
