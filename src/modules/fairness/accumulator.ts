import { BootstrapTally } from './bootstrap.ts';
import { type HistogramSummary, ScoreHistogram } from './histogram.ts';

/** Receives each full batch of encoded rows for the bootstrap (in-process tally or a worker pool). */
export type BatchSink = (cells: Int32Array, kinds: Uint8Array, length: number, firstRow: number) => void;

export interface AccumulatorOptions {
  /** Group attribute names, in order. */
  attributes: string[];
  /** Keep score histograms (for AUC and calibration). */
  scores?: boolean;
  /** Run the Poisson bootstrap in-process with this many replicates and seed. */
  bootstrap?: { replicates: number; seed: number };
  /** Or hand batches to a sink (e.g. worker threads) instead of an in-process tally. */
  sink?: BatchSink;
  /** Rows per bootstrap batch. Default 65,536. */
  batchSize?: number;
}

/** Everything an audit needs from the pass over the data; all sizes bounded by the number of cells. */
export interface AccumulatorState {
  attributes: string[];
  /** Distinct values per attribute, by interned id. */
  dictionaries: string[][];
  /** Per cell (a combination of one value per attribute), the value ids. */
  cellGroups: Int32Array[];
  /** Confusion counts [cell * 4 + kind], kind 0 TN, 1 FN, 2 FP, 3 TP. */
  counts: Float64Array;
  rows: number;
  histogram: HistogramSummary | null;
  /** In-process bootstrap replicate counts, [replicate][cell * 4 + kind]. */
  replicates: Float64Array[] | null;
}

/** Most distinct values an attribute may take (ids are packed 16 bits each into a cell key). */
export const MAX_GROUP_VALUES = 65535;

/**
 * The one-pass accumulator. Each row is reduced to a cell (its combination of group values,
 * interned to a small integer) and a kind (predicted * 2 + outcome); counts live in typed arrays
 * indexed by cell, and every per-group and intersectional figure is summed from cells at the end.
 * The hot path (`add`) allocates nothing.
 */
export class AuditAccumulator {
  readonly attributes: string[];
  private readonly valueIds: Array<Map<string, number>>;
  private readonly dictionaries: string[][];
  private readonly cellIndex = new Map<number | string, number>();
  private readonly cellGroups: Int32Array[] = [];
  private counts = new Float64Array(64);
  private readonly histogram: ScoreHistogram | null;
  private readonly tally: BootstrapTally | null;
  private readonly sink: BatchSink | null;
  private readonly batchCells: Int32Array;
  private readonly batchKinds: Uint8Array;
  private batchLength = 0;
  private batchStart = 0;
  rows = 0;

  constructor(options: AccumulatorOptions) {
    this.attributes = options.attributes.slice();
    this.valueIds = this.attributes.map(() => new Map());
    this.dictionaries = this.attributes.map(() => []);
    this.histogram = options.scores ? new ScoreHistogram() : null;
    this.tally =
      options.bootstrap && options.bootstrap.replicates > 0 && !options.sink
        ? new BootstrapTally(options.bootstrap.seed, 0, options.bootstrap.replicates)
        : null;
    this.sink = options.sink ?? null;
    const size = this.tally || this.sink ? (options.batchSize ?? 65536) : 0;
    this.batchCells = new Int32Array(size);
    this.batchKinds = new Uint8Array(size);
  }

  /** The interned id of a value of attribute `attribute` (0-based), creating it if new. */
  valueId(attribute: number, value: string): number {
    const ids = this.valueIds[attribute]!;
    let id = ids.get(value);
    if (id === undefined) {
      id = ids.size;
      if (id >= MAX_GROUP_VALUES) {
        throw new RangeError(
          `attribute '${this.attributes[attribute]}' has more than ${MAX_GROUP_VALUES} distinct values`,
        );
      }
      ids.set(value, id);
      this.dictionaries[attribute]!.push(value);
    }
    return id;
  }

  /** The cell of a combination of value ids (one per attribute). */
  cellOf(ids: ArrayLike<number>): number {
    let key: number | string;
    if (ids.length <= 3) {
      key = 0;
      for (let a = ids.length - 1; a >= 0; a--) key = key * 65536 + ids[a]!;
    } else {
      key = Array.prototype.join.call(ids, ',');
    }
    let cell = this.cellIndex.get(key);
    if (cell === undefined) {
      cell = this.cellGroups.length;
      this.cellIndex.set(key, cell);
      this.cellGroups.push(Int32Array.from(ids));
      if ((cell + 1) * 4 > this.counts.length) {
        const next = new Float64Array(this.counts.length * 2);
        next.set(this.counts);
        this.counts = next;
      }
    }
    return cell;
  }

  /**
   * Counts one row: its cell, whether it was predicted positive (0/1), its outcome (0/1) and its
   * score (NaN when none).
   */
  add(cell: number, predicted: number, outcome: number, score: number): void {
    const kind = predicted * 2 + outcome;
    this.counts[cell * 4 + kind]! += 1;
    if (this.histogram !== null) this.histogram.add(cell, score, outcome);
    if (this.batchCells.length > 0) {
      const i = this.batchLength;
      this.batchCells[i] = cell;
      this.batchKinds[i] = kind;
      this.batchLength = i + 1;
      if (i + 1 === this.batchCells.length) this.flush();
    }
    this.rows++;
  }

  /** Hands buffered rows to the bootstrap. */
  flush(): void {
    if (this.batchLength === 0) return;
    if (this.tally) this.tally.addBatch(this.batchCells, this.batchKinds, this.batchLength, this.batchStart);
    if (this.sink) this.sink(this.batchCells, this.batchKinds, this.batchLength, this.batchStart);
    this.batchStart += this.batchLength;
    this.batchLength = 0;
  }

  get cells(): number {
    return this.cellGroups.length;
  }

  /** The state after the pass (flushes pending rows). */
  state(): AccumulatorState {
    this.flush();
    const cells = this.cells;
    return {
      attributes: this.attributes.slice(),
      dictionaries: this.dictionaries.map((d) => d.slice()),
      cellGroups: this.cellGroups.slice(),
      counts: this.counts.slice(0, cells * 4),
      rows: this.rows,
      histogram: this.histogram ? this.histogram.summary(cells) : null,
      replicates: this.tally ? this.tally.byReplicate(cells) : null,
    };
  }
}
