import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { DECISION_MAKER_ROLE } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { postingOf } from '../identity/postings.ts';
import type { InputProblem, StartContext, StartForm } from '../modules/contract.ts';
import { findModule } from '../modules/registry.ts';
import { latestEvidence, peopleWithRole } from '../register/repository.ts';
import { systemInForce } from '../register/service.ts';
import type { RunRuntime } from './execute.ts';
import { field, one } from './form-values.ts';
import type { TrialScope } from './gateway.ts';
import { builtInput, givenInput, startOf } from './module-start.ts';
import type { FieldError, Posted } from './run-page.ts';
import { type StartedRun, startRun } from './runs.ts';

/**
 * The "start a run" form: the runtime's own fields (purpose, case reference, decision maker), and
 * the module's fields from its plug-in (`start.form`: a police.uk source for hot spots, the OGRS3
 * fields for risk), or the input as JSON for a module without them.
 */

const err = (name: string, text: string, href = `#${field(name)}`): FieldError => ({ name, text, href });

/** Where the error summary links for a field: the module's own control, else `#f-<name>`. */
const hrefOf = (form: StartForm | undefined, name: string) => form?.href?.(name) ?? `#${field(name)}`;

/** A module's problems as the form shows them, each on its field. */
const fieldErrors = (form: StartForm | undefined, problems: readonly InputProblem[]): FieldError[] =>
  problems.map((p) => err(p.field, p.message, hrefOf(form, p.field)));

const commonSchema = z.object({
  purpose: z
    .string()
    .trim()
    .min(5, 'Enter the purpose of this run in at least 5 characters')
    .max(1000, 'The purpose must be 1000 characters or fewer'),
  caseReference: z.string().trim().max(100, 'The case reference must be 100 characters or fewer'),
});

export interface ParsedStart {
  errors: FieldError[];
  purpose: string;
  caseReference?: string;
  decisionMakerId?: string;
  /** The module's own request, from which it builds the input. */
  request?: unknown;
  input?: unknown;
}

/** Validates what was posted; the module input itself is validated by the runtime. */
export async function parseStart(
  form: StartForm | undefined,
  values: Posted,
  needsDecisionMaker: boolean,
  context: StartContext,
): Promise<ParsedStart> {
  const errors: FieldError[] = [];
  const common = commonSchema.safeParse({
    purpose: one(values.purpose),
    caseReference: one(values.caseReference),
  });
  if (!common.success) for (const i of common.error.issues) errors.push(err(String(i.path[0]), i.message));
  const out: ParsedStart = { errors, purpose: one(values.purpose) };
  if (one(values.caseReference)) out.caseReference = one(values.caseReference);
  if (needsDecisionMaker) {
    if (!one(values.decisionMakerId))
      errors.push(err('decisionMakerId', 'Choose the officer who will decide'));
    else out.decisionMakerId = one(values.decisionMakerId);
  }
  if (form) {
    const parsed = await form.parse(values, context);
    errors.push(...fieldErrors(form, parsed.problems));
    if (parsed.request !== undefined) out.request = parsed.request;
    else out.input = parsed.input;
  } else {
    try {
      out.input = JSON.parse(one(values.input) || 'null');
      if (out.input === null) errors.push(err('input', 'Enter the input as JSON'));
    } catch (e) {
      errors.push(err('input', `The input is not valid JSON: ${(e as Error).message}`));
    }
  }
  return out;
}

/** Whether a run of the system needs a named decision maker. */
const needsDecisionMakerFor = (system: { use_case: string | null }) => system.use_case === 'reoffending-risk';

/** Everything the start form shows. */
export async function startFormData(
  db: Kysely<DB>,
  p: Principal,
  systemId: string,
  values: Posted = {},
  errors: FieldError[] = [],
) {
  const system = await systemInForce(db, p, systemId);
  const module = findModule(system.module_id);
  const form = startOf(system.module_id).form;
  const scope =
    system.stage === 'trial'
      ? ((await latestEvidence(db, systemId)).get('trial-scope')?.data as TrialScope | undefined)
      : undefined;
  const needsDecisionMaker = needsDecisionMakerFor(system);
  const officers = needsDecisionMaker ? await peopleWithRole(db, p.forceId, DECISION_MAKER_ROLE) : [];
  const context: StartContext = { db, principal: p, settings: system.module_settings };
  return {
    title: `Start a run: ${system.name}`,
    system: { id: system.id, name: system.name, reference: system.reference, stage: system.stage },
    runnable: (system.stage === 'live' || system.stage === 'trial') && Boolean(module),
    moduleTitle: module ? `${module.title} (${module.id} ${module.version})` : null,
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v : v.trim()])),
    errorSummary: errors.map((e) => ({ text: e.text, href: e.href })),
    errorsByName: Object.fromEntries(errors.map((e) => [e.name, e.text])),
    scope: scope ?? null,
    posting: scope ? await postingOf(db, p.personId, p.forceId) : null,
    decisionMakers: needsDecisionMaker
      ? [
          { value: '', text: 'Choose an officer' },
          ...officers.map((o) => ({
            value: o.id,
            text: o.name,
            selected: o.id === one(values.decisionMakerId),
          })),
        ]
      : null,
    // The module's fields: its template and what the template reads.
    startForm: form ? { template: form.template, ...(await form.data?.(context, values)) } : null,
    needsDecisionMaker,
  };
}

/** A started run, or the problems to show on the form again with the status to answer. */
export type FormStart = { run: StartedRun } | { status: number; problems: FieldError[] };

/**
 * Starts a run from the posted form: the runtime's fields and the module's are checked together,
 * then the module builds its input (hot spots: reads the chosen crime data), then the run is
 * started as through the API. Problems come back by field; a run not found or not allowed
 * throws (shown as an error page).
 */
export async function startFromForm(
  rt: RunRuntime,
  p: Principal,
  systemId: string,
  values: Posted,
): Promise<FormStart> {
  const system = await systemInForce(rt.db, p, systemId);
  const start = startOf(system.module_id);
  const context: StartContext = { db: rt.db, principal: p, settings: system.module_settings };
  const parsed = await parseStart(start.form, values, needsDecisionMakerFor(system), context);
  if (parsed.errors.length) return { status: 400, problems: parsed.errors };
  let input = givenInput(start, parsed.input);
  if (parsed.request !== undefined) {
    const built = await builtInput(start, parsed.request, context, (x) => fieldErrors(start.form, x));
    if ('problems' in built) return { status: 400, problems: built.problems };
    input = built.input;
  }
  try {
    const run = await startRun(rt, p, systemId, {
      input,
      purpose: parsed.purpose,
      caseReference: parsed.caseReference,
      decisionMakerId: parsed.decisionMakerId,
    });
    start.afterStart?.({ db: rt.db, runId: run.id, input });
    return { run };
  } catch (e) {
    if (!(e instanceof AppError) || [401, 404].includes(e.status)) throw e;
    const issues = e.extra.issues as Array<{ path: string; message: string }> | undefined;
    const problems = issues?.length
      ? issues.map((i) => {
          const name = start.form ? start.form.fieldOf(i.path, i.message) : 'input';
          return err(name, `${i.path}: ${i.message}`, hrefOf(start.form, name));
        })
      : [err('run', e.detail, '#f-purpose')];
    return { status: e.status, problems };
  }
}
