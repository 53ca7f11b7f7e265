import { type Kysely, sql } from 'kysely';
import { ALL_TENANTS } from '../../identity/forces.ts';

/** Tenants, people, roles, sessions, and the append-only ledger. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE forces (
      id serial PRIMARY KEY,
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('territorial', 'special', 'national', 'demo'))
    );

    CREATE TABLE people (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      name text NOT NULL,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    );
    CREATE UNIQUE INDEX people_email_key ON people (lower(email));

    CREATE TABLE role_assignments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people (id),
      force_id integer NOT NULL REFERENCES forces (id),
      role text NOT NULL,
      granted_at timestamptz NOT NULL DEFAULT now(),
      granted_by uuid REFERENCES people (id),
      revoked_at timestamptz
    );
    CREATE INDEX role_assignments_person ON role_assignments (person_id, force_id);
    CREATE INDEX role_assignments_force_role ON role_assignments (force_id, role);

    CREATE TABLE sessions (
      id text PRIMARY KEY,
      person_id uuid NOT NULL REFERENCES people (id),
      force_id integer NOT NULL REFERENCES forces (id),
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_person ON sessions (person_id);

    CREATE TABLE sign_in_failures (
      id bigserial PRIMARY KEY,
      email_key text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX sign_in_failures_email ON sign_in_failures (email_key, at);

    CREATE TABLE ledger_entries (
      seq bigint PRIMARY KEY CHECK (seq >= 0),
      force_id integer REFERENCES forces (id),
      at timestamptz NOT NULL,
      actor_id uuid REFERENCES people (id),
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      payload jsonb NOT NULL,
      prev_hash bytea NOT NULL,
      entry_hash bytea NOT NULL
    );
    CREATE INDEX ledger_entries_subject ON ledger_entries (subject_type, subject_id, seq);
    CREATE INDEX ledger_entries_force ON ledger_entries (force_id, seq);

    CREATE TABLE ledger_nodes (
      level smallint NOT NULL,
      idx bigint NOT NULL,
      hash bytea NOT NULL,
      PRIMARY KEY (level, idx)
    );

    CREATE TABLE ledger_tree_heads (
      tree_size bigint PRIMARY KEY,
      root_hash bytea NOT NULL,
      issued_at timestamptz NOT NULL,
      signature bytea NOT NULL,
      public_key text NOT NULL
    );

    CREATE FUNCTION bluelamp_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the % table is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END;
    $$;
  `.execute(db);

  for (const table of ['ledger_entries', 'ledger_nodes', 'ledger_tree_heads']) {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_no_update_delete`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
        FOR EACH ROW EXECUTE FUNCTION bluelamp_refuse_change();
      CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION bluelamp_refuse_change();
    `.execute(db);
  }

  for (const t of ALL_TENANTS) {
    await sql`INSERT INTO forces (slug, name, kind) VALUES (${t.slug}, ${t.name}, ${t.kind})`.execute(db);
  }
}
