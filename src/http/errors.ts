/**
 * Errors with stable codes. Routes throw these; the error handler turns them into
 * `application/problem+json` (RFC 9457) for the API and into an error page for the UI.
 * `detail` is written for the person reading it; internal messages never reach users.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export interface FieldIssue {
  /** Where: a field path, or `file:line:field` for imports. */
  path: string;
  message: string;
}

export const errors = {
  unauthenticated: () =>
    new AppError(401, 'unauthenticated', 'Sign in required', 'You need to sign in to do this.'),
  badCredentials: () =>
    new AppError(401, 'bad-credentials', 'Sign-in failed', 'The email address or password is not right.'),
  throttled: (seconds: number) =>
    new AppError(
      429,
      'too-many-attempts',
      'Too many attempts',
      `Too many attempts: try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
      { retryAfter: seconds },
    ),
  forbidden: (detail: string) => new AppError(403, 'forbidden', 'Not allowed', detail),
  csrf: () =>
    new AppError(
      403,
      'csrf-token-invalid',
      'Form expired',
      'The form could not be checked. Go back, reload the page and try again.',
    ),
  notFound: (what: string) => new AppError(404, 'not-found', 'Not found', `${what} was not found.`),
  validation: (issues: FieldIssue[]) =>
    new AppError(
      400,
      'invalid-input',
      'Invalid input',
      issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      { issues },
    ),
  conflict: (code: string, detail: string, extra: Record<string, unknown> = {}) =>
    new AppError(409, code, 'Cannot do that now', detail, extra),
} as const;
