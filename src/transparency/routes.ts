import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { errors } from '../http/errors.ts';
import { systemInForce } from '../register/service.ts';
import { projectRoot } from '../shared-data.ts';
import { buildAtrsRecord } from './atrs.ts';
import { publicListItem, recordSections, ukTag } from './presenters.ts';
import { publicRecordsOfForce, recordWithGaps } from './records.ts';
import { atrsInputFor, findForceBySlug, forcesWithPublicSystems, publicSystemRow } from './repository.ts';

/** Templates of the public pages; add to the Nunjucks search path. */
export const TRANSPARENCY_VIEWS = path.join(projectRoot, 'src/transparency/views');

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/, 'must be a force slug such as "northumbria"');
const reference = z.string().regex(/^[A-Z0-9-]{1,40}$/, 'must be a system reference such as "DEMO-AI-0001"');

/**
 * The public record (ATRS): the force's own view of any system's record with what it lacks, and
 * public pages and API, no sign-in, showing only systems in trial or live.
 */
export function transparencyRoutes(services: Services): FastifyPluginAsync {
  const { db } = services;

  async function forceOr404(s: string) {
    const force = await findForceBySlug(db, s);
    if (!force) throw errors.notFound(`The force "${s}"`);
    return force;
  }

  async function publicRecord(s: string, ref: string) {
    const force = await forceOr404(s);
    const row = await publicSystemRow(db, force.id, ref);
    if (!row) throw errors.notFound(`A public AI record ${ref} of ${force.name}`);
    return { force, record: buildAtrsRecord(await atrsInputFor(db, row)) };
  }

  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/systems/:id/atrs',
      {
        schema: {
          summary: "A system's public record (ATRS), at any stage, with the ATRS fields still empty",
          tags: ['transparency'],
          params: z.object({ id: z.uuid() }),
        },
      },
      async (request) => {
        const system = await systemInForce(db, requirePrincipal(request), request.params.id);
        const { record, complete, missing } = await recordWithGaps(db, system);
        return { systemId: system.id, stage: system.stage, complete, missing, record };
      },
    );

    app.get(
      '/api/public/forces/:slug/systems',
      {
        schema: {
          summary: "A force's AI systems in trial or live, as ATRS records (no sign-in)",
          tags: ['transparency'],
          params: z.object({ slug }),
        },
      },
      async (request) => {
        const force = await forceOr404(request.params.slug);
        return {
          force: { slug: force.slug, name: force.name },
          records: await publicRecordsOfForce(db, force.id),
        };
      },
    );

    app.get(
      '/api/public/forces/:slug/systems/:reference',
      {
        schema: {
          summary: 'One AI system in trial or live, as an ATRS record (no sign-in)',
          tags: ['transparency'],
          params: z.object({ slug, reference }),
        },
      },
      async (request) => (await publicRecord(request.params.slug, request.params.reference)).record,
    );

    app.get('/forces', { schema: { hide: true } }, async (_request, reply) =>
      reply.page('transparency/forces.njk', {
        title: 'AI in use by police forces',
        forces: await forcesWithPublicSystems(db),
      }),
    );

    app.get(
      '/forces/:slug/ai',
      { schema: { hide: true, params: z.object({ slug }) } },
      async (request, reply) => {
        const force = await forceOr404(request.params.slug);
        const records = await publicRecordsOfForce(db, force.id);
        return reply.page('transparency/force.njk', {
          title: `AI in use: ${force.name}`,
          force,
          systems: records.map((r) => publicListItem(r, force.slug)),
        });
      },
    );

    app.get(
      '/forces/:slug/ai/:reference',
      { schema: { hide: true, params: z.object({ slug, reference }) } },
      async (request, reply) => {
        const { force, record } = await publicRecord(request.params.slug, request.params.reference);
        return reply.page('transparency/record.njk', {
          title: record.tier1.name,
          force,
          record,
          ukTag: ukTag(record.tier1.dataProcessedInUk),
          sections: recordSections(record),
          jsonHref: `/api/public/forces/${force.slug}/systems/${record.reference}`,
        });
      },
    );
  };
}
