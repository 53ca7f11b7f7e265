import { z } from 'zod';
import { check } from '../identity/abilities.ts';
import type { Role } from '../identity/roles.ts';
import { SEVERITIES } from '../incidents/model.ts';
import { answerDueBy } from './service-standard.ts';

/** Public references: runs `R-XXXX-XXXX`, challenges `C-XXXX-XXXX` (alphabet of `runReference`). */
const REF_BODY = '[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}';
export const RUN_REFERENCE = new RegExp(`^R-${REF_BODY}$`);
export const CHALLENGE_REFERENCE = new RegExp(`^C-${REF_BODY}$`);

/**
 * A reference as typed by a person: case and surrounding spaces do not matter, inner spaces
 * are read as hyphens, and the letters O, I and L, never used in references, are read as the
 * digits 0, 1 and 1 they are mistaken for.
 */
export function normaliseReference(raw: string): string {
  const s = raw.trim().toUpperCase().replace(/\s+/g, '-');
  return s.length > 1 ? s[0] + s.slice(1).replace(/O/g, '0').replace(/[IL]/g, '1') : s;
}

export const CHALLENGE_STATUSES = ['received', 'under-review', 'upheld', 'not-upheld'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];
export const OUTCOMES = ['upheld', 'not-upheld'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const STATUS_TITLES: Record<ChallengeStatus, string> = {
  received: 'Received: waiting for a reviewer',
  'under-review': 'Being reviewed',
  upheld: 'Decided: upheld',
  'not-upheld': 'Decided: not upheld',
};

export const isDecided = (s: string): s is Outcome => s === 'upheld' || s === 'not-upheld';

export interface HandlerCheck {
  roles: readonly Role[];
  personId: string;
  /** Whether the person is a named overseer of the challenged system. */
  overseer: boolean;
  /** Who reviewed the challenged run (empty when no run is known). */
  reviewerIds: readonly string[];
  /** Who asked for the challenged run, if known. */
  runActorId: string | null;
  status: string;
}

/**
 * Whether this person may decide a challenge (pure): an undecided one, by the `challenge.decide`
 * rule of the abilities table (a named overseer or a product manager, who neither reviewed nor
 * asked for the original output). Returns the reason it is refused, or null.
 */
export function handlerRefusal(c: HandlerCheck): { status: 403 | 409; code: string; message: string } | null {
  if (isDecided(c.status))
    return { status: 409, code: 'already-decided', message: 'This challenge has already been decided.' };
  const who = check(c, 'challenge.decide', {
    overseer: c.overseer,
    reviewedOriginal: c.reviewerIds.includes(c.personId),
    ranOriginal: c.runActorId === c.personId,
  });
  return who.ok ? null : { status: who.status, code: who.code, message: who.message };
}

/** What the person who challenged sees: the status and, once decided, the outcome and reasons. */
export function publicStatus(row: {
  reference: string;
  status: ChallengeStatus;
  outcome_reasons: string | null;
  decided_at: Date | null;
  created_at: Date;
}) {
  const decided = isDecided(row.status);
  return {
    reference: row.reference,
    status: row.status,
    statusTitle: STATUS_TITLES[row.status],
    receivedAt: row.created_at.toISOString(),
    answerDueBy: answerDueBy(row.created_at).toISOString().slice(0, 10),
    outcome: decided ? row.status : null,
    reasons: decided ? row.outcome_reasons : null,
    decidedAt: decided ? (row.decided_at?.toISOString() ?? null) : null,
  };
}

export interface StatsRow {
  system_reference: string | null;
  system_name: string | null;
  status: string;
  n: number | string | bigint;
}

export interface SystemChallengeStats {
  system: { reference: string; name: string } | null;
  received: number;
  underReview: number;
  upheld: number;
  notUpheld: number;
  total: number;
}

/** Counts per system (and for challenges about no known system), from grouped counts (pure). */
export function challengeStats(rows: readonly StatsRow[]): SystemChallengeStats[] {
  const bySystem = new Map<string, SystemChallengeStats>();
  for (const r of rows) {
    const key = r.system_reference ?? '';
    let s = bySystem.get(key);
    if (!s) {
      s = {
        system:
          r.system_reference && r.system_name ? { reference: r.system_reference, name: r.system_name } : null,
        received: 0,
        underReview: 0,
        upheld: 0,
        notUpheld: 0,
        total: 0,
      };
      bySystem.set(key, s);
    }
    const n = Number(r.n);
    if (r.status === 'received') s.received += n;
    else if (r.status === 'under-review') s.underReview += n;
    else if (r.status === 'upheld') s.upheld += n;
    else if (r.status === 'not-upheld') s.notUpheld += n;
    s.total += n;
  }
  return [...bySystem.values()].sort((a, b) =>
    a.system && b.system ? a.system.name.localeCompare(b.system.name) : a.system ? -1 : 1,
  );
}

/** A public challenge, from the page or the API. */
export const challengeInputSchema = z
  .object({
    runReference: z.preprocess(
      (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : normaliseReference(v)) : v),
      z
        .string()
        .regex(RUN_REFERENCE, 'Enter the reference in the format R-XXXX-XXXX, or leave it empty')
        .optional(),
    ),
    force: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^[a-z0-9-]{1,80}$/, 'Select the police force')
        .optional(),
    ),
    description: z
      .string({ message: 'Describe the decision you are challenging' })
      .trim()
      .min(20, 'Describe the decision and why you challenge it in at least 20 characters')
      .max(5000, 'Your description must be 5000 characters or fewer'),
    contact: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.string().trim().max(300, 'Contact details must be 300 characters or fewer').optional(),
    ),
  })
  .refine((v) => v.runReference || v.force, {
    message: 'Select the police force, or enter the reference printed on the decision',
    path: ['force'],
  });
export type ChallengeInput = z.infer<typeof challengeInputSchema>;

export const decisionSchema = z.object({
  outcome: z.enum(OUTCOMES, { message: 'Select whether the challenge is upheld' }),
  reasons: z
    .string({ message: 'Give your reasons' })
    .trim()
    .min(20, 'Give your reasons in at least 20 characters')
    .max(5000, 'Reasons must be 5000 characters or fewer'),
  incident: z
    .object({
      severity: z.enum(SEVERITIES, { message: 'Select how serious the incident is' }),
      title: z
        .string()
        .trim()
        .min(5, 'Enter a title for the incident of at least 5 characters')
        .max(200, 'The incident title must be 200 characters or fewer'),
    })
    .optional(),
});
export type DecisionInput = z.infer<typeof decisionSchema>;
