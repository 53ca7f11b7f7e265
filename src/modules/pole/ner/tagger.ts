import { readFileSync } from 'node:fs';
import { decodeSentence } from './decode.ts';
import { MODEL_PATH } from './files.ts';
import { decodeModel, type NerModel } from './model-file.ts';
import { overlayObjects } from './overlay.ts';

let loaded: NerModel | null = null;

/** The committed recogniser model, read once. */
export function defaultModel(): NerModel {
  if (!loaded) loaded = decodeModel(readFileSync(MODEL_PATH));
  return loaded;
}

/** A loaded model from another file (e.g. one just trained). */
export function loadModel(file: string): NerModel {
  return decodeModel(readFileSync(file));
}

/** Tags and per-token confidence for one tokenised sentence. */
export interface Tagged {
  tags: string[];
  confidence: number[];
}

/**
 * Tags a tokenised sentence in IOB2: PER, LOC and ORG from the statistical recogniser, then VEH
 * and WEA from the vehicle and weapon lexicons where it found no name.
 */
export function tagSentence(tokens: readonly string[], model: NerModel = defaultModel()): Tagged {
  const decoded = decodeSentence(model, tokens);
  return { tags: overlayObjects(tokens, decoded.tags), confidence: decoded.confidence };
}

/** IOB2 tags of tokenised sentences (`bluelamp pole tag`). */
export function tag(
  sentences: ReadonlyArray<readonly string[]>,
  model: NerModel = defaultModel(),
): string[][] {
  return sentences.map((tokens) => tagSentence(tokens, model).tags);
}
