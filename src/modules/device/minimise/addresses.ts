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

/** A word of a street's name in any script and case ("Markt", "Μεγάλη", "u.", "lubartowska"). */
const ANY_WORD = String.raw`[\p{L}][\p{L}\p{M}'’.-]*`;
/** Words before a street's name that are not part of it ("I live at", "send it to"): trimmed. */
const LEAD_WORDS = new Set(
  `${FUNCTION_WORDS.replace(/\\/g, '')}|the|this|that|here|there|where|what|live|lives|living|lived|address|addresses|send|sent|ship|shipped|deliver|delivered|post|posted|mail|mailed|moved|move|moving|visit|visited|located|near|please|home|house|office|be|been|will|can|could|would|should|us|so|just|now|then|also|go|going|come|came|stay|staying|stayed|born|work|works|worked|meet|parcel|package|letter|write|wrote|found|yes|no|ok|hi|hello|new|old|currently|still|address:`.split(
    '|',
  ),
);

/** Street types written first, in lower case ("ul.", "via", "rue"): kept at an address's start. */
const STREET_TYPE_WORDS = new Set(TYPE_BEFORE.replace(/\\/g, '').replace(/\?/g, '').toLowerCase().split('|'));

const STREETS: Array<{ re: RegExp; rule: string; hint?: RegExp; needsPostal?: boolean; trim?: boolean }> = [
  {
    // rule:street-name-number-town: "Markt 84, MÜLLNERN 9123", "ul. lubartowska 42, lublin 20-115",
    // "Dayka Gábor u. 18., Miske 6343": any words and a house number, read only before a town with its postal code
    re: new RegExp(
      String.raw`(?<![\p{L}\p{M}\d'’.-])(?:${ANY_WORD} ){0,3}${ANY_WORD} ${NUMBER}\.?(?=, ?\S)`,
      'gu',
    ),
    rule: 'rule:street-name-number-town',
    hint: /\d\.?, ?[^,\n]{1,40}\d{3}|\d, ?\d{3}/,
    needsPostal: true,
    trim: true,
  },
  {
    // rule:street-number-name-town: "281 Eleftheriou Venizelou str, Orgontas Stathmos 2868"
    re: new RegExp(
      String.raw`(?<![\w/:.-])${NUMBER},? (?:(?!(?:${FUNCTION_WORDS})\b)${ANY_WORD} ){0,3}(?!(?:${FUNCTION_WORDS})\b)${ANY_WORD}(?=, ?\S)`,
      'gu',
    ),
    rule: 'rule:street-number-name-town',
    hint: /\p{L}, ?[^,\n]{1,40}\d{3}/u,
    needsPostal: true,
  },
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

/** A word of a town written in any case ("MÜLLNERN", "København K", "paphos", "Dol pri Ljubljani"). */
const TOWN_WORD = String.raw`(?!(?:${FUNCTION_WORDS})\b)[\p{L}][\p{L}\p{M}'’.-]*`;
/** Postal codes after or before a town (3 to 5 digits, "20-115", "1700-149", "1234 AB", British). */
const TOWN_POSTAL = String.raw`(?:\d{3} \d{2}(?![\d])|\d{3,5}|\d{2}-\d{3}|\d{4}-\d{3}|\d{4} ?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})`;

/**
 * Pieces that may follow a street, tried in order at the end of what has been read; `locality`
 * marks a town (only one is read), `postal` a town with its postal code.
 */
const TAIL: Array<{ re: RegExp; locality?: boolean; postal?: boolean; anyCase?: boolean }> = [
  {
    re: new RegExp(
      String.raw`,? ?(?:${UNIT_WORD}\.? ?#?|#)(?:[A-Za-z]?\d[A-Za-z0-9-]{0,5}|[A-Za-z])(?![\w])`,
      'iuy',
    ),
  },
  { re: /,? \d{1,2}[º°ª](?: ?[A-Z](?![\w])| ?\d{1,2}[ªº]?)?/uy },
  // rule:locality-any-case: ", MÜLLNERN 9123", ", lublin 20-115", ", Pardubice 2 53002", ", 10115 berlin"
  {
    re: new RegExp(
      String.raw`, ?(?:(?:${TOWN_WORD} ){0,3}${TOWN_WORD}(?: \d{1,2})? ${TOWN_POSTAL}|${TOWN_POSTAL} \p{Lu}[\p{L}\p{M}'’.-]*(?: (?:${PARTICLE} )?\p{Lu}[\p{L}\p{M}'’.-]*){0,2}${END})(?![\w-])`,
      'uy',
    ),
    locality: true,
    postal: true,
    anyCase: true,
  },
  { re: new RegExp(`${SEP}${POSTAL} ${CITY}`, 'uy'), locality: true, postal: true },
  {
    re: new RegExp(
      String.raw`${SEP}${CITY},? (?:${codes}|${REGION_NAMES})(?![\w])(?: ${POSTAL}(?![\w]))?`,
      'uy',
    ),
    locality: true,
  },
  { re: new RegExp(String.raw`${SEP}${CITY} ${POSTAL}(?![\w])`, 'uy'), locality: true, postal: true },
  { re: new RegExp(String.raw`(?:, ?|,?\n)${CITY}(?: \d{1,2})?${END}`, 'uy'), locality: true },
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
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december please thanks thank call ring text email tel phone mobile dear regards best apt suite unit flat'.split(
    ' ',
  ),
);

/** Reads unit and locality pieces after a street ending at `end`: the new end, and whether a town with a postal code was read. */
function extend(text: string, end: number): { end: number; postal: boolean; lowerTown: boolean } {
  let at = end;
  let locality = false;
  let postal = false;
  let lowerTown = false;
  for (let guard = 0; guard < 6; guard++) {
    let moved = false;
    for (const piece of TAIL) {
      if (locality && piece.locality) continue;
      piece.re.lastIndex = at;
      const m = piece.re.exec(text);
      if (!m || m[0].length === 0) continue;
      // no word of a town is a day, a month or a word of a letter ("Kilkenny on May 2022")
      if (piece.locality && (m[0].match(/\p{L}+/gu) ?? []).some((w) => NOT_CITY.has(w.toLowerCase())))
        continue;
      at += m[0].length;
      if (piece.locality) locality = true;
      if (piece.postal) postal = true;
      if (piece.anyCase && /^[, ]*\p{Ll}/u.test(m[0])) lowerTown = true;
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
  return { end: at, postal, lowerTown };
}

/** Street addresses of many countries, with their unit and locality, as one span each. */
export function findWorldAddresses(text: string): RuleSpan[] {
  const found: RuleSpan[] = [];
  if (!/\d/.test(text)) return found;
  for (const { re, rule, hint, needsPostal, trim } of STREETS)
    for (const m of !hint || hint.test(text) ? text.matchAll(re) : []) {
      let start = m.index;
      let end = m.index + m[0].length;
      if (trim) {
        // the street's name starts after the last word that is not part of one ("I live at")
        const words = [...m[0].matchAll(/[^\s]+/g)];
        for (const [k, w] of words.slice(0, -1).entries()) {
          const lower = w[0].toLowerCase();
          // a lower-case word before a capitalised street name is the sentence's ("following R Direita 21")
          const leadingLower =
            start === m.index + w.index &&
            /^\p{Ll}/u.test(w[0]) &&
            !STREET_TYPE_WORDS.has(lower) &&
            words.slice(k + 1, -1).some((v) => /^\p{Lu}/u.test(v[0]));
          if (LEAD_WORDS.has(lower) || leadingLower) start = m.index + w.index + w[0].length + 1;
        }
        if (!/\p{L}/u.test(text.slice(start, end))) continue;
      }
      // a street type abbreviated with a full stop keeps it; a sentence's full stop does not
      if (
        text[end - 1] === '.' &&
        text[end] !== ',' &&
        !/\b(?:St|Rd|Ave|Av|Blvd|Dr|Ln|Ct|Pl|Pkwy|Ter|Hwy|Cir|Sq|Cres|Pde|str|ul|al|pl|Bd|N|S|E|W)\.$/i.test(
          m[0],
        )
      )
        end--;
      const tail = extend(text, end);
      if (needsPostal && !tail.postal) continue;
      // a town in lower case follows only a street in lower case ("ul. długa 7, gdańsk 80-827")
      if (needsPostal && tail.lowerTown && /^\P{Ll}*\p{Lu}/u.test(text.slice(start, end))) continue;
      let whole = tail.end;
      // the sentence's full stop after a town is not the address's
      if (
        whole > end &&
        text[whole - 1] === '.' &&
        !/\b(?:St|Co|[A-Z])\.$/.test(text.slice(whole - 4, whole))
      )
        whole--;
      found.push({ type: 'ADDRESS', start, end: whole, rule });
    }
  // longest first, then the first of overlapping ones kept
  found.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: RuleSpan[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && f.end > k.start)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * rule:street-type-first-named: a street named without a number after a capitalised street type
 * written first ("Rue de Ouerdanine", "Avenida Paulista", "Calle de Alcalá").
 */
const NAMED_STREET = new RegExp(
  String.raw`(?<![\p{L}\p{M}])(?:Rue|Avenue|Boulevard|Allée|Chemin|Quai|Impasse|Calle|Avenida|Paseo|Rua|Travessa|Praça|Carrer|Passeig|Viale|Corso|Ulica|Aleja|Bulevardul|Calea)(?: ${PARTICLE}){0,2} ${CAP}(?: (?:${PARTICLE} ){0,2}${CAP}){0,3}(?![\p{L}\p{M}\d])`,
  'gu',
);

/** Streets named without a house number, by a street type written first. */
export function findNamedStreets(text: string): RuleSpan[] {
  if (!TYPE_BEFORE_HINT.test(text)) return [];
  return [...text.matchAll(NAMED_STREET)].map((m) => {
    // a sentence's full stop after the name is not the street's
    const end = m.index + m[0].length - (m[0].endsWith('.') ? 1 : 0);
    return { type: 'ADDRESS', start: m.index, end, rule: 'rule:street-type-first-named' };
  });
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
