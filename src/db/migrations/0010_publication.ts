import { type Kysely, sql } from 'kysely';

/**
 * Public records are published only once a named person has previewed their exact text and
 * approved it: the approved text is kept with its SHA-256 (also pinned in the ledger entry),
 * and the public pages serve that text until a new approval replaces it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE publications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      body text NOT NULL,
      sha256 text NOT NULL,
      approved_by uuid NOT NULL REFERENCES people (id),
      approved_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX publications_system ON publications (system_id, approved_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE publications`.execute(db);
}
