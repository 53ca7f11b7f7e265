import { featureNames, wordsOfFeature } from './classifier/features.ts';
import type { LoadedModel, Thresholds } from './classifier/model-file.ts';
import { probabilities, topContributions, vectorize } from './classifier/softmax.ts';
import { detectLanguage } from './language/detect.ts';
import { welshLexicon } from './lexicon/cy.ts';
import { englishLexicon } from './lexicon/en.ts';
import { SOURCES } from './lexicon/sources.ts';
import type { Lexicon } from './lexicon/types.ts';
import { RuleEngine } from './rules/engine.ts';
import { tokenize } from './text/tokens.ts';
import {
  type Decision,
  higherRoute,
  isTopic,
  type Reason,
  type Route,
  routeRank,
  type Topic,
  type Versions,
} from './types.ts';

export const TRIAGE_MODULE_VERSION = '1.0.0';
const EXPLAIN_FEATURES = 5;
/**
 * The classifier escalates only a contact of at least this many words so far: it was trained on
 * whole contacts, and a greeting on its own ("hi", "hello") is nothing it can judge (many
 * emergencies of the data open with one). The rules read every turn, however short.
 */
export const MIN_CLASSIFIER_WORDS = 3;

/** The classifier's view of a text: class probabilities, with the route each threshold grants. */
export interface ClassifierView {
  probabilities: Record<string, number>;
  /** False when the text is too short for the classifier to escalate (MIN_CLASSIFIER_WORDS). */
  reads: boolean;
  route: Route;
  topic: Topic;
  reasons: Reason[];
}

/**
 * 101 triage: rules and the classifier read every turn; any rule hit or classifier score over its
 * threshold escalates; a later turn can raise the route, never lower it. Nothing here answers the
 * caller: the decision only moves a contact towards a person, and says why.
 */
export class Triage {
  private readonly rules: RuleEngine;
  readonly versions: Versions;

  constructor(
    private readonly model: LoadedModel,
    private readonly lexicons: readonly Lexicon[] = [englishLexicon, welshLexicon],
  ) {
    this.rules = new RuleEngine(lexicons, model.knownWords);
    this.versions = {
      module: TRIAGE_MODULE_VERSION,
      lexiconEn: lexicons.find((l) => l.lang === 'en')?.version ?? 'none',
      lexiconCy: lexicons.find((l) => l.lang === 'cy')?.version ?? 'none',
      model: model.version,
    };
  }

  /** The same triage with other classifier thresholds (for choosing them on validation). */
  withThresholds(thresholds: Thresholds): Triage {
    return new Triage({ ...this.model, thresholds }, this.lexicons);
  }

  /** One message on its own. */
  classify(text: string): Decision {
    return this.classifyContact([text]);
  }

  /** A whole contact so far, turn by turn. */
  classifyContact(turns: readonly string[], previousLang?: string): Decision {
    let route: Route = 'routine';
    let lang = previousLang;
    let interpreter: string | null = null;
    const reasons: Reason[] = [];
    let view: ClassifierView | null = null;
    turns.forEach((turn, t) => {
      const language = detectLanguage(turn, lang, this.model.knownWords);
      lang = language.lang;
      if (language.interpreter) {
        interpreter = language.interpreter;
        reasons.push({
          kind: 'language',
          id: language.lang,
          route: 'human',
          text: `written in ${language.interpreter}: a person with an interpreter for ${language.interpreter}`,
          words: [],
          turn: t,
        });
      }
      reasons.push(...this.ruleReasons(turn, t));
      // The classifier was trained on English and Welsh only: it does not read other languages.
      if (!language.interpreter) {
        view = this.classifier(turns.slice(0, t + 1).join('\n'), t);
        reasons.push(...view.reasons);
      }
      for (const r of reasons) route = higherRoute(route, r.route);
    });
    const final = view as ClassifierView | null;
    return {
      route,
      topic: route === 'routine' && final ? final.topic : null,
      lang: lang ?? 'en',
      interpreter,
      reasons: dedupe(reasons),
      versions: this.versions,
    };
  }

  /** Rule hits of one turn as reasons. */
  ruleReasons(turn: string, t: number): Reason[] {
    return this.rules.match(turn).map((hit) => ({
      kind: 'rule' as const,
      id: hit.rule.id,
      route: hit.rule.route,
      category: hit.rule.category,
      source: SOURCES[hit.rule.source],
      text:
        `${hit.rule.description} (rule ${hit.rule.id}, ${hit.lexicon.version}): "${hit.words.join(' ')}"` +
        (hit.typos.length > 0 ? `; read as typos: ${hit.typos.join(', ')}` : ''),
      words: hit.words,
      turn: t,
    }));
  }

  /** The classifier on a text: probabilities, the route its thresholds grant, the routine topic. */
  classifier(text: string, t = 0): ClassifierView {
    const { weights, index, thresholds } = this.model;
    const x = vectorize(featureNames(text, this.model.features), index);
    const p = probabilities(weights, x);
    const probs: Record<string, number> = {};
    weights.classes.forEach((c, i) => {
      probs[c] = p[i]!;
    });
    const pEmergency = probs.emergency ?? 0;
    const pEscalate = pEmergency + (probs.urgent ?? 0);
    const pHuman = probs.human ?? 0;
    const tokens = tokenize(text);
    const reasons: Reason[] = [];
    const reads = tokens.length >= MIN_CLASSIFIER_WORDS;
    const explain = (cls: string, route: Route, score: number, threshold: number, label: string) => {
      const c = weights.classes.indexOf(cls);
      const top = topContributions(weights, x, c, EXPLAIN_FEATURES);
      const words = [...new Set(top.flatMap((f) => wordsOfFeature(f.feature, tokens)))];
      reasons.push({
        kind: 'classifier',
        id: cls,
        route,
        text: `classifier ${this.model.version}: ${label} ${score.toFixed(2)} >= threshold ${threshold.toFixed(2)}; words weighing most: ${words.join(', ')}`,
        words,
        turn: t,
        score,
      });
    };
    if (reads && pEmergency >= thresholds.emergency) {
      explain('emergency', 'emergency', pEmergency, thresholds.emergency, 'P(emergency)');
    } else if (reads && pEscalate >= thresholds.escalate) {
      explain('urgent', 'urgent', pEscalate, thresholds.escalate, 'P(emergency or urgent)');
    }
    if (reads && pHuman >= thresholds.human)
      explain('human', 'human', pHuman, thresholds.human, 'P(asks for a person)');
    let route: Route = 'routine';
    for (const r of reasons) route = higherRoute(route, r.route);
    return { probabilities: probs, reads, route, topic: bestTopic(probs), reasons };
  }
}

function bestTopic(probs: Record<string, number>): Topic {
  let best: Topic = 'general_enquiry';
  let bestP = -1;
  for (const [c, p] of Object.entries(probs)) {
    if (isTopic(c) && p > bestP) {
      best = c;
      bestP = p;
    }
  }
  return best;
}

/** One reason per rule or class (its first turn), most escalated first. */
function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  const out: Reason[] = [];
  for (const r of reasons) {
    const key = `${r.kind}:${r.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out.sort((a, b) => routeRank(b.route) - routeRank(a.route) || a.turn - b.turn);
}
