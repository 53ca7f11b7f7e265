/**
 * Ledger Merkle tree benchmark: builds an in-memory complete-subtree node store of N leaves
 * (default 1,000,000) and measures append throughput, tree head computation, and inclusion and
 * consistency proof generation and verification, against the naive RFC 9162 recursion over all
 * leaf hashes at several sizes (the baseline: what a log without stored nodes would do).
 *
 *   npm run bench -- merkle [--leaves 1000000] [--proofs 2000] [--seed 1]
 *
 * Proofs are generated the way the database side does it: list the node references, read them
 * (here from the in-memory store) in one batch, then build from that batch alone.
 */
import { parseArgs } from 'node:util';
import {
  buildConsistencyProof,
  buildInclusionProof,
  consistencyProofNodes,
  emptyTreeHash,
  inclusionProofNodes,
  leafHash,
  MemoryNodeStore,
  type NodeGetter,
  type NodeRef,
  naiveConsistencyProof,
  naiveInclusionProof,
  naiveRoot,
  nodeGetterFromList,
  nodesNeededForRoot,
  rootFromNodes,
  verifyConsistency,
  verifyInclusion,
} from '../src/ledger/merkle.ts';
import { mulberry32 } from '../src/random.ts';

const { values } = parseArgs({
  options: {
    leaves: { type: 'string', default: '1000000' },
    proofs: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
  },
});
const N = Number(values.leaves);
const PROOFS = Number(values.proofs);
if (!Number.isSafeInteger(N) || N < 2 || !Number.isSafeInteger(PROOFS) || PROOFS < 1) {
  console.error('--leaves must be an integer >= 2 and --proofs an integer >= 1');
  process.exit(2);
}

const random = mulberry32(Number(values.seed));
const randomInt = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1)); // inclusive

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
function timeMs(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

/** Reads the listed nodes as one batch, like the single database query, and returns a getter over them. */
function fetchBatch(store: MemoryNodeStore, refs: readonly NodeRef[]): NodeGetter {
  return nodeGetterFromList(refs.map((r) => ({ ...r, hash: store.get(r.level, r.index)! })));
}

// --- Build ----------------------------------------------------------------------------------
console.log(
  `Ledger Merkle tree benchmark: ${N.toLocaleString('en-GB')} leaves, ${PROOFS} random proofs of each kind`,
);
const entry = Buffer.alloc(64);
const leaves: Buffer[] = new Array(N);
const hashMs = timeMs(() => {
  for (let i = 0; i < N; i++) {
    entry.writeUInt32BE(i, 0);
    leaves[i] = leafHash(entry);
  }
});
const store = new MemoryNodeStore();
const appendMs = timeMs(() => {
  for (let i = 0; i < N; i++) store.append(leaves[i]!);
});
console.log('\nappend');
console.log(`  leaf hashing (64-byte entries)   ${((N / hashMs) * 1000).toFixed(0).padStart(10)} leaves/s`);
console.log(
  `  nodesToAppend + store            ${((N / appendMs) * 1000).toFixed(0).padStart(10)} appends/s`,
);
console.log(
  `  nodes stored                     ${(2 * N - N.toString(2).replaceAll('0', '').length).toLocaleString('en-GB')}`,
);

// --- Tree heads -----------------------------------------------------------------------------
const rootTimes: number[] = [];
for (let i = 0; i < 1000; i++) {
  const n = randomInt(1, N);
  rootTimes.push(timeMs(() => rootFromNodes(n, fetchBatch(store, nodesNeededForRoot(n)))));
}
console.log('\ntree head (root) from complete-subtree nodes');
console.log(`  median ${fmt(median(rootTimes))}, p99 ${fmt(quantile(rootTimes, 0.99))} (1000 random sizes)`);

// --- Proofs ---------------------------------------------------------------------------------
interface ProofStats {
  build: number[];
  verify: number[];
  nodes: number[];
  elements: number[];
}
const stats = (): ProofStats => ({ build: [], verify: [], nodes: [], elements: [] });
const inclusion = stats();
const consistency = stats();
for (let i = 0; i < PROOFS; i++) {
  const n = randomInt(2, N);
  const m = randomInt(0, n - 1);
  let proof: Buffer[] = [];
  let refs: NodeRef[] = [];
  inclusion.build.push(
    timeMs(() => {
      refs = inclusionProofNodes(m, n);
      proof = buildInclusionProof(m, n, fetchBatch(store, refs));
    }),
  );
  const root = store.root(n);
  let ok = false;
  inclusion.verify.push(timeMs(() => (ok = verifyInclusion(leaves[m]!, m, n, proof, root))));
  if (!ok) throw new Error(`inclusion proof of ${m} in ${n} did not verify`);
  inclusion.nodes.push(refs.length);
  inclusion.elements.push(proof.length);

  const first = randomInt(1, n - 1);
  consistency.build.push(
    timeMs(() => {
      refs = consistencyProofNodes(first, n);
      proof = buildConsistencyProof(first, n, fetchBatch(store, refs));
    }),
  );
  const rootFirst = store.root(first);
  consistency.verify.push(timeMs(() => (ok = verifyConsistency(first, n, rootFirst, root, proof))));
  if (!ok) throw new Error(`consistency proof ${first} -> ${n} did not verify`);
  consistency.nodes.push(refs.length);
  consistency.elements.push(proof.length);
}
for (const [name, s] of [
  ['inclusion', inclusion],
  ['consistency', consistency],
] as const) {
  console.log(`\n${name} proofs (random sizes up to ${N.toLocaleString('en-GB')})`);
  console.log(`  generate  median ${fmt(median(s.build))}, p99 ${fmt(quantile(s.build, 0.99))}`);
  console.log(`  verify    median ${fmt(median(s.verify))}, p99 ${fmt(quantile(s.verify, 0.99))}`);
  console.log(
    `  nodes read per proof: median ${median(s.nodes)}, max ${Math.max(...s.nodes)}; ` +
      `proof elements: median ${median(s.elements)}, max ${Math.max(...s.elements)}`,
  );
}

// --- Baseline: the naive recursion over all leaf hashes ----------------------------------------
console.log('\nbaseline: naive RFC 9162 recursion over all leaf hashes, vs the node store at the same size');
console.log('  size        what          naive (median)   node store (median)   ratio');
const baselineSizes = [1_000, 10_000, 100_000].filter((s) => s <= N);
for (const size of baselineSizes) {
  const reps = size >= 100_000 ? 5 : 15;
  const prefix = leaves.slice(0, size);
  const rows: Array<[string, () => void, () => void]> = [];
  const m = randomInt(0, size - 1);
  const first = randomInt(1, size - 1);
  rows.push([
    'root',
    () => naiveRoot(prefix),
    () => rootFromNodes(size, fetchBatch(store, nodesNeededForRoot(size))),
  ]);
  rows.push([
    'inclusion',
    () => naiveInclusionProof(m, prefix),
    () => buildInclusionProof(m, size, fetchBatch(store, inclusionProofNodes(m, size))),
  ]);
  rows.push([
    'consistency',
    () => naiveConsistencyProof(first, prefix),
    () => buildConsistencyProof(first, size, fetchBatch(store, consistencyProofNodes(first, size))),
  ]);
  for (const [what, naive, fast] of rows) {
    const naiveMs = median(Array.from({ length: reps }, () => timeMs(naive)));
    const fastMs = median(Array.from({ length: 101 }, () => timeMs(fast)));
    console.log(
      `  ${size.toLocaleString('en-GB').padEnd(11)} ${what.padEnd(13)} ${fmt(naiveMs).padStart(14)}   ` +
        `${fmt(fastMs).padStart(19)}   ${(naiveMs / fastMs).toFixed(0).padStart(7)}x`,
    );
  }
}
const rootCheck = rootFromNodes(N, store.get);
let naiveFull = emptyTreeHash();
const naiveFullMs = timeMs(() => (naiveFull = naiveRoot(leaves)));
if (!rootCheck.equals(naiveFull)) throw new Error('node-store root differs from the naive root');
const mem = process.memoryUsage();
console.log(
  `\nroot of ${N.toLocaleString('en-GB')} leaves checked against the naive recursion (${fmt(naiveFullMs)}); ` +
    `memory: heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB, array buffers ${(mem.arrayBuffers / 2 ** 20).toFixed(0)} MiB`,
);
