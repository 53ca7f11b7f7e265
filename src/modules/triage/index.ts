/**
 * 101 triage: finds emergencies and vulnerability in 101 contacts (English and Welsh) and moves
 * them to a person, with reasons. Rules from published risk guidance and a small classifier trained
 * here; escalation only ever goes up. See README.md.
 */
export { type ClincResult, runClinc } from './clinc/benchmark.ts';
export { readClinc } from './clinc/data.ts';
export { classifyJsonl, defaultTriage, evaluateSplit } from './commands.ts';
export { type LabelledContact, labelledContactSchema } from './data.ts';
export { AIMS, measure, measureByLanguage, type TriageMetrics } from './evaluate.ts';
export { detectLanguage } from './language/detect.ts';
export { welshLexicon } from './lexicon/cy.ts';
export { englishLexicon } from './lexicon/en.ts';
export { SOURCES } from './lexicon/sources.ts';
export { explainDecision, triageInputSchema, triageModule, triageOutputSchema } from './module.ts';
export { tokenize } from './text/tokens.ts';
export { radicalCandidates } from './text/welsh.ts';
export { TRIAGE_MODULE_VERSION, Triage } from './triage.ts';
export { type Decision, decisionSchema, ROUTES, type Route, TOPICS, type Topic } from './types.ts';
