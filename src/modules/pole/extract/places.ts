import type { Found } from './types.ts';

/** The 121 postcode areas of the UK (Royal Mail), plus the Crown dependencies. */
const AREAS = new Set(
  (
    'AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL ' +
    'GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA ' +
    'PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS ' +
    'WV YO ZE'
  ).split(' '),
);

/**
 * UK postcodes (BS 7666 format): outward code A9, A99, A9A, AA9, AA99 or AA9A with the letters
 * each position allows, a known postcode area, and inward code 9AA without C, I, K, M, O or V.
 */
const POSTCODE =
  /(?<![A-Za-z0-9])(GIR ?0AA|([A-PR-UWYZ][A-HK-Y]?)(\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2}))(?![A-Za-z0-9])/g;

export function findPostcodes(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(POSTCODE)) {
    const area = m[2];
    const district = m[3];
    if (area !== undefined) {
      if (!AREAS.has(area)) continue;
      const letter = district!.length === 2 ? district![1]! : '';
      if (/[A-Z]/.test(letter) && !(area.length === 1 ? /[A-HJKPSTUW]/ : /[ABEHMNPRV-Y]/).test(letter))
        continue;
    }
    const compact = m[0].replace(/\s/g, '');
    out.push({
      category: 'location',
      kind: 'postcode',
      text: m[0],
      value: `${compact.slice(0, -3)} ${compact.slice(-3)}`,
      start: m.index!,
      end: m.index! + m[0].length,
      confidence: 0.98,
      foundBy: 'rule:postcode',
      attributes: { area: area ?? 'GIR', outward: compact.slice(0, -3) },
    });
  }
  return out;
}

const STREET_TYPES =
  'Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|Terrace|Terr|Gardens|Gdns|Grove|Gr|Hill|Row|Walk|Square|Sq|Parade|Mews|View|Rise|Green|Boulevard|Wharf|Yard|Gate|Fold|Croft|Bank|Vale|Park|Approach|Circus|Embankment|Quay';
const ADDRESS = new RegExp(
  String.raw`(?<![\w])(?:(?:Flat|Apartment|Unit) \d+[A-Z]?,? )?(?:\d{1,4}[A-Za-z]?(?:-\d{1,4})?,? )?((?:[A-Z][a-z'’]+|St\.?) ){0,3}(?:${STREET_TYPES})\b\.?` +
    '(?:,? ([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}))?',
  'g',
);

/**
 * Street addresses: an optional flat and house number, one to three capitalised words and a
 * street type ("12 Albion Street", "Flat 3, 22 Church Lane"), with the town after a comma when
 * written. Without a house number, the street words must be capitalised and at least one.
 */
export function findAddresses(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(ADDRESS)) {
    if (!m[1]) continue;
    let value = m[0].replace(/\s+/g, ' ').trim();
    // a town after a comma only when the next word is not the start of a new clause
    let town = m[2];
    if (town && /^(and|but|then|where|when)\b/i.test(town))
      value = value.slice(0, value.lastIndexOf(',')).trim();
    // A full stop ends the address with its sentence ("... towards Newport Road. Camera NR-11"),
    // and is kept only as an abbreviation's ("Queen St.").
    const stop = value.search(/\.\s/);
    if (stop >= 0) {
      value = value.slice(0, stop + 1);
      town = undefined;
    }
    if (value.endsWith('.') && !/\b(?:St|Rd|Ave|Ln|Cres|Ct|Dr|Pl|Sq|Tce|Gdns)\.$/.test(value))
      value = value.slice(0, -1);
    const hasNumber = /^\S*\d/.test(value);
    out.push({
      category: 'location',
      kind: 'address',
      text: text.slice(m.index!, m.index! + value.length),
      value: value.replace(/\bSt\.?$/, 'Street').replace(/\bRd\.?$/, 'Road'),
      start: m.index!,
      end: m.index! + value.length,
      confidence: hasNumber ? 0.9 : 0.75,
      foundBy: hasNumber ? 'rule:address-numbered' : 'rule:address-street',
      attributes: town ? { town } : {},
    });
  }
  return out;
}

/** 100 km squares of the Ordnance Survey National Grid (first letter S, T, N, O or H). */
const GRID =
  /(?<![A-Za-z0-9])([HNOST][A-HJ-Z]) ?(\d{2,5}) (\d{2,5})(?![A-Za-z0-9])|(?<![A-Za-z0-9])([HNOST][A-HJ-Z])(\d{4}|\d{6}|\d{8}|\d{10})(?![A-Za-z0-9])/g;

/**
 * Easting and northing in metres of a 100 km square's south-west corner, by the usual letter
 * arithmetic (letters A-Z without I; first letter a 500 km square, second a 100 km one).
 */
function squareOrigin(letters: string): [number, number] | null {
  const index = (c: string) => {
    const i = c.charCodeAt(0) - 65;
    return i > 7 ? i - 1 : i;
  };
  const l1 = index(letters[0]!);
  const l2 = index(letters[1]!);
  const e = ((l1 - 2) % 5) * 5 + (l2 % 5);
  const n = 19 - Math.floor(l1 / 5) * 5 - Math.floor(l2 / 5);
  if (e < 0 || e > 7 || n < 0 || n > 12) return null;
  return [e * 100000, n * 100000];
}

/** OS grid references ("SE 29953 33945", "TQ3080"), with their easting and northing in metres. */
export function findGridReferences(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(GRID)) {
    const letters = m[1] ?? m[4]!;
    let e = m[2];
    let n = m[3];
    if (!e) {
      const d = m[5]!;
      e = d.slice(0, d.length / 2);
      n = d.slice(d.length / 2);
    }
    if (e.length !== n!.length) continue;
    const before = text.slice(Math.max(0, m.index! - 40), m.index!);
    if (m[2] && !/\b(grid|ref(erence)?|os|ngr|at)\b/i.test(before)) continue;
    const origin = squareOrigin(letters);
    if (!origin) continue;
    const scale = 10 ** (5 - e.length);
    out.push({
      category: 'location',
      kind: 'grid-reference',
      text: m[0],
      value: `${letters} ${e} ${n}`,
      start: m.index!,
      end: m.index! + m[0].length,
      confidence: 0.9,
      foundBy: 'rule:os-grid',
      attributes: { easting: origin[0] + Number(e) * scale, northing: origin[1] + Number(n) * scale },
    });
  }
  return out;
}

const COORDS = /(?<![\w.-])(-?\d{1,2}\.\d{3,8})°?\s*([NS])?\s*,\s*(-?\d{1,3}\.\d{3,8})°?\s*([EW])?(?![\w.])/g;

/** Decimal latitude and longitude pairs ("53.7997, -1.5492"), normalised to signed degrees. */
export function findCoordinates(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(COORDS)) {
    let lat = Number(m[1]);
    let lon = Number(m[3]);
    if (m[2] === 'S') lat = -Math.abs(lat);
    if (m[4] === 'W') lon = -Math.abs(lon);
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
    out.push({
      category: 'location',
      kind: 'coordinates',
      text: m[0],
      value: `${lat},${lon}`,
      start: m.index!,
      end: m.index! + m[0].length,
      confidence: 0.9,
      foundBy: 'rule:lat-long',
      attributes: { latitude: lat, longitude: lon },
    });
  }
  return out;
}
