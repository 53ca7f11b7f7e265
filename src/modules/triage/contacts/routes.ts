import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { AppError } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { ROUTES } from '../types.ts';
import { QUEUE_NAMES } from './queue.ts';
import {
  addMessage,
  type ContactView,
  flagContact,
  handlerQueue,
  MAX_MESSAGE,
  openContactView,
  setContactStatus,
  startContact,
  systemFigures,
} from './service.ts';

const idParams = z.object({ id: z.string().uuid() });
const contactJson = z.object({
  id: z.string(),
  reference: z.string(),
  systemId: z.string(),
  route: z.enum(ROUTES),
  topic: z.string().nullable(),
  lang: z.string().nullable(),
  interpreter: z.string().nullable(),
  queue: z.string().nullable(),
  queuedAt: z.string().nullable(),
  status: z.string(),
  turns: z.array(z.string()),
  reasons: z.array(
    z.object({ kind: z.string(), id: z.string(), route: z.string(), text: z.string(), turn: z.number() }),
  ),
  lastRunId: z.string().nullable(),
});
const flagBody = z.object({
  kind: z.enum(['missed', 'false_alarm']),
  shouldBe: z.enum(['human', 'urgent', 'emergency']).optional(),
  note: z.string().max(2000),
});

const toJson = (c: ContactView) => ({
  ...c,
  queuedAt: c.queuedAt?.toISOString() ?? null,
  reasons: c.reasons.map((r) => ({ kind: r.kind, id: r.id, route: r.route, text: r.text, turn: r.turn })),
});

/** The 101 contacts API: open a contact, add messages (each triaged at once), the queue, flags. */
export function contactRoutes(services: Services): FastifyPluginAsync {
  const rt = services.runs;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['101 triage'];
    app.post(
      '/api/triage/contacts',
      {
        schema: {
          summary: 'Open a 101 contact with its first message; triaged at once (a run of the triage system)',
          tags,
          body: z.object({
            systemId: z.string().uuid(),
            text: z.string().max(MAX_MESSAGE),
            lang: z.enum(['en', 'cy']).optional(),
          }),
          response: { 201: contactJson },
        },
      },
      async (request, reply) =>
        reply.status(201).send(toJson(await startContact(rt, requirePrincipal(request), request.body))),
    );
    app.post(
      '/api/triage/contacts/:id/messages',
      {
        schema: {
          summary: 'Add a message to a contact and triage the whole contact again (its route never falls)',
          tags,
          params: idParams,
          body: z.object({ text: z.string().max(MAX_MESSAGE) }),
          response: { 200: contactJson },
        },
      },
      async (request) =>
        toJson(await addMessage(rt, requirePrincipal(request), request.params.id, request.body)),
    );
    app.get(
      '/api/triage/contacts/:id',
      {
        schema: {
          summary: 'A contact: its messages, route, reasons and queue',
          tags,
          params: idParams,
          response: { 200: contactJson },
        },
      },
      async (request) => toJson(await openContactView(rt, requirePrincipal(request), request.params.id)),
    );
    app.get(
      '/api/triage/queue',
      {
        schema: {
          summary: 'Contacts waiting for a person: emergencies first, then priority, then longest waiting',
          tags,
          response: { 200: z.object({ contacts: z.array(contactJson) }) },
        },
      },
      async (request) => ({ contacts: (await handlerQueue(rt, requirePrincipal(request))).map(toJson) }),
    );
    for (const status of ['take', 'close'] as const) {
      app.post(
        `/api/triage/contacts/:id/${status}`,
        { schema: { summary: `${status === 'take' ? 'Take' : 'Close'} a contact`, tags, params: idParams } },
        async (request, reply) => {
          await setContactStatus(
            rt.db,
            requirePrincipal(request),
            request.params.id,
            status === 'take' ? 'taken' : 'closed',
          );
          return reply.status(204).send();
        },
      );
    }
    app.post(
      '/api/triage/contacts/:id/flags',
      {
        schema: {
          summary: 'Flag a triage decision as a miss (opens an incident) or a false alarm',
          tags,
          params: idParams,
          body: flagBody,
          response: {
            201: z.object({
              flagId: z.string(),
              incident: z.object({ id: z.string(), reference: z.string() }).nullable(),
            }),
          },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await flagContact(rt.db, requirePrincipal(request), request.params.id, request.body)),
    );
    app.get(
      '/api/systems/:id/triage/figures',
      {
        schema: {
          summary: "Recall and false-alarm rate per week and language, from handlers' flags",
          tags,
          params: idParams,
        },
      },
      async (request) => ({
        weeks: await systemFigures(rt.db, requirePrincipal(request), request.params.id),
      }),
    );
  };
}

const hide = { schema: { hide: true } } as const;
/** What a person is told about a refused form: the field messages, else the detail. */
const said = (e: AppError) =>
  (e.extra.issues as Array<{ message: string }> | undefined)?.map((i) => i.message).join('. ') || e.detail;
const form = (request: { body: unknown }, name: string): string => {
  const v = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

/** The handlers' pages: the queue (refreshes itself) and a contact (messages, reasons, flags). */
export function contactPages(services: Services): FastifyPluginAsync {
  const rt = services.runs;
  return async (app) => {
    const queuePage = async (reply: FastifyReply, p: Principal, extra: Record<string, unknown> = {}) => {
      const contacts = await handlerQueue(rt, p);
      const systems = await rt.db
        .selectFrom('ai_systems')
        .select(['id', 'name', 'stage'])
        .where('force_id', '=', p.forceId)
        .where('module_id', '=', 'triage')
        .where('stage', 'in', ['trial', 'live'])
        .execute();
      return reply.page('triage/queue.njk', {
        title: '101 contacts waiting for a person',
        contacts: contacts.map((c) => ({ ...c, queueName: c.queue ? QUEUE_NAMES[c.queue] : '' })),
        systems,
        now: Date.now(),
        maxMessage: MAX_MESSAGE,
        ...extra,
      });
    };
    app.get('/triage', hide, async (request, reply) => {
      // Without JavaScript the queue reloads itself, so a new emergency shows within 15 seconds.
      reply.header('refresh', '15');
      return queuePage(reply, requirePrincipal(request));
    });
    app.post('/triage/contacts', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      try {
        const c = await startContact(rt, p, {
          systemId: form(request, 'systemId'),
          text: form(request, 'text'),
        });
        return reply.redirect(`/triage/contacts/${c.id}`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        reply.status(400);
        return queuePage(reply, p, { error: said(e), text: form(request, 'text') });
      }
    });
    const contactPage = async (
      reply: FastifyReply,
      p: Principal,
      id: string,
      extra: Record<string, unknown> = {},
    ) => {
      const c = await openContactView(rt, p, id);
      return reply.page('triage/contact.njk', {
        title: `101 contact ${c.reference}`,
        contact: { ...c, queueName: c.queue ? QUEUE_NAMES[c.queue] : null },
        maxMessage: MAX_MESSAGE,
        ...extra,
      });
    };
    app.get<{ Params: { id: string } }>('/triage/contacts/:id', hide, async (request, reply) =>
      contactPage(reply, requirePrincipal(request), request.params.id),
    );
    app.post<{ Params: { id: string } }>('/triage/contacts/:id/messages', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      try {
        await addMessage(rt, p, request.params.id, { text: form(request, 'text') });
        return reply.redirect(`/triage/contacts/${request.params.id}`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        reply.status(400);
        return contactPage(reply, p, request.params.id, { error: said(e) });
      }
    });
    app.post<{ Params: { id: string; action: string } }>(
      '/triage/contacts/:id/:action',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id, action } = request.params;
        if (action === 'take' || action === 'close') {
          await setContactStatus(rt.db, p, id, action === 'take' ? 'taken' : 'closed');
          return reply.redirect(`/triage/contacts/${id}`, 303);
        }
        if (action !== 'flag') return reply.callNotFound();
        const kind = form(request, 'kind');
        const shouldBe = form(request, 'shouldBe');
        try {
          await flagContact(rt.db, p, id, {
            kind: kind === 'missed' ? 'missed' : 'false_alarm',
            shouldBe:
              shouldBe === 'human' || shouldBe === 'urgent' || shouldBe === 'emergency'
                ? shouldBe
                : undefined,
            note: form(request, 'note'),
          });
          return reply.redirect(`/triage/contacts/${id}?flagged=1`, 303);
        } catch (e) {
          if (!(e instanceof AppError) || (e.status !== 400 && e.status !== 409)) throw e;
          reply.status(e.status);
          return contactPage(reply, p, id, { flagError: said(e) });
        }
      },
    );
  };
}
