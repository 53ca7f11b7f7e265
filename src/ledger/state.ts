import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { RUN_TRANSITIONS } from '../oversight/run-states.ts';
import { recordColumns } from '../register/service.ts';
import { canonicalJson } from './merkle.ts';

/** The governed tables the ledger's entries can be replayed against. */
export const STATE_TABLES = [
  'ai_systems',
  'evidence',
  'approvals',
  'runs',
  'reviews',
  'run_decisions',
  'incidents',
  'challenges',
  'people',
  'role_assignments',
  'postings',
] as const;
export type StateTable = (typeof STATE_TABLES)[number];

/** A governed row that does not match what the ledger says of it. */
export interface StateDisagreement {
  table: StateTable;
  id: string;
  reference: string | null;
  field: string;
  /** What the ledger's entries lead to (null: the ledger never recorded it, or recorded none). */
  ledger: string | null;
  /** What the table holds (null: no such row, or the field is empty). */
  stored: string | null;
  /** The ledger entry that last set the value (null: no entry recorded this row). */
  seq: number | null;
  /** How the row is missing or unrecorded: `missing` (the ledger has it, the table not), `unrecorded`. */
  kind?: 'missing' | 'unrecorded';
}

export interface StateResult {
  /** Rows compared in each table. */
  counts: Record<StateTable, number>;
  disagreements: StateDisagreement[];
}

/** Run actions that lead to one status whatever their payload says. */
const RUN_ACTION_TO = new Map(
  [...new Set(RUN_TRANSITIONS.map((t) => t.action))].flatMap((action) => {
    const targets = new Set(RUN_TRANSITIONS.filter((t) => t.action === action).map((t) => t.to));
    return targets.size === 1 ? [[action, [...targets][0]!] as const] : [];
  }),
);

const REVIEW_ACTIONS = new Set(['run.accepted', 'run.amended', 'run.rejected']);

/**
 * The register record's columns that hold JSON (compared as canonical JSON) and numbers
 * (compared as numbers): the ledger records the record as entered, the table as stored.
 */
const JSON_COLUMNS = new Set([
  'expected_benefits',
  'supplier',
  'processing',
  'model',
  'training_data',
  'affected_groups',
  'module_settings',
]);
const NUMBER_COLUMNS = new Set(['expected_minutes_saved', 'review_sample_rate']);

const BATCH = 5000;

/** A value as compared: null, a string, or canonical JSON for anything else. */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return canonicalJson(value as never);
}

/** A register column's value as compared, from the record's form (`ledger`) or the row. */
function columnText(column: string, value: unknown, from: 'ledger' | 'row'): string | null {
  if (value === null || value === undefined) return null;
  if (NUMBER_COLUMNS.has(column)) return String(Number(value));
  if (JSON_COLUMNS.has(column))
    return text(from === 'ledger' && typeof value === 'string' ? JSON.parse(value) : value);
  return text(value);
}

interface Said {
  value: string | null;
  seq: number;
}

/** What the ledger says of each row: table → row id → field → value. */
class Expected {
  readonly rows = new Map<StateTable, Map<string, Map<string, Said>>>(
    STATE_TABLES.map((t) => [t, new Map()]),
  );

  set(table: StateTable, id: string, field: string, value: string | null, seq: number) {
    const byId = this.rows.get(table)!;
    let fields = byId.get(id);
    if (!fields) {
      fields = new Map();
      byId.set(id, fields);
    }
    fields.set(field, { value, seq });
  }

  get(table: StateTable, id: string, field: string): Said | undefined {
    return this.rows.get(table)!.get(id)?.get(field);
  }
}

interface LedgerRow {
  seq: string | number;
  force_id: number | null;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  payload: Record<string, unknown>;
}

/** Applies one entry to what the ledger says of the governed tables. */
function replay(e: Expected, r: LedgerRow) {
  const seq = Number(r.seq);
  const p = r.payload;
  const id = r.subject_id;
  const str = (v: unknown) => (v === undefined ? null : text(v));
  if (r.subject_type === 'ai-system') {
    const form = `${id}/${p.kind}/v${p.version}`;
    if (r.action === 'evidence.submitted') e.set('evidence', form, 'hash', str(p.hash), seq);
    else if (r.action === 'evidence.approved' || r.action === 'evidence.rejected') {
      const key = `${form}/${r.action === 'evidence.approved' ? 'approved' : 'rejected'}`;
      const n = Number(e.get('approvals', key, 'count')?.value ?? 0);
      e.set('approvals', key, 'count', String(n + 1), seq);
    } else if (r.action === 'system.registered') {
      e.set('ai_systems', id, 'stage', 'horizon', seq);
      e.set('ai_systems', id, 'reference', str(p.reference), seq);
      e.set('ai_systems', id, 'catalogue_entry_id', str(p.catalogueEntryId), seq);
      // Entries before the full record was recorded carry the name and use case only.
      const record = (p.record as Record<string, unknown> | undefined) ?? {
        name: p.name,
        useCase: p.useCase,
      };
      setRecord(e, id, record, seq);
    } else if (r.action === 'system.updated') {
      setRecord(e, id, (p.record ?? {}) as Record<string, unknown>, seq);
    } else if ((r.action.startsWith('system.') || r.action === 'decision.refused') && p.to) {
      e.set('ai_systems', id, 'stage', str(p.to), seq);
      const owner = p.informationAssetOwner as { to?: string } | undefined;
      if (owner?.to) e.set('ai_systems', id, 'product_manager_id', owner.to, seq);
    }
  } else if (r.subject_type === 'run') {
    const to = (p.status as string | undefined) ?? RUN_ACTION_TO.get(r.action);
    if (to) e.set('runs', id, 'status', to, seq);
    if (REVIEW_ACTIONS.has(r.action)) {
      e.set('reviews', id, 'decision', r.action.slice('run.'.length), seq);
      e.set('reviews', id, 'reasons', str(p.reasons), seq);
    } else if (r.action === 'run.decision-recorded') {
      e.set('run_decisions', `${id}/decision`, 'decision', str(p.decision), seq);
      e.set('run_decisions', `${id}/decision`, 'reasons', str(p.reasons), seq);
    } else if (r.action === 'run.departed') {
      const before = e.get('run_decisions', `${id}/departure`, 'reasons')?.value;
      const reasons = [...(before ? (JSON.parse(before) as string[]) : []), String(p.reasons)];
      e.set('run_decisions', `${id}/departure`, 'reasons', text(reasons), seq);
    }
  } else if (r.subject_type === 'incident') {
    if (r.action === 'incident.opened') {
      e.set('incidents', id, 'reference', str(p.reference), seq);
      e.set('incidents', id, 'status', 'open', seq);
      e.set('incidents', id, 'system_id', str(p.systemId), seq);
      e.set('incidents', id, 'severity', str(p.severity), seq);
      e.set('incidents', id, 'source', str(p.source), seq);
      e.set('incidents', id, 'owner_id', str(p.ownerId), seq);
      e.set('incidents', id, 'deadline_at', str(p.deadline), seq);
    } else if (r.action === 'incident.owner-assigned')
      e.set('incidents', id, 'owner_id', str(p.ownerId), seq);
    else if (r.action.startsWith('incident.') && r.action.endsWith('-recorded')) {
      if (e.get('incidents', id, 'status')?.value === 'open')
        e.set('incidents', id, 'status', 'investigating', seq);
    } else if (r.action === 'incident.closed') {
      e.set('incidents', id, 'status', 'closed', seq);
      e.set('incidents', id, 'public_summary', str(p.publicSummary), seq);
      e.set('incidents', id, 'closed_by', r.actor_id, seq);
    }
  } else if (r.subject_type === 'challenge') {
    if (r.action === 'challenge.received') {
      e.set('challenges', id, 'reference', str(p.reference), seq);
      e.set('challenges', id, 'status', 'received', seq);
      e.set('challenges', id, 'system_id', str(p.systemId), seq);
      e.set('challenges', id, 'run_id', str(p.runId), seq);
    } else if (r.action === 'challenge.upheld' || r.action === 'challenge.not-upheld') {
      e.set('challenges', id, 'status', r.action.slice('challenge.'.length), seq);
      e.set('challenges', id, 'outcome_reasons', str(p.reasons), seq);
      e.set('challenges', id, 'handler_id', r.actor_id, seq);
      e.set('challenges', id, 'incident_id', str(p.incidentId), seq);
    }
  } else if (r.subject_type === 'person') {
    const posted = `${id}/${r.force_id}`;
    const roles = (list: unknown) => text([...new Set(list as string[])].sort());
    if (r.action === 'person.created') {
      e.set('people', id, 'deactivated', 'no', seq);
      e.set('role_assignments', posted, 'roles', roles(p.roles), seq);
    } else if (r.action === 'person.roles-changed')
      e.set('role_assignments', posted, 'roles', roles(p.roles), seq);
    else if (r.action === 'role.granted') {
      const before = e.get('role_assignments', posted, 'roles')?.value;
      e.set('role_assignments', posted, 'roles', roles([...(before ? JSON.parse(before) : []), p.role]), seq);
    } else if (r.action === 'person.deactivated') e.set('people', id, 'deactivated', 'yes', seq);
    else if (r.action === 'person.reactivated') e.set('people', id, 'deactivated', 'no', seq);
    else if (r.action === 'person.posted') {
      e.set('postings', posted, 'team', str(p.team), seq);
      e.set('postings', posted, 'area', str(p.area), seq);
    }
  }
}

/** The register record's fields an entry records, and its overseers when it names them. */
function setRecord(e: Expected, id: string, record: Record<string, unknown>, seq: number) {
  for (const [column, value] of Object.entries(recordColumns(record)))
    e.set('ai_systems', id, column, columnText(column, value, 'ledger'), seq);
  if (Array.isArray(record.overseerIds))
    e.set('ai_systems', id, 'overseers', text([...new Set(record.overseerIds as string[])].sort()), seq);
}

interface Row {
  id: string;
  reference: string | null;
  fields: Record<string, string | null>;
}

/**
 * Replays the ledger and compares the governed tables with it, field by field: each AI system's
 * register record and overseers (as registered, then each recorded change, and its information
 * asset owner at go-live) and stage; each evidence version's hash and how many approvals and rejections it
 * had; each run's status, its review (decision, reasons), the decision-maker's decision and
 * departures from it; each incident's status, owner, severity, system, deadline and public
 * summary; each challenge's status, response, handler and incident; each person's
 * deactivation, and their roles and posting in each force. Names every disagreement: a changed
 * value, a row the ledger never recorded, and a recorded subject whose row is gone. A field the
 * ledger never recorded for a row (entries written before it was recorded) is not compared.
 */
export async function verifyState(db: Kysely<DB>): Promise<StateResult> {
  const expected = new Expected();
  for (let after = -1; ; ) {
    const rows = await sql<LedgerRow>`
      SELECT seq, force_id, actor_id, action, subject_type, subject_id, payload
      FROM ledger_entries
      WHERE seq > ${after} AND subject_type IN ('ai-system', 'run', 'incident', 'challenge', 'person')
      ORDER BY seq LIMIT ${BATCH}
    `.execute(db);
    if (rows.rows.length === 0) break;
    for (const r of rows.rows) replay(expected, r);
    after = Number(rows.rows[rows.rows.length - 1]!.seq);
  }

  const disagreements: StateDisagreement[] = [];
  const counts = {} as Record<StateTable, number>;
  const references = new Map<string, string>();
  /** A key `system/...` or `run/...` named by its reference, when the row still exists. */
  const nameOf = (id: string) => {
    const [first, ...rest] = id.split('/');
    const reference = references.get(first!);
    return reference ? [reference, ...rest].join(' ') : null;
  };
  /** Compares rows with the ledger; `primary` is the field named when the ledger never saw a row. */
  const compare = (table: StateTable, primary: string, rows: Row[]) => {
    counts[table] = rows.length;
    const said = expected.rows.get(table)!;
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const fields = said.get(row.id);
      if (!fields) {
        disagreements.push({
          table,
          id: row.id,
          reference: row.reference,
          field: primary,
          ledger: null,
          stored: row.fields[primary] ?? null,
          seq: null,
          kind: 'unrecorded',
        });
        continue;
      }
      for (const [field, { value, seq }] of fields) {
        if (!(field in row.fields) || row.fields[field] === value) continue;
        disagreements.push({
          table,
          id: row.id,
          reference: row.reference,
          field,
          ledger: value,
          stored: row.fields[field] ?? null,
          seq,
        });
      }
    }
    for (const [id, fields] of said) {
      if (seen.has(id)) continue;
      const first = fields.get(primary) ?? [...fields.values()][0]!;
      disagreements.push({
        table,
        id,
        reference: nameOf(id),
        field: primary,
        ledger: first.value,
        stored: null,
        seq: first.seq,
        kind: 'missing',
      });
    }
  };

  const systems = await db.selectFrom('ai_systems').selectAll().execute();
  for (const s of systems) references.set(s.id, s.reference);
  const overseers = new Map<string, string[]>();
  for (const o of await db.selectFrom('system_overseers').select(['system_id', 'person_id']).execute())
    overseers.set(o.system_id, [...(overseers.get(o.system_id) ?? []), o.person_id]);
  const registerColumns = [
    ...Object.keys(recordColumns(ALL_RECORD_FIELDS)),
    'catalogue_entry_id',
    'reference',
  ];
  compare(
    'ai_systems',
    'stage',
    systems.map((s) => ({
      id: s.id,
      reference: s.reference,
      fields: Object.fromEntries([
        ['stage', s.stage],
        ['overseers', text([...new Set(overseers.get(s.id) ?? [])].sort())],
        ...registerColumns.map((c) => [c, columnText(c, (s as Record<string, unknown>)[c], 'row')]),
      ]),
    })),
  );

  const evidence = await db.selectFrom('evidence').select(['system_id', 'kind', 'version', 'hash']).execute();
  compare(
    'evidence',
    'hash',
    evidence.map((e) => ({
      id: `${e.system_id}/${e.kind}/v${e.version}`,
      reference: nameOf(`${e.system_id}/${e.kind}/v${e.version}`),
      fields: { hash: e.hash },
    })),
  );
  const approvals = await db
    .selectFrom('approvals as a')
    .innerJoin('evidence as e', 'e.id', 'a.evidence_id')
    .select((eb) => ['e.system_id', 'e.kind', 'e.version', 'a.decision', eb.fn.countAll<string>().as('n')])
    .groupBy(['e.system_id', 'e.kind', 'e.version', 'a.decision'])
    .execute();
  compare(
    'approvals',
    'count',
    approvals.map((a) => {
      const id = `${a.system_id}/${a.kind}/v${a.version}/${a.decision}`;
      return { id, reference: nameOf(id), fields: { count: String(Number(a.n)) } };
    }),
  );
  counts.approvals = approvals.reduce((n, a) => n + Number(a.n), 0);

  const runs = await db.selectFrom('runs').select(['id', 'reference', 'status']).execute();
  for (const r of runs) references.set(r.id, r.reference);
  compare(
    'runs',
    'status',
    runs.map((r) => ({ id: r.id, reference: r.reference, fields: { status: r.status } })),
  );
  const reviews = await db.selectFrom('reviews').select(['run_id', 'decision', 'reasons']).execute();
  compare(
    'reviews',
    'decision',
    reviews.map((r) => ({
      id: r.run_id,
      reference: nameOf(r.run_id),
      fields: { decision: r.decision, reasons: r.reasons },
    })),
  );
  const decisions = await db
    .selectFrom('run_decisions')
    .select(['run_id', 'kind', 'decision', 'reasons'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const byRun = new Map<string, Row>();
  for (const d of decisions) {
    const id = `${d.run_id}/${d.kind}`;
    if (d.kind === 'decision')
      byRun.set(id, { id, reference: nameOf(id), fields: { decision: d.decision, reasons: d.reasons } });
    else {
      const row = byRun.get(id) ?? { id, reference: nameOf(id), fields: { reasons: '[]' } };
      row.fields.reasons = text([...(JSON.parse(row.fields.reasons!) as string[]), d.reasons]);
      byRun.set(id, row);
    }
  }
  compare('run_decisions', 'reasons', [...byRun.values()]);

  const incidents = await db.selectFrom('incidents').selectAll().execute();
  compare(
    'incidents',
    'status',
    incidents.map((i) => ({
      id: i.id,
      reference: i.reference,
      fields: {
        reference: i.reference,
        status: i.status,
        system_id: i.system_id,
        severity: i.severity,
        source: i.source,
        owner_id: i.owner_id,
        deadline_at: text(i.deadline_at),
        public_summary: i.public_summary,
        closed_by: i.closed_by,
      },
    })),
  );
  const challenges = await db
    .selectFrom('challenges')
    .select([
      'id',
      'reference',
      'status',
      'system_id',
      'run_id',
      'outcome_reasons',
      'handler_id',
      'incident_id',
    ])
    .execute();
  compare(
    'challenges',
    'status',
    challenges.map((c) => ({
      id: c.id,
      reference: c.reference,
      fields: {
        reference: c.reference,
        status: c.status,
        system_id: c.system_id,
        run_id: c.run_id,
        outcome_reasons: c.outcome_reasons,
        handler_id: c.handler_id,
        incident_id: c.incident_id,
      },
    })),
  );

  const people = await db.selectFrom('people').select(['id', 'disabled_at']).execute();
  compare(
    'people',
    'deactivated',
    people.map((p) => ({ id: p.id, reference: null, fields: { deactivated: p.disabled_at ? 'yes' : 'no' } })),
  );
  const roles = await db
    .selectFrom('role_assignments')
    .select(['person_id', 'force_id', 'role'])
    .where('revoked_at', 'is', null)
    .orderBy('role')
    .execute();
  const rolesOf = new Map<string, string[]>();
  for (const r of roles) {
    const id = `${r.person_id}/${r.force_id}`;
    rolesOf.set(id, [...(rolesOf.get(id) ?? []), r.role]);
  }
  // A person whose roles in a force were all taken away holds none there: an empty set.
  for (const [id, fields] of expected.rows.get('role_assignments')!)
    if (!rolesOf.has(id) && fields.get('roles')?.value === '[]') rolesOf.set(id, []);
  compare(
    'role_assignments',
    'roles',
    [...rolesOf].map(([id, list]) => ({
      id,
      reference: personInForce(id),
      fields: { roles: text([...new Set(list)].sort()) },
    })),
  );
  const postings = await db
    .selectFrom('postings')
    .select(['person_id', 'force_id', 'team', 'area'])
    .execute();
  compare(
    'postings',
    'team',
    postings.map((p) => {
      const id = `${p.person_id}/${p.force_id}`;
      return { id, reference: personInForce(id), fields: { team: p.team, area: p.area } };
    }),
  );
  return { counts, disagreements };
}

/** Every field of the register record, to list the columns it is stored in. */
const ALL_RECORD_FIELDS = {
  name: '',
  description: '',
  useCase: '',
  capability: '',
  purpose: '',
  expectedBenefits: [],
  expectedMinutesSavedPerTask: 0,
  supplier: {},
  processing: {},
  model: {},
  trainingData: {},
  affectedGroups: [],
  projectLeadId: null,
  productManagerId: null,
  moduleId: null,
  moduleSettings: {},
  reviewMode: 'every',
  reviewSampleRate: 1,
} as unknown as Parameters<typeof recordColumns>[0];

const personInForce = (id: string) => {
  const [person, force] = id.split('/');
  return `person ${person} in force ${force}`;
};

const LABELS: Record<StateTable, string> = {
  ai_systems: 'AI system',
  evidence: 'evidence',
  approvals: 'reviews of',
  runs: 'run',
  reviews: 'review of run',
  run_decisions: 'decision on run',
  incidents: 'incident',
  challenges: 'challenge',
  people: 'person',
  role_assignments: 'roles of',
  postings: 'posting of',
};

/** A value in a message: empty as "none", long text shortened. */
const shown = (v: string | null) => (v === null ? 'none' : v.length > 80 ? `${v.slice(0, 77)}...` : v);

/** One line naming a disagreement. */
export function describeDisagreement(d: StateDisagreement): string {
  const what = `${LABELS[d.table]} ${d.reference ?? d.id}`;
  if (d.kind === 'missing')
    return `${what}: recorded in the ledger (entry ${d.seq}) but missing from ${d.table}`;
  if (d.kind === 'unrecorded')
    return `${what}: ${d.field} is ${shown(d.stored)} in ${d.table}, but the ledger never recorded it`;
  return `${what}: ${d.field} is ${shown(d.stored)} in ${d.table}, but the ledger says ${shown(d.ledger)} (entry ${d.seq})`;
}

const COUNTED: Record<StateTable, [string, string]> = {
  ai_systems: ['AI system record', 'AI system records'],
  evidence: ['evidence version', 'evidence versions'],
  approvals: ['approval or rejection', 'approvals and rejections'],
  runs: ['run', 'runs'],
  reviews: ['review', 'reviews'],
  run_decisions: ["run's decisions", "runs' decisions"],
  incidents: ['incident', 'incidents'],
  challenges: ['challenge', 'challenges'],
  people: ['person', 'people'],
  role_assignments: ["person's roles in a force", "people's roles in a force"],
  postings: ['posting', 'postings'],
};

/** What was compared, as in "12 AI system records, 40 evidence versions, ...". */
export function describeCounts(counts: Record<StateTable, number>): string {
  return STATE_TABLES.map((t) => `${counts[t]} ${COUNTED[t][counts[t] === 1 ? 0 : 1]}`).join(', ');
}
