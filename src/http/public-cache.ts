import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isPrivate } from './cache.ts';

/**
 * Public pages change only when the ledger does (every change a public page shows is a ledger
 * entry). So a public answer is named by the ledger position (its latest seq), the URL and the
 * language asked for: that is its ETag, and the key of a small in-process LRU of rendered
 * answers (and by the day, as forecasts are published 28 days after their period). A request then costs one cheap query (the latest seq), and a 304 when the browser
 * holds the same version.
 *
 * `Cache-Control: public, no-cache`: browsers and proxies keep the page but ask again each time
 * (answered by a 304), so a page never shows an outdated record for a minute after a change, and
 * someone who signs in is never shown the anonymous copy. Only anonymous GETs are cached.
 */
interface Cached {
  body: string;
  type: string;
  nonce: string | undefined;
}

const lru = new WeakMap<FastifyInstance, Map<string, Cached>>();

export function cachePublicAnswers(app: FastifyInstance, db: Kysely<DB>, entries: number): void {
  if (entries <= 0) return;
  const cache = new Map<string, Cached>();
  lru.set(app, cache);

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' || isPrivate(request)) return;
    const seq = await latestSeq(db);
    const language = String(request.headers['accept-language'] ?? '').slice(0, 100);
    const day = new Date().toISOString().slice(0, 10); // forecasts become public with the passing days
    const key = `${seq}\n${day}\n${language}\n${request.url}`;
    const etag = `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
    reply
      .header('etag', etag)
      .header('cache-control', 'public, no-cache')
      .header('vary', 'Cookie, Accept-Language');
    (request as CachedRequest).publicCacheKey = key;
    if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    const hit = cache.get(key);
    if (!hit) return;
    cache.delete(key);
    cache.set(key, hit);
    const nonce = cspNonce(reply);
    const body = hit.nonce && nonce ? hit.body.replaceAll(hit.nonce, nonce) : hit.body;
    return reply.type(hit.type).send(body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = (request as CachedRequest).publicCacheKey;
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string' || cache.has(key)) return payload;
    cache.set(key, { body: payload, type: String(reply.getHeader('content-type')), nonce: cspNonce(reply) });
    if (cache.size > entries) cache.delete(cache.keys().next().value!);
    return payload;
  });
}

type CachedRequest = FastifyRequest & { publicCacheKey?: string };

const cspNonce = (reply: FastifyReply) => (reply as { cspNonce?: { script?: string } }).cspNonce?.script;

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

async function latestSeq(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ seq: number | null }>`SELECT max(seq) AS seq FROM ledger_entries`.execute(db);
  return Number(rows[0]?.seq ?? 0);
}
