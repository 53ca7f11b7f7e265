import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { errors } from '../../../http/errors.ts';
import { removeUploads } from '../../../http/uploads.ts';
import { listAnalyses, releasedAnalysis, splitEntity, startAnalysis } from './analyses.ts';
import { correctionFigures } from './quality.ts';
import {
  accessLog,
  addMember,
  createCase,
  downloadDocument,
  getCase,
  listCases,
  listDocuments,
  members,
  openDocument,
  searchCase,
  uploadDocuments,
} from './service.ts';
import { acceptCaseUploads, uploadedFiles } from './uploads.ts';

const tags = ['case files'];
const caseParams = z.object({ id: z.string().max(100) });
const docParams = z.object({ id: z.string().max(100), doc: z.string().max(100) });

/**
 * Case files API: cases, their officers, documents (multipart upload, all or nothing), search,
 * analyses (runs of the force's case-file system) and the access log. Every route checks who is
 * asking; a case the asker is not on answers 404, as one in another force does.
 */
export function caseApi(services: Services): FastifyPluginAsync {
  const { db, config, runs } = services;
  const key = config.dataEncryptionKey;
  return async (base) => {
    await acceptCaseUploads(base);
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/case-files/quality',
      {
        schema: {
          summary:
            "How right the force's case analyses were, as reviewers found: per month and entity kind, entities reviewed, rejected and corrected, and precision",
          tags,
        },
      },
      async (request) => correctionFigures(db, requirePrincipal(request)),
    );
    app.get(
      '/api/cases',
      { schema: { summary: 'The cases you are on, newest first', tags } },
      async (request) => listCases(db, key, requirePrincipal(request)),
    );
    app.post(
      '/api/cases',
      {
        schema: {
          summary: 'Open a case (you become its first investigator); officers and analysts',
          description:
            'Body: `reference` (letters, digits, / . _ -), `title`, `reviewOn` (YYYY-MM-DD: when its retention is reviewed) and optionally `supervisor` (e-mail of an officer or analyst of the force). The title is stored encrypted.',
          tags,
          body: z.object({
            reference: z.string().max(200),
            title: z.string().max(1000),
            reviewOn: z.string().max(20),
            supervisor: z.string().max(254).optional(),
          }),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createCase(db, key, requirePrincipal(request), request.body)),
    );
    app.get(
      '/api/cases/:id',
      { schema: { summary: 'A case you are on', tags, params: caseParams } },
      async (request) => {
        const p = requirePrincipal(request);
        return {
          ...(await getCase(db, key, p, request.params.id)),
          members: await members(db, p, request.params.id),
          documents: await listDocuments(db, key, p, request.params.id),
          analyses: await listAnalyses(db, p, request.params.id),
        };
      },
    );
    app.post(
      '/api/cases/:id/members',
      {
        schema: {
          summary: 'Give an officer access to the case (its opener or a supervisor); in the ledger',
          tags,
          params: caseParams,
          body: z.object({ email: z.string().max(254), role: z.string().max(20) }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addMember(db, requirePrincipal(request), request.params.id, request.body)),
    );
    app.post(
      '/api/cases/:id/documents',
      {
        schema: {
          summary: 'Add documents to the case, all or nothing',
          description:
            'multipart/form-data: one or more `files` (.txt, .docx, .pdf, .eml, .csv). Every file is read before any is stored; a file that cannot be read stops the upload with 422 naming each file and what is wrong. A PDF with no text layer (a scan) is stored and marked as needing OCR. Each file is stored encrypted, with its SHA-256 in the ledger.',
          tags,
          params: caseParams,
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => {
        try {
          const p = requirePrincipal(request);
          const files = await uploadedFiles(request);
          return reply.status(201).send(await uploadDocuments(db, key, p, request.params.id, files));
        } finally {
          await removeUploads(request);
        }
      },
    );
    app.get(
      '/api/cases/:id/documents/:doc',
      {
        schema: { summary: "A document's text (written to the case's access log)", tags, params: docParams },
      },
      async (request) =>
        openDocument(db, key, requirePrincipal(request), request.params.id, request.params.doc),
    );
    app.get(
      '/api/cases/:id/documents/:doc/file',
      {
        schema: {
          summary: 'The file as uploaded, checked against its SHA-256 (written to the access log)',
          tags,
          params: docParams,
        },
      },
      async (request, reply) => {
        const d = await downloadDocument(
          db,
          key,
          requirePrincipal(request),
          request.params.id,
          request.params.doc,
        );
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename="${d.name.replace(/[^\w.-]+/g, '_')}"`)
          .send(Buffer.from(d.bytes));
      },
    );
    app.get(
      '/api/cases/:id/search',
      {
        schema: {
          summary: 'Documents of the case holding every word of the query, with the passages marked',
          description:
            'A phone number, registration mark, e-mail, IMEI or card written any way finds every document holding it. Words match by stem. The query is not stored; the search is written to the access log.',
          tags,
          params: caseParams,
          querystring: z.object({ q: z.string().max(500) }),
        },
      },
      async (request) => searchCase(db, key, requirePrincipal(request), request.params.id, request.query.q),
    );
    app.post(
      '/api/cases/:id/analyses',
      {
        schema: {
          summary: "Analyse the case: a run of the force's case-file system over every readable document",
          description:
            'Answers 202 with the run; it is queued for a worker and reviewed by a named overseer before anything of it is shown on the case.',
          tags,
          params: caseParams,
        },
      },
      async (request, reply) =>
        reply.status(202).send(await startAnalysis(runs, requirePrincipal(request), request.params.id)),
    );
    app.get(
      '/api/cases/:id/analysis',
      {
        schema: {
          summary:
            'The latest reviewed analysis: POLE index, summaries with citations, timeline (access logged)',
          tags,
          params: caseParams,
        },
      },
      async (request) => {
        const a = await releasedAnalysis(db, requirePrincipal(request), request.params.id);
        if (!a) throw errors.notFound('A reviewed analysis of this case');
        return a;
      },
    );
    app.post(
      '/api/cases/:id/splits',
      {
        schema: {
          summary: 'Split mentions out of an entity merged wrongly, with a reason; in the ledger',
          tags,
          params: caseParams,
          body: z.object({
            key: z.string().max(300),
            mentions: z.array(z.string().max(200)).min(1).max(1000),
            reason: z.string().max(2000),
          }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await splitEntity(db, requirePrincipal(request), request.params.id, request.body)),
    );
    app.get(
      '/api/cases/:id/access-log',
      {
        schema: { summary: 'Who opened what of the case, and when (newest first)', tags, params: caseParams },
      },
      async (request) => accessLog(db, requirePrincipal(request), request.params.id),
    );
  };
}
