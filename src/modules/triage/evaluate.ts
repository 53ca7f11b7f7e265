import type { LabelledContact } from './data.ts';
import { higherRoute, type Route, type Topic } from './types.ts';

/** A labelled contact with what triage decided. */
export interface Outcome {
  contact: LabelledContact;
  route: Route;
  topic: Topic | null;
  interpreter?: string | null;
}

/** The aims of issue 13, measured on one group of contacts. */
export interface TriageMetrics {
  contacts: number;
  /** Emergency and urgent contacts routed to emergency or urgent (aim >= 0.99). */
  escalationRecall: number | null;
  escalationCount: number;
  /** Emergencies routed to emergency (aim >= 0.95). */
  emergencyRecall: number | null;
  emergencyCount: number;
  /** Routine contacts routed anywhere but routine (aim <= 0.10). */
  routineEscalated: number | null;
  routineCount: number;
  /** Routine contacts left routine and given the right topic, over all routine (aim >= 0.85). */
  topicAccuracy: number | null;
  /** Requests for a person routed to a person: human, urgent or emergency (aim 1). */
  humanHonoured: number | null;
  humanCount: number;
}

export const AIMS = {
  escalationRecall: 0.99,
  emergencyRecall: 0.95,
  routineEscalated: 0.1,
  topicAccuracy: 0.85,
  humanHonoured: 1,
} as const;

const share = (hits: number, n: number): number | null => (n === 0 ? null : hits / n);

export function measure(outcomes: readonly Outcome[]): TriageMetrics {
  const of = (route: Route) => outcomes.filter((o) => o.contact.route === route);
  const escalated = [...of('emergency'), ...of('urgent')];
  const emergencies = of('emergency');
  const routine = of('routine');
  const human = of('human');
  const atLeast = (o: Outcome, route: Route) => higherRoute(o.route, route) === o.route;
  return {
    contacts: outcomes.length,
    escalationRecall: share(escalated.filter((o) => atLeast(o, 'urgent')).length, escalated.length),
    escalationCount: escalated.length,
    emergencyRecall: share(emergencies.filter((o) => o.route === 'emergency').length, emergencies.length),
    emergencyCount: emergencies.length,
    routineEscalated: share(routine.filter((o) => o.route !== 'routine').length, routine.length),
    routineCount: routine.length,
    topicAccuracy: share(
      routine.filter((o) => o.route === 'routine' && o.topic === o.contact.topic).length,
      routine.length,
    ),
    humanHonoured: share(human.filter((o) => o.route !== 'routine').length, human.length),
    humanCount: human.length,
  };
}

/** Whether each aim is met (null: no contacts of that kind). */
export function aimsMet(m: TriageMetrics): Record<keyof typeof AIMS, boolean | null> {
  const atLeast = (v: number | null, aim: number) => (v === null ? null : v >= aim - 1e-12);
  return {
    escalationRecall: atLeast(m.escalationRecall, AIMS.escalationRecall),
    emergencyRecall: atLeast(m.emergencyRecall, AIMS.emergencyRecall),
    routineEscalated: m.routineEscalated === null ? null : m.routineEscalated <= AIMS.routineEscalated,
    topicAccuracy: atLeast(m.topicAccuracy, AIMS.topicAccuracy),
    humanHonoured: atLeast(m.humanHonoured, AIMS.humanHonoured),
  };
}

/** Metrics overall and per language group: English, Welsh, and other languages together. */
export function measureByLanguage(outcomes: readonly Outcome[]): Record<string, TriageMetrics> {
  const group = (o: Outcome) =>
    o.contact.lang === 'en' || o.contact.lang === 'cy' ? o.contact.lang : 'other';
  return {
    all: measure(outcomes),
    en: measure(outcomes.filter((o) => group(o) === 'en')),
    cy: measure(outcomes.filter((o) => group(o) === 'cy')),
    other: measure(outcomes.filter((o) => group(o) === 'other')),
  };
}
