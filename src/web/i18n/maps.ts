import { type Lang, translator } from './index.ts';

/**
 * The words of public hot spot maps in the page's language: periods, crime types (police.uk's
 * categories have Welsh names; a force's own categories stay as entered), shares and the map's
 * own labels.
 */

/** police.uk's crime categories in Welsh. */
const CRIME_TYPES_CY: Readonly<Record<string, string>> = {
  'Anti-social behaviour': 'Ymddygiad gwrthgymdeithasol',
  'Bicycle theft': 'Dwyn beiciau',
  Burglary: 'Bwrgleriaeth',
  'Criminal damage and arson': 'Difrod troseddol a llosgi bwriadol',
  Drugs: 'Cyffuriau',
  'Other crime': 'Troseddau eraill',
  'Other theft': 'Dwyn arall',
  'Possession of weapons': 'Meddu ar arfau',
  'Public order': 'Trefn gyhoeddus',
  Robbery: 'Lladrad',
  Shoplifting: 'Dwyn o siopau',
  'Theft from the person': 'Dwyn oddi ar y person',
  'Vehicle crime': 'Troseddau cerbydau',
  'Violence and sexual offences': 'Trais a throseddau rhywiol',
};

export const crimeTypeName = (name: string, lang: Lang) =>
  lang === 'cy' ? (CRIME_TYPES_CY[name] ?? name) : name;

export const crimeTypeNames = (names: readonly string[] | null | undefined, lang: Lang) =>
  (names ?? []).map((n) => crimeTypeName(n, lang)).join(', ');

export interface Period {
  start: string;
  /** Exclusive: the day after the last day. */
  end: string;
}

const dayText = (day: number, lang: Lang) =>
  new Date(day * 86_400_000).toLocaleDateString(lang === 'cy' ? 'cy-GB' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** "1 Mar 2026 to 31 Mar 2026" or "1 Maw 2026 i 31 Maw 2026" (the end is exclusive). */
export function periodText(period: Period | null | undefined, lang: Lang): string {
  if (!period) return '';
  const start = Date.parse(`${period.start}T00:00:00Z`) / 86_400_000;
  const end = Date.parse(`${period.end}T00:00:00Z`) / 86_400_000;
  return translator(lang)('forecast.period', { start: dayText(start, lang), end: dayText(end - 1, lang) });
}

export interface CrimeTypes {
  used: string[];
  available: string[];
  allTypes: boolean;
  singleType: boolean;
}

/** Which crime types a map shows, as a sentence (a warning when it shows only some). */
export function crimeTypesText(s: CrimeTypes, lang: Lang): string {
  const t = translator(lang);
  const types = crimeTypeNames(s.used, lang);
  if (s.allTypes) return t('forecast.typesAll', { count: s.used.length, types });
  if (s.singleType) return t('forecast.typesOne', { type: types, others: s.available.length - 1 });
  return t('forecast.typesSome', { count: s.used.length, available: s.available.length, types });
}

/** A share as shown in a public table ("12.3%", "under 0.1%") in the language. */
export function shareText(share: string, lang: Lang): string {
  if (lang === 'en') return share;
  const under = /^under (.+)%$/.exec(share);
  return under ? translator(lang)('forecast.under', { value: under[1]! }) : share;
}

export interface MapForText {
  cellSize: number;
  period: Period;
  crimeTypes: CrimeTypes & { notice: string };
  notices: string[];
  svg: string;
}

/** Whether a map was made from police.uk data (and so carries its caveat). */
export const mapFromPoliceUk = (m: MapForText) => m.notices.some((n) => n.startsWith('police.uk '));

const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The map's picture in the language. The SVG is drawn in English; in Welsh its labels are
 * rewritten (title, legend, panel titles, caption) and its accessible name points to the Welsh
 * caption around it, so no English is left in it.
 */
export function mapSvg(m: MapForText, lang: Lang): string {
  if (lang === 'en') return m.svg;
  const t = translator(lang);
  const types = m.crimeTypes.allTypes ? t('forecast.allTypes') : crimeTypeNames(m.crimeTypes.used, lang);
  const label = (s: string) => `>${text(s)}</`;
  const typesText = crimeTypesText(m.crimeTypes, lang);
  const notice = m.crimeTypes.notice;
  const period = periodText(m.period, lang);
  const desc = t('forecast.svgDesc', {
    label: t('forecast.mapLabel', { period, cellSize: m.cellSize }),
    types: typesText,
  });
  return m.svg
    .replace(/(<desc[^>]*>)[^<]*<\/desc>/g, (_w, open: string) => `${open}${text(desc)}</desc>`)
    .split(`>Crime types: ${text(notice)}</`)
    .join(label(t('forecast.svgCrimeTypes', { text: typesText })))
    .split(`>${text(notice)}</`)
    .join(label(typesText))
    .replace(/>Forecast period: [^<]*?\. Method: ([^<]*?)\. Grid cells: [^<]*<\//g, (_w, method: string) =>
      label(t('forecast.svgPeriod', { period, method, cellSize: m.cellSize })),
    )
    .replace(
      />(\d+) outlying study-area cells lie outside this map and are not drawn\.<\//g,
      (_w, count: string) => label(t('forecast.svgOutlying', { count })),
    )
    .replace(/>Past forecast \(public version\): [^<]*<\//g, label(t('forecast.svgTitle', { types })))
    .replace(/>Share of the forecast risk<\//g, label(t('forecast.svgLegend')))
    .replace(
      />per cent, per [^<]* m square<\//g,
      label(t('forecast.svgLegendUnit', { cellSize: m.cellSize })),
    )
    .replace(/>above 0 to ([^<]*)<\//g, (_w, high: string) => label(t('forecast.svgFirstClass', { high })))
    .replace(/>over ([^<]*) to ([^<]*)<\//g, (_w, low: string, high: string) =>
      label(t('forecast.svgClass', { low, high })),
    )
    .replace(/>study area, no forecast risk<\//g, label(t('forecast.svgNoRisk')))
    .replace(/>Whole study area<\//g, label(t('forecast.svgWhole')));
}
