import { type Kysely, sql } from 'kysely';

/**
 * Sign-in throttling keeps its buckets in the database, so every process of the service counts
 * the same failures: one row per account or client address, keyed by a keyed hash (no e-mail or
 * IP address is stored), with the failures since the last quiet quarter of an hour. The unused
 * one-row-per-failure table of 0001 is replaced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE sign_in_failures;
    CREATE TABLE sign_in_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL CHECK (failures > 0),
      last_at timestamptz NOT NULL
    );
    CREATE INDEX sign_in_throttle_last ON sign_in_throttle (last_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE sign_in_throttle;
    CREATE TABLE sign_in_failures (
      id bigserial PRIMARY KEY,
      email_key text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX sign_in_failures_email ON sign_in_failures (email_key, at);
  `.execute(db);
}
