import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ledgerGeneration } from '../ledger/generation.ts';
import { isPrivate } from './cache.ts';

/**
 * Public pages change only when the ledger does (every change a public page shows is a ledger
 * entry). So a public answer is named by the ledger position (its latest seq), the URL and the
 * language asked for: that is its ETag, and the key of a small in-process LRU of rendered
 * answers (and by the day, as forecasts are published 28 days after their period). A request then
 * costs at most one cheap query (the latest seq, see `latestSeq`), and a 304 when the browser
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
    const language = request.lang ?? 'en'; // the page's language (query or cookie), see web/i18n
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

/** How long a read of the ledger position stands when this process has appended nothing since. */
const POSITION_STANDS_MS = 1000;

const positions = new WeakMap<Kysely<DB>, { generation: number; at: number; seq: number }>();

/**
 * The ledger position, read again whenever this process has appended to the ledger since the
 * last read (so its own changes show at once), and at most a second old otherwise (changes made
 * by other processes, such as workers or the command line, show within a second). On the
 * embedded database a query per public request was the largest cost of a cached answer.
 */
async function latestSeq(db: Kysely<DB>): Promise<number> {
  const generation = ledgerGeneration();
  const known = positions.get(db);
  const now = Date.now();
  if (known && known.generation === generation && now - known.at < POSITION_STANDS_MS) return known.seq;
  const { rows } = await sql<{ seq: number | null }>`SELECT max(seq) AS seq FROM ledger_entries`.execute(db);
  const seq = Number(rows[0]?.seq ?? 0);
  positions.set(db, { generation, at: now, seq });
  return seq;
}
