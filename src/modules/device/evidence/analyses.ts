import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { latestReleased, type ReleasedOutput } from '../../../oversight/released.ts';
import { type RunRuntime, startRun } from '../../../oversight/runs.ts';
import { dataKeyOf } from '../../../security/encryption.ts';
import { logAccess } from '../../pole/services.ts';
import { type DeviceInput, type DeviceOutput, deviceOutputSchema } from '../module.ts';
import { extractionFor, imagesOf, openExtraction } from './extractions.ts';

/**
 * Summaries of an extraction: each a run of the force's device-evidence system (the runtime's
 * gateway checks its stage, trial scope and the asker's role, seals the input and queues the
 * job), released only after a named reviewer has checked it. The officer names the case's
 * subjects (everyone else stays a pseudonymous third party) and the lines of enquiry.
 */

/** The force's system running the device module in trial or live use, if there is one. */
export async function deviceSystem(db: Kysely<DB>, forceId: number) {
  return db
    .selectFrom('ai_systems')
    .select(['id', 'name', 'stage', 'reference'])
    .where('force_id', '=', forceId)
    .where('module_id', '=', 'device')
    .where('stage', 'in', ['trial', 'live'])
    .orderBy('created_at')
    .executeTakeFirst();
}

export const analysisRequestSchema = z.object({
  /** The case's subjects among the parties, by number or address as the device holds it. */
  subjects: z
    .array(
      z.object({
        key: z
          .string()
          .trim()
          .min(3, 'must be a phone number, e-mail or name as the device holds it')
          .max(300),
        name: z.string().trim().min(1, 'is required').max(120),
      }),
    )
    .max(50)
    .default([]),
  lines: z
    .array(
      z.object({
        label: z.string().trim().min(1, 'is required').max(200),
        terms: z.array(z.string().trim().min(1).max(100)).min(1, 'give at least one term').max(100),
        direction: z.enum(['towards', 'away', 'neutral'], { message: 'must be towards, away or neutral' }),
      }),
    )
    .max(50)
    .default([]),
});
export type AnalysisRequest = z.infer<typeof analysisRequestSchema>;

/** A phone number as parties hold it (E.164, UK by default), else the text lower-cased. */
export function partyKeyOf(text: string): string {
  const t = text.trim();
  const digits = t.replace(/[\s().-]/g, '');
  if (/^0\d{9,10}$/.test(digits)) return `+44${digits.slice(1)}`;
  if (/^\+\d{7,15}$/.test(digits)) return digits;
  if (/^00\d{7,15}$/.test(digits)) return `+${digits.slice(2)}`;
  return t.includes('@') ? t.toLowerCase() : t;
}

/** Starts a summary of one extraction. */
export async function startDeviceAnalysis(
  rt: RunRuntime,
  principal: Principal,
  caseId: string,
  extractionId: string,
  data: unknown,
) {
  const key = rt.config.dataEncryptionKey;
  const { extraction, authorisation } = await extractionFor(rt.db, key, principal, caseId, extractionId);
  if (extraction.destroyedAt)
    throw errors.conflict('destroyed', 'This extraction was destroyed at the end of its retention.');
  const parsed = analysisRequestSchema.safeParse(data);
  if (!parsed.success)
    throw errors.validation(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const system = await deviceSystem(rt.db, principal.forceId);
  if (!system)
    throw errors.conflict(
      'no-device-system',
      `${principal.forceName} has no device-evidence system in trial or live use, so extractions cannot be summarised yet.`,
    );
  const content = await openExtraction(rt.db, key, extractionId);
  const subjects = new Map<string, string>();
  const keys = new Set(content.parties.map((p) => p.key));
  const problems: Array<{ path: string; message: string }> = [];
  parsed.data.subjects.forEach((s, i) => {
    const k = partyKeyOf(s.key);
    if (!keys.has(k) && !keys.has(`name:${s.key.trim()}`))
      problems.push({ path: `subjects.${i}.key`, message: `${s.key} is not a party in this extraction` });
    subjects.set(keys.has(k) ? k : `name:${s.key.trim()}`, s.name);
  });
  if (problems.length) throw errors.validation(problems);
  const c = await rt.db
    .selectFrom('cases')
    .select(['reference'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const images = await imagesOf(rt.db, extractionId);
  const input: DeviceInput = {
    case: { id: caseId, reference: c.reference },
    extractionId,
    authorisation: {
      id: authorisation.id,
      device: authorisation.device,
      owner: authorisation.owner,
      ownerRole: authorisation.ownerRole,
      purpose: authorisation.purpose,
      from: authorisation.scope.from,
      to: authorisation.scope.to,
      kinds: authorisation.scope.kinds,
      authorisedBy: authorisation.authorisedBy.name,
    },
    parties: content.parties.map((p) => ({
      key: p.key,
      ...(p.name ? { name: p.name } : {}),
      contact: p.contact,
      subject: subjects.get(p.key) ?? null,
    })),
    records: content.records as unknown as DeviceInput['records'],
    excluded: extraction.excluded,
    lines: parsed.data.lines.map((l, i) => ({ ...l, id: `line-${i + 1}` })),
    images: images.map((im) => ({
      record: im.record,
      pdq: im.pdq,
      quality: im.quality,
      matches: im.matches,
    })),
  };
  const run = await startRun(rt, principal, system.id, {
    input,
    purpose: `Summary of a device extraction for case ${c.reference}`,
    caseReference: c.reference,
  });
  await rt.db.insertInto('device_analyses').values({ run_id: run.id, extraction_id: extractionId }).execute();
  return run;
}

export interface DeviceAnalysisItem {
  runId: string;
  reference: string;
  status: string;
  progress: number;
  createdAt: Date;
  by: string;
}

/** The summaries run over an extraction, newest first (for a caller that has checked access). */
export async function listDeviceAnalyses(
  db: Kysely<DB>,
  extractionId: string,
): Promise<DeviceAnalysisItem[]> {
  const rows = await db
    .selectFrom('device_analyses')
    .innerJoin('runs', 'runs.id', 'device_analyses.run_id')
    .innerJoin('people', 'people.id', 'runs.actor_id')
    .select([
      'runs.id',
      'runs.reference',
      'runs.status',
      'runs.progress',
      'device_analyses.created_at',
      'people.name',
    ])
    .where('device_analyses.extraction_id', '=', extractionId)
    .orderBy('device_analyses.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    runId: r.id,
    reference: r.reference,
    status: r.status,
    progress: Number(r.progress),
    createdAt: r.created_at,
    by: r.name,
  }));
}

/**
 * The latest released summary of an extraction, as reviewed; written to the case's access log.
 * Null before any is released (or once the extraction is destroyed).
 */
export async function releasedSummary(
  db: Kysely<DB>,
  principal: Principal,
  caseId: string,
  extractionId: string,
): Promise<ReleasedOutput<DeviceOutput> | null> {
  const { extraction } = await extractionFor(db, dataKeyOf(db), principal, caseId, extractionId);
  if (extraction.destroyedAt) return null;
  const released = await latestReleased(
    db,
    db.selectFrom('device_analyses').select('run_id').where('extraction_id', '=', extractionId),
    deviceOutputSchema,
  );
  if (released) await logAccess(db, principal, caseId, 'opened-device-summary', released.reference);
  return released;
}
