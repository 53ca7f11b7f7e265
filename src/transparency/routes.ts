import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RUN_REFERENCE } from '../challenges/model.ts';
import { requirePrincipal, type Services } from '../http/context.ts';
import { errors } from '../http/errors.ts';
import { cachePublicAnswers } from '../http/public-cache.ts';
import { publicForceOr404 } from '../identity/onboarding.ts';
import { systemInForce } from '../register/service.ts';
import { projectRoot } from '../shared-data.ts';
import { forceNameIn, langOf, tr } from '../web/i18n/index.ts';
import { methodOf, publicForecastReader, publicForecastsOf } from './forecasts.ts';
import { forecastLinks, phaseTitle, publicListItem, recordSections, ukTag } from './presenters.ts';
import { publishedRecord } from './publication.ts';
import { publicRecordsOfForce, recordWithGaps } from './records.ts';
import { forcesWithPublicSystems, publicSystemRow } from './repository.ts';

/** Templates of the public pages; add to the Nunjucks search path. */
export const TRANSPARENCY_VIEWS = path.join(projectRoot, 'src/transparency/views');

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/, 'must be a force slug such as "northumbria"');
const reference = z.string().regex(/^[A-Z0-9-]{1,40}$/, 'must be a system reference such as "DEMO-AI-0001"');
const run = z.string().regex(RUN_REFERENCE, 'must be a run reference such as "R-7K2M-Q9XD"');

/**
 * The public record (ATRS): the force's own view of any system's record with what it lacks, and
 * public pages and API, no sign-in, showing only systems in trial or live.
 */
export function transparencyRoutes(services: Services): FastifyPluginAsync {
  const { db, config } = services;

  async function forceOr404(s: string) {
    const { id, slug, name } = await publicForceOr404(db, s);
    return { id, slug, name };
  }

  async function publicRow(s: string, ref: string) {
    const force = await forceOr404(s);
    const row = await publicSystemRow(db, force.id, ref);
    if (!row) throw errors.notFound(`A public AI record ${ref} of ${force.name}`);
    return { force, row };
  }

  /** The record exactly as its publication was approved; not public until one is. */
  async function publicRecord(s: string, ref: string) {
    const { force, row } = await publicRow(s, ref);
    const record = await publishedRecord(db, row.id);
    if (!record) throw errors.notFound(`A public AI record ${ref} of ${force.name}`);
    return { force, row, record };
  }

  /** A system's public forecasts as of today (a module's, through its plug-in). */
  const forecastReader = () => publicForecastReader(db, config.dataEncryptionKey);

  /** One public forecast of a system with its map, or 404. */
  async function publicForecast(s: string, ref: string, runRef: string) {
    const { force, row } = await publicRow(s, ref);
    const found = await forecastReader().one(row, runRef);
    if (!found) throw errors.notFound(`A public forecast map ${runRef} of ${ref}`);
    return { force, row, ...found };
  }

  return async (base) => {
    cachePublicAnswers(base, db, services.config.publicCacheEntries);
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

    app.get(
      '/api/public/forces/:slug/systems/:reference/forecasts',
      {
        schema: {
          summary:
            "A system's public forecast maps, for modules that publish them (hot spot forecasts: released forecasts summed over 500 m squares, at least 28 days after their period; `policy` null for others) (no sign-in)",
          tags: ['transparency'],
          params: z.object({ slug, reference }),
        },
      },
      async (request) => {
        const { force, row } = await publicRow(request.params.slug, request.params.reference);
        const items = await forecastReader().mapped(row);
        const policy = publicForecastsOf(row)?.policy;
        return {
          system: { reference: row.reference, name: row.name },
          policy: policy ? { cellSize: policy.cellSize, delayDays: policy.delayDays } : null,
          forecasts: items.map((item) => {
            const { href, geojsonHref } = forecastLinks(force.slug, row.reference, item.reference);
            return {
              reference: item.reference,
              period: item.period,
              crimeTypes: item.crimeTypes,
              page: href,
              geojson: geojsonHref,
            };
          }),
        };
      },
    );

    app.get(
      '/api/public/forces/:slug/systems/:reference/method',
      {
        schema: {
          summary:
            "How a system in trial or live decides, for modules that publish it (101 triage: its rule lexicons in full with their sources, its classifier's thresholds and its test results) (no sign-in)",
          tags: ['transparency'],
          params: z.object({ slug, reference }),
        },
      },
      async (request) => {
        const { row } = await publicRow(request.params.slug, request.params.reference);
        const method = methodOf(row);
        if (!method) throw errors.notFound(`A published method for ${row.reference}`);
        return { system: { reference: row.reference, name: row.name }, method: method() };
      },
    );

    app.get('/forces', { schema: { hide: true } }, async (request, reply) =>
      reply.page('transparency/forces.njk', {
        title: tr(request)('forces.title'),
        forces: await forcesWithPublicSystems(db),
      }),
    );

    app.get(
      '/forces/:slug/ai',
      { schema: { hide: true, params: z.object({ slug }) } },
      async (request, reply) => {
        const force = await forceOr404(request.params.slug);
        const records = await publicRecordsOfForce(db, force.id);
        const t = tr(request);
        return reply.page('transparency/force.njk', {
          title: t('force.title', { force: forceNameIn(langOf(request), force.slug, force.name) }),
          force,
          systems: records.map((r) => publicListItem(r, force.slug, t)),
        });
      },
    );

    app.get(
      '/forces/:slug/ai/:reference',
      { schema: { hide: true, params: z.object({ slug, reference }) } },
      async (request, reply) => {
        const { force, row, record } = await publicRecord(request.params.slug, request.params.reference);
        const t = tr(request);
        return reply.page('transparency/record.njk', {
          title: record.tier1.name,
          force,
          record,
          phaseTitle: phaseTitle(record, t),
          ukTag: ukTag(record.tier1.dataProcessedInUk, t),
          sections: recordSections(record, t),
          jsonHref: `/api/public/forces/${force.slug}/systems/${record.reference}`,
          methodHref: methodOf(row)
            ? `/api/public/forces/${force.slug}/systems/${record.reference}/method`
            : null,
          forecasts: await forecastReader().section(force.slug, row),
        });
      },
    );

    app.get(
      '/forces/:slug/ai/:reference/forecasts/:run',
      { schema: { hide: true, params: z.object({ slug, reference, run }) } },
      async (request, reply) => {
        const { params } = request;
        const { force, row, item, map, policy } = await publicForecast(
          params.slug,
          params.reference,
          params.run,
        );
        return reply.page('transparency/forecast.njk', {
          title: tr(request)('forecast.title', { reference: item.reference }),
          force,
          system: { name: row.name, reference: row.reference },
          map,
          ...forecastLinks(force.slug, row.reference, item.reference),
          policy,
        });
      },
    );

    app.get(
      '/forces/:slug/ai/:reference/forecasts/:run/map.geojson',
      { schema: { hide: true, params: z.object({ slug, reference, run }) } },
      async (request, reply) => {
        const { params } = request;
        const { map } = await publicForecast(params.slug, params.reference, params.run);
        return reply
          .type('application/geo+json')
          .header('content-disposition', `attachment; filename="${map.reference}-public-map.geojson"`)
          .send(JSON.stringify(map.geojson));
      },
    );
  };
}
