import type { AuditRecord, FieldValue, ProxyFinding, ProxyOptions } from './types.ts';

const MISSING = '(missing)';

function text(v: FieldValue): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v.trim() : String(v);
}

/**
 * Cramér's V of a contingency table (rows x columns of counts), with the bias correction of
 * Bergsma (2013, "A bias-correction for Cramér's V and Tschuprow's T", Journal of the Korean
 * Statistical Society 42): phi2 = chi2 / n, phi2c = max(0, phi2 - (k-1)(r-1)/(n-1)),
 * rc = r - (r-1)^2/(n-1), kc = k - (k-1)^2/(n-1), V = sqrt(phi2c / min(kc-1, rc-1)).
 * Empty rows and columns are dropped first.
 */
export function cramersV(table: number[][]): {
  v: number;
  raw: number;
  chiSquare: number;
  n: number;
  r: number;
  k: number;
} {
  const rowsAll = table.map((row) => row.reduce((s, x) => s + x, 0));
  const cols = table[0]?.length ?? 0;
  const colsAll = Array.from({ length: cols }, (_, j) => table.reduce((s, row) => s + (row[j] ?? 0), 0));
  const rows = rowsAll.map((t, i) => [t, i] as const).filter(([t]) => t > 0);
  const columns = colsAll.map((t, j) => [t, j] as const).filter(([t]) => t > 0);
  const n = rows.reduce((s, [t]) => s + t, 0);
  const r = rows.length;
  const k = columns.length;
  if (n === 0 || r < 2 || k < 2) return { v: 0, raw: 0, chiSquare: 0, n, r, k };
  let chi = 0;
  for (const [rt, i] of rows) {
    for (const [ct, j] of columns) {
      const expected = (rt * ct) / n;
      const d = table[i]![j]! - expected;
      chi += (d * d) / expected;
    }
  }
  const phi2 = chi / n;
  const raw = Math.sqrt(phi2 / Math.min(k - 1, r - 1));
  if (n < 2) return { v: raw, raw, chiSquare: chi, n, r, k };
  const phi2c = Math.max(0, phi2 - ((k - 1) * (r - 1)) / (n - 1));
  const rc = r - (r - 1) ** 2 / (n - 1);
  const kc = k - (k - 1) ** 2 / (n - 1);
  const denom = Math.min(kc - 1, rc - 1);
  const v = denom > 0 ? Math.sqrt(phi2c / denom) : 0;
  return { v: Math.min(1, v), raw: Math.min(1, raw), chiSquare: chi, n, r, k };
}

/** Per feature: level ids, a numeric flag, and per protected attribute a sparse count table. */
interface FeatureTally {
  levels: Map<string, number>;
  names: string[];
  numeric: boolean;
  overflow: boolean;
  tables: Array<Map<number, number>>;
}

/**
 * Streams records into feature x protected-attribute contingency tables in bounded memory:
 * numeric values are kept to 4 significant figures, and a feature with more than `maxLevels`
 * levels stops counting (it is an identifier, not a proxy worth testing this way).
 */
export class ProxyAccumulator {
  private readonly tallies: FeatureTally[];
  private readonly attrValues: Array<Map<string, number>>;
  private readonly maxLevels: number;

  constructor(
    private readonly features: string[],
    private readonly attributes: string[],
    private readonly options: ProxyOptions = {},
  ) {
    this.maxLevels = options.maxLevels ?? 5000;
    this.tallies = features.map(() => ({
      levels: new Map(),
      names: [],
      numeric: true,
      overflow: false,
      tables: attributes.map(() => new Map()),
    }));
    this.attrValues = attributes.map(() => new Map());
  }

  add(record: AuditRecord): void {
    const attrIds: number[] = this.attributes.map((a, i) => {
      const v = text(record[a]);
      if (v === '') return -1;
      const ids = this.attrValues[i]!;
      let id = ids.get(v);
      if (id === undefined) {
        id = ids.size;
        ids.set(v, id);
      }
      return id;
    });
    this.features.forEach((feature, f) => {
      const t = this.tallies[f]!;
      if (t.overflow) return;
      let v = text(record[feature]);
      if (v === '') v = MISSING;
      else {
        const x = Number(v);
        if (Number.isNaN(x)) t.numeric = false;
        else if (t.numeric) v = String(Number(x.toPrecision(4)));
      }
      let level = t.levels.get(v);
      if (level === undefined) {
        level = t.names.length;
        if (level >= this.maxLevels) {
          t.overflow = true;
          return;
        }
        t.levels.set(v, level);
        t.names.push(v);
      }
      for (let a = 0; a < attrIds.length; a++) {
        const id = attrIds[a]!;
        if (id < 0) continue;
        const key = level * 65536 + id;
        const table = t.tables[a]!;
        table.set(key, (table.get(key) ?? 0) + 1);
      }
    });
  }

  /** Findings, strongest association first. */
  findings(): ProxyFinding[] {
    const flagAt = this.options.flagAt ?? 0.3;
    const maxNumeric = this.options.maxNumericLevels ?? 10;
    const out: ProxyFinding[] = [];
    this.features.forEach((feature, f) => {
      const t = this.tallies[f]!;
      this.attributes.forEach((attribute, a) => {
        if (attribute === feature) return;
        const k = this.attrValues[a]!.size;
        if (t.overflow) {
          out.push(
            skipped(
              feature,
              attribute,
              `more than ${this.maxLevels} levels: treated as an identifier and skipped`,
            ),
          );
          return;
        }
        // Numeric features with many levels are cut at deciles of their distribution.
        const numericLevels = t.names.filter((n) => n !== MISSING);
        const binned = t.numeric && numericLevels.length > maxNumeric;
        const rowOf = binned ? decileBins(t, a) : t.names.map((_, i) => i);
        const nRows = Math.max(0, ...rowOf) + 1;
        const table = Array.from({ length: nRows }, () => new Array<number>(k).fill(0));
        for (const [key, count] of t.tables[a]!) {
          const level = Math.floor(key / 65536);
          table[rowOf[level]!]![key % 65536]! += count;
        }
        const c = cramersV(table);
        const strength = c.v >= flagAt ? 'strong' : c.v >= flagAt / 2 ? 'moderate' : 'weak';
        out.push({
          feature,
          attribute,
          cramersV: c.v,
          cramersVRaw: c.raw,
          chiSquare: c.chiSquare,
          n: c.n,
          featureLevels: c.r,
          attributeLevels: c.k,
          strength,
          flagged: c.v >= flagAt,
          note:
            (binned ? 'numeric, cut at deciles; ' : '') +
            (c.v >= flagAt
              ? `${feature} is strongly associated with ${attribute} and may act as a stand-in for it`
              : strength === 'moderate'
                ? `${feature} is moderately associated with ${attribute}`
                : `little association with ${attribute}`),
        });
      });
    });
    return out.sort((x, y) => y.cramersV - x.cramersV);
  }
}

function skipped(feature: string, attribute: string, note: string): ProxyFinding {
  return {
    feature,
    attribute,
    cramersV: 0,
    cramersVRaw: 0,
    chiSquare: 0,
    n: 0,
    featureLevels: 0,
    attributeLevels: 0,
    strength: 'weak',
    flagged: false,
    note,
  };
}

/** Maps each numeric level to its decile (by weighted rank); the missing level gets its own row. */
function decileBins(t: FeatureTally, attribute: number): number[] {
  const weight = new Float64Array(t.names.length);
  for (const [key, count] of t.tables[attribute]!) weight[Math.floor(key / 65536)]! += count;
  const order = t.names
    .map((_, i) => i)
    .filter((i) => t.names[i] !== MISSING)
    .sort((x, y) => Number(t.names[x]) - Number(t.names[y]));
  const total = order.reduce((s, i) => s + weight[i]!, 0);
  const rowOf = new Array<number>(t.names.length).fill(10);
  let before = 0;
  for (const i of order) {
    rowOf[i] = total > 0 ? Math.min(9, Math.floor((10 * (before + weight[i]! / 2)) / total)) : 0;
    before += weight[i]!;
  }
  return rowOf;
}

/**
 * Association of each feature with each protected attribute (bias-corrected Cramér's V), flagging
 * features that could stand in for a protected attribute (e.g. postcode for ethnicity).
 */
export function proxyCheck(
  rows: Iterable<AuditRecord>,
  features: string[],
  protectedAttributes: string[],
  options: ProxyOptions = {},
): ProxyFinding[] {
  const acc = new ProxyAccumulator(features, protectedAttributes, options);
  for (const row of rows) acc.add(row);
  return acc.findings();
}
