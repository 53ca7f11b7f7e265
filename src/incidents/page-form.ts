import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { AppError } from '../http/errors.ts';

/**
 * Helpers for the incident and challenge forms: zod issues (or a service's validation problem)
 * as GOV.UK field errors and error summary, and a problem as an error page.
 */
export interface FormErrors {
  /** Field name -> message. */
  fieldErrors: Record<string, string>;
  errorSummary: Array<{ text: string; href: string }>;
}

/** `ids` maps a field name to the id of its input (for the summary's link); default `f-<name>`. */
export function formErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> | string; message: string }>,
  ids: Record<string, string> = {},
): FormErrors {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const name = typeof issue.path === 'string' ? issue.path : String(issue.path[0] ?? 'form');
    fieldErrors[name] ??= issue.message;
  }
  const errorSummary = Object.entries(fieldErrors).map(([name, text]) => ({
    text,
    href: `#${ids[name] ?? `f-${name}`}`,
  }));
  return { fieldErrors, errorSummary };
}

export function zodErrors(error: z.ZodError, ids: Record<string, string> = {}): FormErrors {
  return formErrors(error.issues, ids);
}

/** A service's problem with field issues (`extra.issues`), or one message on `field`. */
export function problemErrors(e: AppError, field: string, ids: Record<string, string> = {}): FormErrors {
  const issues = (e.extra.issues ?? []) as Array<{ path: string; message: string }>;
  return formErrors(issues.length ? issues : [{ path: field, message: e.detail }], ids);
}

/** Values posted by a form, as strings (first value of repeated fields). */
export function postedStrings(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (typeof first === 'string') out[k] = first;
    }
  }
  return out;
}

/** An error page for problems no field on the page can fix (not found, not allowed). */
export function problemPage(reply: FastifyReply, e: AppError) {
  return reply.status(e.status).page('pages/error.njk', {
    title: e.title,
    detail: e.detail,
    status: e.status,
    requestId: reply.request.id,
  });
}
