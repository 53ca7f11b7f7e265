import { type Kysely, sql } from 'kysely';

/**
 * Case files: a force's cases, the officers with access to each (investigators and their
 * supervisors), the documents uploaded to them (the original file and its text sealed, the
 * search index holding keyed hashes of word stems and identifiers, never the words), every
 * opening of a document or output, the POLE analyses run over a case, and officers' splits of
 * wrong merges in its entity index. Runs and reviews gain sealed outputs, for modules whose
 * outputs are themselves personal data (a case's names, numbers and quoted sentences).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      reference text NOT NULL,
      title_encrypted bytea NOT NULL,
      review_on date NOT NULL,
      created_by uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (force_id, reference)
    );

    CREATE TABLE case_members (
      case_id uuid NOT NULL REFERENCES cases (id),
      person_id uuid NOT NULL REFERENCES people (id),
      role text NOT NULL CHECK (role IN ('investigator', 'supervisor')),
      added_by uuid NOT NULL REFERENCES people (id),
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, person_id)
    );
    CREATE INDEX case_members_person ON case_members (person_id);

    CREATE TABLE case_documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      position integer NOT NULL,
      upload_id uuid NOT NULL,
      name_encrypted bytea NOT NULL,
      kind text NOT NULL CHECK (kind IN ('text', 'docx', 'pdf', 'eml', 'csv')),
      status text NOT NULL CHECK (status IN ('ok', 'no-text-layer')),
      size_bytes integer NOT NULL,
      sha256 text NOT NULL,
      original_encrypted bytea NOT NULL,
      text_encrypted bytea NOT NULL,
      document_date timestamptz,
      pages integer,
      search_terms tsvector NOT NULL,
      uploaded_by uuid NOT NULL REFERENCES people (id),
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (case_id, position)
    );
    CREATE INDEX case_documents_search ON case_documents USING gin (search_terms);

    CREATE TABLE case_access_log (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases (id),
      person_id uuid NOT NULL REFERENCES people (id),
      action text NOT NULL,
      subject text,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX case_access_log_case ON case_access_log (case_id, at);

    CREATE TABLE case_analyses (
      case_id uuid NOT NULL REFERENCES cases (id),
      run_id uuid NOT NULL REFERENCES runs (id) PRIMARY KEY,
      documents integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX case_analyses_case ON case_analyses (case_id, created_at);

    CREATE TABLE case_entity_splits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      entity_key text NOT NULL,
      mentions jsonb NOT NULL,
      reason text NOT NULL,
      split_by uuid NOT NULL REFERENCES people (id),
      split_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE runs ADD COLUMN output_encrypted bytea;
    ALTER TABLE reviews ADD COLUMN amended_output_encrypted bytea;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE reviews DROP COLUMN amended_output_encrypted;
    ALTER TABLE runs DROP COLUMN output_encrypted;
    DROP TABLE case_entity_splits;
    DROP TABLE case_analyses;
    DROP TABLE case_access_log;
    DROP TABLE case_documents;
    DROP TABLE case_members;
    DROP TABLE cases;
  `.execute(db);
}
