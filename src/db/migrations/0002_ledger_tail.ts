import { type Kysely, sql } from 'kysely';

/**
 * One round trip to prepare an append: takes the ledger's append lock for this transaction and
 * returns the next sequence number, the previous entry hash, and the stored sibling hashes the
 * new leaf completes (one per trailing 1 bit of its index, lowest level first).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION bluelamp_ledger_tail(OUT next_seq bigint, OUT prev_hash bytea, OUT siblings bytea[])
    LANGUAGE plpgsql AS $$
    DECLARE
      i bigint;
      lvl integer := 0;
      h bytea;
    BEGIN
      PERFORM pg_advisory_xact_lock(7411001);
      SELECT e.seq + 1, e.entry_hash INTO next_seq, prev_hash FROM ledger_entries e ORDER BY e.seq DESC LIMIT 1;
      IF next_seq IS NULL THEN
        next_seq := 0;
      END IF;
      siblings := '{}';
      i := next_seq;
      WHILE i % 2 = 1 LOOP
        SELECT n.hash INTO h FROM ledger_nodes n WHERE n.level = lvl AND n.idx = i - 1;
        IF h IS NULL THEN
          RAISE EXCEPTION 'ledger node (level %, index %) is missing', lvl, i - 1;
        END IF;
        siblings := siblings || h;
        i := (i - 1) / 2;
        lvl := lvl + 1;
      END LOOP;
    END;
    $$;
  `.execute(db);
}
