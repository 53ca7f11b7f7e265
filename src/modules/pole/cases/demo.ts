import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../../config.ts';
import type { DB } from '../../../db/schema.ts';
import type { RunRuntime } from '../../../oversight/execute.ts';
import { markOpened, reviewRun } from '../../../oversight/runs.ts';
import { drainRuns } from '../../../oversight/workers.ts';
import { demoCast } from '../../../register/demo.ts';
import { projectRoot } from '../../../shared-data.ts';
import { caseSystem, startAnalysis } from './analyses.ts';
import { createCase, uploadDocuments } from './service.ts';

export const DEMO_CASE_FILES = path.join(projectRoot, 'src/modules/pole/cases/demo');
export const DEMO_CASE_REFERENCE = 'DEMO/2026/0147';

/**
 * The demo force's case: a street robbery with witness statements, an officer's report, an
 * e-mail and call records (all written for the demo), opened by the demo officer with the demo
 * analyst as supervisor, analysed through the runtime and reviewed by the analyst, a named
 * overseer of the case-file system.
 */
export async function seedCaseDemo(ctx: {
  db: Kysely<DB>;
  config: Config;
  runs: RunRuntime;
  forceId: number;
}) {
  const { db, config, runs, forceId } = ctx;
  const cast = demoCast(db, forceId);
  const officer = await cast('officer');
  const analyst = await cast('analyst');
  const key = config.dataEncryptionKey;
  const c = await createCase(db, key, officer, {
    reference: DEMO_CASE_REFERENCE,
    title: 'Robbery at Tesco Express, Queen Street, Cardiff, 6 March 2026',
    reviewOn: '2033-03-31',
    supervisor: analyst.email,
  });
  const files = readdirSync(DEMO_CASE_FILES)
    .filter((f) => f !== 'README.md')
    .sort()
    .map((f) => ({ name: f, bytes: readFileSync(path.join(DEMO_CASE_FILES, f)) }));
  await uploadDocuments(db, key, officer, c.id, files);
  if (!(await caseSystem(db, forceId))) return;
  const run = await startAnalysis(runs, officer, c.id);
  await drainRuns(runs);
  await markOpened(db, run.id, analyst.personId);
  await reviewRun(db, analyst, run.id, {
    decision: 'accepted',
    reasons:
      'Checked every person, vehicle, phone and summary line against the statements, report, e-mail and call records.',
  });
}
