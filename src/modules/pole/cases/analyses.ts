import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { latestReleased, type ReleasedOutput } from '../../../oversight/released.ts';
import { type RunRuntime, startRun } from '../../../oversight/runs.ts';
import { entityOutput, type PoleInput, type PoleOutput, poleOutputSchema } from '../module.ts';
import { resolveEntities, type Split } from '../resolve/resolve.ts';
import { caseFor, documentTexts, logAccess } from './service.ts';

/**
 * POLE analyses of a case: each a run of the force's case-file system (the runtime's gateway
 * checks its stage, trial scope and the asker's role, seals the input and queues the job), and
 * nothing of it shown on the case before a named reviewer has reviewed it.
 */

/** The force's system running the POLE module in trial or live use, if there is one. */
export async function caseSystem(db: Kysely<DB>, forceId: number) {
  return db
    .selectFrom('ai_systems')
    .select(['id', 'name', 'stage', 'reference'])
    .where('force_id', '=', forceId)
    .where('module_id', '=', 'pole')
    .where('stage', 'in', ['trial', 'live'])
    .orderBy('created_at')
    .executeTakeFirst();
}

/** Splits recorded on a case, as the resolver reads them. */
export async function splitsOf(db: Kysely<DB>, caseId: string): Promise<Split[]> {
  const rows = await db
    .selectFrom('case_entity_splits')
    .select(['entity_key', 'mentions'])
    .where('case_id', '=', caseId)
    .orderBy('split_at')
    .execute();
  return rows.map((r) => ({ key: r.entity_key, mentions: r.mentions as Split['mentions'] }));
}

/** Starts an analysis of every readable document of the case. */
export async function startAnalysis(rt: RunRuntime, principal: Principal, caseId: string) {
  const c = await caseFor(rt.db, principal, caseId);
  const system = await caseSystem(rt.db, principal.forceId);
  if (!system)
    throw errors.conflict(
      'no-case-system',
      `${principal.forceName} has no case-file system in trial or live use, so case files cannot be analysed yet.`,
    );
  const docs = await documentTexts(rt.db, rt.config.dataEncryptionKey, principal, caseId);
  const readable = docs.filter((d) => d.status === 'ok');
  if (!readable.length)
    throw errors.validation([
      { path: 'documents', message: 'the case has no document with text to analyse' },
    ]);
  const input: PoleInput = {
    case: { id: c.id, reference: c.reference },
    documents: readable.map((d) => ({
      id: d.id,
      name: d.name,
      text: d.text,
      kind: d.kind,
      ...(d.date ? { date: d.date } : {}),
    })),
    skipped: docs
      .filter((d) => d.status !== 'ok')
      .map((d) => ({ id: d.id, name: d.name, reason: 'no text layer (a scan): it needs OCR' })),
    splits: await splitsOf(rt.db, caseId),
  };
  const run = await startRun(rt, principal, system.id, {
    input,
    purpose: `POLE index and summaries of case ${c.reference}`,
    caseReference: c.reference,
  });
  await rt.db
    .insertInto('case_analyses')
    .values({ case_id: caseId, run_id: run.id, documents: readable.length })
    .execute();
  return run;
}

export interface AnalysisItem {
  runId: string;
  reference: string;
  status: string;
  progress: number;
  progressStage: string | null;
  documents: number;
  createdAt: Date;
  by: string;
}

export async function listAnalyses(
  db: Kysely<DB>,
  principal: Principal,
  caseId: string,
): Promise<AnalysisItem[]> {
  await caseFor(db, principal, caseId);
  const rows = await db
    .selectFrom('case_analyses')
    .innerJoin('runs', 'runs.id', 'case_analyses.run_id')
    .innerJoin('people', 'people.id', 'runs.actor_id')
    .select([
      'runs.id',
      'runs.reference',
      'runs.status',
      'runs.progress',
      'runs.progress_stage',
      'case_analyses.documents',
      'case_analyses.created_at',
      'people.name',
    ])
    .where('case_analyses.case_id', '=', caseId)
    .orderBy('case_analyses.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    runId: r.id,
    reference: r.reference,
    status: r.status,
    progress: Number(r.progress),
    progressStage: r.progress_stage,
    documents: r.documents,
    createdAt: r.created_at,
    by: r.name,
  }));
}

/**
 * The latest released analysis of the case, as reviewed (amended where the reviewer corrected
 * it), with the officers' splits applied to its entity index; written to the access log.
 */
export async function releasedAnalysis(
  db: Kysely<DB>,
  principal: Principal,
  caseId: string,
): Promise<ReleasedOutput<PoleOutput> | null> {
  await caseFor(db, principal, caseId);
  const released = await latestReleased(
    db,
    db.selectFrom('case_analyses').select('run_id').where('case_id', '=', caseId),
    poleOutputSchema,
  );
  if (!released) return null;
  await logAccess(db, principal, caseId, 'opened-analysis', released.reference);
  const splits = await splitsOf(db, caseId);
  const { output } = released;
  return splits.length
    ? { ...released, output: { ...output, entities: applySplits(output, splits) } }
    : released;
}

/** The reviewed entity index re-resolved with the officers' splits (merges they undid stay undone). */
function applySplits(output: PoleOutput, splits: Split[]): PoleOutput['entities'] {
  const mentions = output.entities.flatMap((e) =>
    e.mentions.map((m) => ({
      category: e.category,
      kind: e.kind as never,
      text: m.text,
      value: e.kind === 'person' ? m.text : e.value,
      documentId: m.documentId,
      start: m.start,
      end: m.end,
      confidence: m.confidence,
      foundBy: m.foundBy,
      attributes: {},
    })),
  );
  return resolveEntities(mentions, { splits }).map(entityOutput);
}

/**
 * An officer on the case splits mentions out of an entity the analysis merged wrongly, with a
 * reason and a ledger entry; the split holds on the case page and in every later analysis.
 */
export async function splitEntity(
  db: Kysely<DB>,
  principal: Principal,
  caseId: string,
  split: { key: string; mentions: string[]; reason: string },
) {
  await caseFor(db, principal, caseId);
  const reason = split.reason.trim();
  if (!reason)
    throw errors.validation([
      { path: 'reason', message: 'say why these mentions are someone or something else' },
    ]);
  if (reason.length > 1000)
    throw errors.validation([{ path: 'reason', message: 'must be at most 1,000 characters' }]);
  const analysis = await releasedAnalysis(db, principal, caseId);
  const entity = analysis?.output.entities.find((e) => e.key === split.key);
  if (!entity) throw errors.notFound(`Entity ${split.key} in the case's reviewed index`);
  const chosen = entity.mentions.filter((m) => split.mentions.includes(`${m.documentId}:${m.start}`));
  if (!chosen.length)
    throw errors.validation([{ path: 'mentions', message: 'choose the mentions to split off' }]);
  if (chosen.length === entity.mentions.length)
    throw errors.validation([{ path: 'mentions', message: 'leave at least one mention in the entity' }]);
  const mentions = chosen.map((m) => ({ documentId: m.documentId, start: m.start }));
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('case_entity_splits')
      .values({
        case_id: caseId,
        entity_key: split.key,
        mentions: JSON.stringify(mentions),
        reason,
        split_by: principal.personId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'case.entity-split',
      subjectType: 'case',
      subjectId: caseId,
      payload: { splitId: row.id, entityKey: split.key, mentions: mentions.length, reason },
    });
  });
  return { key: split.key, mentions: mentions.length };
}
