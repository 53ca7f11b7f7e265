import { randomBytes } from 'node:crypto';
import { check } from '../identity/abilities.ts';
import type { Role } from '../identity/roles.ts';
import { runReference } from '../oversight/gateway.ts';

/** How bad an incident is; the first three are serious incidents with a deadline. */
export const SEVERITIES = ['widespread-harm', 'death', 'serious', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_TITLES: Record<Severity, string> = {
  'widespread-harm': 'Serious: widespread harm',
  death: 'Serious: someone died',
  serious: 'Serious',
  minor: 'Minor',
};

/**
 * Days allowed to investigate and report a serious incident, counted from when it was opened.
 * The periods follow the serious-incident reporting deadlines of the EU AI Act, Article 73
 * (2 days for a widespread infringement or serious disruption, 10 days where a person died,
 * otherwise 15 days); minor incidents have no deadline.
 */
export const DEADLINE_DAYS: Record<Severity, number | null> = {
  'widespread-harm': 2,
  death: 10,
  serious: 15,
  minor: null,
};

const DAY_MS = 86_400_000;

export function deadlineFor(severity: Severity, openedAt: Date): Date | null {
  const days = DEADLINE_DAYS[severity];
  return days === null ? null : new Date(openedAt.getTime() + days * DAY_MS);
}

export const INCIDENT_STATUSES = ['open', 'investigating', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type IncidentSource = 'report' | 'monitoring' | 'challenge';

export function isOverdue(i: { status: string; deadline_at: Date | null }, now: Date): boolean {
  return i.status !== 'closed' && i.deadline_at !== null && i.deadline_at.getTime() < now.getTime();
}

export const NOTE_KINDS = ['investigation', 'corrective-action', 'misuse'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export const NOTE_TITLES: Record<NoteKind, string> = {
  investigation: 'Investigation note',
  'corrective-action': 'Corrective action',
  misuse: 'Misuse and its consequence',
};

export interface ClosureCheck {
  roles: readonly Role[];
  personId: string;
  reportedBy: string | null;
  status: IncidentStatus;
  publicSummary: string;
}

/**
 * Closure sign-off rules (pure): who may sign off (`incident.close` in the abilities table), and
 * only with a public summary. Returns the reason it is
 * refused, or null.
 */
export function closureRefusal(c: ClosureCheck): { code: string; message: string } | null {
  if (c.status === 'closed') return { code: 'already-closed', message: 'This incident is already closed.' };
  const who = check(c, 'incident.close', {
    incidentReporter: c.reportedBy !== null && c.reportedBy === c.personId,
  });
  if (!who.ok) return { code: who.code, message: who.message };
  if (c.publicSummary.trim().length < 20) {
    return {
      code: 'public-summary-required',
      message: 'A public summary of at least 20 characters is needed to close an incident.',
    };
  }
  return null;
}

/** A short public reference with the given letter, such as `I-7KQ2-M9XD` (same alphabet as runs). */
export function shortReference(letter: 'I' | 'C'): string {
  return `${letter}${runReference(randomBytes(8)).slice(1)}`;
}
