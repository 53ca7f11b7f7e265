import { AuditAccumulator } from './accumulator.ts';
import { RecordEncoder } from './encode.ts';
import { compileFilter, type RowFilter } from './filter.ts';
import { cellBootstrap } from './poisson.ts';
import { BootstrapPool } from './pool.ts';
import { buildReport, resolveSettings } from './report.ts';
import type { AuditOptions, AuditRecord, AuditReport } from './types.ts';

/** A record with the line it came from (for error messages). */
export interface LocatedRecord {
  record: AuditRecord;
  line: number;
}

function located(records: Iterable<AuditRecord>): Iterable<LocatedRecord> {
  return {
    *[Symbol.iterator]() {
      let line = 0;
      for (const record of records) yield { record, line: ++line };
    },
  };
}

async function* locatedAsync(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
): AsyncIterable<LocatedRecord> {
  let line = 0;
  for await (const record of records) yield { record, line: ++line };
}

interface Pass {
  acc: AuditAccumulator;
  encoder: RecordEncoder;
  filter: RowFilter | null;
  rowsRead: number;
}

function startPass(
  options: AuditOptions,
  sink: ConstructorParameters<typeof AuditAccumulator>[0]['sink'],
): Pass {
  const settings = resolveSettings(options);
  const acc = new AuditAccumulator({
    attributes: options.mapping.groups,
    scores: options.mapping.score !== undefined,
    bootstrap:
      settings.bootstrap > 0 && settings.bootstrapMethod === 'rows'
        ? { replicates: settings.bootstrap, seed: settings.seed }
        : undefined,
    sink,
  });
  const encoder = new RecordEncoder(options.mapping, acc, options.source ?? 'input');
  const filter = options.filter ? compileFilter(options.filter) : null;
  return { acc, encoder, filter, rowsRead: 0 };
}

function take(pass: Pass, { record, line }: LocatedRecord): void {
  pass.rowsRead++;
  if (pass.filter && !pass.filter.test(record)) return;
  pass.encoder.add(record, line);
}

function finish(pass: Pass, options: AuditOptions, replicates: Float64Array[] | null): AuditReport {
  const state = pass.acc.state();
  const settings = resolveSettings(options);
  if (settings.bootstrap > 0 && settings.bootstrapMethod === 'cells') {
    replicates = cellBootstrap(state.counts, settings.bootstrap, settings.seed);
  }
  return buildReport(
    state,
    options,
    { rowsRead: pass.rowsRead, rowsKept: state.rows },
    replicates ?? state.replicates,
  );
}

/**
 * Audits records in one pass, synchronously, with the bootstrap in-process. Suited to small
 * inputs (the module runtime); use `auditRecords` with `workers` for large streams.
 */
export function auditRecordsSync(records: Iterable<AuditRecord>, options: AuditOptions): AuditReport {
  return auditLocatedSync(located(records), options);
}

export function auditLocatedSync(records: Iterable<LocatedRecord>, options: AuditOptions): AuditReport {
  const pass = startPass(options, undefined);
  for (const r of records) take(pass, r);
  return finish(pass, options, null);
}

/**
 * Audits a stream of records in one pass and bounded memory. With `options.workers > 0` the
 * bootstrap replicates are spread over that many worker threads.
 */
export function auditRecords(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
  options: AuditOptions,
): Promise<AuditReport> {
  return auditLocated(locatedAsync(records), options);
}

/** As `auditRecords`, for records that carry their own line numbers (file readers). */
export async function auditLocated(
  records: AsyncIterable<LocatedRecord> | Iterable<LocatedRecord>,
  options: AuditOptions,
): Promise<AuditReport> {
  const settings = resolveSettings(options);
  const threads = options.workers ?? 0;
  if (threads <= 0 || settings.bootstrap === 0 || settings.bootstrapMethod === 'cells') {
    const pass = startPass(options, undefined);
    for await (const r of records) take(pass, r);
    return finish(pass, options, null);
  }
  const pool = new BootstrapPool(settings.bootstrap, settings.seed, threads);
  try {
    const pass = startPass(options, pool.sink);
    let sinceCheck = 0;
    for await (const r of records) {
      take(pass, r);
      if (++sinceCheck === 16384) {
        sinceCheck = 0;
        await pool.ready();
      }
    }
    pass.acc.flush();
    const replicates = await pool.finish(pass.acc.cells);
    return finish(pass, options, replicates);
  } finally {
    await pool.close();
  }
}
