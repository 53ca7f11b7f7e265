import { type Kysely, sql } from 'kysely';

/** Runtime oversight: runs, reviews, decisions, outcomes, alerts, incidents, challenges, time saved. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      reference text NOT NULL UNIQUE,
      actor_id uuid NOT NULL REFERENCES people (id),
      purpose text NOT NULL,
      case_reference_encrypted bytea,
      input_fingerprint text NOT NULL,
      input_encrypted bytea,
      input jsonb,
      output jsonb NOT NULL,
      explanation text NOT NULL,
      module_id text NOT NULL,
      module_version text NOT NULL,
      settings jsonb NOT NULL,
      duration_ms numeric NOT NULL,
      cpu_ms numeric NOT NULL,
      energy_wh numeric NOT NULL,
      co2e_g numeric NOT NULL,
      minutes_saved numeric NOT NULL,
      review_mode text NOT NULL CHECK (review_mode IN ('every', 'sampled')),
      needs_review boolean NOT NULL,
      risky boolean NOT NULL DEFAULT false,
      decision_maker_id uuid REFERENCES people (id),
      status text NOT NULL CHECK (status IN ('awaiting_review', 'released', 'rejected', 'awaiting_decision')),
      monitored jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz
    );
    CREATE INDEX runs_system ON runs (system_id, created_at);
    CREATE INDEX runs_force_status ON runs (force_id, status);

    CREATE TABLE review_views (
      run_id uuid NOT NULL REFERENCES runs (id),
      reviewer_id uuid NOT NULL REFERENCES people (id),
      opened_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, reviewer_id)
    );

    CREATE TABLE reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      run_id uuid NOT NULL REFERENCES runs (id),
      reviewer_id uuid NOT NULL REFERENCES people (id),
      decision text NOT NULL CHECK (decision IN ('accepted', 'amended', 'rejected')),
      reasons text NOT NULL,
      amended_output jsonb,
      seconds_spent numeric NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX reviews_system ON reviews (system_id, created_at);
    CREATE INDEX reviews_reviewer ON reviews (reviewer_id, created_at);

    CREATE TABLE run_decisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      run_id uuid NOT NULL REFERENCES runs (id),
      person_id uuid NOT NULL REFERENCES people (id),
      kind text NOT NULL CHECK (kind IN ('decision', 'departure')),
      decision text NOT NULL,
      reasons text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX run_decisions_run ON run_decisions (run_id);

    CREATE TABLE run_refusals (
      id bigserial PRIMARY KEY,
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid REFERENCES ai_systems (id),
      actor_id uuid REFERENCES people (id),
      code text NOT NULL,
      message text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE outcomes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      run_id uuid REFERENCES runs (id),
      observed_at timestamptz NOT NULL,
      grp text,
      metrics jsonb NOT NULL,
      recorded_by uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX outcomes_system ON outcomes (system_id, observed_at);

    CREATE TABLE alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid REFERENCES ai_systems (id),
      kind text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('info', 'warning', 'severe')),
      message text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      acknowledged_by uuid REFERENCES people (id),
      acknowledged_at timestamptz
    );
    CREATE INDEX alerts_force ON alerts (force_id, created_at);

    CREATE TABLE incidents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid REFERENCES ai_systems (id),
      reference text NOT NULL UNIQUE,
      title text NOT NULL,
      description text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('widespread-harm', 'death', 'serious', 'minor')),
      source text NOT NULL CHECK (source IN ('report', 'monitoring', 'challenge')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'investigating', 'closed')),
      owner_id uuid REFERENCES people (id),
      reported_by uuid REFERENCES people (id),
      deadline_at timestamptz,
      public_summary text,
      closed_by uuid REFERENCES people (id),
      closed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX incidents_force ON incidents (force_id, status);

    CREATE TABLE incident_notes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      incident_id uuid NOT NULL REFERENCES incidents (id),
      author_id uuid NOT NULL REFERENCES people (id),
      kind text NOT NULL CHECK (kind IN ('investigation', 'corrective-action', 'misuse')),
      text text NOT NULL,
      consequence text,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE challenges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid REFERENCES ai_systems (id),
      run_id uuid REFERENCES runs (id),
      reference text NOT NULL UNIQUE,
      description_encrypted bytea NOT NULL,
      contact_encrypted bytea,
      status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'under-review', 'upheld', 'not-upheld')),
      handler_id uuid REFERENCES people (id),
      outcome_reasons text,
      incident_id uuid REFERENCES incidents (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz
    );
    CREATE INDEX challenges_force ON challenges (force_id, status);

    CREATE TABLE time_reinvested (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      period_start date NOT NULL,
      period_end date NOT NULL,
      hours numeric NOT NULL CHECK (hours >= 0),
      category text NOT NULL CHECK (category IN ('frontline', 'community-engagement', 'other')),
      notes text NOT NULL,
      recorded_by uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE ai_systems ADD COLUMN review_mode text NOT NULL DEFAULT 'every' CHECK (review_mode IN ('every', 'sampled'));
    ALTER TABLE ai_systems ADD COLUMN review_sample_rate numeric NOT NULL DEFAULT 0.1;
  `.execute(db);
}
