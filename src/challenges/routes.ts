import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { publicForceOr404 } from '../identity/onboarding.ts';
import { forceSlug } from '../incidents/routes.ts';
import { langOf } from '../web/i18n/index.ts';
import { challengeInputSchema, decisionSchema, normaliseReference, STATUS_TITLES } from './model.ts';
import { listChallenges, statsForForce } from './repository.ts';
import {
  acknowledgeAt,
  challengeInForce,
  challengeStatus,
  decideChallenge,
  handlerProblem,
  openSealed,
  submitChallenge,
} from './service.ts';
import { decidableBy } from './work.ts';

/** Limits per client address on the public endpoints (submissions are rarer than status checks). */
export interface PublicLimits {
  submitPerMinute: number;
  lookupPerMinute: number;
}
export const DEFAULT_LIMITS: PublicLimits = { submitPerMinute: 10, lookupPerMinute: 60 };

export const submitLimit = (l: PublicLimits) => ({ max: l.submitPerMinute, timeWindow: '1 minute' });
export const lookupLimit = (l: PublicLimits) => ({ max: l.lookupPerMinute, timeWindow: '1 minute' });

/**
 * A JSON body cannot be posted cross-site without a CORS preflight, which this service never
 * grants; a form-encoded one can, so the public API accepts JSON only.
 */
function requireJson(request: FastifyRequest) {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json'))
    throw new AppError(415, 'json-required', 'JSON required', 'Send the challenge as application/json.');
}

const idParams = z.object({ id: z.uuid() });

/** The challenges API: public submission and status, public counts, and deciding inside the force. */
export function challengeRoutes(
  services: Services,
  limits: PublicLimits = DEFAULT_LIMITS,
): FastifyPluginAsync {
  const { db, config } = services;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['challenges'];

    app.post(
      '/api/public/challenges',
      {
        config: { rateLimit: submitLimit(limits) },
        preValidation: async (request) => requireJson(request),
        schema: {
          summary:
            'Challenge an AI-influenced outcome by its reference (R-XXXX-XXXX) or, without one, by force (no sign-in)',
          tags,
          body: challengeInputSchema,
          response: {
            201: z.object({ reference: z.string(), status: z.string(), acknowledged: z.boolean() }),
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await submitChallenge(db, config.dataEncryptionKey, request.body, {
            acknowledgeAt: acknowledgeAt(config),
            lang: langOf(request),
          }),
        ),
    );

    app.get(
      '/api/public/challenges/:reference',
      {
        config: { rateLimit: lookupLimit(limits) },
        schema: {
          summary: 'The status of a challenge and, once decided, its outcome and reasons (no sign-in)',
          tags,
          params: z.object({ reference: z.string().max(40) }),
        },
      },
      async (request) => challengeStatus(db, normaliseReference(request.params.reference)),
    );

    app.get(
      '/api/public/forces/:slug/challenge-stats',
      {
        schema: {
          summary: 'Counts of challenges and their outcomes per AI system of a force (no sign-in)',
          tags,
          params: z.object({ slug: forceSlug }),
        },
      },
      async (request) => {
        const force = await publicForceOr404(db, request.params.slug);
        return { force: { slug: force.slug, name: force.name }, systems: await statsForForce(db, force.id) };
      },
    );

    app.get('/api/challenges', { schema: { summary: "The force's challenges", tags } }, async (request) => {
      const p = requirePrincipal(request);
      const rows = await listChallenges(db, p.forceId);
      const mine = await decidableBy(db, p, rows);
      return rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        status: r.status,
        statusTitle: STATUS_TITLES[r.status],
        system: r.system_name,
        runReference: r.run_reference,
        receivedAt: r.created_at.toISOString(),
        decidedAt: r.decided_at?.toISOString() ?? null,
        youMayDecide: mine.has(r.id),
      }));
    });

    app.get(
      '/api/challenges/:id',
      {
        schema: {
          summary: 'A challenge; its description and contact only for those who may decide it',
          tags,
          params: idParams,
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const c = await challengeInForce(db, p, request.params.id);
        const problem = await handlerProblem(db, p, c);
        const sealed =
          problem === null || c.handler_id === p.personId ? openSealed(config.dataEncryptionKey, c) : null;
        return {
          id: c.id,
          reference: c.reference,
          status: c.status,
          system: c.system_id
            ? { id: c.system_id, name: c.system_name, reference: c.system_reference }
            : null,
          run: c.run_id ? { id: c.run_id, reference: c.run_reference } : null,
          receivedAt: c.created_at.toISOString(),
          description: sealed?.description ?? null,
          contact: sealed?.contact ?? null,
          youMayDecide: problem === null,
          whyNot: problem?.message ?? null,
          handler: c.handler_id ? { id: c.handler_id, name: c.handler_name } : null,
          reasons: c.outcome_reasons,
          decidedAt: c.decided_at?.toISOString() ?? null,
          incident: c.incident_id ? { id: c.incident_id, reference: c.incident_reference } : null,
        };
      },
    );

    app.post(
      '/api/challenges/:id/decision',
      {
        schema: {
          summary:
            'Decide a challenge: upheld or not, with reasons; optionally open an incident (a named overseer or product manager who did not review the original output)',
          tags,
          params: idParams,
          body: decisionSchema,
          response: {
            200: z.object({
              status: z.string(),
              incident: z.object({ id: z.string(), reference: z.string() }).nullable(),
            }),
          },
        },
      },
      async (request) => decideChallenge(db, requirePrincipal(request), request.params.id, request.body),
    );
  };
}
