import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FormKind } from './forms.ts';
import type { EvidenceState } from './gates.ts';
import type { SystemRecord } from './model.ts';

type Q = Kysely<DB> | Transaction<DB>;

export type SystemRow = Awaited<ReturnType<typeof findSystem>> & {};

/** The descriptive fields of a register record, read back from its row. */
export function recordOf(row: SystemRow) {
  return {
    name: row.name,
    description: row.description,
    useCase: row.use_case as SystemRecord['useCase'],
    capability: row.capability as SystemRecord['capability'],
    purpose: row.purpose,
    expectedBenefits: row.expected_benefits as string[],
    expectedMinutesSavedPerTask: Number(row.expected_minutes_saved),
    supplier: row.supplier as SystemRecord['supplier'],
    processing: row.processing as SystemRecord['processing'],
    model: row.model as SystemRecord['model'],
    trainingData: row.training_data as SystemRecord['trainingData'],
    affectedGroups: row.affected_groups as string[],
  };
}

export function findSystem(db: Q, id: string) {
  return db.selectFrom('ai_systems').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface SystemFilter {
  stage?: string;
  useCase?: string;
  q?: string;
}

export function listSystems(db: Q, forceId: number, filter: SystemFilter = {}) {
  let query = db.selectFrom('ai_systems').selectAll().where('force_id', '=', forceId);
  if (filter.stage) query = query.where('stage', '=', filter.stage);
  if (filter.useCase) query = query.where('use_case', '=', filter.useCase);
  if (filter.q) query = query.where('name', 'ilike', `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`);
  return query.orderBy('name').execute();
}

export async function overseerIds(db: Q, systemId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('system_overseers')
    .select('person_id')
    .where('system_id', '=', systemId)
    .execute();
  return rows.map((r) => r.person_id);
}

/** The latest version of each form on a system, with whether that exact version is approved. */
export async function latestEvidence(db: Q, systemId: string): Promise<Map<FormKind, EvidenceState>> {
  const rows = await db
    .selectFrom('evidence as e')
    .select(['e.id', 'e.kind', 'e.version', 'e.hash', 'e.author_id', 'e.created_at', 'e.data'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('approvals as a')
            .select('a.id')
            .whereRef('a.evidence_id', '=', 'e.id')
            .whereRef('a.hash', '=', 'e.hash')
            .where('a.decision', '=', 'approved')
            .whereRef('a.approver_id', '!=', 'e.author_id'),
        )
        .as('approved'),
    )
    .where('e.system_id', '=', systemId)
    .where((eb) =>
      eb(
        'e.version',
        '=',
        eb
          .selectFrom('evidence as l')
          .select((l) => l.fn.max('l.version').as('v'))
          .whereRef('l.system_id', '=', 'e.system_id')
          .whereRef('l.kind', '=', 'e.kind'),
      ),
    )
    .execute();
  return new Map(
    rows.map((r) => [
      r.kind as FormKind,
      {
        kind: r.kind as FormKind,
        version: r.version,
        hash: r.hash,
        authorId: r.author_id,
        createdAt: r.created_at,
        data: r.data,
        approved: Boolean(r.approved),
      },
    ]),
  );
}

export function evidenceVersions(db: Q, systemId: string, kind: string) {
  return db
    .selectFrom('evidence')
    .innerJoin('people', 'people.id', 'evidence.author_id')
    .select([
      'evidence.id',
      'evidence.version',
      'evidence.hash',
      'evidence.data',
      'evidence.created_at',
      'evidence.author_id',
      'people.name as author_name',
    ])
    .where('system_id', '=', systemId)
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .execute();
}

export function approvalsFor(db: Q, evidenceIds: string[]) {
  if (evidenceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('approvals')
    .innerJoin('people', 'people.id', 'approvals.approver_id')
    .select([
      'approvals.evidence_id',
      'approvals.hash',
      'approvals.decision',
      'approvals.reasons',
      'approvals.created_at',
      'approvals.approver_id',
      'people.name as approver_name',
    ])
    .where('evidence_id', 'in', evidenceIds)
    .orderBy('approvals.created_at')
    .execute();
}

export function transitions(db: Q, systemId: string) {
  return db
    .selectFrom('stage_transitions')
    .leftJoin('people', 'people.id', 'stage_transitions.actor_id')
    .select([
      'stage_transitions.action',
      'stage_transitions.from_stage',
      'stage_transitions.to_stage',
      'stage_transitions.reasons',
      'stage_transitions.created_at',
      'people.name as actor_name',
    ])
    .where('system_id', '=', systemId)
    .orderBy('stage_transitions.id')
    .execute();
}

/** People who hold `role` in a force now. */
export function peopleWithRole(db: Q, forceId: number, role: string) {
  return db
    .selectFrom('people')
    .innerJoin('role_assignments as r', 'r.person_id', 'people.id')
    .select(['people.id', 'people.name', 'people.email'])
    .where('r.force_id', '=', forceId)
    .where('r.role', '=', role)
    .where('r.revoked_at', 'is', null)
    .orderBy('people.name')
    .execute();
}

export function namesOf(db: Q, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute();
}
