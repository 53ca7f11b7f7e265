import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../identity/model.ts';
import type { SigningKeys } from '../ledger/keys.ts';
import type { RunRuntime } from '../oversight/execute.ts';
import { errors } from './errors.ts';

/** Everything a route needs, built once in app.ts. */
export interface Services {
  config: Config;
  db: Kysely<DB>;
  keys: SigningKeys;
  /** Contributors to a person's "Waiting for you" list; features add theirs. */
  work: WorkProvider[];
  /** Starting and executing runs: the job queue, the worker threads, the sampling random source. */
  runs: RunRuntime;
  /** Stops the queue and the worker threads (the database is closed by its owner). */
  close(): Promise<void>;
}

export interface WorkItem {
  title: string;
  href: string;
  hint?: string;
  overdue?: boolean;
}

export type WorkProvider = (db: Kysely<DB>, principal: Principal) => Promise<WorkItem[]>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyReply {
    page(template: string, data?: Record<string, unknown>): FastifyReply;
  }
}

export const SESSION_COOKIE = 'bluelamp_session';

/** The signed-in principal, or a 401 problem. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw errors.unauthenticated();
  return request.principal;
}

export function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && request.url !== '/health';
}

export type Reply = FastifyReply;
