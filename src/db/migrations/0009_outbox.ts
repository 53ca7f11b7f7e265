import { type Kysely, sql } from 'kysely';

/**
 * Forces are public only once onboarded (set up with an administrator); e-mail waits in an
 * outbox (recipient and body encrypted) until the mail worker sends it; a form post is accepted
 * once per one-time token, and a repeat is sent to the first answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE forces ADD COLUMN onboarded_at timestamptz;
    UPDATE forces SET onboarded_at = now()
      WHERE id IN (SELECT force_id FROM role_assignments WHERE role = 'admin' AND revoked_at IS NULL);

    CREATE TABLE outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      force_id integer REFERENCES forces (id),
      kind text NOT NULL,
      subject_id text NOT NULL,
      recipient_encrypted bytea,
      subject text NOT NULL,
      body_encrypted bytea,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';

    CREATE TABLE form_submissions (
      owner text NOT NULL,
      token text NOT NULL,
      target text NOT NULL,
      result_url text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (owner, token, target)
    );
    CREATE INDEX form_submissions_created ON form_submissions (created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE form_submissions;
    DROP TABLE outbox;
    ALTER TABLE forces DROP COLUMN onboarded_at;
  `.execute(db);
}
