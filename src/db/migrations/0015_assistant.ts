import { type Kysely, sql } from 'kysely';

/**
 * The 101 assistant: the force's knowledge base (each article versioned, owned, approved
 * through the ledger), conversations with the public (transcripts sealed, kept until a
 * retention date), crime reports a victim may ask about (the check details held as keyed
 * hashes), lost property reports taken in the chat, and handlers' flags on wrong answers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE assistant_articles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      slug text NOT NULL,
      version integer NOT NULL,
      topic text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('answer', 'service', 'signpost')),
      owner_id uuid NOT NULL REFERENCES people (id),
      review_on date NOT NULL,
      content jsonb NOT NULL,
      content_sha256 text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'retired')),
      created_by uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      approved_by uuid REFERENCES people (id),
      approved_at timestamptz,
      UNIQUE (force_id, slug, version)
    );
    CREATE INDEX assistant_articles_live ON assistant_articles (force_id, status);

    CREATE TABLE assistant_conversations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      system_id uuid NOT NULL REFERENCES ai_systems (id),
      reference text NOT NULL UNIQUE,
      token_sha256 text NOT NULL,
      lang text NOT NULL,
      status text NOT NULL DEFAULT 'assistant' CHECK (status IN ('assistant', 'waiting', 'with-person', 'closed')),
      route text NOT NULL DEFAULT 'routine' CHECK (route IN ('routine', 'human', 'urgent', 'emergency')),
      queue text CHECK (queue IN ('emergency', 'priority', 'person', 'interpreter')),
      interpreter text,
      queued_at timestamptz,
      taken_by uuid REFERENCES people (id),
      taken_at timestamptz,
      turns integer NOT NULL DEFAULT 0,
      transcript_encrypted bytea NOT NULL,
      state_encrypted bytea NOT NULL,
      notes_encrypted bytea,
      outcome text,
      rating integer CHECK (rating BETWEEN 1 AND 5),
      handed_over boolean NOT NULL DEFAULT false,
      last_run_id uuid REFERENCES runs (id),
      retain_until timestamptz NOT NULL,
      purged_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    );
    CREATE INDEX assistant_conversations_queue ON assistant_conversations (force_id, status, queued_at);

    CREATE TABLE assistant_crime_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      reference text NOT NULL,
      check_hmac text NOT NULL,
      update_encrypted bytea NOT NULL,
      failed_checks integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (force_id, reference)
    );

    CREATE TABLE assistant_lost_property (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      conversation_id uuid NOT NULL REFERENCES assistant_conversations (id),
      reference text NOT NULL UNIQUE,
      details_encrypted bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE assistant_answer_flags (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer NOT NULL REFERENCES forces (id),
      conversation_id uuid NOT NULL REFERENCES assistant_conversations (id),
      article_id uuid NOT NULL REFERENCES assistant_articles (id),
      owner_id uuid NOT NULL REFERENCES people (id),
      note text NOT NULL,
      flagged_by uuid NOT NULL REFERENCES people (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE assistant_answer_flags; DROP TABLE assistant_lost_property;
    DROP TABLE assistant_crime_reports; DROP TABLE assistant_conversations; DROP TABLE assistant_articles;
  `.execute(db);
}
