import type { AppError, FieldIssue } from '../http/errors.ts';
import type { Posted } from './run-page.ts';

/**
 * Reading what a urlencoded form posted, for the runtime's forms and the modules' own fields on
 * them (start and review forms).
 */

/** The first value posted under a name, trimmed ('' when none). */
export const one = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/** Every value posted under a name (checkboxes). */
export const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

/** The posted values of a urlencoded form, as strings or lists of strings. */
export function postedValues(body: unknown): Posted {
  const out: Posted = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

/** `YYYY-MM-DD` from a GOV.UK date input's day, month and year fields, or '' when incomplete. */
export function dateFrom(values: Posted, name: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((part) => one(values[`${name}-${part}`]));
  if (!d || !m || !y || !/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return '';
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** A GOV.UK date input's day, month and year as posted, for showing the form again. */
export const dateParts = (values: Posted, name: string) => ({
  day: one(values[`${name}-day`]),
  month: one(values[`${name}-month`]),
  year: one(values[`${name}-year`]),
});

/** The id of a form field's control: `f-<name>`. */
export const field = (name: string): string => `f-${name}`;

/** A refused form's problems by field, from a validation error (or its one message as `form`). */
export const issuesOf = (e: AppError): FieldIssue[] =>
  (e.extra.issues as FieldIssue[] | undefined) ?? [{ path: 'form', message: e.detail }];

/** The first problem of each field, for the templates' error messages. */
export function errorsOf(issues: readonly FieldIssue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues ?? []) out[i.path] ??= i.message;
  return out;
}
