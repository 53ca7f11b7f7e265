import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { can } from '../identity/abilities.ts';
import { adoptCatalogueEntry, listCatalogue } from './catalogue.ts';
import { dismissHorizonItem, horizonItemSchema, listHorizon, recordHorizonItem } from './horizon.ts';
import { STAGE_TITLES, type Stage } from './lifecycle.ts';

const hide = { schema: { hide: true } };

/** The AI lead's horizon-scanning log and the national catalogue, as pages. */
export function horizonPages(services: Services): FastifyPluginAsync {
  const { db } = services;
  return async (app) => {
    const horizonPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: Record<string, unknown> = {},
    ) => {
      const p = requirePrincipal(request);
      const items = await listHorizon(db, p.forceId);
      return reply.page('register/horizon.njk', {
        title: 'Horizon scanning',
        items: items.map((i) => ({ ...i, created: i.created_at })),
        canEdit: can(p, 'horizon.keep'),
        values: {},
        fieldErrors: {},
        ...extra,
      });
    };

    app.get('/horizon', hide, async (request, reply) => horizonPage(request, reply));

    app.post('/horizon', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, string>;
      const parsed = horizonItemSchema.safeParse(body);
      if (!parsed.success) {
        const fieldErrors = Object.fromEntries(
          parsed.error.issues.map((i) => [String(i.path[0]), i.message]),
        );
        const errorSummary = parsed.error.issues.map((i) => ({
          text: `${String(i.path[0])}: ${i.message}`,
          href: `#${String(i.path[0])}`,
        }));
        reply.status(400);
        return horizonPage(request, reply, { values: body, fieldErrors, errorSummary });
      }
      await recordHorizonItem(db, p, parsed.data);
      return reply.redirect('/horizon', 303);
    });

    app.post<{ Params: { id: string } }>('/horizon/:id/dismiss', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = z.uuid().parse(request.params.id);
      const reasons = String((request.body as Record<string, string> | undefined)?.reasons ?? '').trim();
      if (reasons.length < 10) {
        reply.status(400);
        return horizonPage(request, reply, {
          errorSummary: [
            { text: 'Give the reasons for dismissing it (at least 10 characters)', href: `#reasons-${id}` },
          ],
        });
      }
      await dismissHorizonItem(db, p, id, reasons);
      return reply.redirect('/horizon', 303);
    });

    app.get('/catalogue', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const entries = await listCatalogue(db);
      return reply.page('register/catalogue.njk', {
        title: 'National catalogue',
        entries: entries.map((e) => ({
          ...e,
          stageTitle: STAGE_TITLES[e.stage as Stage] ?? e.stage,
          usedHere: e.usedBy.some((u) => u.force === p.forceSlug),
        })),
        canAdopt: can(p, 'catalogue.adopt'),
      });
    });

    app.post<{ Params: { id: string } }>('/catalogue/:id/adopt', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      try {
        const { id } = await adoptCatalogueEntry(db, p, z.uuid().parse(request.params.id), {
          projectLeadId: null,
          productManagerId: null,
          overseerIds: [],
        });
        return reply.redirect(`/systems/${id}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return reply
          .status(error.status)
          .page('pages/error.njk', { title: error.title, detail: error.detail, status: error.status });
      }
    });
  };
}
