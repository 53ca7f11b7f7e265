import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { errors } from '../../../http/errors.ts';
import { removeUploads, uploadedFileBytes } from '../../../http/uploads.ts';
import { releasedSummary, startDeviceAnalysis } from './analyses.ts';
import { listAuthorisations, recordAuthorisation } from './authorisations.ts';
import {
  destroyExtraction,
  extractionFor,
  importExtraction,
  listExtractions,
  openExtraction,
} from './extractions.ts';
import { listHashLists, loadHashList } from './hash-lists.ts';
import { imageList } from './image-access.ts';
import { acceptDeviceUploads, UPLOAD_LIMITS } from './pages.ts';
import { presentSummary } from './present.ts';
import { revealContact, revealedContacts, revealsOf, reviewReveal } from './reveals.ts';

const tags = ['device evidence'];
const caseParams = z.object({ id: z.string().max(100) });
const authParams = z.object({ id: z.string().max(100), auth: z.string().max(100) });
const exParams = z.object({ id: z.string().max(100), ex: z.string().max(100) });

/**
 * Device evidence API: authorisations, imports (multipart, all or nothing), summaries (runs of
 * the force's device-evidence system, released after review, third parties pseudonymised),
 * reveals and their review, images (hashes and matches only: bytes are for the pages, after a
 * recorded view), destruction, and the force's known-image hash lists. Every route checks who is
 * asking; a case the asker is not on answers 404.
 */
export function deviceApi(services: Services): FastifyPluginAsync {
  const { db, config, runs } = services;
  const key = config.dataEncryptionKey;
  return async (base) => {
    await acceptDeviceUploads(base);
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/cases/:id/devices',
      { schema: { summary: "The case's device authorisations, newest first", tags, params: caseParams } },
      async (request) => listAuthorisations(db, key, requirePrincipal(request), request.params.id),
    );
    app.post(
      '/api/cases/:id/devices',
      {
        schema: {
          summary: 'Record the authorisation to read a device, before anything on it is read',
          description:
            'Body: `device`, `owner`, `ownerRole` (suspect, victim, witness, other), `purpose` (why it is necessary and proportionate), `from` and `to` (YYYY-MM-DD, inclusive), `kinds` (messages, calls, locations, images), `authorisedBy` (e-mail of a supervisor of the case), `retainUntil` (YYYY-MM-DD). In the ledger; device, owner and purpose are stored encrypted.',
          tags,
          params: caseParams,
          body: z.object({
            device: z.string().max(1000),
            owner: z.string().max(1000),
            ownerRole: z.string().max(40),
            purpose: z.string().max(5000),
            from: z.string().max(20),
            to: z.string().max(20),
            kinds: z.array(z.string().max(40)).max(10),
            authorisedBy: z.string().max(254),
            retainUntil: z.string().max(20),
          }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await recordAuthorisation(db, key, requirePrincipal(request), request.params.id, request.body),
          ),
    );
    app.get(
      '/api/cases/:id/devices/:auth/extractions',
      { schema: { summary: 'The extractions imported under an authorisation', tags, params: authParams } },
      async (request) =>
        listExtractions(db, key, requirePrincipal(request), request.params.id, request.params.auth),
    );
    app.post(
      '/api/cases/:id/devices/:auth/extractions',
      {
        schema: {
          summary: "Import a device's files under an authorisation, all or nothing",
          description:
            "multipart/form-data: `files` (WhatsApp .txt exports, Android mmssms.db and calllog.db, iPhone sms.db, CSV, Google Takeout Records.json or Semantic Location History, Google Maps Timeline.json, a zip of images) and optionally `owner` (the owner's WhatsApp display name). A file that cannot be read stops the import with 400 naming the file and line or record. Records outside the authorisation are counted by reason, never stored. The extraction is sealed with its own key.",
          tags,
          params: authParams,
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => {
        try {
          const p = requirePrincipal(request);
          const files = await uploadedFileBytes(request, UPLOAD_LIMITS);
          const body = (request.body ?? {}) as { owner?: unknown; mappings?: unknown };
          const owner = String(body.owner ?? '').trim();
          return reply.status(201).send(
            await importExtraction(db, key, p, request.params.id, request.params.auth, files, {
              ...(owner ? { owner } : {}),
              csvMappings: String(body.mappings ?? ''),
            }),
          );
        } finally {
          await removeUploads(request);
        }
      },
    );
    app.get(
      '/api/cases/:id/extractions/:ex',
      {
        schema: {
          summary: 'An extraction: files, counts, what was left out, reveals',
          tags,
          params: exParams,
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const found = await extractionFor(db, key, p, request.params.id, request.params.ex);
        return { ...found, reveals: await revealsOf(db, key, request.params.id, request.params.ex) };
      },
    );
    app.post(
      '/api/cases/:id/extractions/:ex/analyses',
      {
        schema: {
          summary: "Summarise an extraction: a run of the force's device-evidence system",
          description:
            'Body: `subjects` ([{key, name}]: the case subjects among the parties; everyone else stays a pseudonymous third party) and `lines` ([{label, terms, direction}]: lines of enquiry, direction towards, away or neutral). Answers 202 with the run; a named reviewer checks it before release.',
          tags,
          params: exParams,
          body: z.object({
            subjects: z
              .array(z.object({ key: z.string().max(300), name: z.string().max(200) }))
              .max(50)
              .default([]),
            lines: z
              .array(
                z.object({
                  label: z.string().max(200),
                  terms: z.array(z.string().max(100)).max(100),
                  direction: z.string().max(20),
                }),
              )
              .max(50)
              .default([]),
          }),
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await startDeviceAnalysis(
              runs,
              requirePrincipal(request),
              request.params.id,
              request.params.ex,
              request.body,
            ),
          ),
    );
    app.get(
      '/api/cases/:id/extractions/:ex/summary',
      {
        schema: {
          summary: 'The latest reviewed summary, third parties pseudonymised unless revealed (access logged)',
          tags,
          params: exParams,
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const { id, ex } = request.params;
        const s = await releasedSummary(db, p, id, ex);
        if (!s) throw errors.notFound('A reviewed summary of this extraction');
        const revealed = await revealedContacts(db, ex);
        const content = revealed.size ? await openExtraction(db, key, ex) : null;
        return { ...s, output: presentSummary(s.output, content, revealed) };
      },
    );
    app.post(
      '/api/cases/:id/extractions/:ex/reveals',
      {
        schema: {
          summary: 'Reveal one third party of the extraction, with why it is necessary and proportionate',
          description:
            'Body: `contact` (its number in the summary) and `justification`. Investigators only; in the ledger and the access log; a supervisor of the case reviews it.',
          tags,
          params: exParams,
          body: z.object({ contact: z.number().int(), justification: z.string().max(5000) }),
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id, ex } = request.params;
        const s = await releasedSummary(db, p, id, ex);
        if (!s) throw errors.notFound('A reviewed summary of this extraction');
        return reply
          .status(201)
          .send(await revealContact(db, key, p, id, ex, request.body, s.output.contacts.length));
      },
    );
    app.post(
      '/api/cases/:id/reveals/:reveal/review',
      {
        schema: {
          summary: 'A supervisor of the case upholds or withdraws a reveal',
          tags,
          params: z.object({ id: z.string().max(100), reveal: z.string().max(100) }),
          body: z.object({ decision: z.string().max(20), note: z.string().max(2000).optional() }),
        },
      },
      async (request) =>
        reviewReveal(db, requirePrincipal(request), request.params.id, request.params.reveal, request.body),
    );
    app.get(
      '/api/cases/:id/extractions/:ex/images',
      {
        schema: {
          summary: 'The images of an extraction by PDQ hash, with their matches against known-image lists',
          description: 'Never the images themselves: those are opened on the pages, each view recorded.',
          tags,
          params: exParams,
        },
      },
      async (request) => imageList(db, key, requirePrincipal(request), request.params.id, request.params.ex),
    );
    app.post(
      '/api/cases/:id/extractions/:ex/destroy',
      {
        schema: {
          summary: 'Destroy an extraction by erasing its key (a supervisor of the case)',
          description: 'Before its retention ends, only with `confirm: true`. In the ledger.',
          tags,
          params: exParams,
          body: z.object({ confirm: z.boolean().optional() }).optional(),
        },
      },
      async (request) =>
        destroyExtraction(db, key, requirePrincipal(request), request.params.id, request.params.ex, {
          force: request.body?.confirm === true,
        }),
    );
    app.get(
      '/api/hash-lists',
      { schema: { summary: "The force's known-image hash lists (names, sources, counts)", tags } },
      async (request) => listHashLists(db, requirePrincipal(request)),
    );
    app.post(
      '/api/hash-lists',
      {
        schema: {
          summary: 'Load or replace a known-image hash list (information security)',
          description:
            'Body: `name`, `source` and `text` (one 64-hex-digit PDQ hash a line, optionally followed by a label; # comments). All or nothing; in the ledger.',
          tags,
          body: z.object({
            name: z.string().max(200),
            source: z.string().max(500),
            text: z.string().max(200 * 1024 * 1024),
          }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await loadHashList(
              db,
              requirePrincipal(request),
              { name: 'body.text', text: request.body.text },
              { name: request.body.name, source: request.body.source },
            ),
          ),
    );
  };
}
