import path from 'node:path';
import nunjucks from 'nunjucks';
import { can } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { ROLE_NAMES } from '../identity/roles.ts';
import { projectRoot } from '../shared-data.ts';
import { govukDist } from './assets.ts';
import {
  formatDateTime,
  formatDay,
  formatNumber,
  isLang,
  type Lang,
  type Translate,
  translator,
} from './i18n/index.ts';

export const SERVICE_NAME = 'Bluelamp';

/**
 * One Nunjucks environment for every page: our views first, then GOV.UK Frontend's templates
 * (`govuk/template.njk`, `govuk/components/.../macro.njk`). Autoescaping is on.
 */
export function createViews(extraPaths: string[] = []): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(projectRoot, 'src/web/views'), ...extraPaths, govukDist], {
      noCache: false,
    }),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('roleName', (slug: string) => ROLE_NAMES[slug as keyof typeof ROLE_NAMES] ?? slug);
  // Dates in the page's language (Nunjucks calls filters with the render context as `this`).
  const langOfContext = (self: unknown): Lang => {
    const lang = (self as { ctx?: { lang?: unknown } } | undefined)?.ctx?.lang;
    return isLang(lang) ? lang : 'en';
  };
  env.addFilter('date', function (this: unknown, d: Date | string | null | undefined) {
    return formatDateTime(d, langOfContext(this));
  });
  env.addFilter('day', function (this: unknown, d: Date | string | null | undefined) {
    return formatDay(d, langOfContext(this));
  });
  env.addFilter('number', function (this: unknown, n: number | null | undefined) {
    return formatNumber(n, langOfContext(this));
  });
  env.addFilter('hex', (b: Buffer | null | undefined) => (b ? b.toString('hex') : ''));
  return env;
}

export interface PageContext {
  principal: Principal | null;
  cspNonce: string;
  path: string;
}

export interface NavItem {
  href: string;
  text: string;
  active?: boolean;
}

/**
 * The service navigation, depending on who is signed in; `moduleItems` are the modules' own links
 * this person may follow (from their plug-ins), shown after the AI register.
 */
export function navigation(
  ctx: PageContext,
  moduleItems: NavItem[] = [],
  t: Translate = translator('en'),
): NavItem[] {
  const items: NavItem[] = ctx.principal
    ? [
        { href: '/', text: 'Waiting for you' },
        { href: '/reviews', text: 'Reviews' },
        { href: '/systems', text: 'AI register' },
        ...moduleItems,
        { href: '/monitoring', text: 'Monitoring' },
        { href: '/incidents', text: 'Incidents' },
        { href: '/lifecycle', text: 'Lifecycle' },
        { href: '/forces', text: 'AI in use' },
        { href: '/ledger', text: 'Audit ledger' },
        ...(can(ctx.principal, 'people.list') ? [{ href: '/users', text: 'People' }] : []),
      ]
    : [
        { href: '/lifecycle', text: t('nav.lifecycle') },
        { href: '/forces', text: t('nav.forces') },
        { href: '/challenge', text: t('nav.challenge') },
        { href: '/ledger', text: t('nav.ledger') },
      ];
  return items.map((i) => ({
    ...i,
    active: i.href === '/' ? ctx.path === '/' : ctx.path.startsWith(i.href),
  }));
}
