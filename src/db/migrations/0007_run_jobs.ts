import { type Kysely, sql } from 'kysely';

/**
 * Runs become jobs: a run is recorded `queued` before any module code runs, a worker moves it to
 * `running` and on to review, release or `failed` with a reason; progress is kept on the row.
 * One review and one decision per run are enforced by the database, and a person's team and area
 * in a force (used for trial scope) are held on their posting, set by the administrator.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE runs ALTER COLUMN output DROP NOT NULL;
    ALTER TABLE runs ALTER COLUMN explanation DROP NOT NULL;
    ALTER TABLE runs ALTER COLUMN duration_ms DROP NOT NULL;
    ALTER TABLE runs ALTER COLUMN cpu_ms DROP NOT NULL;
    ALTER TABLE runs ALTER COLUMN energy_wh DROP NOT NULL;
    ALTER TABLE runs ALTER COLUMN co2e_g DROP NOT NULL;
    ALTER TABLE runs DROP CONSTRAINT IF EXISTS runs_status_check;
    ALTER TABLE runs ADD CONSTRAINT runs_status_check CHECK (status IN (
      'queued', 'running', 'awaiting_review', 'awaiting_decision', 'released', 'rejected', 'failed'));
    ALTER TABLE runs ADD COLUMN progress real NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN progress_stage text;
    ALTER TABLE runs ADD COLUMN failure_reason text;
    ALTER TABLE runs ADD COLUMN attempts integer NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN started_at timestamptz;
    ALTER TABLE runs ADD COLUMN finished_at timestamptz;
    ALTER TABLE runs ADD COLUMN heartbeat_at timestamptz;
    ALTER TABLE runs ADD COLUMN team text;
    ALTER TABLE runs ADD COLUMN area text;
    CREATE INDEX runs_queued ON runs (status) WHERE status IN ('queued', 'running');

    CREATE UNIQUE INDEX reviews_one_per_run ON reviews (run_id);
    CREATE UNIQUE INDEX run_decisions_one_decision ON run_decisions (run_id) WHERE kind = 'decision';

    CREATE TABLE postings (
      person_id uuid NOT NULL REFERENCES people (id),
      force_id integer NOT NULL REFERENCES forces (id),
      team text,
      area text,
      set_by uuid REFERENCES people (id),
      set_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_id, force_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE postings;
    DROP INDEX run_decisions_one_decision;
    DROP INDEX reviews_one_per_run;
    DROP INDEX runs_queued;
    ALTER TABLE runs DROP COLUMN area, DROP COLUMN team, DROP COLUMN finished_at, DROP COLUMN heartbeat_at, DROP COLUMN started_at,
      DROP COLUMN attempts, DROP COLUMN failure_reason, DROP COLUMN progress_stage, DROP COLUMN progress;
  `.execute(db);
}
