/**
 * Street addresses and postal codes as written outside the UK, by a small grammar: a street
 * (house number and street name in the orders used in English, French, Italian, Spanish,
 * Portuguese, Polish, German, Dutch and Nordic addresses, or a PO box), then any unit ("Apt 5B",
 * "Suite 300", "3º B") and locality ("Springfield, IL 62704", "10115 Berlin", "Toronto, ON M5V
 * 2T6", "Ultimo NSW 2007", "Dublin 2, D02 X285"), the whole read as one address. Postal codes
 * on their own are found where their form is unmistakable (Canadian, Irish Eircode) or where
 * the words around them say so (a US state before a ZIP code, "zip code", "postcode").
 */
import { COUNTRIES, REGION_CODES, REGIONS } from './gazetteer.ts';
import type { RuleSpan } from './identifiers.ts';

const CAP = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*`;
const ORDINAL = String.raw`\d{1,3}(?:st|nd|rd|th)`;
const PARTICLE = `(?:de|la|le|les|du|des|del|della|di|da|do|dos|das|von|der|den|van|of|the|y|e|d'|l')`;
const NAME_WORD = `(?:${CAP}|${ORDINAL}|${PARTICLE})`;
const NUMBER = String.raw`\d{1,6}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?`;
const DIRECTION = String.raw`(?:N|S|E|W|NE|NW|SE|SW|N\.|S\.|E\.|W\.|North|South|East|West)`;
const UNIT_WORD = `(?:Apt|Apartment|Unit|Suite|Ste|Flat|Floor|Fl|Level|Lvl|Room|Rm|Bldg|Building|Shop)`;

/** Street types written after the name (English), any case in short chat addresses. */
const TYPE_AFTER =
  'Street|St|Road|Rd|Avenue|Ave|Av|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Way|Place|Pl|Parkway|Pkwy|Terrace|Ter|Tce|Highway|Hwy|Circle|Cir|Square|Sq|Crescent|Cres|Close|Trail|Trl|Parade|Pde|Row|Walk|Grove|Gardens|Gdns|Mews|Heights|Hts|Plaza|Alley|Loop|Path|Pike|Bend|Quay|Wharf|Esplanade|Promenade|Rise|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke|Causeway|Crossing|Xing|Estate|Green|Park|Hill|View|Point|Harbor|Harbour|Center|Centre|Prospekt|Prospect';
/** Street types written before the name (French, Italian, Spanish, Portuguese, Polish, Romanian). */
const TYPE_BEFORE =
  'Rue|Avenue|Av\\.|Avda\\.?|Boulevard|Bd|Bld|Place|Allée|Chemin|Quai|Impasse|Route|Cours|Via|Viale|Corso|Piazza|Piazzale|Largo|Vicolo|Calle|C/|Avenida|Paseo|Plaza|Carrer|Passeig|Ronda|Rua|Travessa|Praça|Alameda|ul\\.|al\\.|pl\\.|os\\.|Ulica|Aleja|Strada|Str\\.|Bulevardul|Calea|Odos|Leoforos';
/** Endings of one-word street names (German, Dutch, Nordic, Finnish, Hungarian), number after. */
const COMPOUND =
  'straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|graben|straat|gracht|laan|kade|singel|plein|dijk|steeg|gatan|gata|vägen|väg|torget|vej|gade|torv|gate|veien|vegen|katu|tie|utca|út|tér';

/** A cheap test that a street type written first may be in a text, before the full pattern is run. */
const TYPE_BEFORE_HINT = new RegExp(
  `(?:${TYPE_BEFORE}|rue|boulevard|avenue|allée|chemin|quai|impasse|calle|avenida|rua|carrer)`,
);

/** Words that are never part of a street's name ("30 pm with dr", "117 departs at gate"). */
const FUNCTION_WORDS =
  'at|to|in|on|and|or|for|from|by|is|are|was|were|with|of|am|pm|a\\.m|p\\.m|departs|leaves|closes|opens|minutes|mins|hours|hrs|days|weeks|people|items|more|other|times|new|my|your|his|her|our|their|its|it|me|you|we|they|i';

const STREETS: Array<{ re: RegExp; rule: string; hint?: RegExp }> = [
  {
    // 1234 Elm Street, 45 W 34th St, 3300 Peachtree Rd NE, 2/205 Park St
    re: new RegExp(
      String.raw`(?<![\w/:.-])(?:${UNIT_WORD}\.? ?[\w-]{1,5},? |\d{1,2}(?:st|nd|rd|th) (?:Floor|Fl\.?),? )?${NUMBER},? (?:${DIRECTION} )?(?:${NAME_WORD} ){0,3}(?:${CAP}|${ORDINAL}) (?:${TYPE_AFTER})\b\.?(?: ${DIRECTION}\b\.?)?`,
      'gu',
    ),
    rule: 'rule:street-number-first',
    hint: new RegExp(`\\b(?:${TYPE_AFTER})\\b`),
  },
  {
    // 45 w 34th st apt 6c, 1010 sunset blvd (chat, any case, short)
    re: new RegExp(
      String.raw`(?<![\w/:.-])(?:(?:flat|apt|apartment|unit|suite) ?\d{1,4}[a-z]?,? )?\d{1,5}[a-z]?,? (?:[nsew] )?(?:(?!(?:${FUNCTION_WORDS})\b)[a-z'’]+ |${ORDINAL} ){1,2}(?:street|st|road|rd|avenue|ave|boulevard|blvd|drive|dr|lane|ln|court|ct|parkway|pkwy|terrace|highway|hwy)\b\.?(?: [nsew](?=[,.;!?\n]|$))?`,
      'giu',
    ),
    rule: 'rule:street-number-first',
    hint: /\b(?:street|st|road|rd|avenue|ave|boulevard|blvd|drive|dr|lane|ln|court|ct|parkway|pkwy|terrace|highway|hwy)\b/i,
  },
  {
    // 18 rue de la Paix, 27 Avenue des Champs-Élysées
    re: new RegExp(
      String.raw`(?<![\w/:.-])\d{1,5}(?: ?(?:bis|ter|[A-Za-z]))?,? (?:${TYPE_BEFORE}|rue|boulevard|avenue|allée|chemin|quai|impasse|calle|avenida|rua|carrer)(?: ${PARTICLE}){0,2} ${CAP}(?: (?:${PARTICLE} ){0,2}${CAP}){0,3}`,
      'gu',
    ),
    rule: 'rule:street-type-first',
    hint: TYPE_BEFORE_HINT,
  },
  {
    // Via Roma 25, Calle Mayor 10, ul. Marszałkowska 84/92, Rua Augusta 90
    re: new RegExp(
      String.raw`(?<![\w])(?:${TYPE_BEFORE})(?: ${PARTICLE}){0,2} ${CAP}(?: (?:${PARTICLE} ){0,2}${CAP}){0,3},? ${NUMBER}(?![\w])`,
      'gu',
    ),
    rule: 'rule:street-type-first',
    hint: TYPE_BEFORE_HINT,
  },
  {
    // Hauptstraße 12, Kerkstraat 44, Storgatan 15, Karl Johans gate 22, Nevsky Prospekt 28
    re: new RegExp(
      String.raw`(?<![\w])\p{Lu}[\p{L}-]*(?:${COMPOUND}) ${NUMBER}(?![\w])|(?<![\w])(?:${CAP} ){1,2}(?:${COMPOUND}|Prospekt|Avenue)\.? ${NUMBER}(?![\w])`,
      'gu',
    ),
    rule: 'rule:street-name-number',
    hint: new RegExp(`(?:${COMPOUND}|Prospekt|Avenue)\\.? \\d`),
  },
  {
    re: /(?<![\w])(?:P\.? ?O\.? Box|PO Box|Post Office Box|Postfach|Apartado|Casilla|BP)\.? \d{1,6}(?![\w])/giu,
    rule: 'rule:po-box',
    hint: /box|postfach|apartado|casilla|BP/i,
  },
];

const codes = [...REGION_CODES].join('|');
const REGION_NAMES = [...REGIONS]
  .map((r) =>
    r
      .replace(/[.]/g, '\\.')
      .replace(/(^| )(?!of |and )(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase()),
  )
  .sort((a, b) => b.length - a.length)
  .join('|');
const CITY = String.raw`\p{Lu}[\p{Ll}\p{M}][\p{L}\p{M}'’.-]*(?: (?:am|an|de|del|la|le|sur|upon|on|en|im|bei|da|do)? ?\p{Lu}[\p{Ll}\p{M}][\p{L}\p{M}'’.-]*){0,2}`;
/** US ZIP (+4), Canadian, Australian/Austrian/Swiss/Danish, Dutch, Swedish, Polish, Portuguese, Indian, Eircode. */
const POSTAL = String.raw`(?:\d{5}(?:-\d{4})?|[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d|\d{4}(?: ?[A-Z]{2}(?![\p{L}]))?|\d{3} \d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{6}|(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}|[A-Z]-\d{4,5})`;
const SEP = String.raw`(?:, ?|,?\n| )`;
const END = String.raw`(?=[,.;:!?)\n]|$| (?:and|or|but|on|at|in|by|from|until|before|after|for|is|was|please|tomorrow|today|tonight|\d)\b)`;

/** Pieces that may follow a street, tried in order at the end of what has been read. */
const TAIL: Array<{ re: RegExp; clause?: boolean }> = [
  { re: new RegExp(String.raw`,? ?(?:${UNIT_WORD}\.? ?#?|#)[A-Za-z0-9-]{1,6}(?![\w])`, 'iuy') },
  { re: /,? \d{1,2}[º°ª](?: ?[A-Z](?![\w])| ?\d{1,2}[ªº]?)?/uy },
  { re: new RegExp(`${SEP}${POSTAL} ${CITY}`, 'uy') },
  {
    re: new RegExp(
      String.raw`${SEP}${CITY},? (?:${codes}|${REGION_NAMES})(?![\w])(?: ${POSTAL}(?![\w]))?`,
      'uy',
    ),
  },
  { re: new RegExp(String.raw`${SEP}${CITY} ${POSTAL}(?![\w])`, 'uy') },
  { re: new RegExp(String.raw`(?:, ?|,?\n)${CITY}(?: \d{1,2})?${END}`, 'uy'), clause: true },
  { re: new RegExp(String.raw`, ?${POSTAL}(?![\w])`, 'uy') },
  { re: /, ?(?:Co\.?|County) \p{Lu}[\p{Ll}\p{M}]+/uy },
];

const COUNTRY_TAIL = new RegExp(
  String.raw`, ?(?:${[...COUNTRIES]
    .filter((c) => !c.includes('.'))
    .sort((a, b) => b.length - a.length)
    .join('|')})(?![\w])`,
  'iuy',
);

/** Words a "city" after an address must not be. */
const NOT_CITY = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december please thanks thank call ring text email tel phone mobile dear regards best apt suite unit flat'.split(
    ' ',
  ),
);

/** Reads unit and locality pieces after a street ending at `end`; returns the new end. */
function extend(text: string, end: number): number {
  let at = end;
  let locality = false;
  for (let guard = 0; guard < 6; guard++) {
    let moved = false;
    for (const [k, piece] of TAIL.entries()) {
      if (locality && k >= 2 && k <= 5) continue;
      piece.re.lastIndex = at;
      const m = piece.re.exec(text);
      if (!m || m[0].length === 0) continue;
      const first = /\p{L}+/u.exec(m[0])?.[0]?.toLowerCase() ?? '';
      if (k >= 2 && NOT_CITY.has(first)) continue;
      at += m[0].length;
      if (k >= 2 && k <= 5) locality = true;
      moved = true;
      break;
    }
    if (!moved) break;
  }
  if (locality) {
    COUNTRY_TAIL.lastIndex = at;
    const m = COUNTRY_TAIL.exec(text);
    if (m) at += m[0].length;
  }
  return at;
}

/** Street addresses of many countries, with their unit and locality, as one span each. */
export function findWorldAddresses(text: string): RuleSpan[] {
  const found: RuleSpan[] = [];
  if (!/\d/.test(text)) return found;
  for (const { re, rule, hint } of STREETS)
    for (const m of !hint || hint.test(text) ? text.matchAll(re) : []) {
      let end = m.index + m[0].length;
      // a street type abbreviated with a full stop keeps it; a sentence's full stop does not
      if (
        text[end - 1] === '.' &&
        !/\b(?:St|Rd|Ave|Av|Blvd|Dr|Ln|Ct|Pl|Pkwy|Ter|Hwy|Cir|Sq|Cres|Pde|str|ul|al|pl|Bd|N|S|E|W)\.$/i.test(
          m[0],
        )
      )
        end--;
      let whole = extend(text, end);
      // the sentence's full stop after a town is not the address's
      if (
        whole > end &&
        text[whole - 1] === '.' &&
        !/\b(?:St|Co|[A-Z])\.$/.test(text.slice(whole - 4, whole))
      )
        whole--;
      found.push({ type: 'ADDRESS', start: m.index, end: whole, rule });
    }
  // longest first, then the first of overlapping ones kept
  found.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: RuleSpan[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && f.end > k.start)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

const CANADIAN = /(?<![\w])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w])/g;
const EIRCODE = /(?<![\w])(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}(?![\w])/g;
const AFTER_REGION = new RegExp(
  String.raw`(?<![\w])(?:(?:${codes}|${REGION_NAMES}),? (\d{5}(?:-\d{4})?)|(?:NSW|VIC|QLD|SA|WA|TAS|ACT|NT) (\d{4}))(?![\w-])`,
  'gu',
);
const AFTER_WORD =
  /\b(?:zip|zip ?code|zipcode|postal ?code|post ?code|postcode|postleitzahl|plz|code postal|pin ?code|eircode)\b[^\d\n]{0,24}?((?=[A-Z]{0,2}\d)[A-Z0-9]{2,5}(?:[ -](?=[A-Z]?\d)[A-Z0-9]{3,4})?)(?![\w])/giu;

/** Postal codes on their own: Canadian and Irish forms anywhere, others after a state or "zip code". */
export function findPostalCodes(text: string): RuleSpan[] {
  const out: RuleSpan[] = [];
  const add = (start: number, end: number, rule: string) => out.push({ type: 'POSTCODE', start, end, rule });
  if (!/\d/.test(text)) return out;
  for (const m of text.matchAll(CANADIAN)) add(m.index, m.index + m[0].length, 'rule:postcode-ca');
  for (const m of text.matchAll(EIRCODE))
    if (/[A-Z]/.test(m[0].slice(-4))) add(m.index, m.index + m[0].length, 'rule:postcode-eircode');
  if (!/\d{4}/.test(text)) return out;
  for (const m of text.matchAll(AFTER_REGION)) {
    const code = m[1] ?? m[2]!;
    const start = m.index + m[0].length - code.length;
    add(start, start + code.length, 'rule:zip-after-state');
  }
  for (const m of text.matchAll(AFTER_WORD)) {
    if (!/\d/.test(m[1]!)) continue;
    const start = m.index + m[0].length - m[1]!.length;
    add(start, start + m[1]!.length, 'rule:postcode-after-word');
  }
  return out;
}
