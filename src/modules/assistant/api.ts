import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import {
  closeConversation,
  flagAnswer,
  type HandlerView,
  handBack,
  handlerQueue,
  handlerReply,
  handlerView,
  OUTCOMES,
  takeConversation,
} from './conversations/handlers.ts';
import {
  askForPerson,
  type Channel,
  callersView,
  channelOf,
  endByCaller,
  MAX_MESSAGE,
  postMessage,
  rateConversation,
  startConversation,
} from './conversations/service.ts';
import { conversationFigures, figuresOfSystem } from './figures.ts';
import { approveArticle, draftArticles, listArticles, retireArticle } from './knowledge/service.ts';

/** Starting chats and sending messages, per client address and per conversation. */
export const CHAT_LIMITS = {
  start: { max: 300, timeWindow: '1 minute' },
  message: {
    max: 60,
    timeWindow: '1 minute',
    keyGenerator: (r: FastifyRequest) => `${r.ip}:${(r.params as { id?: string }).id ?? ''}`,
  },
};

/** The cookie that lets the browser that started a chat continue it (its id and secret). */
export const CHAT_COOKIE = 'bluelamp_chat';

/** The conversation's secret: the `x-conversation-token` header (API), else the chat cookie. */
export function tokenOf(request: FastifyRequest, id: string): string | undefined {
  const header = request.headers['x-conversation-token'];
  if (typeof header === 'string' && header) return header;
  const raw = request.cookies[CHAT_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  const [cid, token] = unsigned.value.split('.');
  return cid === id ? token : undefined;
}

function requireJson(request: FastifyRequest) {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json'))
    throw new AppError(415, 'json-required', 'JSON required', 'Send application/json.');
}

const forceParams = z.object({ force: z.string().regex(/^[a-z0-9-]{1,80}$/) });
const convParams = forceParams.extend({ id: z.uuid() });
const citation = z.object({ article: z.string(), title: z.string() });
const replyJson = z.object({
  text: z.string(),
  lang: z.enum(['en', 'cy']),
  route: z.string(),
  citations: z.array(citation),
  handoff: z.object({ queue: z.string(), position: z.number(), minutes: z.number() }).nullable(),
  status: z.string(),
});
const lineJson = z.object({
  from: z.enum(['caller', 'assistant', 'handler']),
  text: z.string(),
  at: z.string(),
  name: z.string().optional(),
  citations: z.array(z.object({ article: z.string(), version: z.number(), title: z.string() })).optional(),
  route: z.string().optional(),
  runId: z.string().optional(),
});

const channels = new Map<string, { at: number; channel: Promise<Channel> }>();
/** Forgets the looked-up channels (after a register change in the same process, e.g. in tests). */
export const forgetChannels = () => channels.clear();

/** The force's chat channel, looked up at most every 10 seconds (one lookup at a time). */
export function channelFor(services: Services, slug: string): Promise<Channel> {
  const hit = channels.get(slug);
  if (hit && Date.now() - hit.at < 10_000) return hit.channel;
  const channel = channelOf(services.db, slug);
  channels.set(slug, { at: Date.now(), channel });
  channel.catch(() => channels.delete(slug));
  return channel;
}

const handlerJson = (v: HandlerView) => ({
  ...v,
  queuedAt: v.queuedAt?.toISOString() ?? null,
  createdAt: v.createdAt.toISOString(),
});

/** The 101 chat API: the public conversation, the handlers' console and the knowledge base. */
export function assistantApi(services: Services): FastifyPluginAsync {
  const rt = services.runs;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['101 assistant'];
    app.post(
      '/api/forces/:force/assistant/conversations',
      {
        config: { rateLimit: CHAT_LIMITS.start },
        preValidation: async (r) => requireJson(r),
        schema: {
          summary:
            "Start a 101 chat with the force's automated assistant (no sign-in); the first message says it is AI. Keep `token`: send it as x-conversation-token",
          tags,
          params: forceParams,
          body: z.object({ lang: z.enum(['en', 'cy']).optional() }).optional(),
          response: {
            201: z.object({
              id: z.string(),
              reference: z.string(),
              token: z.string(),
              lang: z.string(),
              text: z.string(),
            }),
          },
        },
      },
      async (request, reply) => {
        const channel = await channelFor(services, request.params.force);
        const lang = request.body?.lang ?? 'en';
        const c = await startConversation(rt, channel, lang);
        return reply
          .status(201)
          .send({ id: c.id, reference: c.reference, token: c.token, lang, text: c.lines[0]!.text });
      },
    );
    app.post(
      '/api/forces/:force/assistant/conversations/:id/messages',
      {
        config: { rateLimit: CHAT_LIMITS.message },
        preValidation: async (r) => requireJson(r),
        schema: {
          summary:
            'Send a message: triaged first (emergency, urgent, another language or a request for a person goes to a person), then answered from approved articles only, with citations',
          tags,
          params: convParams,
          body: z.object({ text: z.string().max(MAX_MESSAGE) }),
          response: { 200: replyJson },
        },
      },
      async (request) => {
        const channel = await channelFor(services, request.params.force);
        return postMessage(
          rt,
          channel,
          request.params.id,
          tokenOf(request, request.params.id),
          request.body.text,
        );
      },
    );
    app.get(
      '/api/forces/:force/assistant/conversations/:id',
      {
        schema: {
          summary: 'The conversation so far: its lines, status and place in the queue',
          tags,
          params: convParams,
          response: {
            200: z.object({
              id: z.string(),
              reference: z.string(),
              lang: z.string(),
              status: z.string(),
              rating: z.number().nullable(),
              lines: z.array(lineJson),
              place: z.object({ queue: z.string(), position: z.number(), minutes: z.number() }).nullable(),
              open: z.boolean(),
            }),
          },
        },
      },
      async (request) => {
        const channel = await channelFor(services, request.params.force);
        const v = await callersView(rt, channel, request.params.id, tokenOf(request, request.params.id));
        return { ...v, lines: v.lines.map(({ runId: _r, ...l }) => l) };
      },
    );
    app.post(
      '/api/forces/:force/assistant/conversations/:id/person',
      {
        config: { rateLimit: CHAT_LIMITS.message },
        schema: { summary: 'Ask for a person (always available)', tags, params: convParams },
      },
      async (request, reply) => {
        const channel = await channelFor(services, request.params.force);
        await askForPerson(rt, channel, request.params.id, tokenOf(request, request.params.id));
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/forces/:force/assistant/conversations/:id/rating',
      {
        preValidation: async (r) => requireJson(r),
        schema: {
          summary: 'Rate the conversation, 1 (not at all helpful) to 5 (very helpful), once',
          tags,
          params: convParams,
          body: z.object({ rating: z.number().int() }),
        },
      },
      async (request, reply) => {
        const channel = await channelFor(services, request.params.force);
        await rateConversation(
          rt.db,
          channel,
          request.params.id,
          tokenOf(request, request.params.id),
          request.body.rating,
        );
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/forces/:force/assistant/conversations/:id/end',
      { schema: { summary: 'End the conversation', tags, params: convParams } },
      async (request, reply) => {
        const channel = await channelFor(services, request.params.force);
        await endByCaller(
          rt.db,
          rt.config.dataEncryptionKey,
          channel,
          request.params.id,
          tokenOf(request, request.params.id),
        );
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/public/forces/:force/assistant/figures',
      {
        schema: {
          summary:
            "How the force's 101 chat is doing, per language: chats the assistant handled alone and those handed to a person, time to a person, ratings, and answers handlers flagged as wrong (no sign-in)",
          tags,
          params: forceParams,
        },
      },
      async (request) => {
        const channel = await channelFor(services, request.params.force);
        return {
          force: channel.forceSlug,
          system: channel.systemReference,
          languages: await figuresOfSystem(services.db, channel.systemId),
        };
      },
    );

    // The handlers' console (officers and staff who run AI systems).
    const idParams = z.object({ id: z.uuid() });
    app.get(
      '/api/assistant/queue',
      { schema: { summary: 'Chats waiting for a person, most urgent first, and those with a person', tags } },
      async (request) => {
        const q = await handlerQueue(rt, requirePrincipal(request));
        return { waiting: q.waiting.map(handlerJson), withPerson: q.withPerson.map(handlerJson) };
      },
    );
    app.get(
      '/api/assistant/conversations/:id',
      { schema: { summary: 'A chat as the handler sees it', tags, params: idParams } },
      async (request) => handlerJson(await handlerView(rt, requirePrincipal(request), request.params.id)),
    );
    app.post(
      '/api/assistant/conversations/:id/take',
      { schema: { summary: 'Take a chat: you join it and the caller is told', tags, params: idParams } },
      async (request, reply) => {
        await takeConversation(rt, requirePrincipal(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/assistant/conversations/:id/messages',
      {
        schema: {
          summary: 'Write to the caller in the chat you took',
          tags,
          params: idParams,
          body: z.object({ text: z.string().max(MAX_MESSAGE) }),
        },
      },
      async (request, reply) => {
        await handlerReply(rt, requirePrincipal(request), request.params.id, request.body.text);
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/assistant/conversations/:id/hand-back',
      { schema: { summary: 'Hand the chat back to the assistant', tags, params: idParams } },
      async (request, reply) => {
        await handBack(rt, requirePrincipal(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/assistant/conversations/:id/close',
      {
        schema: {
          summary: 'Close the chat with its outcome and notes (sealed)',
          tags,
          params: idParams,
          body: z.object({ outcome: z.enum(OUTCOMES), notes: z.string().max(4000).optional() }),
        },
      },
      async (request, reply) => {
        await closeConversation(rt, requirePrincipal(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/assistant/conversations/:id/flags',
      {
        schema: {
          summary: "Flag an answer as wrong: it goes to the article's owner",
          tags,
          params: idParams,
          body: z.object({ article: z.string().max(120), note: z.string().max(2000) }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await flagAnswer(rt, requirePrincipal(request), request.params.id, request.body)),
    );
    app.get(
      '/api/systems/:id/assistant/figures',
      {
        schema: {
          summary: 'Contained and handed-over chats, time to a person, ratings and flags, per language',
          tags,
          params: idParams,
        },
      },
      async (request) => conversationFigures(rt.db, requirePrincipal(request), request.params.id),
    );

    // The knowledge base.
    app.get(
      '/api/assistant/articles',
      { schema: { summary: "The force's knowledge-base articles", tags } },
      async (request) => ({
        articles: await listArticles(rt.db, requirePrincipal(request)),
      }),
    );
    app.post(
      '/api/assistant/articles',
      {
        schema: {
          summary: 'Add draft versions of articles (all or nothing); each needs approval by someone else',
          tags,
          body: z.array(z.unknown()).max(500),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send({ drafts: await draftArticles(rt.db, requirePrincipal(request), request.body) }),
    );
    app.post(
      '/api/assistant/articles/:id/approve',
      {
        schema: {
          summary: 'Approve a draft (ledger entry with its SHA-256); retires the version before',
          tags,
          params: idParams,
        },
      },
      async (request, reply) => {
        await approveArticle(rt.db, requirePrincipal(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/assistant/articles/:id/retire',
      {
        schema: {
          summary: 'Retire an approved article: the assistant stops using it',
          tags,
          params: idParams,
        },
      },
      async (request, reply) => {
        await retireArticle(rt.db, requirePrincipal(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
