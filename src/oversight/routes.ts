import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { decrypt } from '../security/encryption.ts';
import {
  type AfterReview,
  isOverseer,
  markOpened,
  recordDecision,
  recordDeparture,
  reviewRun,
  runInForce,
  startRun,
} from './runs.ts';

const idParams = z.object({ id: z.uuid() });

export function oversightRoutes(services: Services, afterReview: AfterReview[] = []): FastifyPluginAsync {
  const { db, config } = services;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/systems/:id/runs',
      {
        schema: {
          summary: 'Run the AI system (live, or trial within scope); the output waits for a named reviewer',
          tags: ['oversight'],
          params: idParams,
          body: z.object({
            input: z.unknown(),
            purpose: z.string().trim().min(5).max(1000),
            caseReference: z.string().trim().max(100).optional(),
            team: z.string().max(200).optional(),
            area: z.string().max(200).optional(),
            decisionMakerId: z.uuid().optional(),
          }),
          response: {
            201: z.object({
              id: z.string(),
              reference: z.string(),
              status: z.string(),
              needsReview: z.boolean(),
            }),
          },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await startRun(db, config, requirePrincipal(request), request.params.id, request.body)),
    );

    app.get(
      '/api/runs/:id',
      {
        schema: {
          summary: 'A run: input summary, output (once released or for reviewers), explanation, decisions',
          tags: ['oversight'],
          params: idParams,
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const run = await runInForce(db, p, request.params.id);
        const overseer = await isOverseer(db, run.system_id, p.personId);
        if (overseer) await markOpened(db, run.id, p.personId);
        const privileged = overseer || run.actor_id === p.personId || run.decision_maker_id === p.personId;
        const reviews = await db
          .selectFrom('reviews')
          .innerJoin('people', 'people.id', 'reviews.reviewer_id')
          .select([
            'reviews.decision',
            'reviews.reasons',
            'reviews.amended_output',
            'reviews.seconds_spent',
            'reviews.created_at',
            'people.name',
          ])
          .where('run_id', '=', run.id)
          .execute();
        const decisions = await db
          .selectFrom('run_decisions')
          .innerJoin('people', 'people.id', 'run_decisions.person_id')
          .select([
            'run_decisions.kind',
            'run_decisions.decision',
            'run_decisions.reasons',
            'run_decisions.created_at',
            'people.name',
          ])
          .where('run_id', '=', run.id)
          .orderBy('run_decisions.created_at')
          .execute();
        const visible = privileged || run.status === 'released';
        return {
          id: run.id,
          reference: run.reference,
          systemId: run.system_id,
          status: run.status,
          purpose: run.purpose,
          module: { id: run.module_id, version: run.module_version, settings: run.settings },
          inputFingerprint: run.input_fingerprint,
          input: privileged
            ? run.input_encrypted
              ? JSON.parse(
                  decrypt(config.dataEncryptionKey, run.input_encrypted, `run-input:${run.reference}`),
                )
              : run.input
            : null,
          caseReference:
            privileged && run.case_reference_encrypted
              ? decrypt(config.dataEncryptionKey, run.case_reference_encrypted, `run-case:${run.reference}`)
              : null,
          output: visible ? run.output : null,
          explanation: visible ? run.explanation : null,
          reviewMode: run.review_mode,
          needsReview: run.needs_review,
          decisionMakerId: run.decision_maker_id,
          durationMs: Number(run.duration_ms),
          energyWh: Number(run.energy_wh),
          co2eG: Number(run.co2e_g),
          createdAt: run.created_at.toISOString(),
          releasedAt: run.released_at?.toISOString() ?? null,
          reviews: reviews.map((r) => ({
            decision: r.decision,
            reasons: r.reasons,
            amendedOutput: r.amended_output,
            secondsSpent: Number(r.seconds_spent),
            by: r.name,
            at: r.created_at.toISOString(),
          })),
          decisions: decisions.map((d) => ({
            kind: d.kind,
            decision: d.decision,
            reasons: d.reasons,
            by: d.name,
            at: d.created_at.toISOString(),
          })),
        };
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
        const p = requirePrincipal(request);
        const rows = await db
          .selectFrom('runs')
          .innerJoin('system_overseers as o', 'o.system_id', 'runs.system_id')
          .innerJoin('ai_systems as s', 's.id', 'runs.system_id')
          .select([
            'runs.id',
            'runs.reference',
            'runs.status',
            'runs.purpose',
            'runs.created_at',
            'runs.review_mode',
            's.name as system',
          ])
          .where('o.person_id', '=', p.personId)
          .where('runs.force_id', '=', p.forceId)
          .where('runs.needs_review', '=', true)
          .where('runs.actor_id', '!=', p.personId)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(selectFrom('reviews').select('reviews.id').whereRef('reviews.run_id', '=', 'runs.id')),
            ),
          )
          .orderBy('runs.created_at')
          .execute();
        return rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() }));
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
