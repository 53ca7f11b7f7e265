import { type Kysely, sql } from 'kysely';

/**
 * Crime data imported by a force for its hot spot forecasts. The events themselves (exact
 * locations from force systems can identify victims' homes) are kept packed, compressed and
 * encrypted; the other columns describe them without revealing them. Rows never change once
 * written: a newer import supersedes an older one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE crime_imports (
      id uuid PRIMARY KEY,
      force_id integer NOT NULL REFERENCES forces (id),
      title text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('police.uk', 'mapped')),
      file_names jsonb NOT NULL,
      mapping jsonb NOT NULL,
      zip_member text,
      crs text NOT NULL CHECK (crs = 'EPSG:27700'),
      rows_read integer NOT NULL CHECK (rows_read >= 0),
      rows_kept integer NOT NULL CHECK (rows_kept >= 0 AND rows_kept <= rows_read),
      dropped jsonb NOT NULL,
      first_event_at timestamptz NOT NULL,
      last_event_at timestamptz NOT NULL,
      categories jsonb NOT NULL,
      events_sha256 text NOT NULL,
      events_encrypted bytea NOT NULL,
      created_by uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX crime_imports_force ON crime_imports (force_id, created_at);
    CREATE TRIGGER crime_imports_no_update BEFORE UPDATE ON crime_imports
      FOR EACH ROW EXECUTE FUNCTION bluelamp_refuse_change();
  `.execute(db);
}
