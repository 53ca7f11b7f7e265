import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../shared-data.ts';
import { MAX_CHECKS, MIN_SCORE, MIN_SCORE_FULL_MATCH, TOPIC_BOOST } from './engine.ts';
import { ASSISTANT_MODULE_VERSION } from './module.ts';
import { en } from './phrases.ts';

/**
 * How the assistant answers, for the public record of every system that runs it: the order of
 * its decisions, its retrieval thresholds, and every sentence it can say of its own (in English;
 * the Welsh is the same in number and meaning). Articles themselves are the force's, approved
 * one by one in the ledger.
 */
export function assistantMethod() {
  return {
    module: 'assistant',
    version: ASSISTANT_MODULE_VERSION,
    disclosure: en.greeting,
    order: [
      'Every message is triaged first by Bluelamp 101 triage (rules and a small classifier): an emergency is told to call 999 and moves to the top of the queue for a person; an urgent contact goes to the priority queue; another language goes to a person with an interpreter.',
      'A request for a person in plain words ("agent", "human", "person", "siarad efo rhywun") or the "Speak to a person" control hands the chat to a person at once.',
      'A service in progress continues: a lost property report (item, where, when, contact; a reference is given), or a crime update (reference, then the surname and postcode held on the report; after 3 failed checks the report is locked for the chat for a day).',
      "Otherwise the best approved article (MiniSearch retrieval over the force's articles in the caller's language) is quoted word for word with its title, if it scores high enough. Nothing is generated.",
      'A question no article answers well enough is not guessed: a person is offered. Two turns without progress offer a person again.',
    ],
    retrieval: {
      library: 'MiniSearch 7.2 (BM25 with prefix and fuzzy matching)',
      fields: { title: 2, keywords: 3, questions: 2, body: 0.5 },
      minimumScore: MIN_SCORE,
      minimumScoreWhenEveryWordMatches: MIN_SCORE_FULL_MATCH,
      triageTopicBoost: TOPIC_BOOST,
    },
    testResults: JSON.parse(
      readFileSync(path.join(projectRoot, 'src/modules/assistant/knowledge/test-results.json'), 'utf8'),
    ) as unknown,
    crimeUpdateChecks: MAX_CHECKS,
    ownWords: en,
  };
}
