import type { Thresholds } from './classifier/model-file.ts';
import { type LabelledContact, turnsOf } from './data.ts';
import { measure, type Outcome, type TriageMetrics } from './evaluate.ts';
import type { Triage } from './triage.ts';
import { higherRoute, type Route, type Topic } from './types.ts';

/**
 * Thresholds of the classifier chosen on the validation split (never on test):
 *  - keep the settings whose routine escalation on validation (rules and classifier together) is
 *    at most MAX_ROUTINE_ESCALATED (a fifth of the aim's 10%: on contacts it has not seen the
 *    classifier raises several times more false alarms than on validation);
 *  - among them, the highest escalation recall, emergency recall and requests for a person
 *    honoured of rules and classifier together; then the same of the classifier alone (so the
 *    classifier is as strong a second line as the budget of false alarms allows, even where the
 *    rules already catch every validation contact); then the fewest routine contacts escalated.
 * When the rules alone exceed the budget, the classifier gets the highest thresholds of the grid.
 */
export const MAX_ROUTINE_ESCALATED = 0.02;

interface Prepared {
  contact: LabelledContact;
  /** The route rules and language give, whatever the thresholds. */
  ruleRoute: Route;
  /** Classifier probabilities after each turn: emergency, emergency + urgent, human. */
  turns: Array<{ emergency: number; escalate: number; human: number }>;
  topic: Topic;
}

export function prepare(triage: Triage, contacts: readonly LabelledContact[]): Prepared[] {
  const rulesOnly = triage.withThresholds({ emergency: 2, escalate: 2, human: 2 });
  return contacts.map((contact) => {
    const turns = turnsOf(contact);
    const ruleOnly = rulesOnly.classifyContact(turns);
    const views = turns.map((_, t) => triage.classifier(turns.slice(0, t + 1).join('\n')).probabilities);
    const last = triage.classifier(turns.join('\n'));
    return {
      contact,
      ruleRoute: ruleOnly.route,
      turns: views.map((p) => ({
        emergency: p.emergency ?? 0,
        escalate: (p.emergency ?? 0) + (p.urgent ?? 0),
        human: p.human ?? 0,
      })),
      topic: last.topic,
    };
  });
}

/** Outcomes at thresholds `t`, of rules and classifier together or of the classifier alone. */
export function outcomesAt(prepared: readonly Prepared[], t: Thresholds, withRules = true): Outcome[] {
  return prepared.map((p) => {
    let route: Route = withRules ? p.ruleRoute : 'routine';
    for (const s of p.turns) {
      if (s.emergency >= t.emergency) route = higherRoute(route, 'emergency');
      else if (s.escalate >= t.escalate) route = higherRoute(route, 'urgent');
      if (s.human >= t.human) route = higherRoute(route, 'human');
    }
    return { contact: p.contact, route, topic: route === 'routine' ? p.topic : null };
  });
}

/** Thresholds are tried in steps of 1/steps. */
export function chooseThresholds(
  prepared: readonly Prepared[],
  steps = 40,
): { thresholds: Thresholds; metrics: TriageMetrics } {
  const grid = Array.from({ length: steps - 1 }, (_, i) => (i + 1) / steps);
  let best: { thresholds: Thresholds; metrics: TriageMetrics; key: number[] } | null = null;
  for (const emergency of grid) {
    for (const escalate of grid) {
      for (const human of grid) {
        const thresholds = { emergency, escalate, human };
        const metrics = measure(outcomesAt(prepared, thresholds));
        if ((metrics.routineEscalated ?? 0) > MAX_ROUTINE_ESCALATED) continue;
        const alone = measure(outcomesAt(prepared, thresholds, false));
        const key = [
          metrics.escalationRecall ?? 0,
          metrics.emergencyRecall ?? 0,
          metrics.humanHonoured ?? 0,
          alone.escalationRecall ?? 0,
          alone.emergencyRecall ?? 0,
          alone.humanHonoured ?? 0,
          -(metrics.routineEscalated ?? 0),
        ];
        if (!best || lexicographicallyGreater(key, best.key)) best = { thresholds, metrics, key };
      }
    }
  }
  if (best) return { thresholds: best.thresholds, metrics: best.metrics };
  // The rules alone exceed the budget: the classifier is made as quiet as the grid allows.
  const top = grid[grid.length - 1]!;
  const quietest = { emergency: top, escalate: top, human: top };
  return { thresholds: quietest, metrics: measure(outcomesAt(prepared, quietest)) };
}

function lexicographicallyGreater(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(a[i]! - b[i]!) > 1e-12) return a[i]! > b[i]!;
  }
  return false;
}
