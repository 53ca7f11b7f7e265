/**
 * Organisations by their form: capitalised names ending in a company suffix ("Acme Widgets
 * Inc.", "Keller & Sohn GmbH", "Harbour Analytics Pty Ltd") or a word for a kind of body ("St.
 * Mary's Hospital", "Commonwealth Bank", "Lincoln Elementary School"), names with "& Co" or "&
 * Sons", bodies named before what they serve ("University of Toronto", "Bank of Ireland", "Banco
 * Santander", "Hospital de Santa Maria"), and well-known organisations by name.
 */
import { type Token, tokenize } from '../../pole/index.ts';
import type { RuleSpan } from './identifiers.ts';

/** A capitalised word of a name (not a legal form, which ends one: "Acme Inc. and Keller GmbH"). */
const WORD = String.raw`(?:(?!(?:Inc|Ltd|LLC|GmbH|PLC|Corp|AG|LLP|Co)\.?(?![\p{L}]))\p{Lu}[\p{L}\p{M}'’.-]*|\d{1,4})`;
const JOINER = `(?: (?:&|and|de|du|des|di|del|della|und|et|y|van|von|der) | |-)`;
const NAME = `${WORD}(?:${JOINER}${WORD}){0,4}`;

/** Legal forms written after a company's name. */
const LEGAL =
  'Inc\\.?|Incorporated|LLC|L\\.L\\.C\\.|Ltd\\.?|Limited|GmbH|gGmbH|AG|KG|PLC|plc|Corp\\.?|Corporation|Co\\.|LLP|L\\.L\\.P\\.|LP|L\\.P\\.|S\\.A\\.|S\\.p\\.A\\.|SpA|S\\.r\\.l\\.|Srl|SRL|S\\.L\\.|B\\.V\\.|BV|N\\.V\\.|Pty\\.? Ltd\\.?|Pty|A/S|ASA|Oy|Oyj|K\\.K\\.|SAS|SARL|S\\.A\\.S\\.|AB|Sdn Bhd|Bhd|Pvt\\.? Ltd\\.?';
/** Words for a kind of body, written after its name. */
const KIND =
  'Group|Global|Company|Alliance|Brothers|Bros\\.?|Holdings|Bank|Banks|Hospital|Clinic|Medical Center|Medical Centre|Health|Healthcare|University|College|School|Elementary School|High School|Academy|Institute|Foundation|Trust|Council|Ministry|Agency|Department|Airlines|Airways|Motors|Technologies|Technology|Systems|Solutions|Partners|Associates|Pharma|Pharmaceuticals|Insurance|Foods|Bakery|Hotel|Hotels|Restaurant|Café|Cafe|Church|Capital|Consulting|Consultants|Labs|Laboratories|Logistics|Industries|Enterprises|Services|Studios|Media|Energy|Electric|Telecom|Communications|Analytics|Dental|Traders|Trading|Construction|Properties|Realty|Ventures|Software|Museum|Library|Society|Association|Federation|Club|Police Department|Fire Department|Police|Credit Union|Savings|Pharmacy|Supermarket|Stores|Brewery|Bakeries|Cooperative|Co-op|Network|Mutual|Law Firm|Chambers|Gallery|Theatre|Theater|Stadium|Airport';
/** Words for a body written before what it serves or is named after. */
const KIND_FIRST =
  'University|Bank|College|Institute|Museum|Ministry|Department|Hospital|Banco|Banca|Banque|Hôpital|Hospital|Universidad|Università|Universität|Université|Universidade|Universiteit|Clínica|Clinica|Instituto|Istituto|Société|Sociedad|Caisse|Crédit|Credit';

const SUFFIXED = new RegExp(
  String.raw`(?<![\p{L}\p{M}])${NAME}(?:,? (?:${LEGAL})(?![\p{L}])| (?:&|and) (?:Co\.?|Sons|Son|Sohn|Söhne|Partners|Associates|Figli|Cie\.?|Company)(?:,? (?:${LEGAL}))?(?![\p{L}])| (?:${KIND})(?: of ${WORD}(?: ${WORD}){0,2})?(?![\p{L}]))`,
  'gu',
);
const PREFIXED = new RegExp(
  String.raw`(?<![\p{L}\p{M}])(?:${WORD} ){0,2}(?:${KIND_FIRST}) (?:(?:of|de|di|do|da|del|della|des|du|für|de la) (?:the )?)?${WORD}(?: ${WORD}){0,2}(?![\p{L}])`,
  'gu',
);

/**
 * rule:org-firm-of-names: a firm named by three people ("Olsen, Mitchell And Jackson", "Gray,
 * Hawkins & Williamson"), its "And" capitalised or an ampersand, as firms write it.
 */
const FIRM_OF_NAMES =
  /(?<![\p{L}\p{M}])\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?, \p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)? (?:And|&) \p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?![\p{L}\p{M}])/gu;
/**
 * rule:org-hyphenated-names: two capitalised names joined by a hyphen, standing alone
 * ("Carr-Schaefer", "Lopez-Lang"): a firm or a double-barrelled surname, personal data either way.
 */
const HYPHENATED_NAMES = /(?<![\p{L}\p{M}'’.-])(\p{Lu}\p{Ll}{2,})-(\p{Lu}\p{Ll}{2,})(?![\p{L}\p{M}'’-])/gu;
/** First parts of hyphenated words that are not names ("Anglo-Saxon", "Pre-Order", "Non-Stop"). */
const NOT_NAME_PART = new Set(
  'anglo afro indo sino franco euro pre post non self well anti pro mid semi multi inter over under out all long short half full high low north south east west saint sainte san santa st new old ex co re'.split(
    ' ',
  ),
);
/** The word before a name that makes it a person's (titles), or a capitalised word (a given name). */
const BEFORE_NAME = /(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord)\.?|\p{Lu}[\p{L}\p{M}'’]*) $/u;

/** Well-known organisations written in any case (lower case here), by name. */
const KNOWN = `
walmart; starbucks; fedex; dhl; usps; goldman sachs; wells fargo; jpmorgan; jp morgan; jpmorgan chase; morgan stanley
citibank; citigroup; bank of america; american express; amex; mastercard; google; microsoft; netflix; spotify; airbnb
tesla; toyota; honda; bmw; volkswagen; mercedes-benz; samsung; sony; ibm; intel; nvidia; cisco; accenture; deloitte
kpmg; pwc; ernst & young; mckinsey; unilever; nestlé; nestle; siemens; bosch; ikea; zara; costco; home depot; kroger
cvs; walgreens; boeing; airbus; lufthansa; air france; klm; emirates; qantas; united airlines; american airlines
delta air lines; ryanair; easyjet; tim hortons; mcdonald's; burger king; coca-cola; pepsi; pepsico; nike; adidas
uniqlo; alibaba; tencent; huawei; xiaomi; baidu; infosys; wipro; tata consultancy services; hsbc; bnp paribas
société générale; credit suisse; ubs; commerzbank; rabobank; abn amro; bbva; unicredit; intesa sanpaolo; nordea
danske bank; td bank; scotiabank; rbc; bmo; cibc; anz; westpac; commonwealth bank; kaiser permanente; mayo clinic
cleveland clinic; pfizer; moderna; novartis; roche; astrazeneca; johnson & johnson; bayer; sanofi; gsk
united nations; unicef; nato; red cross; greenpeace; oxfam; world bank; imf; fbi; nasa; irs; interpol; europol
linkedin; twitter; youtube; reddit; salesforce; adobe; ebay; paypal; uber; lyft; dropbox; shopify; verizon
at&t; t-mobile; comcast; vodafone; telstra; optus; deutsche telekom; telefónica; telefonica; british airways
virgin atlantic; scotland yard; heineken; carlsberg; procter & gamble; general electric; general motors; chevron
exxonmobil; exxon; royal dutch shell; totalenergies; gazprom; saudi aramco; aramco; petrobras; harvard; yale
princeton; oxford university; cambridge university; stanford; oracle; visa; bp; ecobank
`;
const CASED_ONLY = new Set(['visa', 'bp', 'stanford', 'harvard', 'yale', 'princeton', 'oracle']);
const KNOWN_PHRASES = KNOWN.split(/[;\n]/)
  .map((p) => p.trim())
  .filter(Boolean);

/** First token of each known name → the names' tokens, longest first. */
const BY_FIRST = new Map<string, string[][]>();
for (const phrase of KNOWN_PHRASES) {
  const toks = tokenize(phrase).map((t) => t.text.toLowerCase());
  if (toks.length === 0) continue;
  const list = BY_FIRST.get(toks[0]!) ?? [];
  list.push(toks);
  list.sort((a, b) => b.length - a.length);
  BY_FIRST.set(toks[0]!, list);
}

/** Leading words that are not part of an organisation's name. */
const LEADING =
  /^(?:(?:The|A|An|At|In|On|From|To|For|With|By|Dear|Hi|Hello|Thanks|Thank|Our|My|Your|Their|His|Her|And|Or|But|Please|Call|Contact|Meet|Visit|Ask|Tell|Email|Join|Joined|Mr|Mrs|Ms|Dr|Prof)\.? )+/u;

/** Organisations by form and by name, each with its rule. */
export function findOrganisations(
  text: string,
  tokens: readonly Token[] = tokenize(text),
  notNames: (word: string) => boolean = () => false,
  isGivenName: (word: string) => boolean = () => false,
): RuleSpan[] {
  const out: RuleSpan[] = [];
  const push = (start: number, value: string, rule: string) => {
    const lead = LEADING.exec(value)?.[0].length ?? 0;
    // a sentence's full stop after "Inc" is the abbreviation's; after other words it is not
    let end = start + value.length;
    if (value.endsWith('.') && !/\b(?:Inc|Ltd|Corp|Co|Cie|St|[A-Z])\.$/.test(value)) end--;
    if (value.slice(lead).includes(' ') && /\p{Lu}/u.test(value.slice(lead)))
      out.push({ type: 'ORGANISATION', start: start + lead, end, rule });
  };
  for (const m of text.matchAll(SUFFIXED)) push(m.index, m[0], 'rule:org-suffix');
  for (const m of text.matchAll(PREFIXED)) push(m.index, m[0], 'rule:org-kind-first');
  if (/ (?:And|&) \p{Lu}/u.test(text))
    for (const m of text.matchAll(FIRM_OF_NAMES)) {
      const words = m[0].split(/[, &-]+/).filter((w) => w !== 'And');
      // not a list of places or days ("Paris, London And Berlin"): a firm's names are mostly not
      if (words.filter((w) => notNames(w.toLowerCase())).length < 2)
        out.push({
          type: 'ORGANISATION',
          start: m.index,
          end: m.index + m[0].length,
          rule: 'rule:org-firm-of-names',
        });
    }
  if (text.includes('-'))
    for (const m of text.matchAll(HYPHENATED_NAMES)) {
      const [first, second] = [m[1]!.toLowerCase(), m[2]!.toLowerCase()];
      if (NOT_NAME_PART.has(first) || isGivenName(first) || notNames(first) || notNames(second)) continue;
      if (BEFORE_NAME.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
      out.push({
        type: 'ORGANISATION',
        start: m.index,
        end: m.index + m[0].length,
        rule: 'rule:org-hyphenated-names',
      });
    }
  for (let i = 0; i < tokens.length; i++) {
    const list = BY_FIRST.get(tokens[i]!.text.toLowerCase());
    if (!list) continue;
    for (const phrase of list) {
      const span = tokens.slice(i, i + phrase.length);
      if (span.length < phrase.length || span.some((t, k) => t.text.toLowerCase() !== phrase[k])) continue;
      if (CASED_ONLY.has(phrase.join(' ')) && !/^\p{Lu}/u.test(span[0]!.text)) continue;
      out.push({
        type: 'ORGANISATION',
        start: span[0]!.start,
        end: span[span.length - 1]!.end,
        rule: 'lexicon:world-organisations',
      });
      i += phrase.length - 1;
      break;
    }
  }
  // the longest of overlapping finds
  out.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: RuleSpan[] = [];
  for (const f of out) if (!kept.some((k) => f.start < k.end && f.end > k.start)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}
