import { z } from 'zod';
import type { AiModule } from '../contract.ts';
import { defaultTriage } from './commands.ts';
import { labelledContactSchema, turnsOf } from './data.ts';
import { measureByLanguage } from './evaluate.ts';
import { TRIAGE_MODULE_VERSION } from './triage.ts';
import { type Decision, decisionSchema } from './types.ts';

export const triageInputSchema = z.object({
  /** The contact so far, oldest message first. */
  turns: z
    .array(z.object({ text: z.string().min(1).max(5000) }))
    .min(1)
    .max(200),
  /** The language chosen earlier in the contact ('en' or 'cy'), kept for short messages. */
  lang: z.string().min(2).max(3).optional(),
});
export const triageSettingsSchema = z.object({});
export const triageOutputSchema = decisionSchema;

export function explainDecision(d: Decision): string {
  const head =
    d.route === 'routine'
      ? `Routine (${d.topic}): no rule fired and no classifier score reached its threshold.`
      : `Routed ${d.route}.`;
  const interpreter = d.interpreter ? ` Interpreter needed: ${d.interpreter}.` : '';
  const reasons = d.reasons.map((r) => `- [turn ${r.turn + 1}, ${r.route}] ${r.text}`).join('\n');
  return `${head}${interpreter}${reasons ? `\n${reasons}` : ''}`;
}

/**
 * 101 triage as an oversight-runtime module: interactive, pure and fast. It never answers the
 * caller; it only routes the contact (emergency, urgent, a person, or the assistant with a topic)
 * and says why. Every escalated decision is risky, so it always goes to a person.
 */
export const triageModule: AiModule<
  typeof triageInputSchema,
  typeof triageSettingsSchema,
  typeof triageOutputSchema
> = {
  id: 'triage',
  version: TRIAGE_MODULE_VERSION,
  title: '101 triage: emergencies and vulnerability fast-tracked to a person',
  personalData: true,
  // A caller is waiting: triage runs inline, and a run over its budget fails so that a person
  // takes the contact (the model loads once per process, then answers in about a millisecond).
  execution: { kind: 'interactive', budgetMs: 500 },
  // An escalated contact goes to a person whatever the system's review mode.
  review: { sampling: 'allowed', decisionMaker: false },
  inputSchema: triageInputSchema,
  settingsSchema: triageSettingsSchema,
  outputSchema: triageOutputSchema,
  run(input) {
    const decision = defaultTriage().classifyContact(
      input.turns.map((t) => t.text),
      input.lang,
    );
    return { output: decision, explanation: explainDecision(decision), risky: decision.route !== 'routine' };
  },
  evaluate(data) {
    const contacts = z.array(labelledContactSchema).parse(data);
    const triage = defaultTriage();
    const groups = measureByLanguage(
      contacts.map((contact) => {
        const d = triage.classifyContact(turnsOf(contact));
        return { contact, route: d.route, topic: d.topic };
      }),
    );
    const out: Record<string, number> = {};
    for (const [group, metrics] of Object.entries(groups)) {
      for (const [key, value] of Object.entries(metrics)) {
        if (typeof value === 'number') out[`${group}.${key}`] = value;
      }
    }
    return out;
  },
};
