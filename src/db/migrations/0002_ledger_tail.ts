import { type Kysely, sql } from 'kysely';

/**
 * Appending to the ledger in the database, under one lock, so an append is one round trip.
 *
 * `bluelamp_ledger_append` takes the append lock for the transaction, reads the last entry,
 * computes body = seq (8 bytes big-endian) || previous hash || canonical content, stores the
 * entry with entry_hash = SHA-256(body), the leaf SHA-256(0x00 || body), and every parent
 * node the leaf completes, SHA-256(0x01 || left || right) (RFC 9162 section 2.1.1). The
 * canonical content is computed by the caller (src/ledger/model.ts, `contentBytes`), which
 * also recomputes all of this to verify.
 *
 * `bluelamp_ledger_tail` takes the same lock and returns the next sequence number and the
 * previous hash, for batch appends computed by the caller.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION bluelamp_ledger_tail(OUT next_seq bigint, OUT prev_hash bytea)
    LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(7411001);
      SELECT e.seq + 1, e.entry_hash INTO next_seq, prev_hash FROM ledger_entries e ORDER BY e.seq DESC LIMIT 1;
      IF next_seq IS NULL THEN
        next_seq := 0;
        prev_hash := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
      END IF;
    END;
    $$;

    CREATE FUNCTION bluelamp_ledger_append(
      p_force integer, p_at timestamptz, p_actor uuid, p_action text, p_subject_type text,
      p_subject_id text, p_payload jsonb, p_content bytea
    ) RETURNS bigint
    LANGUAGE plpgsql AS $$
    DECLARE
      n bigint;
      prev bytea;
      body bytea;
      node bytea;
      sibling bytea;
      i bigint;
      lvl integer := 0;
    BEGIN
      SELECT t.next_seq, t.prev_hash INTO n, prev FROM bluelamp_ledger_tail() t;
      body := int8send(n) || prev || p_content;
      node := sha256('\\x00'::bytea || body);
      INSERT INTO ledger_entries (seq, force_id, at, actor_id, action, subject_type, subject_id, payload, prev_hash, entry_hash)
        VALUES (n, p_force, p_at, p_actor, p_action, p_subject_type, p_subject_id, p_payload, prev, sha256(body));
      INSERT INTO ledger_nodes (level, idx, hash) VALUES (0, n, node);
      i := n;
      WHILE i % 2 = 1 LOOP
        SELECT x.hash INTO sibling FROM ledger_nodes x WHERE x.level = lvl AND x.idx = i - 1;
        IF sibling IS NULL THEN
          RAISE EXCEPTION 'ledger node (level %, index %) is missing', lvl, i - 1;
        END IF;
        node := sha256('\\x01'::bytea || sibling || node);
        i := (i - 1) / 2;
        lvl := lvl + 1;
        INSERT INTO ledger_nodes (level, idx, hash) VALUES (lvl, i, node);
      END LOOP;
      RETURN n;
    END;
    $$;
  `.execute(db);
}
