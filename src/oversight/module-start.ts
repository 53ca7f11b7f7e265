import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { can } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import {
  type InputProblem,
  ModuleInputError,
  type ModuleStart,
  type StartContext,
} from '../modules/contract.ts';
import { PLUGINS, pluginFor } from '../modules/plugins.ts';
import { findModule } from '../modules/registry.ts';
import { systemInForce } from '../register/service.ts';

/**
 * How a run's input is reached from what was sent, through the module's plug-in (`start` in the
 * contract): the input as given, cleared by the module of what only it may set, or built by the
 * module from its own request (hot spots: a crime data source, crime types and a month).
 */

/** A module's start hooks; none (input given as it is) for a module without them. */
export const startOf = (moduleId: string | null): ModuleStart =>
  (moduleId ? pluginFor(moduleId)?.start : undefined) ?? {};

/** The modules' own requests, by their key in the body of `POST /api/systems/:id/runs`. */
export const START_REQUESTS = PLUGINS.flatMap((p) => (p.start?.request ? [p.start.request] : []));

/** An input as a caller sent it, cleared by its module of what only the module may set. */
export const givenInput = (start: ModuleStart, input: unknown): unknown =>
  start.callerInput ? start.callerInput(input) : input;

/**
 * The input the module builds from its request; a request that does not fit throws the module's
 * `ModuleInputError`, whose problems `named` turns into the caller's terms.
 */
export async function builtInput<T>(
  start: ModuleStart,
  request: unknown,
  context: StartContext,
  named: (problems: readonly InputProblem[]) => T,
): Promise<{ input: unknown } | { problems: T }> {
  if (!start.request) throw new Error('This module builds no input from a request.');
  try {
    return { input: await start.request.build(request, context) };
  } catch (e) {
    if (e instanceof ModuleInputError) return { problems: named(e.problems) };
    throw e;
  }
}

/**
 * The input of a run started through the API: `input` as the caller sent it, or built from the
 * module's own request (`requests` by key). A request the system's module does not take, or that
 * does not fit, is a 400 naming `<key>.<field>`.
 */
export async function requestedInput(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  input: unknown,
  requests: Record<string, unknown>,
): Promise<unknown> {
  const system = await systemInForce(db, principal, systemId);
  const start = startOf(system.module_id);
  const sent = Object.entries(requests).filter(([, v]) => v !== undefined);
  // Data is only read for someone who may run systems; the gateway records anyone else's refusal.
  if (sent.length === 0 || !can(principal, 'run.start')) return givenInput(start, input);
  const foreign = sent.filter(([key]) => key !== start.request?.key);
  if (foreign.length)
    throw errors.validation(
      foreign.map(([key]) => ({ path: key, message: `is only for ${ownerTitle(key)} systems` })),
    );
  const [[key, request]] = sent as [[string, unknown]];
  const context = { db, principal, settings: system.module_settings };
  const built = await builtInput(start, request, context, (problems) =>
    problems.map((p) => ({ path: `${key}.${p.field}`, message: p.message })),
  );
  if ('problems' in built) throw errors.validation(built.problems);
  return built.input;
}

/** The title of the module whose request is sent under `key`, in lower case. */
function ownerTitle(key: string): string {
  const owner = PLUGINS.find((p) => p.start?.request?.key === key);
  const title = owner?.moduleIds.map((id) => findModule(id)?.title).find(Boolean);
  return (title ?? key).toLowerCase();
}
