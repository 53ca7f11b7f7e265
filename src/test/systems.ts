import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Role } from '../identity/roles.ts';
import { DEMO_SYSTEMS, demoCast } from '../register/demo.ts';
import type { FormKind } from '../register/forms.ts';
import type { Stage } from '../register/lifecycle.ts';
import type { SystemInput } from '../register/model.ts';
import { createSystem } from '../register/service.ts';
import { walkTo } from '../register/walk.ts';

/**
 * The fairness audit tests attach where a gate needs one (a reoffending risk system past
 * validation), as the forms' examples stand in for real forms; marked as an example.
 */
const EXAMPLE_AUDIT = {
  source: 'example-audit.csv',
  dataSha256: '0'.repeat(64),
  report: {
    title: 'Example fairness audit',
    population: { rowsRead: 1000, rowsKept: 1000, filter: null },
    groups: [
      { attribute: 'sex', value: 'Female' },
      { attribute: 'sex', value: 'Male' },
    ],
    findings: ['Example audit attached by a lifecycle walk; not a real finding.'],
  },
};

export interface DemoSystemOptions {
  /** Which demo record to copy (default 0: the burglary hot spot forecast). */
  index?: number;
  /** Walk it to this stage as the demo users (default: leave it at horizon). */
  stage?: Stage;
  moduleId?: string | null;
  moduleSettings?: Record<string, unknown>;
  /** Name the demo product manager on the record (default true). */
  productManager?: boolean;
  /** Named overseers, by the demo role they hold (default officer and analyst). */
  overseers?: Role[];
  /** Any other record fields. */
  record?: Partial<SystemInput>;
  /** Form data to use instead of a form's example on the walk. */
  forms?: Partial<Record<FormKind, unknown>>;
}

/** A system for tests, copied from the demo register and walked along the lifecycle. */
export async function demoSystem(db: Kysely<DB>, forceId: number, options: DemoSystemOptions = {}) {
  const cast = demoCast(db, forceId);
  const { stage: _stage, national: _national, story: _story, ...record } = DEMO_SYSTEMS[options.index ?? 0]!;
  const overseers = await Promise.all(
    (options.overseers ?? ['officer', 'analyst']).map(async (r) => (await cast(r)).personId),
  );
  const created = await createSystem(db, await cast('ai-lead'), {
    ...record,
    moduleId: options.moduleId === undefined ? record.moduleId : options.moduleId,
    moduleSettings: options.moduleSettings ?? record.moduleSettings ?? {},
    projectLeadId: (await cast('project-lead')).personId,
    productManagerId: options.productManager === false ? null : (await cast('product-manager')).personId,
    overseerIds: overseers,
    ...options.record,
  });
  if (options.stage) await walkTo(db, created.id, options.stage, cast, options.forms, EXAMPLE_AUDIT);
  return created;
}
