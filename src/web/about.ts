import type { FastifyPluginAsync } from 'fastify';
import { SESSION_COOKIE } from '../http/context.ts';
import { SESSION_HOURS } from '../identity/service.ts';

/** The pages every public service must have, open to anyone: accessibility, privacy, cookies, feedback. */
const PAGES = {
  '/accessibility': { view: 'accessibility', title: 'Accessibility statement' },
  '/privacy': { view: 'privacy', title: 'Privacy notice' },
  '/cookies': { view: 'cookies', title: 'Cookies' },
  '/feedback': { view: 'feedback', title: 'Feedback' },
} as const;

export const ABOUT_PATHS = Object.keys(PAGES);

export function aboutPages(): FastifyPluginAsync {
  return async (app) => {
    for (const [url, { view, title }] of Object.entries(PAGES)) {
      app.get(url, { schema: { hide: true } }, async (_request, reply) =>
        reply.page(`pages/about/${view}.njk`, {
          title,
          sessionCookie: SESSION_COOKIE,
          sessionHours: SESSION_HOURS,
        }),
      );
    }
  };
}
