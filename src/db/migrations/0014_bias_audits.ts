import { type Kysely, sql } from 'kysely';

/**
 * Fairness audits attached to an AI system: the model (name and version) they audited, the
 * SHA-256 of the data they read, and the report itself, pinned by the ledger entry `seq` that
 * recorded its hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE bias_audits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      model_name text NOT NULL,
      model_version text NOT NULL,
      data_sha256 text NOT NULL,
      source text NOT NULL,
      report jsonb NOT NULL,
      report_sha256 text NOT NULL,
      ledger_seq bigint NOT NULL,
      created_by uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX bias_audits_system ON bias_audits (system_id, created_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE bias_audits;`.execute(db);
}
