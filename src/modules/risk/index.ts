/**
 * Reoffending risk: advisory only. OGRS3 (the published actuarial scale) and transparent logistic
 * models trained with a model card, each explained, with known limitations, audited for bias, and
 * released only after a named decision-maker records their own decision (validateRiskDecision).
 */

import { createOgrs3Module } from './ogrs3/module.ts';
import { loadOffenceTable } from './ogrs3/offence-table-file.ts';

export { latestAuditSchema } from './advisory.ts';
export { MIN_REASONS_LENGTH, type RiskDecision, validateRiskDecision } from './decision.ts';
export { type InputIssue, RiskInputError } from './errors.ts';
export { LOGISTIC_LIMITATIONS, OGRS3_LIMITATIONS } from './limitations.ts';
export { type ModelCard, modelCardSchema } from './logistic/card.ts';
export { renderModelCardHtml } from './logistic/card-html.ts';
export { logisticRiskModule } from './logistic/module.ts';
export { explainLogisticScore, type LogisticScore, scoreWithCard } from './logistic/score.ts';
export { type TrainOptions, trainLogisticModel } from './logistic/train.ts';
export { assessOgrs3, type Ogrs3Assessment } from './ogrs3/assess.ts';
export { type Ogrs3Input, ogrs3InputSchema, validateOgrs3Input } from './ogrs3/input.ts';
export { createOgrs3Module, type Ogrs3Module } from './ogrs3/module.ts';
export { type OffenceTable, parseOffenceTable } from './ogrs3/offence-table.ts';
export { loadOffenceTable };

/** OGRS3 with the published offence table from the shared data (read once, on first run). */
export const ogrs3Module = createOgrs3Module(() => loadOffenceTable());
