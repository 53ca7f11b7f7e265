import { francAll } from 'franc-all';
import { isEnglishWord } from '../text/dictionary.ts';
import { tokenize } from '../text/tokens.ts';
import { LANGUAGE_NAMES, languageName } from './names.ts';

/**
 * Welsh or English per message, and any other language named for an interpreter.
 *
 * 1. Function words decide between Welsh and English (their counts, a tie broken by franc-all's
 *    trigram scores restricted to cym/eng); a mixed message takes its majority language.
 * 2. A short message without such words keeps the contact's earlier choice (English at first).
 * 3. Only a message of some length with almost no Welsh or English words, in which franc-all
 *    (restricted to the languages listed in names.ts) finds another language, is another language.
 *    A message whose words are mostly known Welsh or English words (the function words, the
 *    words of the training contacts, English dictionary words of 4+ letters) is never another
 *    language: franc-all's trigrams misname short southern Welsh ("ma bois ifanc yn reido beics
 *    trydan ar y pafin") and short English messages.
 */
const ENGLISH = new Set(
  (
    'the and my is it to of in on was have has been me he she they you not can what for with at this that ' +
    'there im its dont just got be are do please is was were your our their his her from by an will would ' +
    'could should about someone somebody who where when why how hello hi thanks thank need want help ' +
    'police officer report lost stolen car house home today yesterday night outside still again'
  ).split(' '),
);
const WELSH = new Set(
  (
    'mae yn yr wedi fy dw dwi rwy rydw ddim dim ac gyda efo hefo ei eu nhw chi sy sydd oedd roedd bod ' +
    'ond ar heddlu diolch plis helo bore nos isio eisiau moyn angen gen gan cael ga gaf allwch alla ' +
    'beth pam lle ble pryd sut pwy hefyd iawn achos oherwydd rwan nawr yma yno hwn hon hyn ty fo ' +
    'wnes wnaeth oes ydy ydw yw mewn heb tu allan dros drws ffon plentyn mab merch ' +
    // Southern and spoken forms.
    'ma fe ni sy odd nath gweud y yr ych chi ife nage wedd wetws'
  ).split(' '),
);

const CANDIDATES = Object.keys(LANGUAGE_NAMES).concat('sco');
const MIN_OTHER_CHARS = 20;
const MIN_OTHER_TOKENS = 4;
/** Below this share of Welsh or English function words, a longer message is checked for others. */
const MIN_KNOWN_SHARE = 0.2;
/** At or above this share of known Welsh or English words, a message is Welsh or English. */
const MOSTLY_KNOWN = 0.5;

export interface LanguageChoice {
  /** 'en', 'cy', or the ISO 639-3 code of another language. */
  lang: string;
  /** The language an interpreter is needed for, or null for English and Welsh. */
  interpreter: string | null;
  /** How the choice was made, for the reasons. */
  how: 'words' | 'trigrams' | 'kept' | 'other';
}

/**
 * @param known words of English and Welsh contacts (the training vocabulary) that count as known
 *   words besides the function words and the English dictionary.
 */
export function detectLanguage(
  text: string,
  previous?: string,
  known: ReadonlySet<string> = new Set(),
): LanguageChoice {
  const tokens = tokenize(text);
  const en = tokens.filter((t) => ENGLISH.has(t)).length;
  const cy = tokens.filter((t) => WELSH.has(t)).length;
  const kept = (): LanguageChoice => {
    const lang = previous ?? 'en';
    return { lang, interpreter: interpreterFor(lang), how: 'kept' };
  };
  if (!/\p{Script=Latin}/u.test(text) && /\p{L}/u.test(text)) return otherOr(text, kept);
  const long = text.trim().length >= MIN_OTHER_CHARS && tokens.length >= MIN_OTHER_TOKENS;
  if (en + cy === 0 && !long) return kept();
  const isKnown = (t: string) =>
    ENGLISH.has(t) || WELSH.has(t) || known.has(t) || (t.length >= 4 && isEnglishWord(t));
  const mostlyKnown = tokens.filter(isKnown).length / Math.max(1, tokens.length) >= MOSTLY_KNOWN;
  if (long && !mostlyKnown && (en + cy) / tokens.length < MIN_KNOWN_SHARE) return otherOr(text, kept);
  if (en !== cy) {
    // A short reply with a single function word keeps the contact's language.
    if (previous && tokens.length < MIN_OTHER_TOKENS && Math.max(en, cy) < 2) return kept();
    return { lang: cy > en ? 'cy' : 'en', interpreter: null, how: 'words' };
  }
  const scores = francAll(text, { only: ['cym', 'eng'], minLength: 1 });
  const top = scores[0]?.[0];
  if (top === 'cym' || top === 'eng')
    return { lang: top === 'cym' ? 'cy' : 'en', interpreter: null, how: 'trigrams' };
  return kept();
}

function otherOr(text: string, fallback: () => LanguageChoice): LanguageChoice {
  const top = francAll(text, { only: CANDIDATES, minLength: 1 })[0]?.[0];
  if (!top || top === 'und') return fallback();
  if (top === 'eng' || top === 'sco') return { lang: 'en', interpreter: null, how: 'trigrams' };
  if (top === 'cym') return { lang: 'cy', interpreter: null, how: 'trigrams' };
  return { lang: top, interpreter: languageName(top), how: 'other' };
}

function interpreterFor(lang: string): string | null {
  return lang === 'en' || lang === 'cy' ? null : languageName(lang);
}
