import { type Kysely, sql } from 'kysely';

/**
 * 101 contacts under triage: each contact's transcript (sealed), its route (which only rises),
 * its place in the handlers' queue, and handlers' flags on triage decisions (a miss opens an
 * incident).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE triage_contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      reference text NOT NULL UNIQUE,
      created_by uuid NOT NULL REFERENCES people (id),
      lang text,
      route text NOT NULL DEFAULT 'routine' CHECK (route IN ('routine', 'human', 'urgent', 'emergency')),
      topic text,
      interpreter text,
      turns integer NOT NULL DEFAULT 0,
      transcript_encrypted bytea NOT NULL,
      reasons_encrypted bytea,
      last_run_id uuid REFERENCES runs (id),
      queued_at timestamptz,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'closed')),
      taken_by uuid REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX triage_contacts_queue ON triage_contacts (force_id, status, queued_at) WHERE queued_at IS NOT NULL;

    CREATE TABLE triage_flags (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      contact_id uuid NOT NULL REFERENCES triage_contacts (id),
      run_id uuid REFERENCES runs (id),
      kind text NOT NULL CHECK (kind IN ('missed', 'false_alarm')),
      should_be text CHECK (should_be IN ('human', 'urgent', 'emergency')),
      note text NOT NULL,
      flagged_by uuid NOT NULL REFERENCES people (id),
      incident_id uuid REFERENCES incidents (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX triage_flags_one_per_contact ON triage_flags (contact_id, kind);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE triage_flags; DROP TABLE triage_contacts;`.execute(db);
}
