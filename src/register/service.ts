import { createHash } from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AiSystemsTable, DB } from '../db/schema.ts';
import { AppError, errors } from '../http/errors.ts';
import { assertCan, can, rolesOf } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { rolesAt } from '../identity/repository.ts';
import { canonicalJson } from '../ledger/merkle.ts';
import { appendEntry } from '../ledger/service.ts';
import { findModule } from '../modules/registry.ts';
import { pinAuthorisedScope } from './authorised-scope.ts';
import { latestBiasAudit } from './bias-audits.ts';
import { FORMS, type FormKind, isFormKind } from './forms.ts';
import { decide, type ModelId, type SystemState } from './gates.ts';
import { findAction, type Stage } from './lifecycle.ts';
import { type SystemInput, type SystemPatch, type SystemRecord, systemInputSchema } from './model.ts';
import { markRefused, refusalsOf } from './refusals.ts';
import { findSystem, latestEvidence, overseerIds } from './repository.ts';

type Trx = Transaction<DB>;

/** Loads a system in the principal's force, or 404 (other forces' systems are not visible). */
export async function systemInForce(db: Kysely<DB> | Trx, principal: Principal, id: string) {
  const system = await findSystem(db, id);
  if (!system || system.force_id !== principal.forceId)
    throw errors.notFound(`AI system ${id} in ${principal.forceName}`);
  return system;
}

type NamedOnRecord = 'system.be-project-lead' | 'system.be-product-manager' | 'system.be-overseer';

/** Everyone named on a record must hold the right role in the force now. */
async function checkPeople(trx: Trx, forceId: number, input: Partial<SystemRecord>) {
  const problems: Array<{ path: string; message: string }> = [];
  const need = async (path: string, id: string | null | undefined, action: NamedOnRecord) => {
    if (!id) return;
    if (!can({ personId: id, roles: await rolesAt(trx, id, forceId) }, action))
      problems.push({
        path,
        message: `must be someone holding ${rolesOf(action).join(' or ')} in this force`,
      });
  };
  await need('projectLeadId', input.projectLeadId, 'system.be-project-lead');
  await need('productManagerId', input.productManagerId, 'system.be-product-manager');
  for (const [i, id] of (input.overseerIds ?? []).entries())
    await need(`overseerIds.${i}`, id, 'system.be-overseer');
  if (problems.length) throw errors.validation(problems);
}

/** The table columns of a register record (or part of one), as stored. */
export function recordColumns(input: Partial<SystemRecord>): Record<string, unknown> {
  const cols: Record<string, unknown> = {};
  if (input.name !== undefined) cols.name = input.name;
  if (input.description !== undefined) cols.description = input.description;
  if (input.useCase !== undefined) cols.use_case = input.useCase;
  if (input.capability !== undefined) cols.capability = input.capability;
  if (input.purpose !== undefined) cols.purpose = input.purpose;
  if (input.expectedBenefits !== undefined) cols.expected_benefits = JSON.stringify(input.expectedBenefits);
  if (input.expectedMinutesSavedPerTask !== undefined)
    cols.expected_minutes_saved = input.expectedMinutesSavedPerTask;
  if (input.supplier !== undefined) cols.supplier = JSON.stringify(input.supplier);
  if (input.processing !== undefined) cols.processing = JSON.stringify(input.processing);
  if (input.model !== undefined) cols.model = JSON.stringify(input.model);
  if (input.trainingData !== undefined) cols.training_data = JSON.stringify(input.trainingData);
  if (input.affectedGroups !== undefined) cols.affected_groups = JSON.stringify(input.affectedGroups);
  if (input.projectLeadId !== undefined) cols.project_lead_id = input.projectLeadId;
  if (input.productManagerId !== undefined) cols.product_manager_id = input.productManagerId;
  if (input.moduleId !== undefined) cols.module_id = input.moduleId;
  if (input.moduleSettings !== undefined) cols.module_settings = JSON.stringify(input.moduleSettings);
  if (input.reviewMode !== undefined) cols.review_mode = input.reviewMode;
  if (input.reviewSampleRate !== undefined) cols.review_sample_rate = input.reviewSampleRate;
  return cols;
}

async function setOverseers(trx: Trx, systemId: string, forceId: number, ids: string[]) {
  await trx.deleteFrom('system_overseers').where('system_id', '=', systemId).execute();
  const unique = [...new Set(ids)];
  if (unique.length) {
    await trx
      .insertInto('system_overseers')
      .values(unique.map((person_id) => ({ system_id: systemId, person_id, force_id: forceId })))
      .execute();
  }
}

/** Adds a system to the force's register at the horizon stage. */
export async function createSystem(
  db: Kysely<DB>,
  principal: Principal,
  given: SystemInput,
  options: { catalogueEntryId?: string | null } = {},
): Promise<{ id: string; reference: string }> {
  assertCan(principal, 'system.create');
  const input = systemInputSchema.parse(given);
  return db.transaction().execute(async (trx) => {
    await checkPeople(trx, principal.forceId, input);
    const count = await trx
      .selectFrom('ai_systems')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('force_id', '=', principal.forceId)
      .executeTakeFirstOrThrow();
    const reference = `${principal.forceSlug.toUpperCase()}-AI-${String(Number(count.n) + 1).padStart(4, '0')}`;
    const row = await trx
      .insertInto('ai_systems')
      .values({
        ...recordColumns(input),
        force_id: principal.forceId,
        reference,
        stage: 'horizon',
        catalogue_entry_id: options.catalogueEntryId ?? null,
        created_by: principal.personId,
      } as Insertable<AiSystemsTable>)
      .returning('id')
      .executeTakeFirstOrThrow();
    await setOverseers(trx, row.id, principal.forceId, input.overseerIds);
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'system.registered',
      subjectType: 'ai-system',
      subjectId: row.id,
      payload: {
        reference,
        name: input.name,
        useCase: input.useCase,
        catalogueEntryId: options.catalogueEntryId ?? null,
        // The whole record as registered, so the register can be checked against the ledger.
        record: input,
      },
    });
    return { id: row.id, reference };
  });
}

/** A change of module settings must be valid for the module (its safeguard policy included). */
function checkModuleSettings(moduleId: string | null, settings: unknown) {
  const parsed = findModule(moduleId)?.settingsSchema.safeParse(settings ?? {});
  if (parsed && !parsed.success)
    throw errors.validation(
      parsed.error.issues.map((i) => ({
        path: ['moduleSettings', ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    );
}

export async function updateSystem(db: Kysely<DB>, principal: Principal, id: string, patch: SystemPatch) {
  assertCan(principal, 'system.update');
  return db.transaction().execute(async (trx) => {
    const system = await systemInForce(trx, principal, id);
    if (system.stage === 'retired')
      throw errors.conflict('retired', 'This system is retired; its record can no longer change.');
    await checkPeople(trx, principal.forceId, patch);
    if (patch.moduleSettings !== undefined || patch.moduleId !== undefined)
      checkModuleSettings(
        patch.moduleId === undefined ? system.module_id : patch.moduleId,
        patch.moduleSettings ?? system.module_settings,
      );
    const cols = recordColumns(patch);
    if (Object.keys(cols).length) {
      await trx
        .updateTable('ai_systems')
        .set({ ...(cols as object), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    }
    if (patch.overseerIds) await setOverseers(trx, id, principal.forceId, patch.overseerIds);
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'system.updated',
      subjectType: 'ai-system',
      subjectId: id,
      payload: { fields: Object.keys(patch), record: patch },
    });
  });
}

export function hashForm(data: unknown): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}

/** Adds a new version of an evidence form, validated against its schema. */
export async function submitEvidence(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  kind: string,
  data: unknown,
): Promise<{ version: number; hash: string }> {
  if (!isFormKind(kind)) throw errors.notFound(`The evidence form "${kind}"`);
  const def = FORMS[kind];
  assertCan(principal, 'evidence.write', { form: def });
  const parsed = def.schema.safeParse(data);
  if (!parsed.success) {
    throw errors.validation(
      parsed.error.issues.map((i) => ({
        path: `${kind}.${i.path.join('.') || '(form)'}`,
        message: i.message,
      })),
    );
  }
  const value = JSON.parse(JSON.stringify(parsed.data));
  return db.transaction().execute(async (trx) => {
    const system = await systemInForce(trx, principal, systemId);
    if (system.stage === 'retired')
      throw errors.conflict('retired', 'This system is retired; no more evidence can be added.');
    const last = await trx
      .selectFrom('evidence')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('system_id', '=', systemId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const hash = hashForm(value);
    // Authorising use pins what is authorised: the module, its settings and their scope.
    const pinned =
      kind === 'use-authorisation' ? await pinAuthorisedScope(trx, principal, system, version) : null;
    await trx
      .insertInto('evidence')
      .values({
        force_id: principal.forceId,
        system_id: systemId,
        kind,
        version,
        data: JSON.stringify(value),
        hash,
        author_id: principal.personId,
      })
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'evidence.submitted',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: {
        kind,
        version,
        hash,
        ...(pinned ? { authorisedScope: { hash: pinned.hash, scope: pinned.scope } } : {}),
      },
    });
    return { version, hash };
  });
}

/** Approves or rejects one exact version of a form, pinned by its hash. */
export async function reviewEvidence(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  kind: string,
  review: { version: number; hash: string; decision: 'approved' | 'rejected'; reasons: string },
): Promise<void> {
  if (!isFormKind(kind)) throw errors.notFound(`The evidence form "${kind}"`);
  const def = FORMS[kind as FormKind];
  assertCan(principal, 'evidence.approve', { form: def });
  await db.transaction().execute(async (trx) => {
    await systemInForce(trx, principal, systemId);
    const row = await trx
      .selectFrom('evidence')
      .selectAll()
      .where('system_id', '=', systemId)
      .where('kind', '=', kind)
      .where('version', '=', review.version)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Version ${review.version} of the ${def.title}`);
    if (row.hash !== review.hash) {
      throw errors.conflict(
        'hash-mismatch',
        `Version ${review.version} of the ${def.title} has a different hash; reload it before approving.`,
      );
    }
    if (row.author_id === principal.personId) {
      throw errors.conflict(
        'separation-of-duties',
        `Separation of duties: you wrote this ${def.title}, so you cannot approve it.`,
      );
    }
    await trx
      .insertInto('approvals')
      .values({
        force_id: principal.forceId,
        evidence_id: row.id,
        hash: row.hash,
        approver_id: principal.personId,
        decision: review.decision,
        reasons: review.reasons,
      })
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: review.decision === 'approved' ? 'evidence.approved' : 'evidence.rejected',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: { kind, version: row.version, hash: row.hash, reasons: review.reasons },
    });
  });
}

/** The state the gates look at: record, latest evidence, overseers, handover validity. */
export async function gateState(
  db: Kysely<DB> | Trx,
  system: NonNullable<Awaited<ReturnType<typeof findSystem>>>,
) {
  const evidence = await latestEvidence(db, system.id);
  markRefused(evidence, await refusalsOf(db, system.id));
  const handover = evidence.get('handover')?.data as { productManagerEmail?: string } | undefined;
  let handoverPersonId: string | null = null;
  if (handover?.productManagerEmail) {
    const person = await db
      .selectFrom('people')
      .innerJoin('role_assignments as r', 'r.person_id', 'people.id')
      .select('people.id')
      .where((eb) => eb(eb.fn('lower', ['people.email']), '=', handover.productManagerEmail!.toLowerCase()))
      .where('r.force_id', '=', system.force_id)
      .where('r.role', '=', 'product-manager')
      .where('r.revoked_at', 'is', null)
      .executeTakeFirst();
    handoverPersonId = person?.id ?? null;
  }
  const biasAudit = await latestBiasAudit(db, system.id);
  const state: SystemState = {
    stage: system.stage as Stage,
    previousStage: system.previous_stage as Stage | null,
    useCase: system.use_case,
    externalSupplier: (system.supplier as { type: string }).type === 'external',
    projectLeadId: system.project_lead_id,
    overseerIds: await overseerIds(db, system.id),
    suspendedAt: system.suspended_at,
    handoverValid: handoverPersonId !== null,
    model: system.model as unknown as ModelId,
    biasAudit,
  };
  return { state, evidence, handoverPersonId, biasAudit };
}

/**
 * Takes a lifecycle action: the table decides; the stage change, its transition record and
 * its ledger entry (pinning the hash of every current form) commit together or not at all.
 */
export async function performAction(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  actionId: string,
  reasons?: string,
): Promise<{ from: Stage; to: Stage }> {
  const action = findAction(actionId);
  if (!action) throw errors.notFound(`The lifecycle action "${actionId}"`);
  return db.transaction().execute(async (trx) => {
    // Lock first, then read: two actions at once must not both start from the same stage.
    await trx.selectFrom('ai_systems').select('id').where('id', '=', systemId).forUpdate().execute();
    const system = await systemInForce(trx, principal, systemId);
    const { state, evidence, handoverPersonId } = await gateState(trx, system);
    const decision = decide(action, principal, state, evidence, reasons);
    if (!decision.ok) {
      throw new AppError(decision.status, decision.code, 'Cannot do that now', decision.message, {
        ...(decision.missing ? { missing: decision.missing } : {}),
      });
    }
    const from = state.stage;
    const to = decision.to;
    const now = new Date();
    const iaoChange =
      action.id === 'go-live' && handoverPersonId && handoverPersonId !== system.product_manager_id;
    await trx
      .updateTable('ai_systems')
      .set({
        stage: to,
        previous_stage: from,
        stage_entered_at: now,
        updated_at: now,
        ...(to === 'suspended' ? { suspended_at: now } : {}),
        ...(from === 'suspended' ? { suspended_at: null } : {}),
        ...(iaoChange ? { product_manager_id: handoverPersonId } : {}),
      })
      .where('id', '=', systemId)
      .execute();
    await trx
      .insertInto('stage_transitions')
      .values({
        force_id: principal.forceId,
        system_id: systemId,
        action: action.id,
        from_stage: from,
        to_stage: to,
        actor_id: principal.personId,
        reasons: reasons?.trim() || null,
      })
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: `system.${action.id}`,
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: {
        from,
        to,
        reasons: reasons?.trim() || null,
        evidence: Object.fromEntries(
          [...evidence.values()].map((e) => [e.kind, { version: e.version, hash: e.hash }]),
        ),
        ...(iaoChange
          ? { informationAssetOwner: { from: system.product_manager_id, to: handoverPersonId } }
          : {}),
      },
    });
    return { from, to };
  });
}
