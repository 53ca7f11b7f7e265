import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { errors } from '../http/errors.ts';
import { inputPage, MAX_PAGE } from './input-pages.ts';
import { requestedInput, START_REQUESTS } from './module-start.ts';
import { openRun } from './presenters.ts';
import { reviewQueue } from './queue.ts';
import { type AfterReview, recordDecision, recordDeparture, reviewRun, startRun } from './runs.ts';

const idParams = z.object({ id: z.uuid() });

/** What starting a run answers: 202 while it waits for a worker, 201 once run inline. */
const startedRun = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  url: z.string(),
  failureReason: z.string().nullable().optional(),
});

/** The modules' own requests, each optional under its key in the body of a start. */
const moduleRequests = Object.fromEntries(START_REQUESTS.map((r) => [r.key, r.schema.optional()]));

const startDescription = [
  "The module's `input` (cleared by the module of anything only its own request may set), or the module's own request, from which its input is built:",
  ...START_REQUESTS.map((r) => `\`${r.key}\`: ${r.description}`),
].join(' ');

export function oversightRoutes(services: Services, afterReview: AfterReview[] = []): FastifyPluginAsync {
  const { db, config } = services;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/systems/:id/runs',
      {
        schema: {
          summary:
            'Queue a run of the AI system (live, or trial within scope): 202 with its URL; a worker runs it and the output waits for a named reviewer',
          description: startDescription,
          tags: ['oversight'],
          params: idParams,
          body: z.object({
            input: z.unknown().optional(),
            ...moduleRequests,
            purpose: z.string().trim().min(5).max(1000),
            caseReference: z.string().trim().max(100).optional(),
            decisionMakerId: z.uuid().optional(),
          }),
          response: { 201: startedRun, 202: startedRun },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { input, purpose, caseReference, decisionMakerId, ...requests } = request.body;
        const built = await requestedInput(db, p, request.params.id, input, requests);
        const run = await startRun(services.runs, p, request.params.id, {
          input: built,
          purpose,
          caseReference,
          decisionMakerId,
        });
        // 202 while a worker has it; 201 when an interactive module has already answered inline.
        return reply
          .status(run.status === 'queued' ? 202 : 201)
          .header('location', run.url)
          .send(run);
      },
    );

    app.get(
      '/api/runs/:id',
      {
        schema: {
          summary:
            'A run: status and progress, output (once released or for reviewers), explanation, decisions; its input is read a page at a time from /api/runs/:id/input',
          tags: ['oversight'],
          params: idParams,
        },
      },
      async (request) =>
        (await openRun(db, config, requirePrincipal(request), request.params.id, { withInput: false })).run,
    );

    app.get(
      '/api/runs/:id/input',
      {
        schema: {
          summary:
            "A run's input, a page at a time: each top-level list counted and cut to [offset, offset + limit) (named overseers, the person who ran it and the decision maker only)",
          tags: ['oversight'],
          params: idParams,
          querystring: z.object({
            offset: z.coerce.number().int().min(0).default(0),
            limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(1_000),
          }),
        },
      },
      async (request) => {
        const { run, access } = await openRun(db, config, requirePrincipal(request), request.params.id);
        if (!access.privileged)
          throw errors.forbidden(
            'Only the named overseers, the person who ran it and the decision maker may read a run’s input.',
          );
        return inputPage(run.input, request.query.offset, request.query.limit);
      },
    );

    app.post(
      '/api/runs/:id/review',
      {
        schema: {
          summary: 'Accept, amend or reject an output, with reasons (named overseers only)',
          tags: ['oversight'],
          params: idParams,
          body: z.object({
            decision: z.enum(['accepted', 'amended', 'rejected']),
            reasons: z.string().trim().min(5).max(5000),
            amendedOutput: z.unknown().optional(),
          }),
          response: { 200: z.object({ status: z.string() }) },
        },
      },
      async (request) =>
        reviewRun(db, requirePrincipal(request), request.params.id, request.body, afterReview),
    );

    app.post(
      '/api/runs/:id/decision',
      {
        schema: {
          summary: "The named decision maker's own decision and reasons on a reviewed risk score",
          tags: ['oversight'],
          params: idParams,
          body: z.object({ decision: z.string().max(2000), reasons: z.string().max(5000) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await recordDecision(
          db,
          requirePrincipal(request),
          request.params.id,
          request.body.decision,
          request.body.reasons,
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/runs/:id/departure',
      {
        schema: {
          summary: 'Record that you departed from a released output, and why (officers)',
          tags: ['oversight'],
          params: idParams,
          body: z.object({ reasons: z.string().trim().min(10).max(5000) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await recordDeparture(db, requirePrincipal(request), request.params.id, request.body.reasons);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/reviews/queue',
      { schema: { summary: 'Outputs waiting for your review', tags: ['oversight'] } },
      async (request) => {
        const rows = await reviewQueue(db, requirePrincipal(request));
        return rows.map(({ systemId: _s, ...r }) => ({ ...r, created_at: r.created_at.toISOString() }));
      },
    );

    app.get(
      '/api/systems/:id/runs',
      { schema: { summary: "A system's runs (newest first)", tags: ['oversight'], params: idParams } },
      async (request) => {
        const p = requirePrincipal(request);
        const rows = await db
          .selectFrom('runs')
          .select([
            'id',
            'reference',
            'status',
            'purpose',
            'created_at',
            'released_at',
            'minutes_saved',
            'energy_wh',
            'co2e_g',
          ])
          .where('system_id', '=', request.params.id)
          .where('force_id', '=', p.forceId)
          .orderBy('created_at', 'desc')
          .limit(200)
          .execute();
        return rows.map((r) => ({
          ...r,
          created_at: r.created_at.toISOString(),
          released_at: r.released_at?.toISOString() ?? null,
        }));
      },
    );
  };
}
