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
// The finders themselves, for modules that look for personal data in other text (device evidence).
export { findDates, findTimes } from './extract/dates.ts';
export { type ExtractOptions, extract, findIdentifiers } from './extract/extract.ts';
export { findEmails, findIpAddresses } from './extract/network.ts';
export { findBankDetails, findImeisAndCards, findPhones } from './extract/numbers.ts';
export { findTitledNames } from './extract/people.ts';
export { findAddresses, findPostcodes } from './extract/places.ts';
export type { EntityKind, Found, PoleCategory, PoleDocument, PoleEntity } from './extract/types.ts';
export { findRegistrationMarks } from './extract/vehicles.ts';
export { POLE_MODULE_VERSION, type PoleInput, type PoleOutput, poleModule } from './module.ts';
export { decodeSentence } from './ner/decode.ts';
export type { NerModel } from './ner/model-file.ts';
export { defaultModel, loadModel, type Tagged, tag, tagSentence } from './ner/tagger.ts';
export { type Sentence, sentences, type Token, tokenize } from './text/tokenize.ts';
