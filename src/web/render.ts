import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Principal } from '../identity/model.ts';
import { ROLE_NAMES } from '../identity/roles.ts';
import { projectRoot } from '../shared-data.ts';
import { govukDist } from './assets.ts';

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
  env.addFilter('date', (d: Date | string | null | undefined) =>
    d
      ? new Date(d).toLocaleString('en-GB', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'Europe/London',
        })
      : '',
  );
  env.addFilter('day', (d: Date | string | null | undefined) =>
    d ? new Date(d).toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' }) : '',
  );
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
export function navigation(ctx: PageContext, moduleItems: NavItem[] = []): NavItem[] {
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
      ]
    : [
        { href: '/lifecycle', text: 'Lifecycle' },
        { href: '/forces', text: 'AI in use' },
        { href: '/challenge', text: 'Challenge an AI decision' },
        { href: '/ledger', text: 'Audit ledger' },
      ];
  return items.map((i) => ({
    ...i,
    active: i.href === '/' ? ctx.path === '/' : ctx.path.startsWith(i.href),
  }));
}
