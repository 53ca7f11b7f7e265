import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { formTokenValid, issueFormToken } from '../../challenges/form-token.ts';
import { requirePrincipal, type Services } from '../../http/context.ts';
import { AppError, errors } from '../../http/errors.ts';
import type { Principal } from '../../identity/model.ts';
import { langOf, translator } from '../../web/i18n/index.ts';
import { CHAT_COOKIE, CHAT_LIMITS, channelFor, tokenOf } from './api.ts';
import {
  closeConversation,
  flagAnswer,
  handBack,
  handlerQueue,
  handlerReply,
  handlerView,
  OUTCOMES,
  takeConversation,
} from './conversations/handlers.ts';
import { openAt } from './conversations/queue.ts';
import {
  askForPerson,
  callersView,
  endByCaller,
  MAX_MESSAGE,
  postMessage,
  rateConversation,
  startConversation,
} from './conversations/service.ts';
import { figuresOfSystem } from './figures.ts';
import { approveArticle, listArticles, retireArticle } from './knowledge/service.ts';

const hide = { schema: { hide: true } } as const;
const field = (request: { body: unknown }, name: string): string => {
  const v = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};
const said = (e: AppError) =>
  (e.extra.issues as Array<{ message: string }> | undefined)?.map((i) => i.message).join('. ') || e.detail;

/**
 * The public 101 chat (works without JavaScript: every action is a form post, and the page
 * refreshes itself while a person is awaited), the handlers' console and the knowledge base.
 */
export function assistantPages(services: Services): FastifyPluginAsync {
  const rt = services.runs;
  const secure = services.config.env === 'production';
  return async (app) => {
    const chatUrl = (slug: string, id?: string) => `/forces/${slug}/101-chat${id ? `/${id}` : ''}`;

    app.get<{ Params: { slug: string } }>('/forces/:slug/101-chat', hide, async (request, reply) => {
      const channel = await channelFor(services, request.params.slug);
      return reply.page('assistant/start.njk', {
        force: { slug: channel.forceSlug, name: channel.forceName },
        settings: channel.settings,
        open: openAt(new Date(), channel.settings.opens, channel.settings.closes),
        formToken: issueFormToken(request, reply, secure),
        methodUrl: `/api/public/forces/${channel.forceSlug}/systems/${channel.systemReference}/method`,
        recordUrl: `/forces/${channel.forceSlug}/ai/${channel.systemReference}`,
        figures: await figuresOfSystem(services.db, channel.systemId),
      });
    });

    app.post<{ Params: { slug: string } }>(
      '/forces/:slug/101-chat',
      { ...hide, config: { rateLimit: CHAT_LIMITS.start } },
      async (request, reply) => {
        if (!formTokenValid(request, field(request, '_form')))
          throw errors.validation([
            { path: '_form', message: 'The form has expired: open the chat page again' },
          ]);
        const channel = await channelFor(services, request.params.slug);
        const lang = field(request, 'lang') === 'cy' ? 'cy' : langOf(request);
        const c = await startConversation(rt, channel, lang);
        reply.setCookie(CHAT_COOKIE, `${c.id}.${c.token}`, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure,
          signed: true,
          maxAge: 24 * 3600,
        });
        return reply.redirect(`${chatUrl(channel.forceSlug, c.id)}?lang=${lang}`, 303);
      },
    );

    const chatPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      slug: string,
      id: string,
      extra: Record<string, unknown> = {},
    ) => {
      const channel = await channelFor(services, slug);
      const chat = await callersView(rt, channel, id, tokenOf(request, id));
      return reply.page('assistant/chat.njk', {
        // Without JavaScript, the page looks again for the person's reply (the script polls instead).
        autoRefresh: chat.status === 'waiting' || chat.status === 'with-person',
        force: { slug: channel.forceSlug, name: channel.forceName },
        chat,
        maxMessage: MAX_MESSAGE,
        ...extra,
      });
    };
    app.get<{ Params: { slug: string; id: string } }>(
      '/forces/:slug/101-chat/:id',
      hide,
      async (request, reply) => chatPage(request, reply, request.params.slug, request.params.id),
    );
    app.post<{ Params: { slug: string; id: string; action: string } }>(
      '/forces/:slug/101-chat/:id/:action',
      { ...hide, config: { rateLimit: CHAT_LIMITS.message } },
      async (request, reply) => {
        const { slug, id, action } = request.params;
        const channel = await channelFor(services, slug);
        const token = tokenOf(request, id);
        const t = translator(langOf(request));
        const back = () => reply.redirect(`${chatUrl(channel.forceSlug, id)}#latest`, 303);
        try {
          if (action === 'messages') await postMessage(rt, channel, id, token, field(request, 'text'));
          else if (action === 'person') await askForPerson(rt, channel, id, token);
          else if (action === 'end')
            await endByCaller(rt.db, rt.config.dataEncryptionKey, channel, id, token);
          else if (action === 'rating')
            await rateConversation(rt.db, channel, id, token, field(request, 'rating'));
          else return reply.callNotFound();
          return back();
        } catch (e) {
          if (!(e instanceof AppError) || e.status !== 400) throw e;
          reply.status(400);
          if (action === 'rating')
            return chatPage(request, reply, slug, id, { ratingError: t('assistant.chooseRating') });
          const empty = !field(request, 'text').trim();
          return chatPage(request, reply, slug, id, {
            error: empty ? t('assistant.enterMessage') : t('assistant.tooLong', { max: MAX_MESSAGE }),
          });
        }
      },
    );

    // ---- The handlers' console ----
    const consolePage = async (reply: FastifyReply, p: Principal) => {
      const q = await handlerQueue(rt, p);
      return reply.page('assistant/console.njk', {
        title: '101 chats waiting for a person',
        ...q,
        now: Date.now(),
      });
    };
    app.get('/assistant', hide, async (request, reply) => consolePage(reply, requirePrincipal(request)));
    const conversationPage = async (
      reply: FastifyReply,
      p: Principal,
      id: string,
      extra: Record<string, unknown> = {},
    ) => {
      const c = await handlerView(rt, p, id);
      const cited = c.lines.flatMap((l) => l.citations ?? []);
      return reply.page('assistant/conversation.njk', {
        title: `101 chat ${c.reference}`,
        c,
        cited: [...new Map(cited.map((x) => [`${x.article}@${x.version}`, x])).values()],
        outcomes: OUTCOMES,
        maxMessage: MAX_MESSAGE,
        ...extra,
      });
    };
    app.get<{ Params: { id: string }; Querystring: { flagged?: string } }>(
      '/assistant/conversations/:id',
      hide,
      async (request, reply) =>
        conversationPage(reply, requirePrincipal(request), request.params.id, {
          flagged: typeof request.query?.flagged === 'string' ? request.query.flagged.slice(0, 200) : null,
        }),
    );
    app.post<{ Params: { id: string; action: string } }>(
      '/assistant/conversations/:id/:action',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id, action } = request.params;
        try {
          if (action === 'take') await takeConversation(rt, p, id);
          else if (action === 'messages') await handlerReply(rt, p, id, field(request, 'text'));
          else if (action === 'hand-back') await handBack(rt, p, id);
          else if (action === 'close')
            await closeConversation(rt, p, id, {
              outcome: field(request, 'outcome'),
              notes: field(request, 'notes'),
            });
          else if (action === 'flag') {
            const { owner } = await flagAnswer(rt, p, id, {
              article: field(request, 'article'),
              note: field(request, 'note'),
            });
            return reply.redirect(`/assistant/conversations/${id}?flagged=${encodeURIComponent(owner)}`, 303);
          } else return reply.callNotFound();
          return reply.redirect(
            action === 'close' ? '/assistant' : `/assistant/conversations/${id}#latest`,
            303,
          );
        } catch (e) {
          if (!(e instanceof AppError) || (e.status !== 400 && e.status !== 409)) throw e;
          reply.status(e.status);
          return conversationPage(reply, p, id, { error: said(e), errorField: action });
        }
      },
    );

    // ---- The knowledge base ----
    const articlesPage = async (reply: FastifyReply, p: Principal, extra: Record<string, unknown> = {}) =>
      reply.page('assistant/articles.njk', {
        title: '101 assistant knowledge base',
        articles: await listArticles(rt.db, p),
        ...extra,
      });
    app.get('/assistant/articles', hide, async (request, reply) =>
      articlesPage(reply, requirePrincipal(request)),
    );
    app.post<{ Params: { id: string; action: string } }>(
      '/assistant/articles/:id/:action',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        try {
          if (request.params.action === 'approve') await approveArticle(rt.db, p, request.params.id);
          else if (request.params.action === 'retire') await retireArticle(rt.db, p, request.params.id);
          else return reply.callNotFound();
          return reply.redirect('/assistant/articles', 303);
        } catch (e) {
          if (!(e instanceof AppError) || (e.status !== 403 && e.status !== 409)) throw e;
          reply.status(e.status);
          return articlesPage(reply, p, { error: said(e) });
        }
      },
    );
  };
}
