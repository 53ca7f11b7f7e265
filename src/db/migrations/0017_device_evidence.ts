import { type Kysely, sql } from 'kysely';

/**
 * Device evidence: the authorisation recorded before a device's data is read (the case, the
 * device and whose it is, the purpose, the period and kinds of data, who authorised it), the
 * extractions imported under it (sealed with a data key of their own, itself sealed with the
 * service key, so destroying that one key at the end of retention makes the extraction
 * unreadable), the images found in them (by PDQ hash, the image and a blurred preview sealed),
 * the force's known-image hash lists, the reveals of third parties, and views of images.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE device_authorisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      device_encrypted bytea NOT NULL,
      owner_encrypted bytea NOT NULL,
      owner_role text NOT NULL CHECK (owner_role IN ('suspect', 'victim', 'witness', 'other')),
      purpose_encrypted bytea NOT NULL,
      period_from date NOT NULL,
      period_to date NOT NULL,
      kinds text[] NOT NULL,
      authorised_by uuid NOT NULL REFERENCES people (id),
      retain_until date NOT NULL,
      recorded_by uuid NOT NULL REFERENCES people (id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CHECK (period_from <= period_to)
    );
    CREATE INDEX device_authorisations_case ON device_authorisations (case_id, recorded_at);

    CREATE TABLE device_extractions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      authorisation_id uuid NOT NULL REFERENCES device_authorisations (id),
      key_sealed bytea,
      content_sealed bytea,
      records integer NOT NULL,
      images integer NOT NULL,
      excluded jsonb NOT NULL,
      files jsonb NOT NULL,
      imported_by uuid NOT NULL REFERENCES people (id),
      imported_at timestamptz NOT NULL DEFAULT now(),
      destroyed_at timestamptz,
      CHECK ((destroyed_at IS NULL) = (key_sealed IS NOT NULL))
    );
    CREATE INDEX device_extractions_authorisation ON device_extractions (authorisation_id, imported_at);

    CREATE TABLE device_images (
      extraction_id uuid NOT NULL REFERENCES device_extractions (id),
      record_id text NOT NULL,
      pdq text NOT NULL,
      quality integer NOT NULL,
      sha256 text NOT NULL,
      matches jsonb NOT NULL,
      image_sealed bytea,
      preview_sealed bytea,
      PRIMARY KEY (extraction_id, record_id)
    );

    CREATE TABLE hash_lists (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      name text NOT NULL,
      source text NOT NULL,
      hashes integer NOT NULL,
      sha256 text NOT NULL,
      loaded_by uuid NOT NULL REFERENCES people (id),
      loaded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (force_id, name)
    );
    CREATE TABLE hash_list_entries (
      list_id uuid NOT NULL REFERENCES hash_lists (id) ON DELETE CASCADE,
      pdq text NOT NULL,
      label text
    );
    CREATE INDEX hash_list_entries_list ON hash_list_entries (list_id);

    CREATE TABLE device_reveals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      extraction_id uuid NOT NULL REFERENCES device_extractions (id),
      contact integer NOT NULL,
      justification_encrypted bytea NOT NULL,
      revealed_by uuid NOT NULL REFERENCES people (id),
      revealed_at timestamptz NOT NULL DEFAULT now(),
      review text NOT NULL DEFAULT 'pending' CHECK (review IN ('pending', 'upheld', 'withdrawn')),
      reviewed_by uuid REFERENCES people (id),
      reviewed_at timestamptz,
      review_note text,
      UNIQUE (extraction_id, contact)
    );
    CREATE INDEX device_reveals_case ON device_reveals (case_id, revealed_at);

    CREATE TABLE device_analyses (
      run_id uuid PRIMARY KEY REFERENCES runs (id),
      extraction_id uuid NOT NULL REFERENCES device_extractions (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX device_analyses_extraction ON device_analyses (extraction_id, created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE device_analyses;
    DROP TABLE device_reveals;
    DROP TABLE hash_list_entries;
    DROP TABLE hash_lists;
    DROP TABLE device_images;
    DROP TABLE device_extractions;
    DROP TABLE device_authorisations;
  `.execute(db);
}
