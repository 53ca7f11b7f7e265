import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const titleOf = (html: string) => /<title[^>]*>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '';

describe('page titles', () => {
  it('begin with "Error:" only on pages that show an error', async () => {
    const signIn = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(titleOf(signIn.body)).toMatch(/^Sign in – /);
    expect(signIn.body).not.toContain('govuk-error-summary');

    const failed = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=&password=',
    });
    expect(failed.statusCode).toBe(400);
    expect(titleOf(failed.body)).toMatch(/^Error: Sign in – /);
    expect(failed.body).toContain('govuk-error-summary');

    // A signed-in page that passes an empty error list.
    const form = await t.call('analyst', 'GET', '/incidents/new');
    expect(form.statusCode).toBe(200);
    expect(titleOf(form.body)).not.toMatch(/^Error:/);

    const invalid = await t.call(
      'analyst',
      'POST',
      '/incidents/new',
      'systemId=',
      'application/x-www-form-urlencoded',
    );
    expect(invalid.statusCode).toBe(400);
    expect(titleOf(invalid.body)).toMatch(/^Error: /);
  });
});

describe('Cache-Control', () => {
  it('is no-store on signed-in pages, the API and form posts, and not on public pages', async () => {
    const page = await t.call('analyst', 'GET', '/incidents/new');
    expect(page.headers['cache-control']).toBe('no-store');
    const home = await t.call('analyst', 'GET', '/');
    expect(home.headers['cache-control']).toBe('no-store');

    const api = await t.call('analyst', 'GET', '/api/me');
    expect(api.statusCode).toBe(200);
    expect(api.headers['cache-control']).toBe('no-store');
    const anonymousApi = await t.app.inject({ method: 'GET', url: '/api/me' });
    expect(anonymousApi.headers['cache-control']).toBe('no-store');

    const post = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=&password=',
    });
    expect(post.headers['cache-control']).toBe('no-store');

    for (const url of ['/forces', '/ledger', '/sign-in', '/api/ledger/tree-head']) {
      const open = await t.app.inject({ method: 'GET', url });
      expect(open.statusCode, url).toBe(200);
      expect(open.headers['cache-control'] ?? '', url).not.toContain('no-store');
    }
  });

  it('leaves a Cache-Control the route set itself, even for a signed-in person', async () => {
    const css = await t.call('analyst', 'GET', '/static/app.css');
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe('public face', () => {
  const pages = ['/accessibility', '/privacy', '/cookies', '/feedback'];

  it('has an accessibility statement, privacy notice, cookies page and feedback page open to anyone', async () => {
    for (const url of pages) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toMatch(/<h1 class="govuk-heading-l">/);
    }
    const privacy = await t.app.inject({ method: 'GET', url: '/privacy' });
    for (const words of ['Lawful basis', 'How long we keep it', 'Your rights', 'data protection officer']) {
      expect(privacy.body).toContain(words);
    }
    const cookies = await t.app.inject({ method: 'GET', url: '/cookies' });
    expect(cookies.body).toContain('bluelamp_session');
  });

  it('links every page footer to them, with no GOV.UK crown or Crown copyright', async () => {
    const responses = [
      await t.app.inject({ method: 'GET', url: '/' }),
      await t.app.inject({ method: 'GET', url: '/forces' }),
      await t.app.inject({ method: 'GET', url: '/ledger' }),
      await t.app.inject({ method: 'GET', url: '/challenge' }),
      await t.app.inject({ method: 'GET', url: '/privacy' }),
      await t.call('analyst', 'GET', '/'),
      await t.call('analyst', 'GET', '/incidents/new'),
    ];
    for (const res of responses) {
      expect(res.statusCode).toBe(200);
      const footer = res.body.slice(res.body.indexOf('<footer'));
      for (const url of pages) expect(footer).toContain(`href="${url}"`);
      expect(footer).toContain('Open Government Licence v3.0');
      expect(res.body).not.toMatch(/crown copyright/i);
      expect(res.body).not.toContain('govuk-footer__crown');
      expect(res.body).not.toContain('govuk-header__logotype');
      expect(res.body).not.toContain('govuk-footer__copyright-logo');
      expect(res.body).not.toContain('favicon');
    }
  });
});
