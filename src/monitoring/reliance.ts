/**
 * Over-reliance on AI outputs, as pure functions: how often a reviewer accepts, amends or
 * rejects, and how long they spend, and the rule that flags review that looks like
 * rubber-stamping (automation bias): a very high acceptance rate with very short reviews,
 * across enough reviews for the pattern to mean something.
 */

export type ReviewDecision = 'accepted' | 'amended' | 'rejected';

export interface ReviewFact {
  decision: ReviewDecision;
  seconds: number;
}

export interface RelianceStats {
  reviews: number;
  accepted: number;
  amended: number;
  rejected: number;
  acceptanceRate: number | null;
  amendmentRate: number | null;
  rejectionRate: number | null;
  medianSeconds: number | null;
}

export interface RelianceRule {
  /** Acceptance above this share ... */
  maxAcceptance: number;
  /** ... with a median review time below this many seconds ... */
  minMedianSeconds: number;
  /** ... across at least this many reviews. */
  minReviews: number;
}

/** The median (mean of the two middle values for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function relianceStats(reviews: readonly ReviewFact[]): RelianceStats {
  const n = reviews.length;
  const count = (d: ReviewDecision) => reviews.filter((r) => r.decision === d).length;
  const accepted = count('accepted');
  const amended = count('amended');
  const rejected = count('rejected');
  const rate = (k: number) => (n ? k / n : null);
  return {
    reviews: n,
    accepted,
    amended,
    rejected,
    acceptanceRate: rate(accepted),
    amendmentRate: rate(amended),
    rejectionRate: rate(rejected),
    medianSeconds: median(reviews.map((r) => r.seconds)),
  };
}

/** Review that looks like rubber-stamping under the configured rule. */
export function isRubberStamping(stats: RelianceStats, rule: RelianceRule): boolean {
  return (
    stats.reviews >= rule.minReviews &&
    stats.acceptanceRate !== null &&
    stats.acceptanceRate > rule.maxAcceptance &&
    stats.medianSeconds !== null &&
    stats.medianSeconds < rule.minMedianSeconds
  );
}

export function relianceMessage(name: string, stats: RelianceStats, rule: RelianceRule): string {
  const pct = (x: number | null) => `${Math.round((x ?? 0) * 1000) / 10}%`;
  return `${name} accepted ${pct(stats.acceptanceRate)} of ${stats.reviews} outputs with a median review of ${Math.round((stats.medianSeconds ?? 0) * 10) / 10} seconds (alert when over ${pct(rule.maxAcceptance)} with a median under ${rule.minMedianSeconds} seconds across at least ${rule.minReviews} reviews).`;
}

/**
 * Fewest reviews for an early warning. Below the rule's minimum the pattern may be chance, so
 * it is not an alert; but a reviewer accepting 8 of 8 outputs in no time should not go unseen.
 */
export const EARLY_WARNING_MIN_REVIEWS = 5;

/** The rubber-stamping pattern, seen on fewer reviews than the alert needs (at least 5). */
export function isEarlyRubberStamping(stats: RelianceStats, rule: RelianceRule): boolean {
  return (
    stats.reviews >= Math.min(EARLY_WARNING_MIN_REVIEWS, rule.minReviews) &&
    stats.reviews < rule.minReviews &&
    isRubberStamping(stats, { ...rule, minReviews: 0 })
  );
}

export function earlyWarningMessage(name: string, stats: RelianceStats, rule: RelianceRule): string {
  const seconds = Math.round((stats.medianSeconds ?? 0) * 10) / 10;
  return `Early warning: ${name} accepted ${stats.accepted} of ${stats.reviews} outputs with a median review of ${seconds} seconds. This is early: the alert needs at least ${rule.minReviews} reviews and there are ${stats.reviews} so far, so the pattern may not hold.`;
}
