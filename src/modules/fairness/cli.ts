import { readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { cliProgressBar } from '../../cli-progress.ts';
import { attachAudit } from './attach.ts';
import { auditLocated, type LocatedRecord } from './audit.ts';
import { DatasheetAccumulator } from './datasheet.ts';
import { type AuditDefinition, loadDefinition, optionsFromDefinition } from './definition.ts';
import { compileFilter } from './filter.ts';
import { readRecords } from './readers.ts';
import { renderAuditHtml, renderDatasheetHtml } from './report-html.ts';
import type { AuditOptions, Datasheet, DatasheetOptions } from './types.ts';

export interface AuditFlags {
  input?: string;
  definition?: string;
  prediction?: string;
  positive?: string;
  threshold?: string;
  outcome?: string;
  outcomePositive?: string;
  group?: string;
  score?: string;
  reference?: string;
  filter?: string;
  format?: string;
  out?: string;
  bootstrap?: string;
  seed?: string;
  bootstrapMethod?: string;
  tau?: string;
  intersections?: boolean;
  favourable?: string;
  minGroupSize?: string;
  workers?: string;
  title?: string;
}

const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function numberFlag(name: string, v: string | undefined, integer = false): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || Number.isNaN(x) || (integer && !Number.isInteger(x))) {
    throw new Error(`--${name}: '${v}' is not ${integer ? 'an integer' : 'a number'}`);
  }
  return x;
}

/** `--reference VALUE` (first group attribute) or `--reference attr=value,attr=value`. */
function parseReference(v: string, groups: string[]): Record<string, string> {
  if (!v.includes('=')) return { [groups[0]!]: v };
  const out: Record<string, string> = {};
  for (const part of list(v)) {
    const [attr, ...rest] = part.split('=');
    if (!attr || rest.length === 0 || !groups.includes(attr.trim())) {
      throw new Error(`--reference: '${part}' is not attribute=value for one of: ${groups.join(', ')}`);
    }
    out[attr.trim()] = rest.join('=').trim();
  }
  return out;
}

function bootstrapMethod(v: string | undefined): 'rows' | 'cells' | undefined {
  if (v === undefined || v === 'rows' || v === 'cells') return v;
  throw new Error(`--bootstrap-method: '${v}' is not rows or cells`);
}

/** Worker threads pay off only past a few megabytes of input; small files run in-process. */
function defaultWorkers(input: string): number {
  try {
    return statSync(input).size > 8_000_000 ? os.availableParallelism() : 0;
  } catch {
    throw new Error(`--input: cannot read ${input}`);
  }
}

/** Merges a saved definition with command-line flags (flags win). */
export function resolveAudit(flags: AuditFlags): {
  input: string;
  options: AuditOptions;
  format: string;
  out?: string;
} {
  const def: Partial<AuditDefinition> = flags.definition ? loadDefinition(flags.definition) : {};
  const base = def.mapping ? optionsFromDefinition(def as AuditDefinition) : undefined;
  const input = flags.input ?? def.input;
  if (!input) throw new Error('--input FILE is required (or "input" in the --definition file)');
  const prediction = flags.prediction ?? base?.mapping.prediction;
  const outcome = flags.outcome ?? base?.mapping.outcome;
  const groups = flags.group ? list(flags.group) : base?.mapping.groups;
  if (!prediction) throw new Error('--prediction COL is required');
  if (!outcome) throw new Error('--outcome COL is required');
  if (!groups || groups.length === 0) throw new Error('--group COL[,COL] is required');
  if (flags.positive !== undefined && flags.threshold !== undefined) {
    throw new Error('give either --positive or --threshold, not both');
  }
  const threshold = numberFlag('threshold', flags.threshold);
  const positive = flags.positive !== undefined ? list(flags.positive) : undefined;
  const mapping: AuditOptions['mapping'] = {
    prediction,
    outcome,
    groups,
    ...(positive
      ? { positive }
      : threshold !== undefined
        ? { threshold }
        : base?.mapping.positive
          ? { positive: base.mapping.positive }
          : base?.mapping.threshold !== undefined
            ? { threshold: base.mapping.threshold }
            : {}),
  };
  const outcomePositive = flags.outcomePositive ? list(flags.outcomePositive) : base?.mapping.outcomePositive;
  if (outcomePositive) mapping.outcomePositive = outcomePositive;
  const score = flags.score ?? base?.mapping.score;
  if (score) mapping.score = score;
  const favourable = flags.favourable ?? base?.favourable;
  if (favourable !== undefined && favourable !== 'negative' && favourable !== 'positive') {
    throw new Error(`--favourable: '${favourable}' is not 'negative' or 'positive'`);
  }
  const tau = numberFlag('tau', flags.tau) ?? base?.tau;
  if (tau !== undefined && !(tau > 0 && tau <= 1)) throw new Error(`--tau: ${tau} is not in (0, 1]`);
  const bootstrap = numberFlag('bootstrap', flags.bootstrap, true) ?? base?.bootstrap;
  if (bootstrap !== undefined && bootstrap < 0) throw new Error('--bootstrap: must be 0 or more');
  const filter = flags.filter ?? base?.filter;
  if (filter) compileFilter(filter);
  const options: AuditOptions = {
    mapping,
    filter,
    reference: flags.reference !== undefined ? parseReference(flags.reference, groups) : base?.reference,
    tau,
    bootstrap,
    seed: numberFlag('seed', flags.seed, true) ?? base?.seed,
    bootstrapMethod: bootstrapMethod(flags.bootstrapMethod) ?? base?.bootstrapMethod,
    intersections: flags.intersections ?? base?.intersections,
    favourable,
    minGroupSize: numberFlag('min-group-size', flags.minGroupSize, true) ?? base?.minGroupSize,
    workers: numberFlag('workers', flags.workers, true) ?? defaultWorkers(input),
    source: path.basename(input),
    title: flags.title ?? base?.title,
  };
  const format = flags.format ?? def.format ?? 'json';
  if (format !== 'json' && format !== 'html') throw new Error(`--format: '${format}' is not json or html`);
  return { input, options, format, out: flags.out ?? def.out };
}

/** Passes records through, showing the rows read so far on stderr (every 10,000 rows). */
async function* withProgress(records: AsyncIterable<LocatedRecord>): AsyncGenerator<LocatedRecord> {
  const progress = cliProgressBar('Reading records');
  let n = 0;
  try {
    for await (const r of records) {
      if (++n % 10_000 === 0) progress.update(n, 'rows');
      yield r;
    }
  } finally {
    progress.stop();
  }
}

function write(text: string, out: string | undefined): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

export interface DatasheetFlags {
  input: string;
  group: string;
  label?: string;
  labelPositive?: string;
  time?: string;
  features?: string;
  population?: string;
  filter?: string;
  flagAt?: string;
  title?: string;
}

const populationSchema = z.record(z.string(), z.record(z.string(), z.number().min(0).max(1)));

/** Reads a reference population file: `{ "attribute": { "value": share, ... }, ... }`. */
function loadPopulation(file: string): Record<string, Record<string, number>> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the reference population (${(error as Error).message})`);
  }
  const parsed = populationSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field '${issue.path.join('.')}': ${issue.message}`);
  }
  return parsed.data;
}

/** Builds a datasheet from a file in one streaming pass. */
export async function runDatasheet(flags: DatasheetFlags): Promise<Datasheet> {
  const options: DatasheetOptions = {
    groups: list(flags.group),
    label: flags.label,
    labelPositive: flags.labelPositive ? list(flags.labelPositive) : undefined,
    time: flags.time,
    features: flags.features ? list(flags.features) : undefined,
    population: flags.population ? loadPopulation(flags.population) : undefined,
    filter: flags.filter,
    source: path.basename(flags.input),
    title: flags.title,
    proxy: { flagAt: numberFlag('flag-at', flags.flagAt) },
  };
  if (options.groups.length === 0) throw new Error('--group COL[,COL] is required');
  if (flags.filter) compileFilter(flags.filter);
  const acc = new DatasheetAccumulator(options);
  for await (const { record } of withProgress(readRecords(flags.input))) acc.add(record);
  const sheet = acc.result();
  const columns = new Set(sheet.columns);
  for (const c of [...options.groups, options.label, options.time, ...(options.features ?? [])]) {
    if (c !== undefined && sheet.rows > 0 && !columns.has(c)) {
      throw new Error(`${options.source}: column '${c}' not found (columns: ${sheet.columns.join(', ')})`);
    }
  }
  return sheet;
}

export function register(program: Command): void {
  const fairness = program.command('fairness').description('Bias audits of predictions and training data');
  fairness
    .command('audit')
    .description(
      'Audit predictions against outcomes per group: error rates, parities, intervals, calibration',
    )
    .option('--definition <file>', 'saved audit definition (JSON); flags override it')
    .option('--input <file>', 'CSV or JSON Lines file (optionally .gz)')
    .option('--prediction <col>', 'prediction column (label, score band or score)')
    .option('--positive <values>', 'prediction values counted as positive, comma-separated')
    .option('--threshold <x>', 'a numeric prediction is positive when >= x')
    .option('--outcome <col>', 'observed outcome column')
    .option('--outcome-positive <values>', 'outcome values counted as positive (default 1,true,yes)')
    .option('--group <cols>', 'protected attribute column(s), comma-separated')
    .option('--score <col>', 'numeric score column for AUC and calibration')
    .option('--reference <value>', 'reference group: a value of the first attribute, or attr=value,...')
    .option('--filter <expr>', 'population filter, e.g. "abs(days) <= 30 && charge != \'O\'"')
    .option('--format <format>', 'json or html')
    .option('--out <file>', 'write the report here instead of standard output')
    .option('--bootstrap <n>', 'Poisson bootstrap replicates for 95% intervals (default 1000; 0 = none)')
    .option('--seed <n>', 'bootstrap seed (default 1)')
    .option(
      '--bootstrap-method <m>',
      'rows: a Poisson(1) weight per row (default); cells: the same distribution drawn per cell, independent of row count',
    )
    .option('--tau <x>', 'parity tolerance: pass when tau <= ratio <= 1/tau (default 0.8)')
    .option('--intersections', 'also audit intersections of the group attributes')
    .option('--favourable <which>', 'favourable prediction for the four-fifths rule: negative or positive')
    .option('--min-group-size <n>', 'warn about groups smaller than this (default 30)')
    .option('--workers <n>', 'worker threads for the bootstrap (default: all cores for inputs over 8 MB)')
    .option('--title <text>', 'report title')
    .option(
      '--attach-to <system>',
      'attach the audit to this AI system (register reference or id) as its bias audit; needs --as',
    )
    .option('--as <email>', 'the analyst attaching the audit, in the system’s force')
    .action(async (flags: AuditFlags & { attachTo?: string; as?: string }) => {
      if (flags.attachTo && !flags.as)
        throw new Error('--attach-to needs --as EMAIL: who attaches the audit');
      const { input, options, format, out } = resolveAudit(flags);
      const m = options.mapping;
      const filterColumns = options.filter ? compileFilter(options.filter).columns : [];
      const wanted = [
        ...new Set([m.prediction, m.outcome, ...m.groups, ...(m.score ? [m.score] : []), ...filterColumns]),
      ];
      const report = await auditLocated(withProgress(readRecords(input, wanted)), options);
      write(format === 'html' ? renderAuditHtml(report) : `${JSON.stringify(report, null, 2)}\n`, out);
      if (flags.attachTo && flags.as) {
        process.stderr.write(await attachAudit(report, input, { attachTo: flags.attachTo, as: flags.as }));
      }
    });
  fairness
    .command('datasheet')
    .description('Datasheet for training data: representation, missingness, label base rates, time, proxies')
    .requiredOption('--input <file>', 'CSV or JSON Lines file (optionally .gz)')
    .requiredOption('--group <cols>', 'protected attribute column(s), comma-separated')
    .option('--label <col>', 'label (outcome) column for base rates')
    .option('--label-positive <values>', 'label values counted as positive (default 1,true,yes)')
    .option('--time <col>', 'date column for time coverage')
    .option('--features <cols>', 'features for the proxy check (default: all other columns)')
    .option('--population <file>', 'reference population shares (JSON: {"attribute": {"value": share}})')
    .option('--filter <expr>', 'row filter')
    .option('--flag-at <v>', "Cramér's V at which a feature is flagged as a possible proxy (default 0.3)")
    .option('--format <format>', 'json or html', 'json')
    .option('--out <file>', 'write the datasheet here instead of standard output')
    .option('--title <text>', 'title')
    .action(async (flags: DatasheetFlags & { format: string; out?: string }) => {
      if (flags.format !== 'json' && flags.format !== 'html') {
        throw new Error(`--format: '${flags.format}' is not json or html`);
      }
      const sheet = await runDatasheet(flags);
      write(
        flags.format === 'html' ? renderDatasheetHtml(sheet) : `${JSON.stringify(sheet, null, 2)}\n`,
        flags.out,
      );
    });
}
