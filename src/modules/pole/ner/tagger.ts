import { readFileSync } from 'node:fs';
import { decodeSentence } from './decode.ts';
import { consistentDocument, DOCUMENT_PASS, type DocumentPassSettings } from './document.ts';
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

/**
 * PER, LOC and ORG tags of one document's tokenised sentences: each sentence decoded, then the
 * document pass (document.ts) makes the same name's type agree across them. No VEH or WEA.
 */
export function decodeDocument(
  sentences: ReadonlyArray<readonly string[]>,
  model: NerModel = defaultModel(),
  settings: DocumentPassSettings = DOCUMENT_PASS,
): Tagged[] {
  const decoded = sentences.map((tokens) => decodeSentence(model, tokens));
  return consistentDocument(sentences, decoded, settings);
}

/** Tags of one document's tokenised sentences, as `tagSentence` gives them, with the document pass. */
export function tagDocument(
  sentences: ReadonlyArray<readonly string[]>,
  model: NerModel = defaultModel(),
  settings: DocumentPassSettings = DOCUMENT_PASS,
): Tagged[] {
  return decodeDocument(sentences, model, settings).map((t, i) => ({
    tags: overlayObjects(sentences[i]!, t.tags),
    confidence: t.confidence,
  }));
}

/**
 * IOB2 tags of tokenised sentences (`bluelamp pole tag`). `documents` gives the index of each
 * sentence's document, the sentences of one document together (as `documentIndices` gives them);
 * without it each sentence is its own document.
 */
export function tag(
  sentences: ReadonlyArray<readonly string[]>,
  model: NerModel = defaultModel(),
  documents?: readonly number[],
  settings: DocumentPassSettings = DOCUMENT_PASS,
): string[][] {
  const out: string[][] = [];
  for (let start = 0; start < sentences.length; ) {
    let end = start + 1;
    while (documents && end < sentences.length && documents[end] === documents[start]) end++;
    for (const t of tagDocument(sentences.slice(start, end), model, settings)) out.push(t.tags);
    start = end;
  }
  return out;
}
