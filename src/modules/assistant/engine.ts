import { z } from 'zod';
import { type Decision, tokenize } from '../triage/index.ts';
import type { Candidate } from './knowledge/articles.ts';
import { type ChatLang, type PhraseKey, phrase } from './phrases.ts';

/**
 * One turn of the 101 assistant, pure: triage's decision comes first (an emergency, an urgent
 * contact, another language or a request for a person goes to a person at once), then a service
 * the caller is in the middle of (a lost property report, a crime update check), then the
 * approved article retrieval found, quoted word for word with its citation. A question no
 * article answers well enough is not guessed: a person is offered. Two turns in a row without
 * progress offer a person too.
 */

export const QUEUES = ['emergency', 'priority', 'person', 'interpreter'] as const;
export type Queue = (typeof QUEUES)[number];

/** The best article must score at least this (MiniSearch BM25, boosted fields) to be shown;
 * chosen on the validation questions (see README). */
export const MIN_SCORE = 40;
/** When the article matches every word of the question (stop words aside), this lower score is
 * enough: a short, precise question ("who do I tell about a pothole?") scores low but is answered. */
export const MIN_SCORE_FULL_MATCH = 10;
/** An article on the topic triage's classifier gave counts this many times its retrieval score. */
export const TOPIC_BOOST = 2;
/** Failed victim checks before a crime report is locked for the chat. */
export const MAX_CHECKS = 3;

export const flowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('offered') }),
  z.object({
    kind: z.literal('lost'),
    step: z.enum(['item', 'where', 'when', 'contact']),
    item: z.string().optional(),
    where: z.string().optional(),
    when: z.string().optional(),
  }),
  z.object({
    kind: z.literal('crime'),
    step: z.enum(['reference', 'surname', 'postcode']),
    reference: z.string().optional(),
    surname: z.string().optional(),
  }),
]);
export type Flow = z.infer<typeof flowSchema>;

export const chatStateSchema = z.object({ flow: flowSchema, stalls: z.number().int().min(0) });
export type ChatState = z.infer<typeof chatStateSchema>;
export const FRESH: ChatState = { flow: { kind: 'none' }, stalls: 0 };

export type CrimeCheck =
  | { kind: 'ok'; update: string }
  | { kind: 'no-match'; left: number }
  | { kind: 'locked' };

export interface TurnInput {
  lang: ChatLang;
  text: string;
  /** Triage of the conversation so far (the caller's messages, this one last). */
  decision: Decision;
  /** What retrieval found in the approved articles for this message, best first. */
  candidates: readonly Candidate[];
  state: ChatState;
  /** The reference a lost property report completed on this turn takes. */
  newReference: string;
  /** The result of checking the caller's surname and postcode (this message) against the report,
   * when this turn completes a crime update check; the service checks before the turn runs. */
  crimeCheck?: CrimeCheck | null | undefined;
}

export type HandoffReason = 'emergency' | 'urgent' | 'interpreter' | 'asked' | 'check-locked';

export interface TurnOutput {
  /** What the caller is shown. */
  text: string;
  lang: ChatLang;
  /** How the reply was reached (also the run's explanation). */
  how: string;
  kind: 'handoff' | 'article' | 'service' | 'no-match' | 'offer' | 'flow';
  citations: Array<{ article: string; version: number; title: string }>;
  handoff: { queue: Queue; reason: HandoffReason } | null;
  state: ChatState;
  lostProperty: { reference: string; item: string; where: string; when: string; contact: string } | null;
}

/** Crime references look like `DC/26/012345` (force initials, year, number). */
export const CRIME_REFERENCE = /\b([A-Z]{2})\s*\/\s*(\d{2})\s*\/\s*(\d{4,7})\b/i;
export const CRIME_REFERENCE_EXAMPLE = 'DC/26/012345';

export function crimeReferenceIn(text: string): string | null {
  const m = CRIME_REFERENCE.exec(text);
  return m ? `${m[1]!.toUpperCase()}/${m[2]}/${m[3]}` : null;
}

const PERSON_WORDS = new Set([
  'agent',
  'human',
  'person',
  'operator',
  'someone',
  'somebody',
  'adviser',
  'advisor',
  'rhywun',
  'asiant',
  'dynol',
]);
const PERSON_PHRASES = [
  /\b(speak|talk|chat)\s+(to|with)\s+(a|an|the|someone|somebody|real|human|person|agent|officer|operator)\b/,
  /\bsiarad\s+(a|efo|gyda|hefo|ag)\s+(rhywun|pherson|person|asiant|swyddog)\b/,
  /\breal person\b/,
  /\bperson go iawn\b/,
];

/** Whether a message asks for a person in plain words ("agent", "human", "siarad efo rhywun"). */
export function asksForPerson(text: string): boolean {
  const tokens = tokenize(text);
  const plain = tokens.join(' ');
  if (PERSON_PHRASES.some((p) => p.test(plain))) return true;
  return tokens.length <= 4 && tokens.some((t) => PERSON_WORDS.has(t));
}

const YES = new Set([
  'yes',
  'yeah',
  'yep',
  'y',
  'ok',
  'okay',
  'please',
  'sure',
  'ie',
  'oes',
  'ydw',
  'iawn',
  'plis',
]);
/** A short yes ("yes please", "ie", "oes plis"). */
export const saysYes = (text: string): boolean => {
  const tokens = tokenize(text);
  return tokens.length > 0 && tokens.length <= 4 && YES.has(tokens[0]!);
};

const CANCEL = new Set(['cancel', 'stop', 'quit', 'nevermind', 'canslo', 'stopio', 'diddymu']);
const cancels = (text: string) => {
  const t = tokenize(text);
  return t.length <= 3 && t.some((w) => CANCEL.has(w));
};

export interface Thresholds {
  min: number;
  fullMatch: number;
  topicBoost: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = {
  min: MIN_SCORE,
  fullMatch: MIN_SCORE_FULL_MATCH,
  topicBoost: TOPIC_BOOST,
};

/**
 * The best candidate that is good enough to show, if any: retrieval's ranking, with articles on
 * the topic triage's classifier gave counted `topicBoost` times, and the score it needs lower
 * when it matches every word of the question.
 */
export function bestArticle(
  candidates: readonly Candidate[],
  topic: string | null,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Candidate | null {
  const ranked = [...candidates].sort(
    (a, b) =>
      b.score * (b.topic === topic ? thresholds.topicBoost : 1) -
      a.score * (a.topic === topic ? thresholds.topicBoost : 1),
  );
  const top = ranked[0];
  if (!top) return null;
  if (top.score >= (top.coverage === 1 ? thresholds.fullMatch : thresholds.min)) return top;
  return null;
}

const QUEUE_OF: Record<Exclude<HandoffReason, 'interpreter' | 'asked' | 'check-locked'>, Queue> = {
  emergency: 'emergency',
  urgent: 'priority',
};

export function respond(input: TurnInput): TurnOutput {
  const { lang, decision, state } = input;
  const say = (key: PhraseKey, params?: Record<string, string | number>) => phrase(lang, key, params);
  const base = {
    lang,
    citations: [],
    handoff: null,
    lostProperty: null,
  } satisfies Partial<TurnOutput>;
  const handoff = (reason: HandoffReason, key: PhraseKey, how: string): TurnOutput => ({
    ...base,
    text: say(key),
    how,
    kind: 'handoff',
    handoff: {
      queue:
        reason === 'emergency' || reason === 'urgent'
          ? QUEUE_OF[reason]
          : decision.interpreter
            ? 'interpreter'
            : 'person',
      reason,
    },
    state: FRESH,
  });
  const reasons = decision.reasons
    .filter((r) => r.route === decision.route)
    .map((r) => r.text)
    .join('; ');

  // 1. Triage first: emergencies, urgent contacts and other languages go to a person at once.
  if (decision.route === 'emergency')
    return handoff('emergency', 'emergency', `Triage routed the conversation as an emergency: ${reasons}`);
  if (decision.route === 'urgent')
    return handoff('urgent', 'urgent', `Triage routed the conversation as urgent: ${reasons}`);
  if (decision.interpreter)
    return handoff(
      'interpreter',
      'interpreter',
      `Triage found the conversation is in another language (${decision.interpreter}).`,
    );
  // 2. A person, asked for in plain words, or accepting the offer of one.
  const lastTurn = Math.max(0, ...decision.reasons.map((r) => r.turn));
  const triageHuman =
    decision.route === 'human' && decision.reasons.some((r) => r.route === 'human' && r.turn === lastTurn);
  if (asksForPerson(input.text) || triageHuman)
    return handoff('asked', 'person', 'The caller asked for a person.');
  if (state.flow.kind === 'offered' && saysYes(input.text))
    return handoff('asked', 'person', 'The caller accepted the offer of a person.');

  // 3. A service in progress.
  const flow = state.flow;
  if ((flow.kind === 'lost' || flow.kind === 'crime') && cancels(input.text))
    return { ...base, text: say('thanks'), how: 'The caller left the service.', kind: 'flow', state: FRESH };
  if (flow.kind === 'lost') return lostStep(input, flow, say, base);
  if (flow.kind === 'crime') return crimeStep(input, flow, say, base);

  // 4. An approved article, or no guess.
  const best = bestArticle(input.candidates, decision.topic);
  if (!best) {
    const stalls = state.stalls + 1;
    const scored = input.candidates[0]
      ? `the best article, "${input.candidates[0].article}", scored ${input.candidates[0].score}, under ${MIN_SCORE}`
      : 'no article matched any of its words';
    return {
      ...base,
      text: say(stalls >= 2 ? 'offerPerson' : 'noMatch'),
      how: `No approved article answers it well enough (${scored}); a person is offered${stalls >= 2 ? ' after two turns without progress' : ''}.`,
      kind: stalls >= 2 ? 'offer' : 'no-match',
      state: { flow: { kind: 'offered' }, stalls },
    };
  }
  const citation = { article: best.article, version: best.version, title: best.title };
  const quoted = `${best.body}\n\n${say('citation', { title: best.title })}`;
  const how = `Quoted approved article "${best.article}" version ${best.version} (retrieval score ${best.score}; matched ${best.matched.join(', ')}).`;
  if (best.kind === 'service' && best.article === 'lost-property')
    return {
      ...base,
      text: `${quoted}\n\n${say('lostStart')}`,
      how: `${how} Started a lost property report.`,
      kind: 'service',
      citations: [citation],
      state: { flow: { kind: 'lost', step: 'item' }, stalls: 0 },
    };
  if (best.kind === 'service' && best.article === 'crime-update')
    return {
      ...base,
      text: `${quoted}\n\n${say('crimeStart', { example: CRIME_REFERENCE_EXAMPLE })}`,
      how: `${how} Started a crime update check.`,
      kind: 'service',
      citations: [citation],
      state: { flow: { kind: 'crime', step: 'reference' }, stalls: 0 },
    };
  if (best.kind === 'service')
    return {
      ...base,
      text: `${quoted}\n\n${say('offerPerson').replace(/^[^.]*\.\s*/, '')}`,
      how: `${how} This service is done by a person; one is offered.`,
      kind: 'service',
      citations: [citation],
      state: { flow: { kind: 'offered' }, stalls: 0 },
    };
  return { ...base, text: quoted, how, kind: 'article', citations: [citation], state: { ...FRESH } };
}

type Say = (key: PhraseKey, params?: Record<string, string | number>) => string;
type Base = Pick<TurnOutput, 'lang' | 'citations' | 'handoff' | 'lostProperty'>;
const clip = (text: string) => text.trim().slice(0, 300);

function lostStep(input: TurnInput, flow: Extract<Flow, { kind: 'lost' }>, say: Say, base: Base): TurnOutput {
  const text = clip(input.text);
  const next = (f: Extract<Flow, { kind: 'lost' }>, key: PhraseKey): TurnOutput => ({
    ...base,
    text: say(key),
    how: `Lost property report: recorded the ${flow.step}.`,
    kind: 'flow',
    state: { flow: f, stalls: 0 },
  });
  if (flow.step === 'item') return next({ ...flow, step: 'where', item: text }, 'lostWhere');
  if (flow.step === 'where') return next({ ...flow, step: 'when', where: text }, 'lostWhen');
  if (flow.step === 'when') return next({ ...flow, step: 'contact', when: text }, 'lostContact');
  return {
    ...base,
    text: say('lostDone', { reference: input.newReference }),
    how: `Lost property report ${input.newReference} completed from the caller's four answers.`,
    kind: 'flow',
    state: FRESH,
    lostProperty: {
      reference: input.newReference,
      item: flow.item ?? '',
      where: flow.where ?? '',
      when: flow.when ?? '',
      contact: text,
    },
  };
}

function crimeStep(
  input: TurnInput,
  flow: Extract<Flow, { kind: 'crime' }>,
  say: Say,
  base: Base,
): TurnOutput {
  const stalled = (key: PhraseKey, f: Flow, how: string, params?: Record<string, string | number>) => {
    const stalls = input.state.stalls + 1;
    return {
      ...base,
      text: stalls >= 2 ? `${say(key, params)}\n\n${say('offerPerson')}` : say(key, params),
      how,
      kind: 'flow' as const,
      state: { flow: f, stalls },
    };
  };
  if (flow.step === 'reference') {
    const reference = crimeReferenceIn(input.text);
    if (!reference)
      return stalled('crimeNoReference', flow, 'Crime update: no crime reference found in the message.', {
        example: CRIME_REFERENCE_EXAMPLE,
      });
    return {
      ...base,
      text: say('crimeSurname'),
      how: 'Crime update: a crime reference was given; asked for the surname.',
      kind: 'flow',
      state: { flow: { kind: 'crime', step: 'surname', reference }, stalls: 0 },
    };
  }
  if (flow.step === 'surname')
    return {
      ...base,
      text: say('crimePostcode'),
      how: 'Crime update: surname given; asked for the postcode.',
      kind: 'flow',
      state: { flow: { ...flow, step: 'postcode', surname: clip(input.text) }, stalls: input.state.stalls },
    };
  const check = input.crimeCheck;
  // The service checks the details against the report before this turn runs; without a result
  // nothing is given out.
  if (!check)
    return {
      ...base,
      text: say('crimeLocked'),
      how: 'Crime update: the details could not be checked; a person is offered.',
      kind: 'offer',
      state: { flow: { kind: 'offered' }, stalls: input.state.stalls + 1 },
    };
  if (check.kind === 'ok')
    return {
      ...base,
      text: say('crimeUpdate', { reference: flow.reference ?? '', update: check.update }),
      how: "Crime update: the caller's surname and postcode matched those held on the report; its latest update, written by the officer in the case, was given.",
      kind: 'flow',
      state: FRESH,
    };
  if (check.kind === 'locked')
    return {
      ...base,
      text: say('crimeLocked'),
      how: `Crime update: the report is locked after ${MAX_CHECKS} failed checks; a person is offered.`,
      kind: 'offer',
      state: { flow: { kind: 'offered' }, stalls: input.state.stalls + 1 },
    };
  return stalled(
    'crimeNoMatch',
    { kind: 'crime', step: 'surname', reference: flow.reference },
    `Crime update: the details did not match the report; ${check.left} tries left.`,
    { left: check.left },
  );
}
