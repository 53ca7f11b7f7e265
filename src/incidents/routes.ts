import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { errors } from '../http/errors.ts';
import { publicForceOr404 } from '../identity/onboarding.ts';
import { INCIDENT_STATUSES } from './model.ts';
import { presentIncident, presentListItem, presentPublicIncident } from './presenters.ts';
import { closedIncidents, incidentDetail, incidentNotes, listIncidents } from './repository.ts';
import { closeSchema, noteSchema, ownerSchema, reportSchema } from './schemas.ts';
import { addNote, assignOwner, closeIncident, incidentInForce, reportIncident } from './service.ts';

const idParams = z.object({ id: z.uuid() });
export const forceSlug = z.string().regex(/^[a-z0-9-]{1,80}$/, 'must be a force slug such as "northumbria"');

/** The incidents API: report, assign, investigate, close; and the public list of closed incidents. */
export function incidentRoutes(services: Services): FastifyPluginAsync {
  const { db } = services;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['incidents'];

    app.post(
      '/api/incidents',
      {
        schema: {
          summary: 'Report an incident (anyone in the force)',
          tags,
          body: reportSchema,
          response: { 201: z.object({ id: z.string(), reference: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await reportIncident(db, requirePrincipal(request), request.body)),
    );

    app.get(
      '/api/incidents',
      {
        schema: {
          summary: "The force's incidents (open first; overdue ones flagged)",
          tags,
          querystring: z.object({ status: z.enum(INCIDENT_STATUSES).optional() }),
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const now = new Date();
        return (await listIncidents(db, p.forceId, request.query)).map((r) => presentListItem(r, now));
      },
    );

    app.get(
      '/api/incidents/:id',
      { schema: { summary: 'An incident with its notes', tags, params: idParams } },
      async (request) => {
        const p = requirePrincipal(request);
        await incidentInForce(db, p, request.params.id);
        const row = await incidentDetail(db, request.params.id);
        if (!row) throw errors.notFound(`Incident ${request.params.id}`);
        return presentIncident(row, await incidentNotes(db, row.id), new Date());
      },
    );

    app.post(
      '/api/incidents/:id/owner',
      {
        schema: {
          summary: 'Assign the owner (product manager or chief constable)',
          tags,
          params: idParams,
          body: ownerSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await assignOwner(db, requirePrincipal(request), request.params.id, request.body.ownerId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/incidents/:id/notes',
      {
        schema: {
          summary:
            'Record an investigation note, a corrective action, or a misuse with its consequence (owner, product manager, chief constable)',
          tags,
          params: idParams,
          body: noteSchema,
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addNote(db, requirePrincipal(request), request.params.id, request.body)),
    );

    app.post(
      '/api/incidents/:id/close',
      {
        schema: {
          summary:
            'Sign off the closure with a public summary (product manager or chief constable, not the reporter)',
          tags,
          params: idParams,
          body: closeSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await closeIncident(db, requirePrincipal(request), request.params.id, request.body.publicSummary);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/public/forces/:slug/incidents',
      {
        schema: {
          summary: "A force's closed incidents: public summaries, systems and dates (no sign-in)",
          tags,
          params: z.object({ slug: forceSlug }),
        },
      },
      async (request) => {
        const force = await publicForceOr404(db, request.params.slug);
        return {
          force: { slug: force.slug, name: force.name },
          incidents: (await closedIncidents(db, force.id)).map(presentPublicIncident),
        };
      },
    );
  };
}
