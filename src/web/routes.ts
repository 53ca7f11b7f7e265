import type { FastifyPluginAsync } from 'fastify';
import { SESSION_COOKIE, type Services } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { isCrossSite } from '../http/origin.ts';
import { setSessionCookie } from '../identity/routes.ts';
import { authenticate, closeSession, openSession } from '../identity/service.ts';
import { signInThrottle } from '../identity/throttle.ts';
import { treeSize } from '../ledger/service.ts';
import { SIGNED_TREE_HEAD_LAYOUT, TREE_HEAD_BYTES } from '../ledger/tree-head.ts';
import { issueTreeHead, latestTreeHead, presentTreeHead } from '../ledger/tree-heads.ts';
import { stylesheet } from './assets.ts';
import { tr } from './i18n/index.ts';

/** The pages of the foundation: start, sign in and out, the audit ledger. */
export function webRoutes(services: Services): FastifyPluginAsync {
  const { db, keys } = services;
  return async (app) => {
    app.get('/static/app.css', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(await stylesheet()),
    );

    app.get('/', { schema: { hide: true } }, async (request, reply) => {
      const principal = request.principal;
      const work = principal ? (await Promise.all(services.work.map((w) => w(db, principal)))).flat() : [];
      return reply.page('pages/home.njk', { title: principal ? 'Waiting for you' : 'Bluelamp', work });
    });

    app.get('/sign-in', { schema: { hide: true } }, async (request, reply) => {
      if (request.principal) return reply.redirect('/');
      return reply.page('pages/sign-in.njk', { title: 'Sign in', fieldErrors: {} });
    });

    // Login CSRF: a page of another site must not sign the browser into an account of its choosing.
    app.post<{ Body: { email?: string; password?: string } }>(
      '/sign-in',
      { schema: { hide: true } },
      async (request, reply) => {
        const email = String(request.body?.email ?? '').trim();
        const password = String(request.body?.password ?? '');
        const fieldErrors: Record<string, string> = {};
        let status = 400;
        if (isCrossSite(request)) {
          status = 403;
          fieldErrors.email =
            'This sign-in was sent from another website, so it was refused. Sign in on this page.';
        } else {
          if (!email) fieldErrors.email = 'Enter your email address';
          if (!password) fieldErrors.password = 'Enter your password';
        }
        if (Object.keys(fieldErrors).length === 0) {
          try {
            const person = await authenticate(db, email, password, {
              throttle: signInThrottle(services),
              ip: request.ip,
            });
            const { token } = await openSession(db, person.id);
            setSessionCookie(reply, services, token);
            return reply.redirect('/', 303);
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            fieldErrors.email = error.detail;
            status = error.status === 429 ? 429 : 400;
            if (typeof error.extra.retryAfter === 'number')
              reply.header('retry-after', error.extra.retryAfter);
          }
        }
        const errorSummary = Object.entries(fieldErrors).map(([field, text]) => ({
          text,
          href: `#${field}`,
        }));
        return reply
          .status(status)
          .page('pages/sign-in.njk', { title: 'Sign in', email, fieldErrors, errorSummary });
      },
    );

    app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
      const raw = request.cookies[SESSION_COOKIE];
      const token = raw ? request.unsignCookie(raw) : undefined;
      if (token?.valid && token.value) await closeSession(db, token.value);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/', 303);
    });

    app.get('/ledger', { schema: { hide: true } }, async (request, reply) => {
      const head = (await latestTreeHead(db)) ?? (await issueTreeHead(db, keys));
      return reply.page('pages/ledger.njk', {
        title: tr(request)('ledger.title'),
        head: presentTreeHead(head),
        entries: await treeSize(db),
        publicKeyPem: keys.publicKeyPem,
        recipe: SIGNED_TREE_HEAD_LAYOUT,
        signedBytes: TREE_HEAD_BYTES,
      });
    });
  };
}
