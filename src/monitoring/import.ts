import type { FieldIssue } from '../http/errors.ts';
import { headerIssues, fieldIssue as issue, readCsv, UUID } from '../http/input.ts';

/**
 * Outcomes coming back (what really happened), from a CSV file or a JSON array, checked as a
 * whole: every problem is reported with its line (or item) and field, and nothing is written
 * unless every row is right. Pure: run references are resolved by the caller.
 */

/** One outcome as sent, before checking. `where` locates it for messages ("line 7", "item 3"). */
export interface OutcomeDraft {
  where: string;
  /** How fields are named in messages: as CSV columns or as JSON properties. */
  style: 'csv' | 'json';
  observedAt: unknown;
  group?: unknown;
  runId?: unknown;
  runReference?: unknown;
  metrics: Record<string, unknown>;
}

export interface OutcomeRow {
  where: string;
  observedAt: Date;
  group: string | null;
  runId: string | null;
  runReference: string | null;
  metrics: Record<string, number>;
}

export interface DraftContext {
  /** Metric names the system is monitored on. */
  metrics: readonly string[];
  /** Groups named in the test design; when there are any, a group must be one of them. */
  groups: readonly string[];
  now: Date;
}

export const CSV_FIXED_COLUMNS = ['observed_at', 'group', 'run_reference'] as const;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const RUN_REFERENCE = /^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
/** Clock skew tolerated before an observation counts as in the future. */
const SKEW_MS = 5 * 60_000;

const FIELD_NAMES = {
  csv: { observedAt: 'observed_at', group: 'group', runReference: 'run_reference' },
  json: { observedAt: 'observedAt', group: 'group', runReference: 'runReference' },
} as const;

/** A date (YYYY-MM-DD, midnight UTC) or date-time (UTC unless it gives an offset); null if not. */
export function parseObservedAt(raw: string): Date | null {
  const m = DATE_TIME.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, time, , , zone] = m;
  const day = `${y}-${mo}-${d}`;
  if (Number.isNaN(Date.parse(day)) || !new Date(`${day}T00:00:00Z`).toISOString().startsWith(day))
    return null;
  const text = time ? `${day}${time}${zone ? '' : 'Z'}` : `${day}T00:00:00Z`;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** Checks every draft; returns the rows only when there is no issue at all. */
export function checkDrafts(
  drafts: readonly OutcomeDraft[],
  ctx: DraftContext,
): { rows: OutcomeRow[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const rows: OutcomeRow[] = [];
  const known = new Set(ctx.metrics);
  if (drafts.length === 0) issues.push(issue('file', null, 'has no outcomes'));
  for (const d of drafts) {
    const before = issues.length;
    const f = FIELD_NAMES[d.style];
    const rawAt = text(d.observedAt);
    const at = rawAt === null ? null : parseObservedAt(rawAt);
    if (rawAt === null) issues.push(issue(d.where, f.observedAt, 'is required'));
    else if (!at)
      issues.push(issue(d.where, f.observedAt, 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time'));
    else if (at.getTime() > ctx.now.getTime() + SKEW_MS)
      issues.push(issue(d.where, f.observedAt, 'must not be in the future'));
    const group = text(d.group);
    if (group !== null && ctx.groups.length > 0 && !ctx.groups.includes(group))
      issues.push(issue(d.where, f.group, `must be one of ${ctx.groups.join(', ')} (or empty)`));
    const runReference = text(d.runReference);
    if (runReference !== null && !RUN_REFERENCE.test(runReference))
      issues.push(issue(d.where, f.runReference, 'must be a run reference like R-4F7K-2M9Q'));
    const runId = text(d.runId);
    if (runId !== null && !UUID.test(runId)) issues.push(issue(d.where, 'runId', 'must be a run id (UUID)'));
    const metrics: Record<string, number> = {};
    for (const [name, raw] of Object.entries(d.metrics)) {
      if (!known.has(name)) {
        issues.push(issue(d.where, name, `is not a metric of this system (${ctx.metrics.join(', ')})`));
        continue;
      }
      if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) continue;
      const value =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && NUMBER.test(raw.trim())
            ? Number(raw)
            : Number.NaN;
      if (!Number.isFinite(value)) issues.push(issue(d.where, name, 'must be a number'));
      else metrics[name] = value;
    }
    if (issues.length === before && Object.keys(metrics).length === 0)
      issues.push(issue(d.where, null, 'has no metric values'));
    if (issues.length === before && at)
      rows.push({ where: d.where, observedAt: at, group, runId, runReference, metrics });
  }
  return issues.length ? { rows: [], issues } : { rows, issues };
}

/**
 * Drafts from CSV text: a header naming `observed_at`, optionally `group` and `run_reference`,
 * then one column per metric. Line numbers count from the header (line 1).
 */
export function draftsFromCsv(csv: string): { drafts: OutcomeDraft[]; issues: FieldIssue[] } {
  const read = readCsv(csv);
  if ('issue' in read) return { drafts: [], issues: [read.issue] };
  const { head, body } = read;
  const columns = head.record.map((c) => c.trim());
  const issues = headerIssues(columns);
  const seen = new Set(columns);
  if (!seen.has('observed_at')) issues.push(issue('line 1', 'observed_at', 'column is missing'));
  const metricColumns = columns.filter((c) => c && !(CSV_FIXED_COLUMNS as readonly string[]).includes(c));
  if (metricColumns.length === 0) issues.push(issue('line 1', null, 'names no metric columns'));
  if (issues.length) return { drafts: [], issues };
  const drafts = body.map(({ record, info }) => {
    const cell = (name: string) => record[columns.indexOf(name)];
    return {
      where: `line ${info.lines}`,
      style: 'csv' as const,
      observedAt: cell('observed_at'),
      group: cell('group'),
      runReference: cell('run_reference'),
      metrics: Object.fromEntries(metricColumns.map((c) => [c, cell(c)])),
    };
  });
  return { drafts, issues };
}

/** Drafts from a JSON array (already shaped by the route's schema), located as "item N". */
export function draftsFromJson(
  items: ReadonlyArray<{
    runId?: string | undefined;
    runReference?: string | undefined;
    observedAt: string;
    group?: string | null | undefined;
    metrics: Record<string, unknown>;
  }>,
): OutcomeDraft[] {
  return items.map((o, i) => ({
    where: `item ${i + 1}`,
    style: 'json' as const,
    observedAt: o.observedAt,
    group: o.group,
    runId: o.runId,
    runReference: o.runReference,
    metrics: o.metrics,
  }));
}
