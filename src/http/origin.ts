import type { FastifyRequest } from 'fastify';

/**
 * Whether a browser says this request was sent by a page of another site (OWASP's check of the
 * standard headers: `Sec-Fetch-Site`, else `Origin` against the host the request was sent to).
 * Requests without either header (not from a browser) are not cross-site.
 */
export function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.host;
  } catch {
    return true; // "null" (sandboxed frames, privacy redirects) or malformed
  }
}
