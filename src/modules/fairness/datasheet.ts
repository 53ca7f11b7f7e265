import { compileFilter } from './filter.ts';
import { pct } from './findings.ts';
import { ProxyAccumulator } from './proxy.ts';
import type { AuditRecord, Datasheet, DatasheetOptions, FieldValue } from './types.ts';

const MISSING = '(missing)';
const TRUE_VALUES = ['1', '1.0', 'true', 'yes'];
/** Most columns a datasheet tracks (a wider file is almost certainly a mistake). */
const MAX_COLUMNS = 2000;

function text(v: FieldValue): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v.trim() : String(v);
}

/** 'YYYY-MM-DD...' as is; other parsable dates through Date; null when not a date. */
function isoDate(v: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

/**
 * A datasheet for training data, built in one streaming pass (after Gebru et al. 2021,
 * "Datasheets for datasets"): who is represented and how that compares with a reference
 * population, what is missing for whom, label base rates per group, time coverage, and which
 * features could stand in for a protected attribute.
 */
export class DatasheetAccumulator {
  private rows = 0;
  private readonly columns: string[] = [];
  private readonly columnIndex = new Map<string, number>();
  /** Per attribute, value -> { n, per-column missing counts, label n, label positives }. */
  private readonly groups: Array<
    Map<string, { n: number; missing: number[]; labelN: number; positives: number }>
  >;
  private missing: number[] = [];
  private readonly labelPositive: Set<string>;
  private readonly months = new Map<string, number>();
  private first: string | null = null;
  private last: string | null = null;
  private unparsable = 0;
  private proxy: ProxyAccumulator | null = null;
  private readonly filter;

  constructor(private readonly options: DatasheetOptions) {
    this.groups = options.groups.map(() => new Map());
    this.labelPositive = new Set((options.labelPositive ?? TRUE_VALUES).map((v) => v.toLowerCase()));
    this.filter = options.filter ? compileFilter(options.filter) : null;
    if (options.features) this.proxy = new ProxyAccumulator(options.features, options.groups, options.proxy);
  }

  private column(name: string): number {
    let i = this.columnIndex.get(name);
    if (i === undefined) {
      if (this.columns.length >= MAX_COLUMNS) throw new Error(`more than ${MAX_COLUMNS} columns`);
      i = this.columns.length;
      this.columnIndex.set(name, i);
      this.columns.push(name);
      this.missing.push(0);
      for (const attr of this.groups) for (const g of attr.values()) g.missing.push(0);
    }
    return i;
  }

  add(record: AuditRecord): void {
    if (this.filter && !this.filter.test(record)) return;
    this.rows++;
    const names = Object.keys(record);
    for (const name of names) this.column(name);
    if (this.proxy === null) {
      const skip = new Set([...this.options.groups, this.options.label, this.options.time]);
      this.proxy = new ProxyAccumulator(
        names.filter((n) => !skip.has(n)),
        this.options.groups,
        this.options.proxy,
      );
    }
    const entries = this.options.groups.map((attr, a) => {
      const value = text(record[attr]) || MISSING;
      const map = this.groups[a]!;
      let g = map.get(value);
      if (g === undefined) {
        g = { n: 0, missing: new Array<number>(this.columns.length).fill(0), labelN: 0, positives: 0 };
        map.set(value, g);
      }
      g.n++;
      return g;
    });
    for (let c = 0; c < this.columns.length; c++) {
      if (text(record[this.columns[c]!]) !== '') continue;
      this.missing[c]!++;
      for (const g of entries) g.missing[c]!++;
    }
    if (this.options.label) {
      const label = text(record[this.options.label]).toLowerCase();
      if (label !== '') {
        for (const g of entries) {
          g.labelN++;
          if (this.labelPositive.has(label)) g.positives++;
        }
      }
    }
    if (this.options.time) {
      const raw = text(record[this.options.time]);
      const day = raw === '' ? null : isoDate(raw);
      if (day === null) {
        if (raw !== '') this.unparsable++;
      } else {
        if (this.first === null || day < this.first) this.first = day;
        if (this.last === null || day > this.last) this.last = day;
        const month = day.slice(0, 7);
        this.months.set(month, (this.months.get(month) ?? 0) + 1);
      }
    }
    this.proxy.add(record);
  }

  result(): Datasheet {
    const o = this.options;
    const representation = o.groups.flatMap((attribute, a) =>
      [...this.groups[a]!.entries()]
        .sort((x, y) => y[1].n - x[1].n)
        .map(([value, g]) => {
          const share = this.rows > 0 ? g.n / this.rows : 0;
          const populationShare = o.population?.[attribute]?.[value] ?? null;
          return {
            attribute,
            value,
            n: g.n,
            share,
            populationShare,
            representationRatio: populationShare ? share / populationShare : null,
          };
        }),
    );
    const missingness = this.columns.map((column, c) => ({
      column,
      missing: this.missing[c]!,
      rate: this.rows > 0 ? this.missing[c]! / this.rows : 0,
      byGroup: o.groups.flatMap((attribute, a) =>
        [...this.groups[a]!.entries()].map(([value, g]) => ({
          attribute,
          value,
          missing: g.missing[c] ?? 0,
          n: g.n,
          rate: g.n > 0 ? (g.missing[c] ?? 0) / g.n : 0,
        })),
      ),
    }));
    const labelBaseRates = o.label
      ? o.groups.flatMap((attribute, a) =>
          [...this.groups[a]!.entries()].map(([value, g]) => ({
            attribute,
            value,
            n: g.labelN,
            positives: g.positives,
            rate: g.labelN > 0 ? g.positives / g.labelN : null,
          })),
        )
      : [];
    const timeCoverage = o.time
      ? {
          column: o.time,
          first: this.first,
          last: this.last,
          unparsable: this.unparsable,
          byMonth: [...this.months.entries()].sort().map(([month, n]) => ({ month, n })),
        }
      : null;
    const sheet: Datasheet = {
      title: o.title ?? 'Training data datasheet',
      source: o.source ?? null,
      rows: this.rows,
      columns: this.columns.slice(),
      representation,
      missingness,
      labelBaseRates,
      timeCoverage,
      proxies: this.proxy ? this.proxy.findings() : [],
      findings: [],
    };
    sheet.findings = datasheetFindings(sheet);
    return sheet;
  }
}

/** Plain-English findings of a datasheet. */
export function datasheetFindings(d: Datasheet): string[] {
  const out = [`The data has ${d.rows.toLocaleString('en-GB')} rows and ${d.columns.length} columns.`];
  for (const r of d.representation) {
    if (r.representationRatio !== null && (r.representationRatio < 0.8 || r.representationRatio > 1.25)) {
      const dir = r.representationRatio < 1 ? 'under-represented' : 'over-represented';
      out.push(
        `${r.attribute} = ${r.value} is ${dir}: ${pct(r.share)} of the data against ${pct(r.populationShare)} ` +
          'of the reference population.',
      );
    }
  }
  const gaps = d.missingness
    .map((m) => {
      const judged = m.byGroup.filter((g) => g.n >= 30);
      const worst = judged.sort((x, y) => y.rate - x.rate)[0];
      return { m, worst, gap: worst ? worst.rate - m.rate : 0 };
    })
    .filter((x) => x.worst && x.gap >= 0.02)
    .sort((x, y) => y.gap - x.gap);
  for (const { m, worst } of gaps.slice(0, 5)) {
    out.push(
      `${m.column} is missing more often for some groups: ${pct(worst!.rate)} for ${worst!.attribute} = ` +
        `${worst!.value} against ${pct(m.rate)} overall.`,
    );
  }
  if (gaps.length > 5)
    out.push(`${gaps.length - 5} more columns are missing unevenly across groups (see the table).`);
  for (const l of d.labelBaseRates) {
    if (l.n < 30) out.push(`${l.attribute} = ${l.value} has only ${l.n} labelled rows.`);
  }
  if (d.timeCoverage?.first) {
    out.push(
      `Records run from ${d.timeCoverage.first} to ${d.timeCoverage.last} ` +
        `(${d.timeCoverage.byMonth.length} months with data).`,
    );
  }
  for (const p of d.proxies.filter((x) => x.flagged)) {
    out.push(
      `${p.feature} may act as a stand-in for ${p.attribute} (Cramér's V ${p.cramersV.toFixed(2)}): ` +
        'check that the model cannot use it to reproduce a protected characteristic.',
    );
  }
  return out;
}

/** A datasheet for in-memory or streamed records (see DatasheetAccumulator). */
export function datasheet(records: Iterable<AuditRecord>, options: DatasheetOptions): Datasheet {
  const acc = new DatasheetAccumulator(options);
  for (const r of records) acc.add(r);
  return acc.result();
}
