import { PhraseMatcher } from '../lexicons/phrases.ts';
import { MODEL_TO_MAKE, VEHICLE_MAKES } from '../lexicons/vehicles.ts';
import { AMBIGUOUS_WEAPONS, WEAPONS } from '../lexicons/weapons.ts';
import { tokenize } from '../text/tokenize.ts';

const words = (phrase: string) =>
  tokenize(phrase)
    .map((t) => t.text.toLowerCase())
    .join(' ');

/** Make and model ("Ford Focus", "BMW 3 Series"), or a model that names its make ("Corsa"). */
const VEHICLES = new PhraseMatcher<true>([
  ...Object.entries(VEHICLE_MAKES).flatMap(([make, models]) =>
    models.map((m) => [words(`${make} ${m}`), true] as const),
  ),
  ...[...MODEL_TO_MAKE.keys()].map((m) => [words(m), true] as const),
]);

const WEAPON_PHRASES = new PhraseMatcher<true>(
  [...WEAPONS.keys()]
    .filter((w) => !AMBIGUOUS_WEAPONS.has(w) && !/^weapons?$|^offensive/.test(w))
    .map((w) => [words(w), true] as const),
);

/**
 * Vehicles (VEH) and weapons (WEA) found from lexicons where the statistical recogniser found
 * nothing: a make with its model, a model that names its make, or an unambiguous weapon word.
 * Returns new IOB2 tags; names the recogniser found are kept.
 */
export function overlayObjects(tokens: readonly string[], tags: readonly string[]): string[] {
  const lower = tokens.map((t) => t.toLowerCase());
  const out = [...tags];
  const place = (start: number, end: number, type: string, force: boolean) => {
    for (let i = start; i < end; i++) if (out[i] !== 'O' && !force) return;
    if (force) {
      // a recognised name cut by the vehicle is dropped whole
      let s = start;
      while (s > 0 && out[s]!.startsWith('I-')) s--;
      let e = end;
      while (e < out.length && out[e]!.startsWith('I-')) e++;
      for (let i = s; i < e; i++) out[i] = 'O';
    }
    for (let i = start; i < end; i++) out[i] = `${i === start ? 'B' : 'I'}-${type}`;
  };
  for (const m of VEHICLES.matchAll(lower)) {
    const isModelOnly = MODEL_TO_MAKE.has(lower.slice(m.start, m.end).join(' '));
    if (isModelOnly && !/^\p{Lu}/u.test(tokens[m.start]!)) continue;
    place(m.start, m.end, 'VEH', !isModelOnly);
  }
  for (const m of WEAPON_PHRASES.matchAll(lower)) place(m.start, m.end, 'WEA', false);
  return out;
}
