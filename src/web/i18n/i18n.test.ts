import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoForecasts } from '../../modules/hotspots/index.ts';
import { seedDemoRegister } from '../../register/demo.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { TRANSPARENCY_VIEWS } from '../../transparency/routes.ts';
import { createViews } from '../render.ts';
import { cy } from './cy.ts';
import { en, type MessageKey } from './en.ts';
import {
  browserLang,
  formatDay,
  known,
  LANG_COOKIE,
  languageContext,
  SAME_IN_BOTH,
  translator,
  withLang,
} from './index.ts';
import { crimeTypesText, periodText } from './maps.ts';

const keys = Object.keys(en) as MessageKey[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const links = (s: string) => [...s.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe('the Welsh catalogue', () => {
  it('has every English key and no other', () => {
    expect(Object.keys(cy).sort()).toEqual([...keys].sort());
  });

  it('translates every message, except those listed as the same in both languages', () => {
    const untranslated = keys.filter((k) => cy[k] === en[k] && !SAME_IN_BOTH.has(k));
    expect(untranslated).toEqual([]);
    // The list of exceptions holds only messages that really are the same.
    expect([...SAME_IN_BOTH].filter((k) => cy[k] !== en[k])).toEqual([]);
  });

  it('keeps the parameters and links of every message', () => {
    const differ = keys.filter(
      (k) =>
        placeholders(cy[k]).join() !== placeholders(en[k]).join() ||
        links(cy[k]).join() !== links(en[k]).join(),
    );
    // The footer links to the Welsh version of the Open Government Licence.
    expect(differ).toEqual(['layout.licenceHtml']);
  });
});

describe('words in Welsh', () => {
  it('fills parameters, escaping them in HTML messages only', () => {
    const t = translator('cy');
    expect(t('force.title', { force: 'Heddlu Gwent' })).toBe("AI sy'n cael ei ddefnyddio: Heddlu Gwent");
    expect(t('force.seeAlsoHtml', { slug: '"><script>' })).toContain(
      'href="/forces/&quot;&gt;&lt;script&gt;/incidents"',
    );
  });

  it('writes dates, periods and crime types in Welsh', () => {
    expect(formatDay('2026-12-03T10:00:00Z', 'cy')).toBe('3 Rhagfyr 2026');
    expect(formatDay('2026-12-03T10:00:00Z', 'en')).toBe('3 December 2026');
    // A period's end is exclusive: 1 to 30 November.
    expect(periodText({ start: '2020-11-01', end: '2020-12-01' }, 'cy')).toBe('1 Tach 2020 i 30 Tach 2020');
    expect(
      crimeTypesText(
        {
          used: ['Burglary'],
          available: ['Burglary', 'Drugs', 'Robbery'],
          allTypes: false,
          singleType: true,
        },
        'cy',
      ),
    ).toBe(
      "UN MATH O DROSEDD YN UNIG: Bwrgleriaeth. Nid yw'r map hwn yn dangos troseddau eraill (2 math arall yn y data).",
    );
  });

  it('translates the service’s own English messages and leaves other text as written', () => {
    expect(known('Select the police force', 'cy')).toBe('Dewiswch yr heddlu');
    expect(known('Serious: someone died', 'cy')).toBe('Difrifol: bu farw rhywun');
    expect(known('Burglary forecast for the north', 'cy')).toBe('Burglary forecast for the north');
  });

  it('takes the language from the browser only when its first language is Welsh', () => {
    expect(browserLang('cy')).toBe('cy');
    expect(browserLang('cy-GB,en;q=0.8')).toBe('cy');
    expect(browserLang('en-GB,cy;q=0.8')).toBe('en');
    expect(browserLang(undefined)).toBe('en');
  });

  it('gives the forces of Wales their Welsh names and offers Welsh on their pages', () => {
    const request = (lang: 'en' | 'cy') => ({ lang, url: '/forces/gwent/ai?x=1' }) as never;
    const welsh = languageContext(request('cy'), { force: { slug: 'gwent', name: 'Gwent Police' } });
    expect(welsh.force).toEqual({ slug: 'gwent', name: 'Heddlu Gwent' });
    expect(welsh.welshForce).toBe(true);
    const english = languageContext(request('en'), { force: { slug: 'gwent', name: 'Gwent Police' } });
    expect(english.force).toEqual({ slug: 'gwent', name: 'Gwent Police' });
    expect(english.welshForce).toBe(true);
    expect(english.langSwitch.cy).toBe('/forces/gwent/ai?x=1&lang=cy');
    expect(languageContext(request('en'), { force: { slug: 'kent', name: 'Kent Police' } }).welshForce).toBe(
      false,
    );
    expect(withLang('/forces?lang=en', 'cy')).toBe('/forces?lang=cy');
  });
});

describe('the offer of Welsh on the pages of the forces of Wales', () => {
  const views = createViews([TRANSPARENCY_VIEWS]);
  const render = (lang: 'en' | 'cy', slug: string) =>
    views.render('pages/about/feedback.njk', {
      serviceName: 'Bluelamp',
      nav: [],
      ...languageContext({ lang, url: '/forces/x/ai' } as never, { force: { slug, name: 'A force' } }),
    });

  it('is prominent on a Welsh force’s page in English, and absent in Welsh or for other forces', () => {
    expect(render('en', 'north-wales')).toContain('Darllenwch y dudalen hon yn Gymraeg');
    expect(render('en', 'north-wales')).toContain('href="/forces/x/ai?lang=cy"');
    expect(render('cy', 'north-wales')).not.toContain('Darllenwch y dudalen hon yn Gymraeg');
    expect(render('en', 'kent')).not.toContain('Darllenwch y dudalen hon yn Gymraeg');
  });
});

/** The text a person reads on a page (and the labels a screen reader reads), without markup. */
function readable(html: string): string {
  const attributes = [...html.matchAll(/(?:aria-label|alt|title)="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return `${body} ${attributes.join(' ')}`
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/**
 * The English wording of a message as it could show on a page: its longest run of words
 * between parameters and markup (short runs such as "Name" would also match entered data).
 */
function englishWording(key: MessageKey): string | null {
  const pieces = en[key]
    .replace(/&amp;/g, '&')
    .split(/\{\w+\}|<[^>]+>/)
    .map((p) => p.trim())
    .filter((p) => p.length >= 16 && /\s/.test(p));
  return pieces.sort((a, b) => b.length - a.length)[0] ?? null;
}

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoRegister(t.database.db, t.demoForceId);
  await seedDemoForecasts(t.services.runs, t.demoForceId);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('every public page in Welsh, with the demo data', () => {
  async function publicPages(): Promise<string[]> {
    const pages = [
      '/',
      '/forces',
      '/forces/demo/ai',
      '/forces/demo/incidents',
      '/forces/demo/challenges',
      '/forces/demo/101-chat',
      '/challenge',
      '/challenge/status',
      '/challenge/status?reference=nonsense',
      '/challenge/status?reference=C-2222-2222',
      '/ledger',
      '/accessibility',
      '/privacy',
      '/cookies',
      '/feedback',
      '/no-such-page',
      '/forces/no-such-force/ai',
    ];
    const force = await t.app.inject({ method: 'GET', url: '/forces/demo/ai' });
    const records = [
      ...new Set([...force.body.matchAll(/href="(\/forces\/demo\/ai\/[A-Z0-9-]+)"/g)].map((m) => m[1]!)),
    ];
    pages.push(...records);
    // A challenge of the demo force, so its status page (with when to expect an answer) is seen.
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/public/challenges',
      payload: {
        force: 'demo',
        description: 'The forecast sent patrols to my street every night for a month.',
      },
    });
    expect(sent.statusCode).toBe(201);
    pages.push(`/challenge/status?reference=${sent.json().reference}`);
    for (const record of records) {
      const page = await t.app.inject({ method: 'GET', url: record });
      pages.push(
        ...new Set(
          [...page.body.matchAll(/href="(\/forces\/demo\/ai\/[^"#]+\/forecasts\/[A-Z0-9-]+)"/g)].map(
            (m) => m[1]!,
          ),
        ),
      );
    }
    return pages;
  }

  it('speaks Welsh throughout: no English wording of the catalogue is left', async () => {
    const pages = await publicPages();
    // The demo has two public records, and the hot spot one has its forecast maps.
    expect(pages.filter((p) => /^\/forces\/demo\/ai\/[A-Z0-9-]+$/.test(p)).length).toBeGreaterThanOrEqual(2);
    expect(pages.some((p) => p.includes('/forecasts/'))).toBe(true);
    const english = keys
      .filter((k) => !SAME_IN_BOTH.has(k))
      .map((k) => [k, englishWording(k)] as const)
      .filter((e): e is readonly [MessageKey, string] => e[1] !== null);
    const left: string[] = [];
    for (const url of pages) {
      const res = await t.app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}lang=cy` });
      expect([200, 400, 404], url).toContain(res.statusCode);
      expect(res.body, url).toContain('<html lang="cy"');
      const text = readable(res.body);
      for (const [key, wording] of english)
        if (text.includes(wording)) left.push(`${url}: ${key} "${wording}"`);
    }
    expect(left).toEqual([]);
  }, 120_000);

  it('finds the same English wording on the English pages, so the check above can fail', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/forces?lang=en' });
    expect(res.body).toContain('<html lang="en"');
    expect(readable(res.body)).toContain(englishWording('forces.intro'));
    expect(readable(res.body)).not.toContain(cy['forces.intro']);
  });

  it('remembers the language chosen in a cookie, and switches back', async () => {
    const chosen = await t.app.inject({ method: 'GET', url: '/privacy?lang=cy' });
    const cookie = String(chosen.headers['set-cookie']);
    expect(cookie).toContain(`${LANG_COOKIE}=cy`);
    expect(cookie).toContain('HttpOnly');
    const later = await t.app.inject({
      method: 'GET',
      url: '/cookies',
      headers: { cookie: `${LANG_COOKIE}=cy` },
    });
    expect(later.body).toContain('<html lang="cy"');
    expect(readable(later.body)).toContain('Cwcis hanfodol');
    expect(later.body).toContain(`href="/cookies?lang=en"`);
    const back = await t.app.inject({
      method: 'GET',
      url: '/cookies?lang=en',
      headers: { cookie: `${LANG_COOKIE}=cy` },
    });
    expect(back.body).toContain('<html lang="en"');
    expect(String(back.headers['set-cookie'])).toContain(`${LANG_COOKIE}=en`);
  });
});
