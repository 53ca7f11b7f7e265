import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError, errors } from '../http/errors.ts';
import type { Principal } from '../identity/model.ts';
import { pluginFor } from '../modules/plugins.ts';
import { systemInForce } from '../register/service.ts';
import { projectRoot } from '../shared-data.ts';
import { one, postedValues } from './form-values.ts';
import { decisionQueue, reviewQueue, waitedFor } from './queue.ts';
import { storedRunOutput } from './run-input.ts';
import { type FieldError, type Posted, type RunPageExtra, runPageData, STATUS_TAGS } from './run-page.ts';
import { type AfterReview, recordDecision, recordDeparture, reviewRun, runInForce } from './runs.ts';
import { startFormData, startFromForm } from './start-form.ts';

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
        // The module's own amendment fields (hot spots: cells to drop), else the output as JSON.
        const own = pluginFor(row.module_id)?.reviewAmendment?.(
          storedRunOutput(config.dataEncryptionKey, row),
          values,
        );
        if (own && 'problems' in own) problems.push(...own.problems);
        else if (own) amendedOutput = own.output;
        else {
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

    app.get<{ Params: Params }>('/systems/:id/runs/new', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'AI system');
      return reply.page('oversight/run-new.njk', await startFormData(db, p, id));
    });

    app.post<{ Params: Params }>('/systems/:id/runs', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'AI system');
      const values = postedValues(request.body);
      let started: Awaited<ReturnType<typeof startFromForm>>;
      try {
        started = await startFromForm(services.runs, p, id, values);
      } catch (e) {
        if (e instanceof AppError && [401, 404].includes(e.status)) return problemPage(reply, e);
        throw e;
      }
      if ('run' in started) return reply.redirect(`/runs/${started.run.id}?done=started`, 303);
      reply.status(started.status);
      return reply.page('oversight/run-new.njk', await startFormData(db, p, id, values, started.problems));
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
