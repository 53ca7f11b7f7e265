import { type Kysely, sql } from 'kysely';

/** The AI register: systems, their evidence forms (versioned), approvals, horizon scanning. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE ai_systems (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      reference text NOT NULL UNIQUE,
      name text NOT NULL,
      description text NOT NULL,
      use_case text NOT NULL,
      capability text NOT NULL,
      purpose text NOT NULL,
      expected_benefits jsonb NOT NULL,
      expected_minutes_saved numeric NOT NULL DEFAULT 0,
      supplier jsonb NOT NULL,
      processing jsonb NOT NULL,
      model jsonb NOT NULL,
      training_data jsonb NOT NULL,
      affected_groups jsonb NOT NULL,
      project_lead_id uuid REFERENCES people (id),
      product_manager_id uuid REFERENCES people (id),
      stage text NOT NULL,
      previous_stage text,
      stage_entered_at timestamptz NOT NULL DEFAULT now(),
      suspended_at timestamptz,
      catalogue_entry_id uuid REFERENCES ai_systems (id),
      module_id text,
      module_settings jsonb NOT NULL DEFAULT '{}',
      created_by uuid REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ai_systems_force_stage ON ai_systems (force_id, stage);
    CREATE INDEX ai_systems_catalogue ON ai_systems (catalogue_entry_id);

    CREATE TABLE system_overseers (
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      person_id uuid NOT NULL REFERENCES people (id),
      force_id integer NOT NULL REFERENCES forces (id),
      PRIMARY KEY (system_id, person_id)
    );

    CREATE TABLE evidence (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      kind text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      data jsonb NOT NULL,
      hash text NOT NULL,
      author_id uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (system_id, kind, version)
    );

    CREATE TABLE approvals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      evidence_id uuid NOT NULL REFERENCES evidence (id),
      hash text NOT NULL,
      approver_id uuid NOT NULL REFERENCES people (id),
      decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
      reasons text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX approvals_evidence ON approvals (evidence_id);

    CREATE TABLE stage_transitions (
      id bigserial PRIMARY KEY,
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      action text NOT NULL,
      from_stage text NOT NULL,
      to_stage text NOT NULL,
      actor_id uuid REFERENCES people (id),
      reasons text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX stage_transitions_system ON stage_transitions (system_id, id);

    CREATE TABLE horizon_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      title text NOT NULL,
      description text NOT NULL,
      source text NOT NULL,
      status text NOT NULL DEFAULT 'watching' CHECK (status IN ('watching', 'promoted', 'dismissed')),
      system_id uuid REFERENCES ai_systems (id),
      created_by uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX horizon_items_force ON horizon_items (force_id, created_at);
  `.execute(db);
}
