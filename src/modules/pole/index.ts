/**
 * POLE extraction (People, Objects, Locations, Events) from case documents, and Bluelamp's own
 * entity recogniser. Pure: no database, no network; the recogniser's weights are read once from
 * the committed model file.
 */
export { ConllError, type ConllSentence, formatConll, parseConll } from './conll/read.ts';
export { formatScore, type NerScore, scoreTags, type TypeScore } from './conll/score.ts';
export {
  canonicalType,
  ENTITY_TYPES,
  type EntityType,
  NAME_TYPES,
  spansFromTags,
  tagsFromSpans,
} from './conll/tags.ts';
export { luhn, maskCard } from './extract/checksums.ts';
export { type ExtractOptions, extract, findIdentifiers } from './extract/extract.ts';
export type { EntityKind, PoleCategory, PoleDocument, PoleEntity } from './extract/types.ts';
export { POLE_MODULE_VERSION, type PoleInput, type PoleOutput, poleModule } from './module.ts';
export type { NerModel } from './ner/model-file.ts';
export { defaultModel, loadModel, type Tagged, tag, tagSentence } from './ner/tagger.ts';
export { type Sentence, sentences, type Token, tokenize } from './text/tokenize.ts';
