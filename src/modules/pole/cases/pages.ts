import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { AppError } from '../../../http/errors.ts';
import { removeUploads } from '../../../http/uploads.ts';
import { can } from '../../../identity/abilities.ts';
import type { Principal } from '../../../identity/model.ts';
import { errorsOf, issuesOf, many, one, postedValues } from '../../../oversight/form-values.ts';
import { lineKey, type PoleOutput } from '../module.ts';
import { type Network, recurring } from '../patterns/patterns.ts';
import { networkSvg, timelineSvg } from '../patterns/svg.ts';
import type { ResolvedEntity } from '../resolve/resolve.ts';
import { caseSystem, listAnalyses, releasedAnalysis, splitEntity, startAnalysis } from './analyses.ts';
import { correctionFigures } from './quality.ts';
import {
  accessLog,
  addMember,
  createCase,
  getCase,
  listCases,
  listDocuments,
  members,
  openDocument,
  searchCase,
  uploadDocuments,
} from './service.ts';
import { acceptCaseUploads, uploadedFiles } from './uploads.ts';

const hide = { schema: { hide: true } } as const;

const CATEGORIES = [
  { id: 'person', name: 'People' },
  { id: 'object', name: 'Objects' },
  { id: 'location', name: 'Locations' },
  { id: 'event', name: 'Events' },
] as const;

const SECTIONS = [
  { id: '', name: 'Documents' },
  { id: 'index', name: 'POLE index' },
  { id: 'search', name: 'Search' },
  { id: 'summary', name: 'Summaries' },
  { id: 'patterns', name: 'Timeline and network' },
  { id: 'devices', name: 'Devices' },
  { id: 'log', name: 'Access log' },
] as const;

/** The frame every case page shares: the case (checked: the asker is on it), its sections and the current one. */
export async function caseFrame(db: Kysely<DB>, key: Buffer, p: Principal, id: string, section: string) {
  return {
    kase: await getCase(db, key, p, id),
    sections: SECTIONS.map((s) => ({
      ...s,
      href: `/cases/${id}${s.id ? `/${s.id}` : ''}`,
      current: s.id === section,
    })),
  };
}

/** Where a cited sentence of a document is shown, highlighted. */
export const citeHref = (caseId: string, l: { documentId: string; start: number; end: number }) =>
  `/cases/${caseId}/documents/${l.documentId}?start=${l.start}&end=${l.end}#cited`;

/** A document's text cut around a highlighted range. */
function highlighted(text: string, start: number, end: number) {
  const ok =
    Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length;
  return ok
    ? { before: text.slice(0, start), cited: text.slice(start, end), after: text.slice(end) }
    : { before: text, cited: '', after: '' };
}

/**
 * The case file pages: cases you are on, a case's documents and upload, its POLE index with
 * facets, search, summaries with citations, timeline and network, and its access log. Every
 * page checks that the asker is on the case; anything of an analysis is shown only once a named
 * reviewer has reviewed it.
 */
export function casePages(services: Services): FastifyPluginAsync {
  const { db, config, runs } = services;
  const key = config.dataEncryptionKey;
  return async (app) => {
    await acceptCaseUploads(app);

    const listPage = async (reply: FastifyReply, p: Principal, extra: Record<string, unknown> = {}) =>
      reply.page('pole/cases.njk', {
        cases: await listCases(db, key, p),
        mayOpen: can(p, 'case.create'),
        quality: await correctionFigures(db, p),
        errorsOf,
        values: {},
        ...extra,
      });
    app.get('/cases', hide, async (request, reply) => listPage(reply, requirePrincipal(request)));
    app.post('/cases', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const values = postedValues(request.body);
      try {
        const c = await createCase(db, key, p, {
          reference: one(values.reference),
          title: one(values.title),
          reviewOn: one(values.reviewOn),
          ...(one(values.supervisor).trim() ? { supervisor: one(values.supervisor) } : {}),
        });
        return reply.redirect(`/cases/${c.id}`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        return listPage(reply.status(400), p, { issues: issuesOf(e), values });
      }
    });

    const frame = (p: Principal, id: string, section: string) => caseFrame(db, key, p, id, section);

    const casePage = async (
      reply: FastifyReply,
      p: Principal,
      id: string,
      extra: Record<string, unknown> = {},
    ) => {
      const system = await caseSystem(db, p.forceId);
      return reply.page('pole/case.njk', {
        ...(await frame(p, id, '')),
        documents: await listDocuments(db, key, p, id),
        members: await members(db, p, id),
        analyses: await listAnalyses(db, p, id),
        system,
        mayRun: can(p, 'run.start'),
        errorsOf,
        ...extra,
      });
    };
    app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
      '/cases/:id',
      hide,
      async (request, reply) =>
        casePage(reply, requirePrincipal(request), request.params.id, { done: request.query.done ?? null }),
    );
    app.post<{ Params: { id: string } }>('/cases/:id/documents', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      try {
        const files = await uploadedFiles(request);
        const added = await uploadDocuments(db, key, p, request.params.id, files);
        return reply.redirect(`/cases/${request.params.id}?done=uploaded-${added.documents.length}`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        return casePage(reply.status(400), p, request.params.id, { uploadIssues: issuesOf(e) });
      } finally {
        await removeUploads(request);
      }
    });
    app.post<{ Params: { id: string } }>('/cases/:id/analyses', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      try {
        await startAnalysis(runs, p, request.params.id);
        return reply.redirect(`/cases/${request.params.id}?done=analysis`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status === 404) throw e;
        return casePage(reply.status(e.status), p, request.params.id, { analysisIssues: issuesOf(e) });
      }
    });
    app.post<{ Params: { id: string } }>('/cases/:id/members', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const values = postedValues(request.body);
      try {
        await addMember(db, p, request.params.id, { email: one(values.email), role: one(values.role) });
        return reply.redirect(`/cases/${request.params.id}?done=member`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status === 404) throw e;
        return casePage(reply.status(e.status), p, request.params.id, {
          memberIssues: issuesOf(e),
          memberValues: values,
        });
      }
    });

    /** The reviewed analysis, or null; its absence is said on the page. */
    const analysisOf = (p: Principal, id: string) => releasedAnalysis(db, p, id);

    app.get<{ Params: { id: string }; Querystring: { category?: string } }>(
      '/cases/:id/index',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const f = await frame(p, request.params.id, 'index');
        const a = await analysisOf(p, request.params.id);
        const category = CATEGORIES.find((c) => c.id === request.query.category)?.id ?? 'person';
        const names = new Map(a?.output.documents.map((d) => [d.id, d.name]) ?? []);
        return reply.page('pole/case-index.njk', {
          ...f,
          analysis: a,
          facets: CATEGORIES.map((c) => ({
            ...c,
            count: a?.output.entities.filter((e) => e.category === c.id).length ?? 0,
            current: c.id === category,
          })),
          entities: (a?.output.entities ?? [])
            .filter((e) => e.category === category)
            .map((e) => ({
              ...e,
              searchHref: `/cases/${request.params.id}/search?entity=${encodeURIComponent(e.key)}`,
              mentionRows: e.mentions.map((m) => ({
                ...m,
                id: `${m.documentId}:${m.start}`,
                name: names.get(m.documentId) ?? m.documentId,
                href: citeHref(request.params.id, m),
              })),
            })),
        });
      },
    );
    app.post<{ Params: { id: string } }>('/cases/:id/splits', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const values = postedValues(request.body);
      try {
        await splitEntity(db, p, request.params.id, {
          key: one(values.key),
          mentions: many(values.mentions),
          reason: one(values.reason),
        });
        return reply.redirect(`/cases/${request.params.id}/index?done=split`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status === 404) throw e;
        return reply.status(e.status).page('pole/case-message.njk', {
          ...(await frame(p, request.params.id, 'index')),
          issues: issuesOf(e),
          back: `/cases/${request.params.id}/index`,
        });
      }
    });

    app.get<{ Params: { id: string }; Querystring: { q?: string; entity?: string } }>(
      '/cases/:id/search',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const f = await frame(p, request.params.id, 'search');
        const q = (request.query.q ?? '').slice(0, 500);
        let entity: PoleOutput['entities'][number] | null = null;
        let result = null;
        if (request.query.entity) {
          const a = await analysisOf(p, request.params.id);
          entity = a?.output.entities.find((e) => e.key === request.query.entity) ?? null;
          if (entity) {
            // Identifiers are indexed by value, so the search finds them however they are written.
            const byValue = entity.category === 'object' || entity.kind === 'postcode';
            result = await searchCase(
              db,
              key,
              p,
              request.params.id,
              byValue ? entity.value : entity.mentions[0]!.text,
              byValue ? undefined : entity.documents,
            );
          }
        } else if (q.trim()) result = await searchCase(db, key, p, request.params.id, q);
        return reply.page('pole/case-search.njk', { ...f, q, entity, result });
      },
    );

    app.get<{ Params: { id: string } }>('/cases/:id/summary', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const f = await frame(p, request.params.id, 'summary');
      const a = await analysisOf(p, request.params.id);
      const names = new Map(a?.output.documents.map((d) => [d.id, d.name]) ?? []);
      const cite = (l: PoleOutput['caseSummary'][number]) => ({
        ...l,
        key: lineKey(l),
        name: names.get(l.documentId) ?? l.documentId,
        href: citeHref(request.params.id, l),
      });
      return reply.page('pole/case-summary.njk', {
        ...f,
        analysis: a,
        caseSummary: a?.output.caseSummary.map(cite) ?? [],
        documentSummaries:
          a?.output.documentSummaries.map((d) => ({
            name: names.get(d.documentId) ?? d.documentId,
            lines: d.lines.map(cite),
          })) ?? [],
      });
    });

    app.get<{ Params: { id: string } }>('/cases/:id/patterns', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const f = await frame(p, request.params.id, 'patterns');
      const a = await analysisOf(p, request.params.id);
      const names = new Map(a?.output.documents.map((d) => [d.id, d.name]) ?? []);
      let network = null;
      let timeline = null;
      let recurrent = null;
      if (a) {
        recurrent = recurring(a.output.entities as unknown as ResolvedEntity[]).map((r) => ({
          ...r,
          documents: r.documents.map((d) => names.get(d) ?? d),
          href: `/cases/${request.params.id}/search?entity=${encodeURIComponent(r.key)}`,
        }));
        const net = a.output.network;
        const labelOf = new Map(net.nodes.map((n) => [n.key, n.label]));
        network = {
          svg: networkSvg(net as Network, {
            title: `Who and what are named together in case ${a.output.case.reference}`,
          }),
          rows: net.edges.map((e) => ({
            a: labelOf.get(e.a) ?? e.a,
            b: labelOf.get(e.b) ?? e.b,
            weight: e.weight,
            documents: e.documents.map((d) => names.get(d) ?? d),
          })),
        };
        const sentenceHref = (r: PoleOutput['timeline'][number]) =>
          citeHref(request.params.id, {
            documentId: r.documentId,
            start: r.sentence.start,
            end: r.sentence.end,
          });
        timeline = {
          svg: timelineSvg(a.output.timeline, {
            title: `Dated events in case ${a.output.case.reference}`,
            hrefOf: (r) => sentenceHref(r as PoleOutput['timeline'][number]),
          }),
          rows: a.output.timeline.map((r) => ({
            ...r,
            name: names.get(r.documentId) ?? r.documentId,
            href: sentenceHref(r),
          })),
        };
      }
      return reply.page('pole/case-patterns.njk', { ...f, analysis: a, network, timeline, recurrent });
    });

    app.get<{ Params: { id: string } }>('/cases/:id/log', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      return reply.page('pole/case-log.njk', {
        ...(await frame(p, request.params.id, 'log')),
        log: await accessLog(db, p, request.params.id),
      });
    });

    app.get<{ Params: { id: string; doc: string }; Querystring: { start?: string; end?: string } }>(
      '/cases/:id/documents/:doc',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const f = await frame(p, request.params.id, '');
        const d = await openDocument(db, key, p, request.params.id, request.params.doc);
        return reply.page('pole/document.njk', {
          ...f,
          document: d,
          parts: highlighted(d.text, Number(request.query.start), Number(request.query.end)),
        });
      },
    );
  };
}
