import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { cy } from './cy.ts';
import { en, type MessageKey } from './en.ts';
import {
  type CrimeTypes,
  crimeTypeNames,
  crimeTypesText,
  type MapForText,
  mapFromPoliceUk,
  mapSvg,
  type Period,
  periodText,
  shareText,
} from './maps.ts';

/**
 * English and Welsh for the public pages. The catalogues are plain typed objects: `cy` must hold
 * every key of `en` (a missing Welsh message is a type error). The language comes from `?lang=`
 * (which also sets the preference cookie), then the cookie, then the browser's first language.
 */

export type { MessageKey } from './en.ts';
export const LANGS = ['en', 'cy'] as const;
export type Lang = (typeof LANGS)[number];
export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, cy };

/** The cookie remembering the language chosen (strictly necessary: it only keeps a choice made). */
export const LANG_COOKIE = 'bluelamp_lang';
export const LANG_COOKIE_DAYS = 365;

/** Messages that are the same in English and Welsh (names, codes, numbers). */
export const SAME_IN_BOTH: ReadonlySet<MessageKey> = new Set<MessageKey>([
  'layout.phase',
  'layout.langEnglish',
  'layout.langWelsh',
  'layout.welshOfferLink',
  'atrs.dated',
  'atrs.data',
  'atrs.monitoringMetric',
  'common.json',
  'common.geojson',
]);

/** The forces of Wales, whose pages offer Welsh prominently, with their Welsh names. */
export const WELSH_FORCES: Readonly<Record<string, string>> = {
  'dyfed-powys': 'Heddlu Dyfed-Powys',
  gwent: 'Heddlu Gwent',
  'north-wales': 'Heddlu Gogledd Cymru',
  'south-wales': 'Heddlu De Cymru',
};

export const isLang = (v: unknown): v is Lang => v === 'en' || v === 'cy';

export type Params = Record<string, string | number | null | undefined>;
export type Translate = (key: MessageKey, params?: Params) => string;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeText = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function fill(message: string, params: Params | undefined, html: boolean): string {
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return whole;
    const s = typeof v === 'number' ? v.toString() : v;
    return html ? escapeText(s) : s;
  });
}

/** Keys ending in `Html` hold markup written here; their parameters are escaped. */
export const isHtmlKey = (key: string) => key.endsWith('Html');

/** A translator for TypeScript: messages as plain strings (HTML keys with escaped parameters). */
export function translator(lang: Lang): Translate {
  const catalogue = CATALOGUES[lang];
  return (key, params) => fill(catalogue[key] ?? en[key] ?? key, params, isHtmlKey(key));
}

/** The translator for templates: HTML messages are marked safe for Nunjucks' autoescaping. */
export function templateTranslator(lang: Lang) {
  const t = translator(lang);
  return (key: MessageKey, params?: Params) => {
    const s = t(key, params);
    return isHtmlKey(key) ? new nunjucks.runtime.SafeString(s) : s;
  };
}

const LOCALES: Record<Lang, string> = { en: 'en-GB', cy: 'cy-GB' };
export const locale = (lang: Lang) => LOCALES[lang];

/** Date and time, e.g. "3 Dec 2026, 09:10" or "3 Rhag 2026, 09:10" (London time). */
export function formatDateTime(d: Date | string | null | undefined, lang: Lang): string {
  return d
    ? new Date(d).toLocaleString(locale(lang), {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/London',
      })
    : '';
}

/** A day, e.g. "3 December 2026" or "3 Rhagfyr 2026" (London time). */
export function formatDay(d: Date | string | null | undefined, lang: Lang): string {
  return d
    ? new Date(d).toLocaleDateString(locale(lang), { dateStyle: 'long', timeZone: 'Europe/London' })
    : '';
}

/** A `YYYY-MM-DD` day as words, or the text unchanged when it is not such a day. */
export function formatIsoDay(day: string | null | undefined, lang: Lang): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day ?? '';
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(locale(lang), {
    dateStyle: 'long',
    timeZone: 'UTC',
  });
}

export function formatNumber(n: number | null | undefined, lang: Lang, digits?: number): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  return n.toLocaleString(
    locale(lang),
    digits === undefined ? undefined : { minimumFractionDigits: digits, maximumFractionDigits: digits },
  );
}

/** A force's name in the language: the forces of Wales have official Welsh names. */
export function forceNameIn(lang: Lang, slug: string, name: string): string {
  return lang === 'cy' ? (WELSH_FORCES[slug] ?? name) : name;
}

/** The current address with `lang` set, keeping its other query parameters. */
export function withLang(url: string, lang: Lang): string {
  const [pathPart, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${pathPart}?${params.toString()}`;
}

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
  }
}

/** The language of a request (after the hook below ran). */
export const langOf = (request: FastifyRequest): Lang => request.lang ?? 'en';
export const tr = (request: FastifyRequest): Translate => translator(langOf(request));

/** Welsh when the browser's first language is Welsh (`Accept-Language: cy`, `cy-GB, en`), else English. */
export function browserLang(header: string | undefined): Lang {
  const first =
    String(header ?? '')
      .split(',')[0]
      ?.trim()
      .toLowerCase() ?? '';
  return first === 'cy' || first.startsWith('cy-') || first.startsWith('cy;') ? 'cy' : 'en';
}

/**
 * Sets `request.lang` on every request: `?lang=en|cy` (remembered in the cookie), else the
 * cookie, else the browser's first language if Welsh, else English. Register after the cookie plug-in and before any cache of public pages.
 */
export function languageHook(app: FastifyInstance, secure: boolean): void {
  app.decorateRequest('lang', 'en');
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    const cookie = request.cookies[LANG_COOKIE];
    if (isLang(asked)) {
      request.lang = asked;
      if (cookie !== asked)
        reply.setCookie(LANG_COOKIE, asked, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: LANG_COOKIE_DAYS * 86_400,
        });
    } else request.lang = isLang(cookie) ? cookie : browserLang(request.headers['accept-language']);
  });
}

type Named = { slug?: unknown; name?: unknown };
const localiseForce = (lang: Lang, f: unknown) =>
  f && typeof f === 'object' && typeof (f as Named).slug === 'string' && typeof (f as Named).name === 'string'
    ? { ...f, name: forceNameIn(lang, (f as Named).slug as string, (f as Named).name as string) }
    : f;

/**
 * What every page needs to speak the request's language: `t` for messages, `lang` and
 * `htmlLang`, the two addresses of the language switch, and whether the page is a Welsh force's
 * (which offers Welsh prominently). A page's `force` and `forces` get their Welsh names in Welsh.
 */
export function languageContext(request: FastifyRequest, data: Record<string, unknown> = {}) {
  const lang = langOf(request);
  const force = data.force as Named | undefined;
  return {
    lang,
    htmlLang: lang,
    t: templateTranslator(lang),
    langSwitch: { en: withLang(request.url, 'en'), cy: withLang(request.url, 'cy') },
    welshForce: typeof force?.slug === 'string' && force.slug in WELSH_FORCES,
    known: (s: unknown) => known(s, lang),
    forceName: (slug: string, name: string) => forceNameIn(lang, slug, name),
    isoDay: (day: string) => formatIsoDay(day, lang),
    periodText: (p: Period) => periodText(p, lang),
    crimeTypeNames: (names: string[]) => crimeTypeNames(names, lang),
    crimeTypesText: (s: CrimeTypes) => crimeTypesText(s, lang),
    shareText: (share: string) => shareText(share, lang),
    mapFromPoliceUk,
    mapSvg: (m: MapForText) => mapSvg(m, lang),
    ...errorMessages(lang, data),
    ...('force' in data ? { force: localiseForce(lang, data.force) } : {}),
    ...(Array.isArray(data.forces) ? { forces: data.forces.map((f) => localiseForce(lang, f)) } : {}),
  };
}

const ERROR_STATUSES = [400, 403, 404, 429, 500] as const;

/**
 * An error page in Welsh: the title and explanation for its status. The English page keeps the
 * service's own, more specific, detail.
 */
function errorMessages(lang: Lang, data: Record<string, unknown>) {
  if (lang === 'en' || typeof data.status !== 'number' || typeof data.detail !== 'string') return {};
  const t = translator(lang);
  const status = ERROR_STATUSES.find((s) => s === (data.status === 401 ? 403 : data.status));
  if (!status)
    return {
      title: t('error.other.title'),
      detail: t(data.status < 500 ? 'error.400.detail' : 'error.500.detail'),
    };
  return { title: t(`error.${status}.title`), detail: t(`error.${status}.detail`) };
}

const BY_ENGLISH = new Map<string, MessageKey>();
for (const [key, value] of Object.entries(en) as Array<[MessageKey, string]>)
  if (!isHtmlKey(key) && !BY_ENGLISH.has(value)) BY_ENGLISH.set(value, key);

/**
 * A message the service wrote in English elsewhere (a validation message, a status or severity
 * title) in the language, when the catalogue holds it; any other text unchanged.
 */
export function known(s: unknown, lang: Lang): string {
  const text = s === null || s === undefined ? '' : String(s);
  const key = lang === 'en' ? undefined : BY_ENGLISH.get(text);
  return key ? translator(lang)(key) : text;
}
