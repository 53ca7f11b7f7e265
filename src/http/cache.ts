import type { FastifyInstance, FastifyRequest } from 'fastify';

/** API paths anyone may read and cache: the public audit ledger, the public transparency data, the API's own description. */
const PUBLIC_API = ['/api/ledger/', '/api/public/forces/', '/api/openapi.json', '/api/docs'];

/** Pages that show one member of the public's own challenge, looked up by its reference. */
const PERSONAL_PAGES = ['/challenge/status', '/challenge/received/', '/api/public/challenges/'];

/**
 * Whether an answer may hold private data and so must not be kept by the browser or any cache:
 * anything a signed-in person sees (their name is in the header), every form post, the API
 * (except its public parts) and a member of the public's own challenge.
 */
export function isPrivate(request: FastifyRequest): boolean {
  if (request.principal) return true;
  if (!['GET', 'HEAD'].includes(request.method)) return true;
  const path = request.url.split('?')[0] ?? '/';
  if (PERSONAL_PAGES.some((p) => path.startsWith(p))) return true;
  if (path.startsWith('/api/') || path === '/api') return !PUBLIC_API.some((p) => path.startsWith(p));
  return false;
}

/**
 * Sends `Cache-Control: no-store` on every private answer, so that after signing out the
 * browser's Back button cannot show what was on the screen. A route that set its own
 * Cache-Control keeps it.
 */
export function noStoreUnlessPublic(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control') && isPrivate(request)) reply.header('cache-control', 'no-store');
    return payload;
  });
}
