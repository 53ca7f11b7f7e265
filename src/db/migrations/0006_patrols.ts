import { type Kysely, sql } from 'kysely';

/**
 * Patrol dosage: the patrol minutes recorded against a released hot spot forecast, per cell of
 * the forecast's grid and patrol date (or period). Rows of one upload share a batch id; each batch
 * has one ledger entry. No officer is named: only who recorded the batch. Recorded patrols are
 * not changed or deleted: a correction is a new batch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE patrol_dosage (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      run_id uuid NOT NULL REFERENCES runs (id),
      run_reference text NOT NULL,
      patrol_from date NOT NULL,
      patrol_to date NOT NULL,
      cell integer NOT NULL CHECK (cell >= 0),
      easting numeric,
      northing numeric,
      minutes numeric NOT NULL CHECK (minutes > 0),
      recorded_by uuid NOT NULL REFERENCES people (id),
      batch_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (patrol_to >= patrol_from)
    );
    CREATE INDEX patrol_dosage_run ON patrol_dosage (run_id, cell);
    CREATE INDEX patrol_dosage_system ON patrol_dosage (system_id, patrol_from);
    CREATE INDEX patrol_dosage_batch ON patrol_dosage (batch_id);
    CREATE TRIGGER patrol_dosage_no_update_delete BEFORE UPDATE OR DELETE ON patrol_dosage
      FOR EACH ROW EXECUTE FUNCTION bluelamp_refuse_change();
  `.execute(db);
}
