import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { FORM_COOKIE } from '../challenges/form-token.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from './errors.ts';

/**
 * One-time form tokens: a form posted twice (Back and send again, a refresh, a double click) does
 * its work once. Every form a page posts carries a fresh random token; the first post with it
 * claims the token (an insert that only one request can win) and, when it answers with a
 * redirect (POST-redirect-GET), the place it sent the person to is kept. A later post with the
 * same token is sent to that place instead of doing the work again; a post that arrives while
 * the first is still being handled waits for it. A post that fails (an error, or the form shown
 * again with problems) gives its token back, so the form can be corrected and sent.
 *
 * Tokens belong to who posts (the signed-in person, or the browser's public form cookie) and to
 * the address posted to. Only HTML form posts (urlencoded) take part; the JSON API does not.
 */
export const ONCE_FIELD = '_once';

/** How long a used token is remembered. */
const KEEP_MS = 24 * 3600_000;
/** How long a repeated post waits for the first one to finish. */
const WAIT_MS = 10_000;
const POLL_MS = 100;
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

interface Claim {
  owner: string;
  token: string;
  target: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    onceClaim: Claim | null;
  }
}

/**
 * Adds a hidden one-time token to every `<form method="post">` of a page, except file uploads
 * (multipart bodies are read by their own routes) and forms marked `data-once="off"`.
 */
export function withOnceTokens(html: string): string {
  return html.replace(/<form\b[^>]*>/gi, (tag) => {
    if (!/\bmethod=["']?post\b/i.test(tag) || /multipart\/form-data|data-once=["']?off/i.test(tag))
      return tag;
    return `${tag}<input type="hidden" name="${ONCE_FIELD}" value="${randomBytes(18).toString('base64url')}">`;
  });
}

/** Who a token belongs to: the signed-in person in their force, or the browser's form cookie. */
function ownerOf(request: FastifyRequest): string | null {
  if (request.principal) return `person:${request.principal.personId}:${request.principal.forceId}`;
  const raw = request.cookies[FORM_COOKIE];
  const unsigned = raw ? request.unsignCookie(raw) : null;
  if (!unsigned?.valid || !unsigned.value) return null;
  return `form:${createHash('sha256').update(unsigned.value).digest('base64url')}`;
}

/** Claims a token: true when this request is the first to post it. */
async function claim(db: Kysely<DB>, c: Claim): Promise<boolean> {
  const row = await db
    .insertInto('form_submissions')
    .values(c)
    .onConflict((oc) => oc.doNothing())
    .returning('token')
    .executeTakeFirst();
  return row !== undefined;
}

function lookup(db: Kysely<DB>, c: Claim) {
  return db
    .selectFrom('form_submissions')
    .select('result_url')
    .where('owner', '=', c.owner)
    .where('token', '=', c.token)
    .where('target', '=', c.target)
    .executeTakeFirst();
}

const stillSending = () =>
  new AppError(
    409,
    'form-already-sent',
    'Form already being sent',
    'This form is already being sent. Wait a moment, then check whether it was recorded before you send it again.',
  );

/**
 * Registers the token check (a preHandler, after the CSRF check) and the recording of each
 * first post's answer. Call once on the root instance, before the routes.
 */
export function onceForms(app: FastifyInstance, db: Kysely<DB>): void {
  app.decorateRequest('onceClaim', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return;
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || !(ONCE_FIELD in body)) return;
    const token = body[ONCE_FIELD];
    delete body[ONCE_FIELD];
    const owner = ownerOf(request);
    if (typeof token !== 'string' || !TOKEN.test(token) || !owner) return;
    const c: Claim = { owner, token, target: request.url.split('?')[0] ?? '/' };
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (await claim(db, c)) {
        request.onceClaim = c;
        await db
          .deleteFrom('form_submissions')
          .where('created_at', '<', new Date(Date.now() - KEEP_MS))
          .execute();
        return;
      }
      const first = await lookup(db, c);
      if (first?.result_url) return reply.redirect(first.result_url, 303);
      // Still being handled (or given back, then claimed again on the next turn).
      if (first && Date.now() > deadline) throw stillSending();
      if (first) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const c = request.onceClaim;
    if (!c) return payload;
    request.onceClaim = null;
    const location = reply.getHeader('location');
    const where = db
      .updateTable('form_submissions')
      .where('owner', '=', c.owner)
      .where('token', '=', c.token)
      .where('target', '=', c.target);
    if (reply.statusCode >= 300 && reply.statusCode < 400 && typeof location === 'string')
      await where.set({ result_url: location }).execute();
    else
      await db
        .deleteFrom('form_submissions')
        .where('owner', '=', c.owner)
        .where('token', '=', c.token)
        .where('target', '=', c.target)
        .execute();
    return payload;
  });
}
