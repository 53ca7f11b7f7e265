import { DEVICE_MODULE_VERSION } from './module.ts';

/**
 * How a device summary is reached, for the public record of every system running this module:
 * what is read and kept, how third parties are protected, how known images are matched, and the
 * measured figures with the data they come from (README.md). Nothing about any case.
 */
export function deviceMethod() {
  return {
    module: 'device',
    version: DEVICE_MODULE_VERSION,
    dataKinds: ['messages', 'calls', 'locations', 'images'],
    scope:
      'An officer records the authorisation first (whose device, purpose, period, kinds of data, the supervisor who authorised it, how long it is kept). Records outside it are counted by reason and never stored.',
    retention:
      'Each extraction is sealed with its own key; at the end of the authorised retention the key is destroyed (and the sealed inputs and outputs of its summaries with it), and the ledger says so.',
    review:
      'Every summary is reviewed by a named person before it is shown on the case. Revealing a third party needs a recorded justification, is written to the ledger and the access log, and is reviewed by a supervisor of the case.',
    minimisation:
      'Anyone not named as a subject is "Contact N" with their number masked and their messages hidden (counts and times only). Personal data of others in subjects\' messages (names, numbers, e-mail and street addresses, bank and card numbers, dates of birth and more) is masked by rules and Bluelamp\'s own entity recogniser.',
    summary:
      "Counts, contacts, bursts, gaps, new contacts, deletion markers, stay points (Li et al. 2008: 200 m, 20 minutes) and journeys, and hits of the officer's lines of enquiry (including lines that could point away from the suspect). Every statement cites the records it rests on; nothing is generated.",
    images:
      "PDQ perceptual hashes (Meta, 2019) matched against the force's known-image lists at Hamming distance 31 or less; matched images are never displayed without a recorded reason; others are blurred until an officer chooses to see one.",
  };
}
