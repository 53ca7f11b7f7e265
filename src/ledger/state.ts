import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { RUN_TRANSITIONS } from '../oversight/run-states.ts';

/** A governed row that does not match what the ledger says of it. */
export interface StateDisagreement {
  table: 'ai_systems' | 'runs';
  id: string;
  reference: string | null;
  field: string;
  /** What the ledger's entries lead to (null: the ledger never recorded it). */
  ledger: string | null;
  /** What the table holds (null: no such row). */
  stored: string | null;
  /** The ledger entry that last set the value. */
  seq: number | null;
}

export interface StateResult {
  systems: number;
  runs: number;
  disagreements: StateDisagreement[];
}

/** Run actions that lead to one status whatever their payload says. */
const RUN_ACTION_TO = new Map(
  [...new Set(RUN_TRANSITIONS.map((t) => t.action))].flatMap((action) => {
    const targets = new Set(RUN_TRANSITIONS.filter((t) => t.action === action).map((t) => t.to));
    return targets.size === 1 ? [[action, [...targets][0]!] as const] : [];
  }),
);

const BATCH = 5000;

/**
 * Replays the ledger and compares the governed tables with it: each AI system's stage (set when
 * registered, then by every entry on the system that records where it went, `to`) and each run's
 * status (recorded when created and at every move). Names every disagreement: a changed value,
 * a row the ledger never recorded, and a recorded subject whose row is gone.
 */
export async function verifyState(db: Kysely<DB>): Promise<StateResult> {
  const stages = new Map<string, { value: string; seq: number }>();
  const statuses = new Map<string, { value: string; seq: number }>();
  for (let after = -1; ; ) {
    const rows = await sql<{
      seq: string | number;
      action: string;
      subject_type: string;
      subject_id: string;
      to: string | null;
      status: string | null;
    }>`
      SELECT seq, action, subject_type, subject_id, payload->>'to' AS to, payload->>'status' AS status
      FROM ledger_entries
      WHERE seq > ${after} AND subject_type IN ('ai-system', 'run')
      ORDER BY seq LIMIT ${BATCH}
    `.execute(db);
    if (rows.rows.length === 0) break;
    for (const r of rows.rows) {
      const seq = Number(r.seq);
      if (r.subject_type === 'ai-system') {
        if (r.action === 'system.registered') stages.set(r.subject_id, { value: 'horizon', seq });
        else if (r.action.startsWith('system.') && r.to) stages.set(r.subject_id, { value: r.to, seq });
      } else {
        const to = r.status ?? RUN_ACTION_TO.get(r.action);
        if (to) statuses.set(r.subject_id, { value: to, seq });
      }
    }
    after = Number(rows.rows[rows.rows.length - 1]!.seq);
  }

  const disagreements: StateDisagreement[] = [];
  const compare = (
    table: StateDisagreement['table'],
    field: string,
    rows: Array<{ id: string; reference: string | null; value: string }>,
    ledger: Map<string, { value: string; seq: number }>,
  ) => {
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const said = ledger.get(row.id);
      if (said?.value !== row.value) {
        disagreements.push({
          table,
          id: row.id,
          reference: row.reference,
          field,
          ledger: said?.value ?? null,
          stored: row.value,
          seq: said?.seq ?? null,
        });
      }
    }
    for (const [id, said] of ledger) {
      if (!seen.has(id))
        disagreements.push({
          table,
          id,
          reference: null,
          field,
          ledger: said.value,
          stored: null,
          seq: said.seq,
        });
    }
  };
  const systems = await db.selectFrom('ai_systems').select(['id', 'reference', 'stage as value']).execute();
  compare('ai_systems', 'stage', systems, stages);
  const runs = await db.selectFrom('runs').select(['id', 'reference', 'status as value']).execute();
  compare('runs', 'status', runs, statuses);
  return { systems: systems.length, runs: runs.length, disagreements };
}

/** One line naming a disagreement. */
export function describeDisagreement(d: StateDisagreement): string {
  const what = `${d.table === 'ai_systems' ? 'AI system' : 'run'} ${d.reference ?? d.id}`;
  if (d.stored === null)
    return `${what}: recorded in the ledger (entry ${d.seq}) but missing from ${d.table}`;
  if (d.ledger === null)
    return `${what}: ${d.field} is ${d.stored} in ${d.table}, but the ledger never recorded it`;
  return `${what}: ${d.field} is ${d.stored} in ${d.table}, but the ledger says ${d.ledger} (entry ${d.seq})`;
}
