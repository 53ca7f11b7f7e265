import { type Kysely, sql } from 'kysely';

/**
 * Decisions can say no: a refusal of an approval or authorisation is kept with its reasons and
 * its effect on the system's stage; what the chief constable authorised (module settings and the
 * module's declared scope) is pinned by hash; administrators invite people and deactivate them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE refusals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      kind text NOT NULL,
      reasons text NOT NULL,
      redo jsonb NOT NULL,
      from_stage text NOT NULL,
      to_stage text NOT NULL,
      actor_id uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX refusals_system ON refusals (system_id, created_at);

    CREATE TABLE authorised_scopes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      module_id text,
      settings jsonb NOT NULL,
      scope jsonb NOT NULL,
      hash text NOT NULL,
      evidence_version integer NOT NULL,
      authorised_by uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX authorised_scopes_system ON authorised_scopes (system_id, created_at);

  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE authorised_scopes;
    DROP TABLE refusals;
  `.execute(db);
}
