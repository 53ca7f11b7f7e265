import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { RUN_TRANSITIONS } from '../oversight/run-states.ts';

/** A governed row that does not match what the ledger says of it. */
export interface StateDisagreement {
  table: 'ai_systems' | 'runs' | 'evidence' | 'approvals';
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
  evidence: number;
  approvals: number;
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
 * registered, then by every entry on the system that records where it went, `to`), each run's
 * status (recorded when created and at every move), each evidence version's hash and how many
 * approvals and rejections each version had. Names every disagreement: a changed value,
 * a row the ledger never recorded, and a recorded subject whose row is gone.
 */
export async function verifyState(db: Kysely<DB>): Promise<StateResult> {
  const stages = new Map<string, { value: string; seq: number }>();
  const statuses = new Map<string, { value: string; seq: number }>();
  const versions = new Map<string, { value: string; seq: number }>();
  const reviews = new Map<string, { value: string; seq: number }>();
  for (let after = -1; ; ) {
    const rows = await sql<{
      seq: string | number;
      action: string;
      subject_type: string;
      subject_id: string;
      to: string | null;
      status: string | null;
      kind: string | null;
      version: string | null;
      hash: string | null;
    }>`
      SELECT seq, action, subject_type, subject_id, payload->>'to' AS to, payload->>'status' AS status,
        payload->>'kind' AS kind, payload->>'version' AS version, payload->>'hash' AS hash
      FROM ledger_entries
      WHERE seq > ${after} AND subject_type IN ('ai-system', 'run')
      ORDER BY seq LIMIT ${BATCH}
    `.execute(db);
    if (rows.rows.length === 0) break;
    for (const r of rows.rows) {
      const seq = Number(r.seq);
      if (r.subject_type === 'ai-system') {
        const form = `${r.subject_id}/${r.kind}/v${r.version}`;
        if (r.action === 'evidence.submitted') versions.set(form, { value: r.hash ?? '', seq });
        else if (r.action === 'evidence.approved' || r.action === 'evidence.rejected') {
          const key = `${form}/${r.action === 'evidence.approved' ? 'approved' : 'rejected'}`;
          reviews.set(key, { value: String(Number(reviews.get(key)?.value ?? 0) + 1), seq });
        } else if (r.action === 'system.registered') stages.set(r.subject_id, { value: 'horizon', seq });
        else if (r.action.startsWith('system.') && r.to) stages.set(r.subject_id, { value: r.to, seq });
      } else {
        const to = r.status ?? RUN_ACTION_TO.get(r.action);
        if (to) statuses.set(r.subject_id, { value: to, seq });
      }
    }
    after = Number(rows.rows[rows.rows.length - 1]!.seq);
  }

  const disagreements: StateDisagreement[] = [];
  const references = new Map<string, string>();
  /** A form key `system/kind/vN[/decision]` with the system's reference, when it still exists. */
  const nameOf = (id: string) => {
    const [system, ...rest] = id.split('/');
    const reference = references.get(system!);
    return reference && rest.length ? [reference, ...rest].join(' ') : null;
  };
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
          reference: nameOf(id),
          field,
          ledger: said.value,
          stored: null,
          seq: said.seq,
        });
    }
  };
  const systems = await db.selectFrom('ai_systems').select(['id', 'reference', 'stage as value']).execute();
  for (const system of systems) references.set(system.id, system.reference);
  compare('ai_systems', 'stage', systems, stages);
  const runs = await db.selectFrom('runs').select(['id', 'reference', 'status as value']).execute();
  compare('runs', 'status', runs, statuses);
  const evidence = await db
    .selectFrom('evidence as e')
    .innerJoin('ai_systems as s', 's.id', 'e.system_id')
    .select(['e.system_id', 's.reference', 'e.kind', 'e.version', 'e.hash'])
    .execute();
  compare(
    'evidence',
    'hash',
    evidence.map((e) => ({
      id: `${e.system_id}/${e.kind}/v${e.version}`,
      reference: `${e.reference} ${e.kind} v${e.version}`,
      value: e.hash,
    })),
    versions,
  );
  const approvals = await db
    .selectFrom('approvals as a')
    .innerJoin('evidence as e', 'e.id', 'a.evidence_id')
    .innerJoin('ai_systems as s', 's.id', 'e.system_id')
    .select((eb) => [
      'e.system_id',
      's.reference',
      'e.kind',
      'e.version',
      'a.decision',
      eb.fn.countAll<string>().as('n'),
    ])
    .groupBy(['e.system_id', 's.reference', 'e.kind', 'e.version', 'a.decision'])
    .execute();
  compare(
    'approvals',
    'count',
    approvals.map((a) => ({
      id: `${a.system_id}/${a.kind}/v${a.version}/${a.decision}`,
      reference: `${a.reference} ${a.kind} v${a.version} ${a.decision}`,
      value: String(Number(a.n)),
    })),
    reviews,
  );
  return {
    systems: systems.length,
    runs: runs.length,
    evidence: evidence.length,
    approvals: approvals.reduce((n, a) => n + Number(a.n), 0),
    disagreements,
  };
}

/** One line naming a disagreement. */
export function describeDisagreement(d: StateDisagreement): string {
  const label = { ai_systems: 'AI system', runs: 'run', evidence: 'evidence', approvals: 'reviews of' }[
    d.table
  ];
  const what = `${label} ${d.reference ?? d.id}`;
  if (d.stored === null)
    return `${what}: recorded in the ledger (entry ${d.seq}) but missing from ${d.table}`;
  if (d.ledger === null)
    return `${what}: ${d.field} is ${d.stored} in ${d.table}, but the ledger never recorded it`;
  return `${what}: ${d.field} is ${d.stored} in ${d.table}, but the ledger says ${d.ledger} (entry ${d.seq})`;
}
