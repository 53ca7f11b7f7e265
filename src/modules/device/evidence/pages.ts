import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { AppError, errors } from '../../../http/errors.ts';
import { acceptUploads, removeUploads, uploadedFileBytes } from '../../../http/uploads.ts';
import { can } from '../../../identity/abilities.ts';
import type { Principal } from '../../../identity/model.ts';
import { errorsOf, issuesOf, many, one, postedValues } from '../../../oversight/form-values.ts';
import { caseFrame } from '../../pole/services.ts';
import { LIMITS } from '../extraction/read.ts';
import { deviceSystem, listDeviceAnalyses, releasedSummary, startDeviceAnalysis } from './analyses.ts';
import { authorisationFor, listAuthorisations, recordAuthorisation } from './authorisations.ts';
import {
  destroyExtraction,
  extractionFor,
  importExtraction,
  listExtractions,
  openExtraction,
} from './extractions.ts';
import { imageList, openImage, viewImage } from './image-access.ts';
import { MATCH_DISTANCE } from './images.ts';
import { presentSummary } from './present.ts';
import { parseLines, parseSubjects } from './request-text.ts';
import { revealContact, revealedContacts, revealsOf, reviewReveal } from './reveals.ts';

const hide = { schema: { hide: true } } as const;
/** Messages and calls shown on one page of a summary. */
const ENTRIES_PER_PAGE = 200;

/** Device uploads: refused before a byte is read when no one is signed in. */
export const UPLOAD_LIMITS = { maxFiles: LIMITS.files, maxBytes: LIMITS.totalBytes };
export async function acceptDeviceUploads(app: Parameters<FastifyPluginAsync>[0]) {
  await acceptUploads(app, {
    ...UPLOAD_LIMITS,
    before: async (request: FastifyRequest, _reply: FastifyReply) => requirePrincipal(request),
  });
}

/**
 * The device evidence pages of a case: its authorisations (recorded before anything is read),
 * imports under each, an extraction's files and summaries, the released summary with third
 * parties pseudonymised and the reveal of one with a reason, supervisors' reviews of reveals,
 * the images (known ones never shown, the rest blurred until chosen) and destruction. Every
 * page checks that the asker is on the case.
 */
export function devicePages(services: Services): FastifyPluginAsync {
  const { db, config, runs } = services;
  const key = config.dataEncryptionKey;
  return async (app) => {
    await acceptDeviceUploads(app);
    const frame = (p: Principal, id: string) => caseFrame(db, key, p, id, 'devices');
    const base = (caseId: string) => `/cases/${caseId}`;

    const devicesPage = async (
      reply: FastifyReply,
      p: Principal,
      id: string,
      extra: Record<string, unknown> = {},
    ) =>
      reply.page('device/devices.njk', {
        ...(await frame(p, id)),
        authorisations: await listAuthorisations(db, key, p, id),
        errorsOf,
        values: {},
        ...extra,
      });
    app.get<{ Params: { id: string } }>('/cases/:id/devices', hide, async (request, reply) =>
      devicesPage(reply, requirePrincipal(request), request.params.id),
    );
    app.post<{ Params: { id: string } }>('/cases/:id/devices', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const values = postedValues(request.body);
      try {
        const a = await recordAuthorisation(db, key, p, request.params.id, {
          device: one(values.device),
          owner: one(values.owner),
          ownerRole: one(values.ownerRole),
          purpose: one(values.purpose),
          from: one(values.from),
          to: one(values.to),
          kinds: many(values.kinds),
          authorisedBy: one(values.authorisedBy),
          retainUntil: one(values.retainUntil),
        });
        return reply.redirect(`${base(request.params.id)}/devices/${a.id}?done=authorised`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        return devicesPage(reply.status(400), p, request.params.id, {
          issues: issuesOf(e),
          values: { ...values, kinds: many(values.kinds) },
        });
      }
    });

    const DONE: Record<string, string> = {
      authorised: 'Authorisation recorded in the ledger. Import the device’s data under it.',
      imported: 'Imported and sealed with its own key; the files’ SHA-256 are in the ledger.',
      analysis: 'Summary started. A named reviewer must check it before it is shown here.',
      revealed:
        'Contact revealed. The reveal is in the ledger and the access log, and waits for a supervisor’s review.',
      reviewed: 'Review of the reveal recorded.',
      destroyed: 'Extraction destroyed: its key is erased.',
    };
    const doneOf = (request: FastifyRequest) => DONE[(request.query as { done?: string }).done ?? ''] ?? null;

    const authorisationPage = async (
      reply: FastifyReply,
      p: Principal,
      id: string,
      authId: string,
      extra: Record<string, unknown> = {},
    ) => {
      const { authorisation } = await authorisationFor(db, key, p, id, authId);
      return reply.page('device/authorisation.njk', {
        ...(await frame(p, id)),
        authorisation,
        extractions: await listExtractions(db, key, p, id, authId),
        values: {},
        ...extra,
      });
    };
    app.get<{ Params: { id: string; auth: string } }>(
      '/cases/:id/devices/:auth',
      hide,
      async (request, reply) =>
        authorisationPage(reply, requirePrincipal(request), request.params.id, request.params.auth, {
          done: doneOf(request),
        }),
    );
    app.post<{ Params: { id: string; auth: string } }>(
      '/cases/:id/devices/:auth/extractions',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id, auth } = request.params;
        const values = postedValues(request.body);
        try {
          const files = await uploadedFileBytes(request, UPLOAD_LIMITS);
          const owner = one(values.ownerName).trim();
          const x = await importExtraction(db, key, p, id, auth, files, {
            ...(owner ? { owner } : {}),
            csvMappings: one(values.mappings),
          });
          return reply.redirect(`${base(id)}/extractions/${x.id}?done=imported`, 303);
        } catch (e) {
          if (!(e instanceof AppError) || e.status !== 400) throw e;
          return authorisationPage(reply.status(400), p, id, auth, { issues: issuesOf(e), values });
        } finally {
          await removeUploads(request);
        }
      },
    );

    const extractionPage = async (
      reply: FastifyReply,
      p: Principal,
      id: string,
      exId: string,
      extra: Record<string, unknown> = {},
    ) => {
      const { extraction, authorisation } = await extractionFor(db, key, p, id, exId);
      const content = extraction.destroyedAt ? null : await openExtraction(db, key, exId);
      const analyses = await listDeviceAnalyses(db, exId);
      return reply.page('device/extraction.njk', {
        ...(await frame(p, id)),
        extraction,
        authorisation,
        files: content?.files ?? extraction.files,
        analyses,
        released: analyses.some((a) => a.status === 'released') ? { reviewer: 'a named reviewer' } : null,
        system: await deviceSystem(db, p.forceId),
        mayRun: can(p, 'run.start'),
        reveals: await revealsOf(db, key, id, exId),
        errorsOf,
        values: {},
        ...extra,
      });
    };
    app.get<{ Params: { id: string; ex: string } }>(
      '/cases/:id/extractions/:ex',
      hide,
      async (request, reply) =>
        extractionPage(reply, requirePrincipal(request), request.params.id, request.params.ex, {
          done: doneOf(request),
        }),
    );
    app.post<{ Params: { id: string; ex: string } }>(
      '/cases/:id/extractions/:ex/analyses',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id, ex } = request.params;
        const values = postedValues(request.body);
        try {
          const subjects = parseSubjects(one(values.subjects));
          const lines = parseLines(one(values.lines));
          await startDeviceAnalysis(runs, p, id, ex, { subjects, lines });
          return reply.redirect(`${base(id)}/extractions/${ex}?done=analysis`, 303);
        } catch (e) {
          if (!(e instanceof AppError) || e.status === 404) throw e;
          return extractionPage(reply.status(e.status), p, id, ex, { issues: issuesOf(e), values });
        }
      },
    );
    app.post<{ Params: { id: string; ex: string } }>(
      '/cases/:id/extractions/:ex/destroy',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id, ex } = request.params;
        const values = postedValues(request.body);
        try {
          await destroyExtraction(db, key, p, id, ex, { force: one(values.confirm) === 'yes' });
          return reply.redirect(`${base(id)}/extractions/${ex}?done=destroyed`, 303);
        } catch (e) {
          if (!(e instanceof AppError) || e.status === 404) throw e;
          return extractionPage(reply.status(e.status), p, id, ex, {
            issues: [{ path: 'confirm', message: e.detail }],
          });
        }
      },
    );

    const summaryPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      p: Principal,
      id: string,
      exId: string,
      extra: Record<string, unknown> = {},
    ) => {
      const summary = await releasedSummary(db, p, id, exId);
      if (!summary) throw errors.notFound('A reviewed summary of this extraction');
      const revealed = await revealedContacts(db, exId);
      const content = revealed.size ? await openExtraction(db, key, exId) : null;
      const output = presentSummary(summary.output, content, revealed);
      const from = Math.max(0, Number.parseInt((request.query as { from?: string }).from ?? '0', 10) || 0);
      const total = output.entries.length;
      return reply.page('device/summary.njk', {
        ...(await frame(p, id)),
        summary: { ...summary, output },
        entries: {
          items: output.entries.slice(from, from + ENTRIES_PER_PAGE),
          total,
          prev: from > 0 ? Math.max(0, from - ENTRIES_PER_PAGE) : null,
          next: from + ENTRIES_PER_PAGE < total ? from + ENTRIES_PER_PAGE : null,
        },
        errorsOf,
        ...extra,
      });
    };
    app.get<{ Params: { id: string; ex: string } }>(
      '/cases/:id/extractions/:ex/summary',
      hide,
      async (request, reply) =>
        summaryPage(request, reply, requirePrincipal(request), request.params.id, request.params.ex, {
          done: doneOf(request),
        }),
    );
    app.post<{ Params: { id: string; ex: string } }>(
      '/cases/:id/extractions/:ex/reveals',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id, ex } = request.params;
        const values = postedValues(request.body);
        try {
          const summary = await releasedSummary(db, p, id, ex);
          if (!summary) throw errors.notFound('A reviewed summary of this extraction');
          const r = await revealContact(
            db,
            key,
            p,
            id,
            ex,
            {
              contact: one(values.contact),
              justification: one(values.justification),
            },
            summary.output.contacts.length,
          );
          return reply.redirect(
            `${base(id)}/extractions/${ex}/summary?done=revealed#contact-${r.contact}`,
            303,
          );
        } catch (e) {
          if (!(e instanceof AppError) || e.status === 404) throw e;
          return summaryPage(request, reply.status(e.status), p, id, ex, { issues: issuesOf(e) });
        }
      },
    );
    app.post<{ Params: { id: string; reveal: string } }>(
      '/cases/:id/reveals/:reveal/review',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id } = request.params;
        const values = postedValues(request.body);
        const r = await reviewReveal(db, p, id, request.params.reveal, {
          decision: one(values.decision),
          note: one(values.note),
        }).catch((e: unknown) => e);
        const exId = (await revealsOf(db, key, id)).find((x) => x.id === request.params.reveal)?.extractionId;
        if (r instanceof AppError && r.status !== 404 && exId)
          return extractionPage(reply.status(r.status), p, id, exId, { issues: issuesOf(r) });
        if (r instanceof Error) throw r;
        return reply.redirect(`${base(id)}/extractions/${exId}?done=reviewed#reveals`, 303);
      },
    );

    // Images: known ones listed by hash, never shown; the rest blurred until an officer chooses.
    const imagesPage = async (reply: FastifyReply, p: Principal, id: string, exId: string, extra = {}) => {
      const list = await imageList(db, key, p, id, exId);
      return reply.page('device/images.njk', {
        ...(await frame(p, id)),
        extractionId: exId,
        threshold: MATCH_DISTANCE,
        matched: list.filter((i) => i.matches.length),
        unmatched: list.filter((i) => !i.matches.length),
        ...extra,
      });
    };
    app.get<{ Params: { id: string; ex: string } }>(
      '/cases/:id/extractions/:ex/images',
      hide,
      async (request, reply) =>
        imagesPage(reply, requirePrincipal(request), request.params.id, request.params.ex),
    );
    app.get<{ Params: { id: string; ex: string; record: string } }>(
      '/cases/:id/extractions/:ex/images/:record/preview',
      hide,
      async (request, reply) => {
        const { id, ex, record } = request.params;
        const bytes = await openImage(db, key, requirePrincipal(request), id, ex, record, { preview: true });
        return reply.type('image/jpeg').header('cache-control', 'private, no-store').send(bytes);
      },
    );
    app.post<{ Params: { id: string; ex: string; record: string } }>(
      '/cases/:id/extractions/:ex/images/:record/view',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id, ex, record } = request.params;
        const values = postedValues(request.body);
        try {
          const view = await viewImage(db, key, p, id, ex, record, one(values.reason));
          return reply.page('device/image.njk', {
            ...(await frame(p, id)),
            extractionId: ex,
            record,
            ...view,
          });
        } catch (e) {
          if (!(e instanceof AppError) || e.status !== 400) throw e;
          return imagesPage(reply.status(400), p, id, ex, { issues: issuesOf(e) });
        }
      },
    );
    app.get<{ Params: { id: string; ex: string; record: string }; Querystring: { grant?: string } }>(
      '/cases/:id/extractions/:ex/images/:record/full',
      hide,
      async (request, reply) => {
        const { id, ex, record } = request.params;
        const bytes = await openImage(db, key, requirePrincipal(request), id, ex, record, {
          grant: request.query.grant ?? '',
        });
        return reply.type('image/jpeg').header('cache-control', 'private, no-store').send(bytes);
      },
    );
  };
}
