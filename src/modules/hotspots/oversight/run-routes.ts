import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { errors } from '../../../http/errors.ts';
import { effectiveOutput, openRun } from '../../../oversight/presenters.ts';
import { hotspotGeoJson, parseHotspotsOutput } from './hotspot-view.ts';
import { hotspotRunInput } from './run-input.ts';

/**
 * A forecast run's download: its top cells as GeoJSON, for anyone in the force who may see the
 * run once a named overseer released it (reviewers before), as the run page shows it.
 */
export function forecastDownloadRoutes(services: Services): FastifyPluginAsync {
  const { db, config } = services;
  return async (app) => {
    app.get<{ Params: { id: string } }>(
      '/runs/:id/forecast.geojson',
      { schema: { hide: true } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = request.params.id;
        if (!z.uuid().safeParse(id).success) throw errors.notFound(`Run ${id}`);
        const { row, run } = await openRun(db, config, p, id);
        const output = parseHotspotsOutput(effectiveOutput(run));
        if (row.module_id !== 'hotspots') throw errors.notFound(`A forecast map for run ${run.reference}`);
        if (!output) {
          throw errors.forbidden(
            'The forecast can be downloaded once a named overseer has reviewed and released it.',
          );
        }
        const fc = hotspotGeoJson(output, hotspotRunInput(config.dataEncryptionKey, row));
        return reply
          .type('application/geo+json')
          .header('content-disposition', `attachment; filename="forecast-${run.reference}.geojson"`)
          .send(
            `${JSON.stringify({ ...fc, forecast: { ...fc.forecast, reference: run.reference, status: run.status } })}\n`,
          );
      },
    );
  };
}
