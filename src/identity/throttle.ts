import { createHash } from 'node:crypto';
import type { Services } from '../http/context.ts';

/**
 * Sign-in throttling as the NCSC advises instead of lockout: after a few failures each further
 * attempt must wait, the wait doubling with every failure, per account and per client address.
 * No account is ever locked: once its wait has passed, the right password gets in. The account
 * wait is capped low (a minute), so strangers failing against someone's account delay them at
 * most that long; the address wait grows to a quarter of an hour, and only slows that address.
 * Failures are forgotten after a quiet quarter of an hour, and an account's after a success.
 * Buckets are kept in memory, keyed by a hash (no email address or IP address is held).
 */
export interface ThrottleRule {
  /** Failures allowed before any wait. */
  free: number;
  /** Wait after the first failure beyond the free ones, doubling with each further one. */
  baseMs: number;
  maxMs: number;
}

interface Bucket {
  failures: number;
  last: number;
}

export const FORGET_AFTER_MS = 15 * 60_000;
const MAX_BUCKETS = 100_000;

export class SignInThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly account: ThrottleRule,
    readonly address: ThrottleRule,
    /** The clock, in milliseconds; tests pass their own. */
    public now: () => number = Date.now,
  ) {}

  /** Seconds until this account may be tried from this address (0: now). */
  waitSeconds(email: string, ip: string): number {
    const ms = Math.max(
      this.waitMs(this.bucket(accountKey(email)), this.account),
      this.waitMs(this.bucket(addressKey(ip)), this.address),
    );
    return Math.ceil(ms / 1000);
  }

  failed(email: string, ip: string): void {
    for (const key of [accountKey(email), addressKey(ip)]) {
      const bucket = this.bucket(key) ?? { failures: 0, last: 0 };
      this.buckets.delete(key);
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
      this.buckets.set(key, { failures: bucket.failures + 1, last: this.now() });
    }
  }

  /** The account signed in: its failures are forgotten (the address's are not). */
  succeeded(email: string): void {
    this.buckets.delete(accountKey(email));
  }

  private bucket(key: string): Bucket | undefined {
    const bucket = this.buckets.get(key);
    if (bucket && this.now() - bucket.last > FORGET_AFTER_MS) {
      this.buckets.delete(key);
      return undefined;
    }
    return bucket;
  }

  private waitMs(bucket: Bucket | undefined, rule: ThrottleRule): number {
    if (!bucket || bucket.failures < rule.free) return 0;
    const delay = Math.min(rule.baseMs * 2 ** Math.min(bucket.failures - rule.free, 30), rule.maxMs);
    return Math.max(0, bucket.last + delay - this.now());
  }
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const accountKey = (email: string) => `a:${hash(email.trim().toLowerCase())}`;
const addressKey = (ip: string) => `i:${hash(ip)}`;

export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseMs: 1000, maxMs: 60_000 };

const throttles = new WeakMap<Services, SignInThrottle>();

/** The one throttle shared by the sign-in page and the sign-in API of this service. */
export function signInThrottle(services: Services): SignInThrottle {
  let throttle = throttles.get(services);
  if (!throttle) {
    throttle = new SignInThrottle(ACCOUNT_RULE, {
      free: services.config.signInRateLimit,
      baseMs: 1000,
      maxMs: FORGET_AFTER_MS,
    });
    throttles.set(services, throttle);
  }
  return throttle;
}
