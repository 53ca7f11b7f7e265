import { createHmac } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Services } from '../http/context.ts';

/**
 * Sign-in throttling as the NCSC advises instead of lockout: after a few failures each further
 * attempt must wait, the wait doubling with every failure, per account and per client address.
 * No account is ever locked: once its wait has passed, the right password gets in. The account
 * wait is capped low (a minute), so strangers failing against someone's account delay them at
 * most that long; the address wait grows to a quarter of an hour, and only slows that address.
 * Failures are forgotten after a quiet quarter of an hour, and an account's after a success.
 * Buckets are kept in the database (`sign_in_throttle`), so every process of the service (the
 * sign-in page and the API of each) counts the same failures; each is keyed by a keyed hash
 * of the e-mail or IP address, so neither is stored.
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

export class SignInThrottle {
  constructor(
    private readonly db: Kysely<DB>,
    /** The key of the bucket hashes: the same in every process of the service. */
    private readonly secret: Buffer,
    readonly account: ThrottleRule,
    readonly address: ThrottleRule,
    /** The clock, in milliseconds; tests pass their own. */
    public now: () => number = Date.now,
  ) {}

  /** Seconds until this account may be tried from this address (0: now). */
  async waitSeconds(email: string, ip: string): Promise<number> {
    const [account, address] = [this.accountKey(email), this.addressKey(ip)];
    const rows = await this.db
      .selectFrom('sign_in_throttle')
      .select(['key', 'failures', 'last_at'])
      .where('key', 'in', [account, address])
      .execute();
    const bucket = (key: string): Bucket | undefined => {
      const row = rows.find((r) => r.key === key);
      const last = row ? new Date(row.last_at).getTime() : 0;
      return row && this.now() - last <= FORGET_AFTER_MS ? { failures: row.failures, last } : undefined;
    };
    const ms = Math.max(
      this.waitMs(bucket(account), this.account),
      this.waitMs(bucket(address), this.address),
    );
    return Math.ceil(ms / 1000);
  }

  /**
   * Counts a failure against the account and the address, in one statement so processes failing
   * at once each count theirs; a bucket quiet for a quarter of an hour starts again, and buckets
   * that quiet are removed.
   */
  async failed(email: string, ip: string): Promise<void> {
    const now = new Date(this.now());
    const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS);
    await this.db.deleteFrom('sign_in_throttle').where('last_at', '<', forgetBefore).execute();
    await sql`
      INSERT INTO sign_in_throttle AS t (key, failures, last_at)
      VALUES (${this.accountKey(email)}, 1, ${now}), (${this.addressKey(ip)}, 1, ${now})
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.last_at < ${forgetBefore} THEN 1 ELSE t.failures + 1 END,
        last_at = excluded.last_at
    `.execute(this.db);
  }

  /** The account signed in: its failures are forgotten (the address's are not). */
  async succeeded(email: string): Promise<void> {
    await this.db.deleteFrom('sign_in_throttle').where('key', '=', this.accountKey(email)).execute();
  }

  private waitMs(bucket: Bucket | undefined, rule: ThrottleRule): number {
    if (!bucket || bucket.failures < rule.free) return 0;
    const delay = Math.min(rule.baseMs * 2 ** Math.min(bucket.failures - rule.free, 30), rule.maxMs);
    return Math.max(0, bucket.last + delay - this.now());
  }

  private hash(s: string): string {
    return createHmac('sha256', this.secret).update(s).digest('hex');
  }

  private accountKey(email: string): string {
    return `a:${this.hash(email.trim().toLowerCase())}`;
  }

  private addressKey(ip: string): string {
    return `i:${this.hash(ip)}`;
  }
}

export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseMs: 1000, maxMs: 60_000 };

/** The key of the bucket hashes, derived from the data encryption key every process shares. */
export function throttleSecret(dataEncryptionKey: Buffer): Buffer {
  return createHmac('sha256', dataEncryptionKey).update('bluelamp sign-in throttle').digest();
}

const throttles = new WeakMap<Services, SignInThrottle>();

/** The throttle of the sign-in page and the sign-in API (its buckets are in the database). */
export function signInThrottle(services: Services): SignInThrottle {
  let throttle = throttles.get(services);
  if (!throttle) {
    throttle = new SignInThrottle(
      services.db,
      throttleSecret(services.config.dataEncryptionKey),
      ACCOUNT_RULE,
      {
        free: services.config.signInRateLimit,
        baseMs: 1000,
        maxMs: FORGET_AFTER_MS,
      },
    );
    throttles.set(services, throttle);
  }
  return throttle;
}
