import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../identity/model.ts';
import { canonicalJson } from '../ledger/merkle.ts';
import type { AiModule, ModuleScope } from '../modules/contract.ts';
import { findModule } from '../modules/registry.ts';
import { outsideScope, scopeLines } from '../oversight/scope.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * What the chief constable authorised when authorising use: the module, its settings (defaults
 * filled in) and the scope the module reads from them (`scopeOf`), hashed together. The hash goes
 * into the ledger entry of the authorisation; every run is checked against the latest pin, and
 * a change of module or settings needs a new authorisation.
 */
export interface AuthorisedScope {
  moduleId: string | null;
  settings: Record<string, unknown>;
  scope: ModuleScope;
  hash: string;
}

export function authorisedScopeOf(moduleId: string | null, rawSettings: unknown): AuthorisedScope {
  const module = findModule(moduleId);
  const parsed = module?.settingsSchema.safeParse(rawSettings ?? {});
  const settings = (parsed?.success ? parsed.data : (rawSettings ?? {})) as Record<string, unknown>;
  const scope = (parsed?.success && module?.scopeOf?.(parsed.data)) || {};
  const hash = createHash('sha256')
    .update(canonicalJson({ moduleId: module ? moduleId : null, settings, scope }))
    .digest('hex');
  return { moduleId: module ? moduleId : null, settings, scope, hash };
}

/** Pins what a use authorisation authorises, inside the authorisation's own transaction. */
export async function pinAuthorisedScope(
  trx: Transaction<DB>,
  principal: Principal,
  system: { id: string; module_id: string | null; module_settings: unknown },
  evidenceVersion: number,
): Promise<AuthorisedScope> {
  const pin = authorisedScopeOf(system.module_id, system.module_settings);
  await trx
    .insertInto('authorised_scopes')
    .values({
      force_id: principal.forceId,
      system_id: system.id,
      module_id: pin.moduleId,
      settings: JSON.stringify(pin.settings),
      scope: JSON.stringify(pin.scope),
      hash: pin.hash,
      evidence_version: evidenceVersion,
      authorised_by: principal.personId,
    })
    .execute();
  return pin;
}

/** The latest pin of a system, with who authorised it and when. */
export async function latestAuthorisedScope(db: Q, systemId: string) {
  const row = await db
    .selectFrom('authorised_scopes')
    .leftJoin('people', 'people.id', 'authorised_scopes.authorised_by')
    .select([
      'authorised_scopes.module_id',
      'authorised_scopes.settings',
      'authorised_scopes.scope',
      'authorised_scopes.hash',
      'authorised_scopes.evidence_version',
      'authorised_scopes.created_at',
      'people.name as authorised_by',
    ])
    .where('system_id', '=', systemId)
    .orderBy('authorised_scopes.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    moduleId: row.module_id,
    settings: row.settings as Record<string, unknown>,
    scope: row.scope as ModuleScope,
    hash: row.hash,
    version: row.evidence_version,
    at: row.created_at,
    by: row.authorised_by,
  };
}

/**
 * Why a run of a system is outside what was authorised, or null when it is inside: no pin yet,
 * module or settings changed since, or an input outside the pinned scope (each value named).
 */
export async function runOutsideAuthorisation(
  db: Q,
  system: { id: string; module_id: string | null; module_settings: unknown },
  module: AiModule,
  input: unknown,
): Promise<string | null> {
  const pin = await latestAuthorisedScope(db, system.id);
  if (!pin)
    return 'No authorised scope is pinned for this system: the chief constable must authorise its use again.';
  const now = authorisedScopeOf(system.module_id, system.module_settings);
  if (now.hash !== pin.hash)
    return `The module or its settings have changed since use was authorised on ${pin.at.toISOString().slice(0, 10)}: a new authorisation of use is needed.`;
  const reasons = outsideScope(pin.scope, module.inputScope?.(input) ?? {});
  return reasons.length ? `${reasons.join('; ')}.` : null;
}

/** What the system page shows of the latest pin: when, by whom, what, and whether it still holds. */
export async function authorisedScopeView(
  db: Q,
  system: { id: string; module_id: string | null; module_settings: unknown },
) {
  const pin = await latestAuthorisedScope(db, system.id);
  if (!pin) return null;
  const lines = scopeLines(pin.scope);
  return {
    text: `Authorised by ${pin.by ?? 'the chief constable'} on ${pin.at.toISOString().slice(0, 10)} (authorisation of use, version ${pin.version}). Hash (SHA-256): ${pin.hash}`,
    rows: [
      ...lines.map((l) => ({
        key: { text: l.label[0]!.toUpperCase() + l.label.slice(1) },
        value: { text: l.text },
      })),
      { key: { text: 'Module settings' }, value: { text: canonicalJson(pin.settings) } },
    ],
    unrestricted: lines.length === 0,
    changed: authorisedScopeOf(system.module_id, system.module_settings).hash !== pin.hash,
  };
}
