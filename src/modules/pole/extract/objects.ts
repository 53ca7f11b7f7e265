import { AMBIGUOUS_DRUG_NAMES, DRUG_CONTEXT, DRUGS } from '../lexicons/drugs.ts';
import { PhraseMatcher } from '../lexicons/phrases.ts';
import { MODEL_TO_MAKE, VEHICLE_COLOURS, VEHICLE_MAKES, VEHICLE_NOUNS } from '../lexicons/vehicles.ts';
import { AMBIGUOUS_WEAPONS, WEAPONS } from '../lexicons/weapons.ts';
import type { Sentence } from '../text/tokenize.ts';
import type { Found } from './types.ts';

const split = (phrase: string) => phrase.split(/\s+/).filter(Boolean);
const matcher = <T>(entries: Iterable<readonly [string, T]>) =>
  new PhraseMatcher<T>([...entries].map(([p, v]) => [split(p).join(' '), v] as const));

const WEAPON_MATCH = matcher(WEAPONS);
const DRUG_MATCH = matcher(DRUGS);
const MAKES = matcher(Object.keys(VEHICLE_MAKES).map((m) => [m, m] as const));
const COLOURS = matcher(VEHICLE_COLOURS.map((c) => [c, c] as const));
const NOUNS = new Set<string>(VEHICLE_NOUNS);
const MODELS = new Map(
  Object.entries(VEHICLE_MAKES).map(([make, models]) => [make, matcher(models.map((m) => [m, m] as const))]),
);

const WEAPON_USE =
  /\b(armed|wielding|wielded|brandish(ed|ing)|waving|threatened|struck|hit|stabbed|attacked|carrying|carried|produced|pulled (out )?a|with a|used a|weapon)\b/i;

const title = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

/** Weapons, drugs and described vehicles in one sentence, from the lexicons. */
export function findLexiconObjects(text: string, sentence: Sentence): Found[] {
  const tokens = sentence.tokens;
  const lower = tokens.map((t) => t.text.toLowerCase());
  const sentenceText = text.slice(sentence.start, sentence.end);
  const out: Found[] = [];
  const span = (s: number, e: number) => ({
    start: tokens[s]!.start,
    end: tokens[e - 1]!.end,
    text: text.slice(tokens[s]!.start, tokens[e - 1]!.end),
  });

  for (const m of WEAPON_MATCH.matchAll(lower)) {
    const phrase = lower.slice(m.start, m.end).join(' ');
    const ambiguous = AMBIGUOUS_WEAPONS.has(phrase) || /^(weapons?|offensive weapons?)$/.test(phrase);
    if (AMBIGUOUS_WEAPONS.has(phrase) && !WEAPON_USE.test(sentenceText)) continue;
    out.push({
      category: 'object',
      kind: 'weapon',
      ...span(m.start, m.end),
      value: phrase,
      confidence: ambiguous ? 0.7 : 0.9,
      foundBy: 'rule:weapon-lexicon',
      attributes: { category: m.value },
    });
  }
  for (const m of DRUG_MATCH.matchAll(lower)) {
    const phrase = lower.slice(m.start, m.end).join(' ');
    if (AMBIGUOUS_DRUG_NAMES.has(phrase)) {
      const near = lower.slice(Math.max(0, m.start - 3), m.end + 3);
      if (!near.some((w) => DRUG_CONTEXT.has(w))) continue;
    }
    out.push({
      category: 'object',
      kind: 'drug',
      ...span(m.start, m.end),
      value: m.value.drug,
      confidence: AMBIGUOUS_DRUG_NAMES.has(phrase) ? 0.7 : 0.9,
      foundBy: 'rule:drug-lexicon',
      attributes: { class: m.value.class, streetName: phrase !== m.value.drug.toLowerCase() },
    });
  }
  out.push(...findVehicles(text, tokens, lower));
  return out;
}

/** "a silver Ford Focus", "black BMW 3 Series", "grey Corsa", "red van": make, model and colour. */
function findVehicles(text: string, tokens: Sentence['tokens'], lower: readonly string[]): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < lower.length; i++) {
    const colour = COLOURS.matchAt(lower, i);
    let j = colour ? colour.end : i;
    const make = MAKES.matchAt(lower, j);
    let model: string | undefined;
    let makeName = make?.value;
    if (make) {
      j = make.end;
      const m = MODELS.get(make.value)!.matchAt(lower, j);
      if (m) {
        model = m.value;
        j = m.end;
      }
    } else {
      const single = lower[j];
      const maker = single ? MODEL_TO_MAKE.get(single) : undefined;
      if (maker && /^\p{Lu}/u.test(tokens[j]!.text)) {
        makeName = maker;
        model = single;
        j++;
      }
    }
    const noun = lower[j] && NOUNS.has(lower[j]!) ? lower[j] : undefined;
    if (noun) j++;
    if (!makeName && !(colour && noun)) continue;
    if (makeName && !model && !noun && !colour) continue;
    const start = tokens[i]!.start;
    const end = tokens[j - 1]!.end;
    out.push({
      category: 'object',
      kind: 'vehicle',
      text: text.slice(start, end),
      value:
        [colour?.value, makeName, model]
          .filter(Boolean)
          .map((x) => title(x!))
          .join(' ') || title(noun!),
      start,
      end,
      confidence: makeName ? 0.85 : 0.6,
      foundBy: 'rule:vehicle-lexicon',
      attributes: {
        ...(colour ? { colour: colour.value } : {}),
        ...(makeName ? { make: title(makeName) } : {}),
        ...(model ? { model: title(model) } : {}),
        ...(noun ? { bodyType: noun } : {}),
      },
    });
    i = j - 1;
  }
  return out;
}
