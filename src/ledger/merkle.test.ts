import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendBatchPlan,
  appendedNodes,
  appendPlan,
  buildConsistencyProof,
  buildInclusionProof,
  canonicalJson,
  canonicalJsonBytes,
  chainHash,
  consistencyProofNodes,
  consistencyProofRanges,
  emptyTreeHash,
  entryHash,
  genesisPrevHash,
  inclusionProofNodes,
  inclusionProofRanges,
  leafHash,
  MemoryNodeStore,
  type MerkleNode,
  type NodeGetter,
  naiveConsistencyProof,
  naiveInclusionProof,
  naiveRoot,
  nodeGetterFromList,
  nodeHash,
  nodeKey,
  nodeRefsForProof,
  nodesNeededForRoot,
  nodesToAppend,
  nodesToAppendBatch,
  rangeHashFromNodes,
  rangeNodes,
  rootFromNodes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

const hex = (b: Buffer): string => b.toString('hex');
const unhex = (h: string): Buffer => Buffer.from(h, 'hex');
const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** Flips one bit of a copy. */
function flip(b: Buffer, bit = 0): Buffer {
  const copy = Buffer.from(b);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

function entries(n: number, salt = ''): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(`entry ${salt}${i}`));
}

function storeOf(leafHashes: readonly Buffer[]): MemoryNodeStore {
  const store = new MemoryNodeStore();
  for (const h of leafHashes) store.append(h);
  return store;
}

/** A getter that refuses nodes a tree of `size` leaves would not hold, and counts reads. */
function boundedGetter(store: MemoryNodeStore, size: number): { get: NodeGetter; reads: () => number } {
  let reads = 0;
  const get: NodeGetter = (level, index) => {
    reads++;
    if ((index + 1) * 2 ** level > size)
      throw new Error(`read (${level}, ${index}) beyond tree size ${size}`);
    return store.get(level, index);
  };
  return { get, reads: () => reads };
}

/** A getter over only the listed nodes, as the database side gives after one query. */
function oneQueryGetter(
  store: MemoryNodeStore,
  refs: readonly { level: number; index: number }[],
): NodeGetter {
  return nodeGetterFromList(refs.map((r) => ({ ...r, hash: store.get(r.level, r.index)! })));
}

// Test vectors published with the Certificate Transparency reference implementation (RFC 6962
// hashing, which RFC 9162 keeps): eight leaves and the tree heads of sizes 1..8.
const CT_ENTRIES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const CT_LEAVES = CT_ENTRIES.map((e) => leafHash(unhex(e)));
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION: Array<[number, number, string[]]> = [
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
];
const CT_CONSISTENCY: Array<[number, number, string[]]> = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

// One shared tree of 300 leaves; the tree of any size n <= 300 is its prefix.
const MAX = 300;
const LEAVES = entries(MAX).map(leafHash);
const STORE = storeOf(LEAVES);
const NAIVE_ROOTS = Array.from({ length: MAX + 1 }, (_, n) => naiveRoot(LEAVES.slice(0, n)));

const sizeAndIndex = fc
  .integer({ min: 1, max: MAX })
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n)));
const twoSizes = fc
  .integer({ min: 1, max: MAX })
  .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));

describe('hashing (RFC 9162 section 2.1.1)', () => {
  it('hashes leaves and nodes with the 0x00 / 0x01 domain prefixes', () => {
    const a = Buffer.from('a');
    expect(leafHash(a)).toEqual(sha256(Buffer.from([0]), a));
    const l = leafHash(Buffer.from('l'));
    const r = leafHash(Buffer.from('r'));
    expect(nodeHash(l, r)).toEqual(sha256(Buffer.from([1]), l, r));
    expect(nodeHash(l, r)).not.toEqual(nodeHash(r, l));
  });

  it('gives the empty tree the hash of the empty string', () => {
    expect(hex(emptyTreeHash())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(naiveRoot([])).toEqual(emptyTreeHash());
    expect(rootFromNodes(0, () => undefined)).toEqual(emptyTreeHash());
    expect(nodesNeededForRoot(0)).toEqual([]);
    expect(new MemoryNodeStore().root()).toEqual(emptyTreeHash());
  });

  it('matches the published tree heads for sizes 0..8, naively and from the node store', () => {
    const store = storeOf(CT_LEAVES);
    for (let n = 0; n <= 8; n++) {
      expect(hex(naiveRoot(CT_LEAVES.slice(0, n))), `naive size ${n}`).toBe(CT_ROOTS[n]);
      expect(hex(store.root(n)), `store size ${n}`).toBe(CT_ROOTS[n]);
    }
  });

  it('matches the published inclusion and consistency proofs', () => {
    const store = storeOf(CT_LEAVES);
    for (const [m, n, expected] of CT_INCLUSION) {
      expect(buildInclusionProof(m, n, store.get).map(hex)).toEqual(expected);
      expect(naiveInclusionProof(m, CT_LEAVES.slice(0, n)).map(hex)).toEqual(expected);
      expect(verifyInclusion(CT_LEAVES[m]!, m, n, expected.map(unhex), unhex(CT_ROOTS[n]!))).toBe(true);
    }
    for (const [m, n, expected] of CT_CONSISTENCY) {
      expect(buildConsistencyProof(m, n, store.get).map(hex)).toEqual(expected);
      expect(naiveConsistencyProof(m, CT_LEAVES.slice(0, n)).map(hex)).toEqual(expected);
      const ok = verifyConsistency(m, n, unhex(CT_ROOTS[m]!), unhex(CT_ROOTS[n]!), expected.map(unhex));
      expect(ok).toBe(true);
    }
  });
});

describe('appending complete-subtree nodes', () => {
  it('builds exactly the complete subtrees, each with the MTH of its leaves', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 6 }), { maxLength: 140 }), (raw) => {
        const leaves = raw.map((bytes) => leafHash(Buffer.from(bytes)));
        const created = new Map<string, MerkleNode>();
        leaves.forEach((h, i) => {
          const get: NodeGetter = (level, index) => created.get(nodeKey(level, index))?.hash;
          for (const node of nodesToAppend(i, h, get)) {
            expect(created.has(nodeKey(node.level, node.index))).toBe(false);
            created.set(nodeKey(node.level, node.index), node);
          }
        });
        const n = leaves.length;
        let expected = 0;
        for (let level = 0; 2 ** level <= n; level++) {
          for (let index = 0; (index + 1) * 2 ** level <= n; index++) {
            expected++;
            const node = created.get(nodeKey(level, index));
            expect(node, `node (${level}, ${index}) of ${n}`).toBeDefined();
            expect(node!.hash).toEqual(naiveRoot(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level)));
          }
        }
        expect(created.size).toBe(expected);
        // 2n minus the number of 1 bits of n: on average about 2 nodes per append.
        expect(created.size).toBe(2 * n - n.toString(2).replaceAll('0', '').length);
      }),
      { numRuns: 60 },
    );
  });

  it('needs one sibling per trailing 1 bit of the leaf index', () => {
    expect(appendPlan(0)).toEqual([]);
    expect(appendPlan(6)).toEqual([]);
    expect(appendPlan(7)).toEqual([
      { level: 0, index: 6 },
      { level: 1, index: 2 },
      { level: 2, index: 0 },
    ]);
    expect(appendPlan(2 ** 40 - 1)).toHaveLength(40);
  });

  it('computes the new nodes from the planned siblings alone', () => {
    const n = 191; // ...10111111: six siblings
    const plan = appendPlan(n);
    expect(plan).toHaveLength(6);
    const siblings = plan.map((r) => STORE.get(r.level, r.index)!);
    const created = appendedNodes(n, LEAVES[n]!, siblings);
    expect(created.map((c) => [c.level, c.index])).toEqual([
      [0, 191],
      [1, 95],
      [2, 47],
      [3, 23],
      [4, 11],
      [5, 5],
      [6, 2],
    ]);
    for (const c of created) expect(c.hash).toEqual(STORE.get(c.level, c.index));
    expect(() => appendedNodes(n, LEAVES[n]!, siblings.slice(1))).toThrow(/needs 6 sibling hashes, got 5/);
  });

  it('appends a batch after one read of frontier nodes, as appending one by one would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 100 }), (size, count) => {
        const plan = appendBatchPlan(size, count);
        const frontier = new Set(nodesNeededForRoot(size).map((r) => nodeKey(r.level, r.index)));
        for (const r of plan) expect(frontier.has(nodeKey(r.level, r.index))).toBe(true);
        const prior = oneQueryGetter(STORE, plan);
        const created = nodesToAppendBatch(size, LEAVES.slice(size, size + count), prior);
        const sequential = LEAVES.slice(size, size + count).flatMap((h, i) =>
          nodesToAppend(size + i, h, STORE.get),
        );
        expect(created).toEqual(sequential);
      }),
      { numRuns: 80 },
    );
  });

  it('names the missing node when the store lacks one', () => {
    expect(() => nodesToAppend(3, LEAVES[3]!, () => undefined)).toThrow(
      'Merkle node (level 0, index 2) is missing from the node store',
    );
    expect(() => rootFromNodes(5, (level) => (level === 2 ? Buffer.alloc(31) : Buffer.alloc(32)))).toThrow(
      /has 31 bytes, expected 32/,
    );
  });
});

describe('roots and ranges from the node store', () => {
  it('equals the naive root for every size up to 300, reading one node per 1 bit of n', () => {
    for (let n = 0; n <= MAX; n++) {
      const refs = nodesNeededForRoot(n);
      expect(refs.length).toBe(n.toString(2).replaceAll('0', '').length);
      expect(rootFromNodes(n, oneQueryGetter(STORE, refs)), `size ${n}`).toEqual(NAIVE_ROOTS[n]);
    }
  });

  it('equals the naive root for random leaf contents', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 300 }), (raw) => {
        const leaves = raw.map((b) => leafHash(Buffer.from(b)));
        expect(storeOf(leaves).root()).toEqual(naiveRoot(leaves));
      }),
      { numRuns: 40 },
    );
  });

  it('hashes any aligned range like MTH of that sublist', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 300 }),
        (lg, k, s) => {
          const top = 2 ** lg;
          const size = Math.min(s, 2 * top - 1, MAX - k * top);
          fc.pre(size >= top);
          const start = k * top;
          expect(rangeHashFromNodes(start, start + size, STORE.get)).toEqual(
            naiveRoot(LEAVES.slice(start, start + size)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses ranges that are not made of complete subtrees', () => {
    expect(() => rangeNodes(1, 3)).toThrow(/not aligned: its start must be a multiple of 2/);
    expect(() => rangeNodes(4, 4)).toThrow(/empty/);
    expect(() => rangeNodes(-1, 3)).toThrow(/non-negative safe integer/);
    expect(rangeNodes(8, 15)).toEqual([
      { level: 2, index: 2 },
      { level: 1, index: 6 },
      { level: 0, index: 14 },
    ]);
  });

  it('handles sizes beyond 32 bits', () => {
    expect(rangeNodes(0, 2 ** 40 + 5)).toEqual([
      { level: 40, index: 0 },
      { level: 2, index: 2 ** 38 },
      { level: 0, index: 2 ** 40 + 4 },
    ]);
    expect(nodesNeededForRoot(2 ** 53 - 1)).toHaveLength(53);
  });
});

describe('inclusion proofs (RFC 9162 section 2.1.3)', () => {
  it('equal the naive PATH and verify, for every leaf of trees up to 64 leaves', () => {
    for (let n = 1; n <= 64; n++) {
      for (let m = 0; m < n; m++) {
        const proof = buildInclusionProof(m, n, boundedGetter(STORE, n).get);
        expect(proof, `m=${m} n=${n}`).toEqual(naiveInclusionProof(m, LEAVES.slice(0, n)));
        expect(verifyInclusion(LEAVES[m]!, m, n, proof, NAIVE_ROOTS[n]!)).toBe(true);
      }
    }
  });

  it('equal the naive PATH, verify and read only the nodes listed for one query (random sizes)', () => {
    fc.assert(
      fc.property(sizeAndIndex, ([m, n]) => {
        const refs = inclusionProofNodes(m, n);
        expect(refs.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)) + 1);
        const proof = buildInclusionProof(m, n, oneQueryGetter(STORE, refs));
        expect(proof).toEqual(naiveInclusionProof(m, LEAVES.slice(0, n)));
        expect(verifyInclusion(LEAVES[m]!, m, n, proof, NAIVE_ROOTS[n]!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('fail for a tampered proof, leaf, root or index', () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(), fc.nat(255), ([m, n], pick, bit) => {
        const proof = buildInclusionProof(m, n, STORE.get);
        const leaf = LEAVES[m]!;
        const root = NAIVE_ROOTS[n]!;
        expect(verifyInclusion(flip(leaf, bit), m, n, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, m, n, proof, flip(root, bit))).toBe(false);
        expect(verifyInclusion(leaf, m, n, [...proof, root], root)).toBe(false);
        if (proof.length > 0) {
          const i = pick % proof.length;
          const tampered = proof.map((p, j) => (j === i ? flip(p, bit) : p));
          expect(verifyInclusion(leaf, m, n, tampered, root)).toBe(false);
          expect(verifyInclusion(leaf, m, n, proof.slice(0, -1), root)).toBe(false);
        }
        if (n > 1) expect(verifyInclusion(leaf, (m + 1 + (pick % (n - 1))) % n, n, proof, root)).toBe(false);
        // The same path claimed for a tree twice the size does not reach its root.
        expect(verifyInclusion(leaf, m, 2 * n, proof, root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('reject malformed input without throwing', () => {
    const proof = buildInclusionProof(3, 10, STORE.get);
    const root = NAIVE_ROOTS[10]!;
    expect(verifyInclusion(LEAVES[3]!, 3, 10, proof, root)).toBe(true);
    expect(verifyInclusion(LEAVES[3]!, 10, 10, proof, root)).toBe(false);
    expect(verifyInclusion(LEAVES[3]!, -1, 10, proof, root)).toBe(false);
    expect(verifyInclusion(LEAVES[3]!, 3.5, 10, proof, root)).toBe(false);
    expect(verifyInclusion(LEAVES[3]!.subarray(1), 3, 10, proof, root)).toBe(false);
    expect(verifyInclusion(LEAVES[3]!, 3, 10, [Buffer.alloc(3), ...proof.slice(1)], root)).toBe(false);
    expect(() => inclusionProofRanges(10, 10)).toThrow(/not in a tree of size 10/);
    // A path longer than the tree is deep fails at once (RFC 9162 2.1.3.2 step 4a), even when
    // hashing on would reach the root: leaf 1 of the 2-leaf tree posing as leaf 0 of a 1-leaf tree.
    expect(verifyInclusion(LEAVES[1]!, 0, 1, [LEAVES[0]!], NAIVE_ROOTS[2]!)).toBe(false);
  });

  it('use at most one incomplete range, the rest single stored nodes', () => {
    fc.assert(
      fc.property(sizeAndIndex, ([m, n]) => {
        const multi = inclusionProofRanges(m, n).filter((r) => rangeNodes(r.start, r.end).length > 1);
        expect(multi.length).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('consistency proofs (RFC 9162 section 2.1.4)', () => {
  it('equal the naive PROOF and verify, for every pair of sizes up to 64', () => {
    for (let n = 1; n <= 64; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = buildConsistencyProof(m, n, boundedGetter(STORE, n).get);
        expect(proof, `m=${m} n=${n}`).toEqual(naiveConsistencyProof(m, LEAVES.slice(0, n)));
        expect(verifyConsistency(m, n, NAIVE_ROOTS[m]!, NAIVE_ROOTS[n]!, proof), `m=${m} n=${n}`).toBe(true);
      }
    }
  });

  it('equal the naive PROOF, verify and read only the nodes listed for one query (random sizes)', () => {
    fc.assert(
      fc.property(twoSizes, ([m, n]) => {
        const refs = consistencyProofNodes(m, n);
        expect(refs.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)) + 1);
        const proof = buildConsistencyProof(m, n, oneQueryGetter(STORE, refs));
        expect(proof).toEqual(naiveConsistencyProof(m, LEAVES.slice(0, n)));
        expect(verifyConsistency(m, n, NAIVE_ROOTS[m]!, NAIVE_ROOTS[n]!, proof)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('fail for a tampered proof or root, or a rewritten history', () => {
    fc.assert(
      fc.property(twoSizes, fc.nat(), fc.nat(255), ([m, n], pick, bit) => {
        fc.pre(m < n);
        const proof = buildConsistencyProof(m, n, STORE.get);
        const rootM = NAIVE_ROOTS[m]!;
        const rootN = NAIVE_ROOTS[n]!;
        expect(verifyConsistency(m, n, flip(rootM, bit), rootN, proof)).toBe(false);
        expect(verifyConsistency(m, n, rootM, flip(rootN, bit), proof)).toBe(false);
        const i = pick % proof.length;
        expect(
          verifyConsistency(
            m,
            n,
            rootM,
            rootN,
            proof.map((p, j) => (j === i ? flip(p, bit) : p)),
          ),
        ).toBe(false);
        expect(verifyConsistency(m, n, rootM, rootN, proof.slice(0, -1))).toBe(false);
        expect(verifyConsistency(m, n, rootM, rootN, [...proof, rootN])).toBe(false);
        expect(verifyConsistency(m, 2 * n, rootM, rootN, proof)).toBe(false);
        // A log that rewrote leaf `pick % m` cannot prove its new head extends the old one.
        const rewritten = [...LEAVES.slice(0, n)];
        rewritten[pick % m] = leafHash(Buffer.from('rewritten'));
        const forged = naiveConsistencyProof(m, rewritten);
        expect(verifyConsistency(m, n, rootM, naiveRoot(rewritten), forged)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('use at most one incomplete range, the rest single stored nodes', () => {
    fc.assert(
      fc.property(twoSizes, ([m, n]) => {
        const multi = consistencyProofRanges(m, n).filter((r) => rangeNodes(r.start, r.end).length > 1);
        expect(multi.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('treat equal sizes and the empty tree explicitly', () => {
    const r5 = NAIVE_ROOTS[5]!;
    expect(verifyConsistency(5, 5, r5, r5, [])).toBe(true);
    expect(verifyConsistency(5, 5, r5, NAIVE_ROOTS[6]!, [])).toBe(false);
    expect(verifyConsistency(5, 5, r5, r5, [r5])).toBe(false);
    expect(verifyConsistency(0, 5, emptyTreeHash(), r5, [])).toBe(true);
    expect(verifyConsistency(0, 5, r5, r5, [])).toBe(false);
    expect(verifyConsistency(6, 5, r5, r5, [])).toBe(false);
    expect(verifyConsistency(3, 5, NAIVE_ROOTS[3]!, r5, [])).toBe(false);
    // Step 6a: the proof from 7 to 8 would rebuild both roots if read as a proof from 3 to 4.
    const proof78 = buildConsistencyProof(7, 8, STORE.get);
    expect(verifyConsistency(7, 8, NAIVE_ROOTS[7]!, NAIVE_ROOTS[8]!, proof78)).toBe(true);
    expect(verifyConsistency(3, 4, NAIVE_ROOTS[7]!, NAIVE_ROOTS[8]!, proof78)).toBe(false);
    expect(consistencyProofRanges(0, 7)).toEqual([]);
    expect(() => consistencyProofRanges(8, 7)).toThrow(/larger than tree size 7/);
  });
});

describe('larger trees', () => {
  const sizes = [1023, 1024, 1025, 4097, 20_000];
  const big = entries(20_000, 'big-').map(leafHash);
  const bigStore = storeOf(big);

  it('agree with the naive definitions at sizes around powers of two', () => {
    for (const n of sizes) {
      const leaves = big.slice(0, n);
      const root = naiveRoot(leaves);
      expect(bigStore.root(n), `root ${n}`).toEqual(root);
      for (const m of [0, 1, n >> 1, n - 2, n - 1]) {
        const inclusion = buildInclusionProof(m, n, bigStore.get);
        expect(inclusion).toEqual(naiveInclusionProof(m, leaves));
        expect(verifyInclusion(big[m]!, m, n, inclusion, root)).toBe(true);
        if (m === 0) continue;
        const consistency = buildConsistencyProof(m, n, bigStore.get);
        expect(consistency).toEqual(naiveConsistencyProof(m, leaves));
        expect(verifyConsistency(m, n, bigStore.root(m), root, consistency)).toBe(true);
      }
    }
  });

  it('prove and verify in trees far beyond memory (every leaf equal, so level L nodes are known)', () => {
    // With all leaves equal to x, every node of level L is x_L = H(x_{L-1}, x_{L-1}).
    const byLevel = [leafHash(Buffer.from('x'))];
    for (let l = 1; l <= 53; l++) byLevel.push(nodeHash(byLevel[l - 1]!, byLevel[l - 1]!));
    const get: NodeGetter = (level) => byLevel[level];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: Number.MAX_SAFE_INTEGER }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, f) => {
          const m = Math.min(n - 1, Math.floor(f * n));
          const root = rootFromNodes(n, get);
          const inclusion = buildInclusionProof(m, n, get);
          expect(verifyInclusion(byLevel[0]!, m, n, inclusion, root)).toBe(true);
          expect(verifyInclusion(byLevel[1]!, m, n, inclusion, root)).toBe(false);
          if (m > 0) {
            const consistency = buildConsistencyProof(m, n, get);
            expect(verifyConsistency(m, n, rootFromNodes(m, get), root, consistency)).toBe(true);
            expect(verifyConsistency(m, n, rootFromNodes(m, get), flip(root), consistency)).toBe(false);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('nodeRefsForProof', () => {
  it('merges several proofs into one de-duplicated query', () => {
    const ranges = [
      ...inclusionProofRanges(5, 200),
      ...consistencyProofRanges(100, 200),
      { start: 0, end: 200 },
    ];
    const refs = nodeRefsForProof(ranges);
    const keys = refs.map((r) => nodeKey(r.level, r.index));
    expect(new Set(keys).size).toBe(keys.length);
    const get = oneQueryGetter(STORE, refs);
    expect(buildInclusionProof(5, 200, get)).toEqual(buildInclusionProof(5, 200, STORE.get));
    expect(buildConsistencyProof(100, 200, get)).toEqual(buildConsistencyProof(100, 200, STORE.get));
    expect(rootFromNodes(200, get)).toEqual(NAIVE_ROOTS[200]);
  });
});

describe('canonicalJson (RFC 8785 for the JSON types)', () => {
  it('sorts keys, drops whitespace and keeps array order, at every depth', () => {
    expect(canonicalJson({ b: 1, a: [3, 1, { d: true, c: null }], aa: 'x' })).toBe(
      '{"a":[3,1,{"c":null,"d":true}],"aa":"x","b":1}',
    );
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson('plain')).toBe('"plain"');
  });

  it('sorts keys by UTF-16 code units, as the RFC 8785 example does', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes numbers as ECMAScript does', () => {
    expect(
      canonicalJson([1.0, -0, 0.1 + 0.2, 1e21, 1e-7, 0.000001, 123456789012345680000, -1.5e-300, 2 ** 53]),
    ).toBe('[1,0,0.30000000000000004,1e+21,1e-7,0.000001,123456789012345680000,-1.5e-300,9007199254740992]');
    expect(canonicalJson({ a: 1.0 })).toBe(canonicalJson({ a: 1 }));
  });

  it('keeps Unicode as is and escapes only what JSON requires', () => {
    expect(canonicalJson('é 中文 😀 \u2028')).toBe('"é 中文 😀 \u2028"');
    expect(canonicalJson('"\\\b\f\n\r\t\u0000\u001f\u007f')).toBe(
      '"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f"',
    );
    // No Unicode normalisation: precomposed and decomposed é stay different.
    expect(canonicalJson('\u00e9')).not.toBe(canonicalJson('e\u0301'));
    expect(canonicalJsonBytes({ k: 'é' })).toEqual(Buffer.from('{"k":"é"}', 'utf8'));
  });

  it('omits undefined members and refuses what is not JSON, saying where', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(() => canonicalJson({ at: new Date(0) })).toThrow('$.at: a Date (give dates as ISO 8601 strings)');
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow('$.a[1]: number NaN is not finite');
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/not finite/);
    expect(() => canonicalJson([undefined])).toThrow('$[0]: undefined is not a JSON value');
    expect(() => canonicalJson({ 'odd key': { m: new Map() } })).toThrow(
      '$["odd key"].m: an instance of Map',
    );
    expect(() => canonicalJson({ n: 1n })).toThrow('$.n: a bigint is not a JSON value');
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/a function/);
    expect(() => canonicalJson({ s: 'a\ud800b' })).toThrow('$.s: string contains a lone UTF-16 surrogate');
    expect(() => canonicalJson({ '\udc00': 1 })).toThrow(/lone UTF-16 surrogate/);
    expect(() => canonicalJson(undefined)).toThrow(/undefined/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('$.self: circular reference');
    const shared = { x: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
    expect(canonicalJson(Object.assign(Object.create(null), { z: 1, y: 2 }))).toBe('{"y":2,"z":1}');
  });

  it('is a fixed point, independent of key insertion order, and parses back to the same value', () => {
    const reverseKeys = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(reverseKeys);
      if (v !== null && typeof v === 'object') {
        return Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reverseKeys(x)]),
        );
      }
      return v;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(reverseKeys(value))).toBe(text);
        expect(/\s/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hash chain', () => {
  it('links each entry to the previous chain hash, starting from 32 zero bytes', () => {
    expect(genesisPrevHash()).toEqual(Buffer.alloc(32));
    const a = canonicalJsonBytes({ seq: 0, action: 'create' });
    const b = canonicalJsonBytes({ seq: 1, action: 'approve' });
    const h0 = chainHash(genesisPrevHash(), a);
    expect(h0).toEqual(sha256(Buffer.alloc(32), a));
    const h1 = chainHash(h0, b);
    expect(h1).toEqual(sha256(h0, b));
    expect(entryHash(h0, b)).toEqual(h1);
    // Changing an earlier entry changes every later link.
    const h0x = chainHash(genesisPrevHash(), canonicalJsonBytes({ seq: 0, action: 'delete' }));
    expect(chainHash(h0x, b)).not.toEqual(h1);
    expect(() => chainHash(Buffer.alloc(31), a)).toThrow(/31 bytes, expected 32/);
  });
});
