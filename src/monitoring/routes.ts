import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { errors } from '../http/errors.ts';
import { canonicalJson } from '../ledger/merkle.ts';
import { draftsFromCsv, draftsFromJson } from './import.ts';
import { MultipartError, parseMultipart } from './multipart.ts';
import { monitoringReport, presentAlert, relianceReport } from './report.ts';
import { alertsOf } from './repository.ts';
import { acknowledgeAlert, recordOutcomes, relianceRule, sha256 } from './service.ts';

const idParams = z.object({ id: z.uuid() });

const outcomeItem = z.object({
  runId: z.string().optional(),
  runReference: z.string().optional(),
  observedAt: z.string(),
  group: z.string().nullable().optional(),
  metrics: z.record(z.string(), z.unknown()),
});

const recordResult = z.object({
  recorded: z.number(),
  sha256: z.string(),
  breaches: z.array(
    z.object({
      metric: z.string(),
      group: z.string().nullable(),
      value: z.number(),
      threshold: z.number(),
      direction: z.enum(['min', 'max']),
      severe: z.boolean(),
      message: z.string(),
      alertId: z.string(),
    }),
  ),
  suspended: z.boolean(),
  incidentReference: z.string().nullable(),
});

/** An uploaded file from a multipart form, with the form's other fields. */
export interface UploadBody {
  file?: { filename: string; text: string };
  [field: string]: unknown;
}

/**
 * Body parsers for outcome files: CSV text as the body, or a multipart form with a `file` field
 * (its other fields, `_csrf` included, become body properties). Scoped to the plugin that calls it.
 */
export function acceptUploads(app: FastifyInstance): void {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      const out: UploadBody = {};
      for (const part of parseMultipart(body as Buffer, req.headers['content-type'] ?? '')) {
        if (part.filename !== null) {
          if (part.name === 'file') out.file = { filename: part.filename, text: part.value };
        } else out[part.name] = part.value;
      }
      done(null, out);
    } catch (error) {
      if (error instanceof MultipartError)
        done(errors.validation([{ path: 'file', message: error.message }]));
      else done(error as Error);
    }
  });
}

/** The CSV text and file name of an import request (CSV body, or multipart `file`). */
export function uploadedCsv(request: FastifyRequest): { text: string; fileName?: string } {
  const body = request.body;
  if (typeof body === 'string') return { text: body };
  const file = (body as UploadBody | undefined)?.file;
  if (!file || file.text.trim() === '')
    throw errors.validation([{ path: 'file', message: 'choose a CSV file of outcomes' }]);
  return { text: file.text, fileName: file.filename };
}

/** Imports a CSV of outcomes for a system, all or nothing (shared by the API and the page). */
export async function importCsv(services: Services, request: FastifyRequest, systemId: string) {
  const { text, fileName } = uploadedCsv(request);
  const { drafts, issues } = draftsFromCsv(text);
  if (issues.length) throw errors.validation(issues);
  return recordOutcomes(services.db, requirePrincipal(request), systemId, drafts, {
    kind: 'import',
    sha256: sha256(text),
    fileName,
  });
}

/** Monitoring API: outcomes in, metrics and drift out, reliance measures, alerts. */
export function monitoringRoutes(services: Services): FastifyPluginAsync {
  const { db, config } = services;
  return async (base) => {
    acceptUploads(base);
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/systems/:id/outcomes',
      {
        schema: {
          summary: 'Record outcomes (what really happened), per run or not; all or nothing',
          description:
            'A JSON array of {runId?, runReference?, observedAt, group?, metrics: {name: number}}. Any problem is reported as `item N, field F`, and nothing is written. Product manager or analyst.',
          tags: ['monitoring'],
          params: idParams,
          body: z.array(outcomeItem).min(1).max(50_000),
          response: { 201: recordResult },
        },
      },
      async (request, reply) => {
        const result = await recordOutcomes(
          db,
          requirePrincipal(request),
          request.params.id,
          draftsFromJson(request.body),
          { kind: 'api', sha256: sha256(canonicalJson(request.body)) },
        );
        return reply.status(201).send(result);
      },
    );

    app.post(
      '/api/systems/:id/outcomes/import',
      {
        schema: {
          summary: 'Import outcomes from CSV; all or nothing with line-numbered errors',
          description:
            'Body: CSV text (text/csv, with the x-csrf-token header when signed in with a cookie) or a multipart form with a `file` field. Columns: observed_at, group, run_reference, then one per metric. Product manager or analyst.',
          tags: ['monitoring'],
          params: idParams,
          consumes: ['text/csv', 'multipart/form-data'],
          response: { 201: recordResult },
        },
      },
      async (request, reply) => reply.status(201).send(await importCsv(services, request, request.params.id)),
    );

    app.get(
      '/api/systems/:id/monitoring',
      {
        schema: {
          summary: 'Metrics per rolling window and group with pass or fail, drift (PSI), alerts',
          tags: ['monitoring'],
          params: idParams,
        },
      },
      async (request) => monitoringReport(db, requirePrincipal(request), request.params.id),
    );

    app.get(
      '/api/systems/:id/reliance',
      {
        schema: {
          summary: 'Over-reliance: acceptance, amendment, rejection rates and median review time',
          tags: ['monitoring'],
          params: idParams,
        },
      },
      async (request) =>
        relianceReport(db, requirePrincipal(request), request.params.id, relianceRule(config)),
    );

    app.get(
      '/api/alerts',
      {
        schema: {
          summary: "The force's monitoring alerts, newest first",
          tags: ['monitoring'],
          querystring: z.object({
            systemId: z.uuid().optional(),
            kind: z.string().max(50).optional(),
            open: z.enum(['true', 'false']).optional(),
          }),
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const q = request.query;
        const rows = await alertsOf(db, p.forceId, {
          ...(q.systemId ? { systemId: q.systemId } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
          open: q.open === 'true',
        });
        return rows.map(presentAlert);
      },
    );

    app.post(
      '/api/alerts/:id/acknowledge',
      {
        schema: {
          summary: 'Acknowledge an alert (product manager)',
          tags: ['monitoring'],
          params: idParams,
          response: { 200: z.object({ id: z.string(), acknowledgedAt: z.string() }) },
        },
      },
      async (request) => {
        const r = await acknowledgeAlert(db, requirePrincipal(request), request.params.id);
        return { id: r.id, acknowledgedAt: r.acknowledgedAt.toISOString() };
      },
    );
  };
}
