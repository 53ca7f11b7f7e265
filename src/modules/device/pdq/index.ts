import { isPdqHash, POPCOUNT16 } from './pdq.ts';

/**
 * Finding every stored 256-bit hash within a Hamming distance of a query, fast at millions of
 * hashes: multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with
 * Multi-Index Hashing", CVPR 2012, section 3). Each hash is cut into 16 substrings of 16 bits,
 * each substring indexed in its own table. Two hashes within distance r differ in at most r bits
 * spread over 16 substrings, so by the pigeonhole principle at least one substring is within
 * floor(r / 16) of the query's (PDQ's usual r = 31 gives 1): probing each table at the query's
 * substring and its neighbours within that radius finds every candidate, and the full distance
 * of each candidate decides.
 */

/** The default match threshold: PDQ's recommended distance of 31 or less. */
export const DEFAULT_THRESHOLD = 31;

const WORDS = 16;

/** One match: the stored hash, its distance from the query and what it was stored with. */
export interface PdqMatch<T> {
  hash: string;
  distance: number;
  payload: T;
}

/** The 16 16-bit words of a hex hash, in the order written (four hex digits each). */
export function hashWords(hash: string): Uint16Array {
  if (!isPdqHash(hash)) throw new RangeError(`not a PDQ hash (64 hex digits): "${hash.slice(0, 80)}"`);
  const w = new Uint16Array(WORDS);
  for (let i = 0; i < WORDS; i++) w[i] = Number.parseInt(hash.slice(i * 4, i * 4 + 4), 16);
  return w;
}

function wordsToHex(words: Uint16Array, at: number): string {
  let s = '';
  for (let i = 0; i < WORDS; i++) s += words[at + i]!.toString(16).padStart(4, '0');
  return s;
}

/** All 16-bit values within Hamming distance `radius` of 0, as XOR masks (radius 0 gives [0]). */
function masksWithin(radius: number): number[] {
  const masks = [0];
  let frontier = [0];
  for (let r = 1; r <= radius; r++) {
    const next: number[] = [];
    for (const m of frontier) {
      const top = m ? 31 - Math.clz32(m) : -1;
      for (let b = top + 1; b < 16; b++) next.push(m | (1 << b));
    }
    masks.push(...next);
    frontier = next;
  }
  return masks;
}

/** Substring radii above this make probing slower than a scan; such thresholds scan instead. */
const MAX_PROBE_RADIUS = 2;

/**
 * A match index of PDQ hashes, each with a payload (e.g. the list and label it came from). Adding
 * is cheap; the per-substring tables are (re)built on the first query after adding.
 */
export class PdqIndex<T> {
  private words = new Uint16Array(WORDS * 1024);
  private payloads: T[] = [];
  private tables: Array<{ starts: Uint32Array; ids: Uint32Array }> | null = null;
  private seen = new Uint32Array(0);
  private stamp = 0;

  /** Number of hashes held. */
  get size(): number {
    return this.payloads.length;
  }

  /** Adds a hash (64 hex digits, either case) with its payload; throws on a malformed hash. */
  add(hash: string, payload: T): void {
    const w = hashWords(hash);
    const n = this.payloads.length;
    if ((n + 1) * WORDS > this.words.length) {
      const grown = new Uint16Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    this.words.set(w, n * WORDS);
    this.payloads.push(payload);
    this.tables = null;
  }

  /** Every held hash within `threshold` (0..256, default 31) of `hash`, nearest first. */
  query(hash: string, threshold = DEFAULT_THRESHOLD): Array<PdqMatch<T>> {
    if (!Number.isInteger(threshold) || threshold < 0 || threshold > 256)
      throw new RangeError(`threshold must be an integer from 0 to 256, not ${threshold}`);
    const q = hashWords(hash);
    const radius = Math.floor(threshold / WORDS);
    const ids = radius > MAX_PROBE_RADIUS ? this.scanIds(q, threshold) : this.probeIds(q, threshold, radius);
    return ids
      .map(([id, distance]) => ({
        hash: wordsToHex(this.words, id * WORDS),
        distance,
        payload: this.payloads[id]!,
      }))
      .sort((a, b) => a.distance - b.distance);
  }

  /** The same answer as `query`, by comparing against every held hash (the baseline). */
  linearScan(hash: string, threshold = DEFAULT_THRESHOLD): Array<PdqMatch<T>> {
    return this.scanIds(hashWords(hash), threshold)
      .map(([id, distance]) => ({
        hash: wordsToHex(this.words, id * WORDS),
        distance,
        payload: this.payloads[id]!,
      }))
      .sort((a, b) => a.distance - b.distance);
  }

  private distanceTo(q: Uint16Array, id: number, threshold: number): number {
    const w = this.words;
    const at = id * WORDS;
    let d = 0;
    for (let i = 0; i < WORDS && d <= threshold; i++) d += POPCOUNT16[w[at + i]! ^ q[i]!]!;
    return d;
  }

  private scanIds(q: Uint16Array, threshold: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let id = 0; id < this.payloads.length; id++) {
      const d = this.distanceTo(q, id, threshold);
      if (d <= threshold) out.push([id, d]);
    }
    return out;
  }

  private probeIds(q: Uint16Array, threshold: number, radius: number): Array<[number, number]> {
    const tables = this.build();
    const masks = masksWithin(radius);
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const seen = this.seen;
    const out: Array<[number, number]> = [];
    for (let s = 0; s < WORDS; s++) {
      const { starts, ids } = tables[s]!;
      for (const mask of masks) {
        const key = q[s]! ^ mask;
        for (let k = starts[key]!, end = starts[key + 1]!; k < end; k++) {
          const id = ids[k]!;
          if (seen[id] === stamp) continue;
          seen[id] = stamp;
          const d = this.distanceTo(q, id, threshold);
          if (d <= threshold) out.push([id, d]);
        }
      }
    }
    return out;
  }

  /** Builds, per substring, the ids of held hashes grouped by that substring's value (CSR form). */
  private build(): Array<{ starts: Uint32Array; ids: Uint32Array }> {
    if (this.tables) return this.tables;
    const n = this.payloads.length;
    const w = this.words;
    const tables: Array<{ starts: Uint32Array; ids: Uint32Array }> = [];
    for (let s = 0; s < WORDS; s++) {
      const starts = new Uint32Array(65537);
      for (let id = 0; id < n; id++) starts[w[id * WORDS + s]! + 1]!++;
      for (let v = 0; v < 65536; v++) starts[v + 1]! += starts[v]!;
      const fill = starts.slice(0, 65536);
      const ids = new Uint32Array(n);
      for (let id = 0; id < n; id++) ids[fill[w[id * WORDS + s]!]!++] = id;
      tables.push({ starts, ids });
    }
    this.seen = new Uint32Array(n);
    this.stamp = 0;
    this.tables = tables;
    return tables;
  }
}

/** What a match against a loaded list names: the list and the entry's label. */
export interface ListPayload {
  list: string;
  label: string | null;
}

/** One index over several named lists, each entry carrying its list's name and its label. */
export function indexLists(
  lists: ReadonlyArray<{ name: string; hashes: ReadonlyArray<{ hash: string; label: string | null }> }>,
): PdqIndex<ListPayload> {
  const index = new PdqIndex<ListPayload>();
  for (const l of lists) for (const h of l.hashes) index.add(h.hash, { list: l.name, label: h.label });
  return index;
}
