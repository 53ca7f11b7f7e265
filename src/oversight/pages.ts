import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError, errors } from '../http/errors.ts';
import type { Principal } from '../identity/model.ts';
import { IngestError } from '../modules/hotspots/ingest/read-events.ts';
import { buildHotspotInput, callerInput } from '../modules/hotspots/oversight/hotspot-run.ts';
import {
  dropTopCells,
  hotspotGeoJson,
  parseHotspotsInput,
  parseHotspotsOutput,
} from '../modules/hotspots/oversight/hotspot-view.ts';
import { runPlaceLabels } from '../modules/hotspots/oversight/place-labels.ts';
import { hotspotRunInput } from '../modules/hotspots/oversight/run-input.ts';
import { systemInForce } from '../register/service.ts';
import { projectRoot } from '../shared-data.ts';
import { effectiveOutput, openRun } from './presenters.ts';
import { decisionQueue, reviewQueue, waitedFor } from './queue.ts';
import { type FieldError, type Posted, type RunPageExtra, runPageData, STATUS_TAGS } from './run-page.ts';
import {
  type AfterReview,
  recordDecision,
  recordDeparture,
  reviewRun,
  runInForce,
  startRun,
} from './runs.ts';
import {
  hrefFor,
  inputErrorField,
  inputKind,
  parseStart,
  postedValues,
  startFormData,
} from './start-form.ts';

/** The folder of this feature's page templates (add to `createViews`). */
export const OVERSIGHT_VIEWS = path.join(projectRoot, 'src/oversight/views');

/**
 * The pages of the oversight runtime: the review queue, the run page (input summary, output with
 * its map, explanation, decision history and the review, decision and departure forms), starting
 * a run and a system's runs. Thin: authenticate -> validate -> the same runtime functions as the
 * API -> render; forms carry the session's CSRF token, redirect after success and show problems in
 * the GOV.UK error summary.
 */

const hide = { schema: { hide: true } } as const;
type Params = { id: string };

function checkId(raw: string, what: string): string {
  if (!z.uuid().safeParse(raw).success) throw errors.notFound(`${what} ${raw}`);
  return raw;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** A problem no field can fix (not found, not allowed), shown as an error page. */
function problemPage(reply: FastifyReply, e: AppError) {
  return reply.status(e.status).page('pages/error.njk', {
    title: e.title,
    detail: e.detail,
    status: e.status,
    requestId: reply.request.id,
  });
}

const DONE: Record<string, string> = {
  started:
    'The run is queued. This page shows its progress; its output will wait for a named overseer before anyone acts on it.',
  accepted: 'Your review was recorded: the output is accepted.',
  amended: 'Your review was recorded: the output is amended.',
  rejected: 'Your review was recorded: the output is rejected and will not be released.',
  decided: 'Your decision was recorded and the run is complete.',
  departed: 'Your departure from this output was recorded.',
};

const reviewSchema = z.object({
  decision: z.enum(['accepted', 'amended', 'rejected'], {
    message: 'Select whether you accept, amend or reject the output',
  }),
  reasons: z
    .string()
    .trim()
    .min(5, 'Enter your reasons in at least 5 characters')
    .max(5000, 'Your reasons must be 5000 characters or fewer'),
});

export function oversightPages(services: Services, afterReview: AfterReview[] = []): FastifyPluginAsync {
  const { db, config } = services;

  /** Starts working out a forecast map's place names while the run waits for its reviewer. */
  const prefetchLabels = (runId: string, input: unknown) => {
    const source = parseHotspotsInput(input);
    if (!source) return;
    void db
      .selectFrom('runs')
      .select('output')
      .where('id', '=', runId)
      .executeTakeFirst()
      .then((row) => {
        const output = parseHotspotsOutput(row?.output);
        if (output) void runPlaceLabels(runId, source, output);
      })
      .catch(() => undefined);
  };

  const runPage = async (reply: FastifyReply, p: Principal, id: string, extra: RunPageExtra = {}) => {
    const data = await runPageData(db, config, p, id, extra);
    // Without JavaScript the browser reloads a run still under way (HTTP Refresh); the page offers
    // a link that stops it (WCAG 2.2.1).
    const seconds = data.progress && 'refreshSeconds' in data.progress ? data.progress.refreshSeconds : null;
    if (seconds) reply.header('refresh', String(seconds));
    return reply.page('oversight/run.njk', data);
  };

  /** Re-shows the run page with the problems of one form, or an error page for the others. */
  const formFailed = async (
    reply: FastifyReply,
    p: Principal,
    id: string,
    form: 'review' | 'decision' | 'departure',
    values: Posted,
    problems: FieldError[] | AppError,
  ) => {
    if (problems instanceof AppError && [401, 404].includes(problems.status))
      return problemPage(reply, problems);
    const list =
      problems instanceof AppError
        ? ((problems.extra.issues as Array<{ path: string; message: string }> | undefined)?.map((i) => ({
            name: i.path,
            text: `${i.path}: ${i.message}`,
            href: `#${form}`,
          })) ?? [{ name: form, text: problems.detail, href: `#${form}` }])
        : problems;
    reply.status(problems instanceof AppError ? problems.status : 400);
    return runPage(reply, p, id, { errorSummary: list, [form]: values });
  };

  return async (app) => {
    app.get('/reviews', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const now = new Date();
      const row = (r: Awaited<ReturnType<typeof reviewQueue>>[number]) => ({
        ...r,
        href: `/runs/${r.id}`,
        waited: waitedFor(r.created_at, now),
        tag: STATUS_TAGS[r.status as keyof typeof STATUS_TAGS],
      });
      return reply.page('oversight/reviews.njk', {
        title: 'Reviews',
        reviews: (await reviewQueue(db, p)).map(row),
        decisions: (await decisionQueue(db, p)).map(row),
      });
    });

    app.get<{ Params: Params; Querystring: { done?: string; refresh?: string } }>(
      '/runs/:id',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = checkId(request.params.id, 'Run');
        return runPage(reply, p, id, {
          banner: DONE[String(request.query?.done ?? '')] ?? null,
          autoRefresh: request.query?.refresh !== 'off',
        });
      },
    );

    app.post<{ Params: Params }>('/runs/:id/review', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'Run');
      const values = postedValues(request.body);
      const parsed = reviewSchema.safeParse({
        decision: one(values.decision) || undefined,
        reasons: one(values.reasons),
      });
      const problems: FieldError[] = parsed.success
        ? []
        : parsed.error.issues.map((i) => ({
            name: String(i.path[0]),
            text: i.message,
            href: i.path[0] === 'decision' ? '#f-decision' : '#f-reasons',
          }));
      let amendedOutput: unknown;
      if (parsed.success && parsed.data.decision === 'amended') {
        const row = await runInForce(db, p, id);
        const output = parseHotspotsOutput(row.output);
        if (row.module_id === 'hotspots' && output) {
          const drop = new Set(many(values.drop).map(Number));
          if (drop.size === 0)
            problems.push({ name: 'drop', text: 'Choose the cells to drop', href: '#f-drop' });
          else if (drop.size >= output.topCells.length)
            problems.push({
              name: 'drop',
              text: 'Keep at least one cell, or reject the output',
              href: '#f-drop',
            });
          else amendedOutput = dropTopCells(output, drop);
        } else {
          try {
            amendedOutput = JSON.parse(one(values.amendedOutput));
          } catch {
            problems.push({
              name: 'amendedOutput',
              text: 'Enter the amended output as JSON',
              href: '#f-amendedOutput',
            });
          }
        }
      }
      if (problems.length || !parsed.success) return formFailed(reply, p, id, 'review', values, problems);
      try {
        await reviewRun(db, p, id, { ...parsed.data, amendedOutput }, afterReview);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return formFailed(reply, p, id, 'review', values, e);
      }
      return reply.redirect(`/runs/${id}?done=${parsed.data.decision}`, 303);
    });

    app.post<{ Params: Params }>('/runs/:id/decision', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'Run');
      const values = postedValues(request.body);
      try {
        await recordDecision(db, p, id, one(values.decision), one(values.reasons));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const issues = e.extra.issues as Array<{ path: string; message: string }> | undefined;
        const problems = issues?.map((i) => ({
          name: `decision-${i.path}`,
          text: i.message.charAt(0).toUpperCase() + i.message.slice(1),
          href: i.path === 'reasons' ? '#f-decision-reasons' : '#f-decision-decision',
        }));
        return formFailed(reply, p, id, 'decision', values, problems ?? e);
      }
      return reply.redirect(`/runs/${id}?done=decided`, 303);
    });

    app.post<{ Params: Params }>('/runs/:id/departure', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'Run');
      const values = postedValues(request.body);
      const reasons = one(values.reasons);
      if (reasons.length < 10) {
        return formFailed(reply, p, id, 'departure', values, [
          {
            name: 'departure-reasons',
            text: 'Say why you departed in at least 10 characters',
            href: '#f-departure-reasons',
          },
        ]);
      }
      try {
        await recordDeparture(db, p, id, reasons.slice(0, 5000));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return formFailed(reply, p, id, 'departure', values, e);
      }
      return reply.redirect(`/runs/${id}?done=departed`, 303);
    });

    app.get<{ Params: Params }>('/runs/:id/forecast.geojson', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'Run');
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
    });

    app.get<{ Params: Params }>('/systems/:id/runs/new', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'AI system');
      return reply.page('oversight/run-new.njk', await startFormData(db, p, id));
    });

    app.post<{ Params: Params }>('/systems/:id/runs', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'AI system');
      const system = await systemInForce(db, p, id);
      const values = postedValues(request.body);
      const kind = inputKind(system.module_id);
      const form = await startFormData(db, p, id);
      const parsed = parseStart(kind, values, form.needsDecisionMaker, form.trainDays, form.hotspotSources);
      const again = async (status: number, problems: FieldError[]) => {
        reply.status(status);
        return reply.page('oversight/run-new.njk', await startFormData(db, p, id, values, problems));
      };
      if (parsed.errors.length) return again(400, parsed.errors);
      let input = callerInput(parsed.input);
      if (parsed.hotspots) {
        try {
          input = (await buildHotspotInput(parsed.hotspots, { db, forceId: p.forceId })).input;
        } catch (e) {
          if (!(e instanceof IngestError)) throw e;
          return again(400, [{ name: 'sourceId', text: e.message, href: '#f-sourceId' }]);
        }
      }
      try {
        const run = await startRun(services.runs, p, id, {
          input,
          purpose: parsed.purpose,
          caseReference: parsed.caseReference,
          decisionMakerId: parsed.decisionMakerId,
        });
        if (parsed.hotspots) prefetchLabels(run.id, input);
        return reply.redirect(`/runs/${run.id}?done=started`, 303);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if ([401, 404].includes(e.status)) return problemPage(reply, e);
        const issues = e.extra.issues as Array<{ path: string; message: string }> | undefined;
        const problems = issues?.length
          ? issues.map((i) => {
              const name = inputErrorField(kind, i.path, i.message);
              return { name, text: `${i.path}: ${i.message}`, href: hrefFor(kind, name) };
            })
          : [{ name: 'run', text: e.detail, href: '#f-purpose' }];
        return again(e.status, problems);
      }
    });

    app.get<{ Params: Params }>('/systems/:id/runs', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'AI system');
      const system = await systemInForce(db, p, id);
      const runs = await db
        .selectFrom('runs')
        .innerJoin('people', 'people.id', 'runs.actor_id')
        .select([
          'runs.id',
          'runs.reference',
          'runs.status',
          'runs.purpose',
          'runs.created_at',
          'runs.released_at',
          'people.name as by',
        ])
        .where('runs.system_id', '=', id)
        .where('runs.force_id', '=', p.forceId)
        .orderBy('runs.created_at', 'desc')
        .limit(200)
        .execute();
      return reply.page('oversight/runs.njk', {
        title: `Runs of ${system.name}`,
        system: { id: system.id, name: system.name, reference: system.reference },
        runnable: system.stage === 'live' || system.stage === 'trial',
        runs: runs.map((r) => ({ ...r, tag: STATUS_TAGS[r.status] })),
      });
    });
  };
}
