import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { errors } from '../../../http/errors.ts';
import { acceptUploads, MAX_FIELDS, removeUploads, uploadOf } from '../../../http/uploads.ts';
import type { Principal } from '../../../identity/model.ts';
import { authorize } from '../../../identity/policy.ts';
import {
  type CrimeDataAction,
  crimeDataErrors,
  crimeDataPolicy,
  MAX_FILES,
  parseMappingJson,
} from './model.ts';
import { crimeImportSummary, importCrimeData, listCrimeImports } from './service.ts';

const WHAT: Record<CrimeDataAction, string> = {
  import: 'import crime data',
  list: 'see crime data imports',
};

/**
 * Who is asking, for which force: the force in the path must be the one signed in to (another
 * force's data is not found), and the role must allow the action.
 */
export function forceCheck(request: FastifyRequest, force: string, action: CrimeDataAction): Principal {
  const p = requirePrincipal(request);
  if (force !== p.forceSlug) throw errors.notFound(`Crime data of ${force}`);
  authorize(crimeDataPolicy, p, action, WHAT[action]);
  return p;
}

const categorySchema = z.object({ name: z.string(), count: z.number() });

/** What leaves the service about an import: never the events. */
export const importSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['police.uk', 'mapped']),
  files: z.array(z.string()),
  member: z.string().nullable(),
  mapping: z.unknown(),
  crs: z.literal('EPSG:27700'),
  rowsRead: z.number(),
  rowsKept: z.number(),
  dropped: z.record(z.string(), z.number()),
  firstEvent: z.string(),
  lastEvent: z.string(),
  firstMonth: z.string(),
  lastMonth: z.string(),
  categories: z.array(categorySchema),
  sha256: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
});

const forceParams = z.object({ force: z.string().min(1).max(100) });

/** A multipart body as read: text fields as strings (files are taken from the upload state). */
export const bodyText = (request: FastifyRequest, name: string): string | undefined => {
  const v = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : undefined;
};

/** Refuses an upload before any file is read: signed in, this force, allowed to import. */
async function refuseEarly(request: FastifyRequest, _reply: FastifyReply) {
  const force = (request.params as { force?: string }).force ?? '';
  forceCheck(request, force, 'import');
}

/** Crime data API: import (multipart), list and one import's summary, per force. */
export function crimeDataRoutes(services: Services): FastifyPluginAsync {
  const { db, config } = services;
  return async (base) => {
    await acceptUploads(base, {
      maxFiles: MAX_FILES,
      maxBytes: config.crimeDataMaxUploadBytes,
      before: refuseEarly,
    });
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/forces/:force/crime-data',
      {
        schema: {
          summary: "Import crime data for the force's hot spot forecasts; all or nothing",
          description:
            "multipart/form-data: one or more `files` (CSV, .csv.gz or a .zip holding a CSV), `title`, `preset` ('police.uk' for police.uk street-level files, or 'mapped'), `mapping` (JSON: {time: {columns, format}, coordinates: {x, y, crs: 'EPSG:4326' | 'EPSG:27700'}, category, filter?}) when mapped, and optionally `member` (the CSV inside zip files). Events are projected to British National Grid and stored encrypted. A malformed row gives 422 naming the file, line and field, and nothing is stored. Rows without usable coordinates are counted in `dropped`. At most `CRIME_DATA_MAX_UPLOAD_MB` (default 200 MB) together (413). Delivery team, analyst or product manager.",
          tags: ['crime data'],
          params: forceParams,
          consumes: ['multipart/form-data'],
          response: { 201: importSummarySchema },
        },
      },
      async (request, reply) => {
        const p = forceCheck(request, request.params.force, 'import');
        const upload = uploadOf(request);
        try {
          if (upload.tooLarge) throw crimeDataErrors.tooLarge(config.crimeDataMaxUploadBytes);
          if (upload.limit) throw crimeDataErrors.tooManyParts(upload.limit, MAX_FIELDS);
          if (!request.isMultipart())
            throw errors.validation([{ path: 'request', message: 'send the files as multipart/form-data' }]);
          const preset = bodyText(request, 'preset') ?? '';
          let mapping: unknown;
          if (preset === 'mapped') {
            const parsed = parseMappingJson(bodyText(request, 'mapping'));
            if (!parsed.mapping) throw errors.validation(parsed.issues);
            mapping = parsed.mapping;
          }
          const summary = await importCrimeData(
            db,
            p,
            {
              title: bodyText(request, 'title') ?? '',
              preset: preset as 'police.uk',
              mapping,
              member: bodyText(request, 'member'),
              files: upload.files,
            },
            { maxRows: config.crimeDataMaxRows },
          );
          return reply.status(201).send(summary);
        } finally {
          await removeUploads(request);
        }
      },
    );

    app.get(
      '/api/forces/:force/crime-data',
      {
        schema: {
          summary: "The force's crime data imports, newest first (summaries, never the events)",
          tags: ['crime data'],
          params: forceParams,
          response: { 200: z.array(importSummarySchema) },
        },
      },
      async (request) => {
        const p = forceCheck(request, request.params.force, 'list');
        return listCrimeImports(db, p.forceId);
      },
    );

    app.get(
      '/api/forces/:force/crime-data/:id',
      {
        schema: {
          summary: 'One crime data import: files, counts, months, crime types, digest (never the events)',
          tags: ['crime data'],
          params: forceParams.extend({ id: z.string().max(100) }),
          response: { 200: importSummarySchema },
        },
      },
      async (request) => {
        const p = forceCheck(request, request.params.force, 'list');
        return crimeImportSummary(db, p.forceId, request.params.id);
      },
    );
  };
}
