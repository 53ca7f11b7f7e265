import { z } from 'zod';
import type { AiModule } from '../contract.ts';
import { type Decision, decisionSchema, defaultTriage, ROUTES, TOPICS } from '../triage/index.ts';
import { chatStateSchema, QUEUES, respond, type TurnOutput } from './engine.ts';
import { ARTICLE_KINDS } from './knowledge/articles.ts';

export const ASSISTANT_MODULE_VERSION = '1.1.0';

const candidateSchema = z.object({
  article: z.string(),
  version: z.number().int(),
  topic: z.string(),
  kind: z.enum(ARTICLE_KINDS),
  title: z.string(),
  body: z.string(),
  score: z.number(),
  matched: z.array(z.string()),
  coverage: z.number().min(0).max(1),
});

export const assistantInputSchema = z.object({
  lang: z.enum(['en', 'cy']),
  /** The caller's messages so far, oldest first; the last is this turn's. */
  turns: z
    .array(z.object({ text: z.string().min(1).max(2000) }))
    .min(1)
    .max(200),
  state: chatStateSchema,
  candidates: z.array(candidateSchema).max(5),
  newReference: z.string().max(20),
  crimeCheck: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('ok'), update: z.string().max(2000) }),
      z.object({ kind: z.literal('no-match'), left: z.number().int().min(0) }),
      z.object({ kind: z.literal('locked') }),
    ])
    .nullable(),
});
export type AssistantInput = z.infer<typeof assistantInputSchema>;

/**
 * Hours a person answers the chat (London time, 24-hour `HH:MM`), the minutes a handler takes
 * on average (for the expected wait until there are figures), and how long transcripts are kept.
 */
export const assistantSettingsSchema = z.object({
  opens: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('00:00'),
  closes: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('24:00'),
  minutesPerContact: z.number().positive().max(120).default(6),
  retentionDays: z.number().int().min(1).max(3650).default(90),
});
export type AssistantSettings = z.infer<typeof assistantSettingsSchema>;

/** What a run keeps: what was decided, cited and handed over, never the caller's details. */
export const assistantOutputSchema = z.object({
  kind: z.enum(['handoff', 'article', 'service', 'no-match', 'offer', 'flow']),
  lang: z.enum(['en', 'cy']),
  route: z.enum(ROUTES),
  topic: z.enum(TOPICS).nullable(),
  interpreter: z.string().nullable(),
  triageReasons: z.array(z.object({ kind: z.string(), id: z.string(), route: z.string(), turn: z.number() })),
  triageVersions: decisionSchema.shape.versions,
  citations: z.array(z.object({ article: z.string(), version: z.number(), title: z.string() })),
  handoff: z.object({ queue: z.enum(QUEUES), reason: z.string() }).nullable(),
  flow: z.string(),
  lostPropertyReference: z.string().nullable(),
  how: z.string(),
});
export type AssistantOutput = z.infer<typeof assistantOutputSchema>;

/** One turn: triage of the conversation, then the assistant's reply (pure, deterministic). */
export function assistantTurn(input: AssistantInput): { decision: Decision; reply: TurnOutput } {
  const decision = defaultTriage().classifyContact(
    input.turns.map((t) => t.text),
    input.lang,
  );
  const reply = respond({
    lang: input.lang,
    text: input.turns.at(-1)!.text,
    decision,
    candidates: input.candidates,
    state: input.state,
    newReference: input.newReference,
    crimeCheck: input.crimeCheck,
  });
  return { decision, reply };
}

export function recordOf(decision: Decision, reply: TurnOutput): AssistantOutput {
  return {
    kind: reply.kind,
    lang: reply.lang,
    route: decision.route,
    topic: decision.topic,
    interpreter: decision.interpreter,
    triageReasons: decision.reasons.map((r) => ({ kind: r.kind, id: r.id, route: r.route, turn: r.turn })),
    triageVersions: decision.versions,
    citations: reply.citations,
    handoff: reply.handoff,
    flow: reply.state.flow.kind,
    lostPropertyReference: reply.lostProperty?.reference ?? null,
    how: reply.how,
  };
}

/**
 * The 101 assistant as an oversight-runtime module: interactive (a caller is waiting), pure, and
 * honest about how it answered. Every message is triaged first; a handed-over turn is risky, so
 * it always goes to a reviewer whatever the sampling rate.
 */
export const assistantModule: AiModule<
  typeof assistantInputSchema,
  typeof assistantSettingsSchema,
  typeof assistantOutputSchema
> = {
  id: 'assistant',
  version: ASSISTANT_MODULE_VERSION,
  title: '101 assistant: answers from approved content, and a person one step away',
  personalData: true,
  execution: { kind: 'interactive', budgetMs: 500 },
  review: { sampling: 'allowed', decisionMaker: false },
  inputSchema: assistantInputSchema,
  settingsSchema: assistantSettingsSchema,
  outputSchema: assistantOutputSchema,
  run(input) {
    const { decision, reply } = assistantTurn(input);
    return {
      output: recordOf(decision, reply),
      explanation: `Triage: ${decision.route}${decision.topic ? ` (${decision.topic})` : ''}. ${reply.how}`,
      risky: reply.handoff !== null,
    };
  },
  monitored(_input, output) {
    return {
      handedOver: output.handoff ? 1 : 0,
      answered: output.kind === 'article' ? 1 : 0,
      noMatch: output.kind === 'no-match' || output.kind === 'offer' ? 1 : 0,
    };
  },
};
