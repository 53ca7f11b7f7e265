import { POLE_MODULE_VERSION } from './module.ts';
import { defaultModel } from './ner/tagger.ts';
import { DEFAULT_WEIGHTS, VERSION as SUMMARY_VERSION } from './summarise/summarise.ts';

/**
 * How a case analysis is reached, for the public record of every system that runs this module:
 * what finds each kind of entity, how mentions are linked, how summary lines are chosen, and the
 * measured figures with the data they come from (README.md). Nothing about any case.
 */
export function poleMethod() {
  const model = defaultModel().info;
  return {
    module: 'pole',
    version: POLE_MODULE_VERSION,
    review:
      'Every analysis is reviewed by a named person before any of it is shown on the case; reviewers reject or correct single entities and summary lines.',
    extraction: {
      rules:
        'Registration marks (every UK format), phones (E.164), IMEIs and payment cards (Luhn-checked), e-mail and IP addresses, sort codes and account numbers, money, postcodes (validated), street addresses, OS grid references, coordinates, dates and times (ISO 8601, relative ones resolved against the document date), titles, ranks, dates of birth, ages and roles next to names; weapons and drugs from lexicons with street names.',
      recogniser: {
        what: 'Names of people, places and organisations: an averaged structured perceptron with Viterbi decoding, trained by Bluelamp on openly licensed corpora and sentences it wrote.',
        version: model.version,
        trainedOn: model.trainedOn,
        measured: {
          data: 'Universal NER English Web Treebank dev (2,001 sentences), never trained on',
          microF1: 0.656,
          target: 0.8,
          met: false,
        },
      },
    },
    linking:
      'Identifiers by their normalised value; people by name variants, initials, title and surname (only when one person of that surname is in the case), dates of birth and a shared nearby identifier. Different dates of birth or forenames never link. Each link names its rule; officers can split a wrong link.',
    summaries: {
      how: 'Extractive only: each line is a sentence copied from a document, with its document, paragraph and character offsets. Sentences of at least four content words, scored by length, position and an opening prior, less filler, chosen by maximal marginal relevance.',
      version: SUMMARY_VERSION,
      weights: DEFAULT_WEIGHTS,
      measured: {
        data: 'QMSum val (35 meetings), out-of-fold over 5 folds of meetings; ROUGE F1 x 100',
        bluelamp: { rouge1: 24.77, rouge2: 3.83, rougeL: 14.17 },
        lead: { rouge1: 18.08, rouge2: 2.97, rougeL: 10.89 },
        textrank: { rouge1: 21.26, rouge2: 2.37, rougeL: 12.4 },
      },
    },
  };
}
