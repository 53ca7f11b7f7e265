import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import type { Principal } from '../identity/model.ts';
import { recordSections } from './presenters.ts';
import { approvePublication, previewPublication, refusePublication } from './publication.ts';

const idParams = z.object({ id: z.uuid() });
const approval = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex') });
const refusal = approval.extend({ reasons: z.string().max(20_000) });

/**
 * Publication of a system's public record: the product manager or AI lead previews the exact
 * text with its checks (API and page) and approves it by its SHA-256.
 */
export function publicationRoutes(services: Services): FastifyPluginAsync {
  const { db } = services;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['transparency'];

    app.get(
      '/api/systems/:id/publication',
      {
        schema: {
          summary:
            'Preview the exact text of the public record (canonical JSON), its SHA-256, the checks (errors refuse approval) and what is published now',
          tags,
          params: idParams,
        },
      },
      async (request) => previewPublication(db, requirePrincipal(request), request.params.id),
    );

    app.post(
      '/api/systems/:id/publication',
      {
        schema: {
          summary:
            'Approve the previewed text of the public record, named by its SHA-256; the public pages then serve exactly that text',
          tags,
          params: idParams,
          body: approval,
          response: { 201: z.object({ sha256: z.string(), reference: z.string() }) },
        },
      },
      async (request, reply) => {
        const done = await approvePublication(
          db,
          requirePrincipal(request),
          request.params.id,
          request.body.sha256,
        );
        return reply.status(201).send(done);
      },
    );

    app.post(
      '/api/systems/:id/publication/refusal',
      {
        schema: {
          summary:
            'Refuse the previewed text of the public record, named by its SHA-256, with reasons (at least 10 characters); nothing new is published',
          tags,
          params: idParams,
          body: refusal,
          response: { 201: z.object({ sha256: z.string(), effect: z.string() }) },
        },
      },
      async (request, reply) => {
        const { sha256, reasons } = request.body;
        const done = await refusePublication(
          db,
          requirePrincipal(request),
          request.params.id,
          sha256,
          reasons,
        );
        return reply.status(201).send(done);
      },
    );

    const page = async (
      p: Principal,
      id: string,
      reply: FastifyReply,
      extra: Record<string, unknown> = {},
    ) => {
      const preview = await previewPublication(db, p, id);
      return reply.page('transparency/publication.njk', {
        title: `Publish the public record: ${preview.system.name}`,
        preview,
        sections: recordSections(preview.record),
        errorsFound: preview.issues.filter((i) => i.severity === 'error'),
        warnings: preview.issues.filter((i) => i.severity === 'warning'),
        ...extra,
      });
    };

    app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
      '/systems/:id/publication',
      { schema: { hide: true } },
      async (request, reply) => {
        const id = idParams.parse(request.params).id;
        return page(requirePrincipal(request), id, reply, {
          banner:
            request.query?.done === 'published'
              ? 'The record is published as you approved it.'
              : request.query?.done === 'refused'
                ? 'You refused this text: it is not published, and your reasons are in the ledger and on the system’s timeline.'
                : null,
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/systems/:id/publication',
      { schema: { hide: true } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = idParams.parse(request.params).id;
        const sha256 = String((request.body as { sha256?: string } | undefined)?.sha256 ?? '');
        try {
          await approvePublication(db, p, id, sha256);
        } catch (e) {
          if (!(e instanceof AppError) || e.status !== 409) throw e;
          reply.status(409);
          return page(p, id, reply, { refusal: e.detail });
        }
        return reply.redirect(`/systems/${id}/publication?done=published`, 303);
      },
    );

    app.post<{ Params: { id: string } }>(
      '/systems/:id/publication/refuse',
      { schema: { hide: true } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = idParams.parse(request.params).id;
        const body = (request.body ?? {}) as { sha256?: string; reasons?: string };
        try {
          await refusePublication(db, p, id, String(body.sha256 ?? ''), body.reasons);
        } catch (e) {
          if (!(e instanceof AppError) || (e.status !== 409 && e.status !== 400)) throw e;
          reply.status(e.status);
          const issues = (e.extra.issues ?? []) as Array<{ message: string }>;
          return page(p, id, reply, {
            reasonsError: e.status === 400 ? (issues[0]?.message ?? e.detail) : null,
            refusal: e.status === 409 ? e.detail : null,
            reasons: body.reasons ?? '',
          });
        }
        return reply.redirect(`/systems/${id}/publication?done=refused`, 303);
      },
    );
  };
}
