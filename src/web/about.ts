import type { FastifyPluginAsync } from 'fastify';
import { SESSION_COOKIE } from '../http/context.ts';
import { SESSION_HOURS } from '../identity/service.ts';
import { LANG_COOKIE, LANG_COOKIE_DAYS, tr } from './i18n/index.ts';

/** The pages every public service must have, open to anyone: accessibility, privacy, cookies, feedback. */
const PAGES = {
  '/accessibility': { view: 'accessibility', title: 'about.accessibility.title' },
  '/privacy': { view: 'privacy', title: 'about.privacy.title' },
  '/cookies': { view: 'cookies', title: 'about.cookies.title' },
  '/feedback': { view: 'feedback', title: 'about.feedback.title' },
} as const;

export const ABOUT_PATHS = Object.keys(PAGES);

export function aboutPages(): FastifyPluginAsync {
  return async (app) => {
    for (const [url, { view, title }] of Object.entries(PAGES)) {
      app.get(url, { schema: { hide: true } }, async (request, reply) =>
        reply.page(`pages/about/${view}.njk`, {
          title: tr(request)(title),
          sessionCookie: SESSION_COOKIE,
          sessionHours: SESSION_HOURS,
          langCookie: LANG_COOKIE,
          langDays: LANG_COOKIE_DAYS,
        }),
      );
    }
  };
}
