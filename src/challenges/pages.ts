import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError, errors } from '../http/errors.ts';
import type { Principal } from '../identity/model.ts';
import { publicForceChoices, publicForceOr404 } from '../identity/onboarding.ts';
import { SEVERITIES, SEVERITY_TITLES } from '../incidents/model.ts';
import {
  type FormErrors,
  postedStrings,
  problemErrors,
  problemPage,
  zodErrors,
} from '../incidents/page-form.ts';
import { forceSlug } from '../incidents/routes.ts';
import { projectRoot } from '../shared-data.ts';
import { langOf } from '../web/i18n/index.ts';
import { FORM_FIELD, formTokenValid, issueFormToken } from './form-token.ts';
import {
  CHALLENGE_REFERENCE,
  challengeInputSchema,
  decisionSchema,
  normaliseReference,
  STATUS_TITLES,
} from './model.ts';
import { listChallenges, statsForForce } from './repository.ts';
import { DEFAULT_LIMITS, lookupLimit, type PublicLimits, submitLimit } from './routes.ts';
import {
  acknowledgeAt,
  challengeInForce,
  challengeStatus,
  decideChallenge,
  handlerProblem,
  openSealed,
  submitChallenge,
} from './service.ts';
import { ANSWER_WORKING_DAYS, isOverdue } from './service-standard.ts';
import { decidableBy } from './work.ts';

/** Templates of the challenge pages; add to the Nunjucks search path. */
export const CHALLENGE_VIEWS = path.join(projectRoot, 'src/challenges/views');

const hide = { schema: { hide: true } } as const;

const STATUS_TAGS: Record<string, string> = {
  received: 'govuk-tag--blue',
  'under-review': 'govuk-tag--yellow',
  upheld: 'govuk-tag--green',
  'not-upheld': 'govuk-tag--grey',
};
const tagFor = (status: string) => ({
  text: STATUS_TITLES[status as keyof typeof STATUS_TITLES] ?? status,
  classes: STATUS_TAGS[status] ?? '',
});

/** The posted decision form as the API's decision input. */
const decisionForm = z
  .object({
    outcome: z.string().optional(),
    reasons: z.string().optional(),
    openIncident: z.string().optional(),
    incidentSeverity: z.string().optional(),
    incidentTitle: z.string().optional(),
  })
  .transform((f) => ({
    outcome: f.outcome,
    reasons: f.reasons ?? '',
    ...(f.openIncident === 'yes'
      ? { incident: { severity: f.incidentSeverity, title: f.incidentTitle ?? '' } }
      : {}),
  }));

const INCIDENT_FIELD_IDS: Record<string, string> = {
  outcome: 'f-outcome',
  incident: 'f-incidentSeverity',
};

/** What the public pages say about when a challenge was received, its answer date and where else to go. */
function timingOf(
  status: { receivedAt: string; answerDueBy: string; outcome: string | null },
  sent: boolean,
) {
  return {
    days: ANSWER_WORKING_DAYS,
    receivedAt: status.receivedAt,
    answerDueBy: status.answerDueBy,
    late: status.outcome === null && isOverdue(new Date(status.receivedAt), new Date()),
    decided: status.outcome !== null,
    acknowledged: sent,
  };
}

/**
 * Public pages to challenge an AI-influenced outcome and check its status (no sign-in; forms
 * protected by a double-submit token), the public counts per system, and the force's pages to
 * decide challenges.
 */
export function challengePages(
  services: Services,
  limits: PublicLimits = DEFAULT_LIMITS,
): FastifyPluginAsync {
  const { db, config } = services;
  const secure = config.env === 'production';

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errs?: FormErrors,
  ) {
    const forces = await publicForceChoices(db);
    return reply.page('challenges/challenge.njk', {
      title: 'Challenge a decision influenced by AI',
      formToken: issueFormToken(request, reply, secure),
      formField: FORM_FIELD,
      values,
      forces: [
        { value: '', text: 'Choose a police force' },
        ...forces.map((f) => ({ value: f.slug, text: f.name, selected: f.slug === values.force })),
      ],
      fieldErrors: errs?.fieldErrors ?? {},
      errorSummary: errs?.errorSummary ?? [],
    });
  }

  async function detailPage(
    reply: FastifyReply,
    p: Principal,
    id: string,
    extra: { values?: Record<string, string>; errors?: FormErrors; banner?: string | null } = {},
  ) {
    const c = await challengeInForce(db, p, id);
    const problem = await handlerProblem(db, p, c);
    const sealed =
      problem === null || c.handler_id === p.personId ? openSealed(config.dataEncryptionKey, c) : null;
    const values = extra.values ?? {};
    return reply.page('challenges/decide.njk', {
      title: `Challenge ${c.reference}`,
      challenge: {
        id: c.id,
        reference: c.reference,
        tag: tagFor(c.status),
        system: c.system_id ? { id: c.system_id, name: c.system_name, reference: c.system_reference } : null,
        run: c.run_id ? { id: c.run_id, reference: c.run_reference } : null,
        receivedAt: c.created_at,
        decidedAt: c.decided_at,
        handler: c.handler_name,
        reasons: c.outcome_reasons,
        incident: c.incident_id ? { id: c.incident_id, reference: c.incident_reference } : null,
        ...(sealed ?? {}),
      },
      sealedShown: sealed !== null,
      mayDecide: problem === null,
      whyNot: problem?.message ?? null,
      values,
      severities: SEVERITIES.map((s) => ({
        value: s,
        text: SEVERITY_TITLES[s],
        selected: s === (values.incidentSeverity ?? 'minor'),
      })),
      fieldErrors: extra.errors?.fieldErrors ?? {},
      errorSummary: extra.errors?.errorSummary ?? [],
      banner: extra.banner ?? null,
    });
  }

  return async (app) => {
    app.get('/challenge', { ...hide, config: { rateLimit: lookupLimit(limits) } }, async (request, reply) =>
      formPage(request, reply, {}),
    );

    app.post(
      '/challenge',
      { ...hide, config: { rateLimit: submitLimit(limits) } },
      async (request, reply) => {
        const values = postedStrings(request.body);
        if (!formTokenValid(request, values[FORM_FIELD])) {
          reply.status(403);
          const text = 'The form could not be checked. It may have expired: submit it again.';
          return formPage(request, reply, values, {
            fieldErrors: {},
            errorSummary: [{ text, href: '#f-description' }],
          });
        }
        const parsed = challengeInputSchema.safeParse(values);
        if (!parsed.success) {
          reply.status(400);
          return formPage(request, reply, values, zodErrors(parsed.error));
        }
        try {
          const { reference, acknowledged } = await submitChallenge(
            db,
            config.dataEncryptionKey,
            parsed.data,
            { acknowledgeAt: acknowledgeAt(config), lang: langOf(request) },
          );
          return reply.redirect(`/challenge/received/${reference}${acknowledged ? '?sent=1' : ''}`, 303);
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== 'invalid-input') throw e;
          reply.status(400);
          return formPage(request, reply, values, problemErrors(e, 'description'));
        }
      },
    );

    app.get<{ Params: { reference: string }; Querystring: { sent?: string } }>(
      '/challenge/received/:reference',
      { ...hide, config: { rateLimit: lookupLimit(limits) } },
      async (request, reply) => {
        const reference = normaliseReference(request.params.reference);
        if (!CHALLENGE_REFERENCE.test(reference))
          throw errors.notFound(`A challenge with the reference ${reference}`);
        const status = await challengeStatus(db, reference);
        return reply.page('challenges/received.njk', {
          title: 'Challenge received',
          reference: status.reference,
          timing: timingOf(status, request.query?.sent === '1'),
        });
      },
    );

    app.get<{ Querystring: { reference?: string } }>(
      '/challenge/status',
      { ...hide, config: { rateLimit: lookupLimit(limits) } },
      async (request, reply) => {
        const raw = String(request.query?.reference ?? '');
        const data: Record<string, unknown> = { title: 'Check a challenge', reference: raw, fieldErrors: {} };
        if (raw.trim()) {
          const reference = normaliseReference(raw);
          let problem: string | null = null;
          if (!CHALLENGE_REFERENCE.test(reference)) problem = 'Enter the reference in the format C-XXXX-XXXX';
          else {
            try {
              const status = await challengeStatus(db, reference);
              return reply.page('challenges/status.njk', {
                ...data,
                title: `Challenge ${status.reference}`,
                result: { ...status, tag: tagFor(status.status) },
                timing: timingOf(status, false),
              });
            } catch (e) {
              if (!(e instanceof AppError) || e.status !== 404) throw e;
              problem = 'No challenge has this reference. Check it and try again';
            }
          }
          reply.status(400);
          Object.assign(data, {
            fieldErrors: { reference: problem },
            errorSummary: [{ text: problem, href: '#f-reference' }],
          });
        }
        return reply.page('challenges/status.njk', data);
      },
    );

    app.get<{ Params: { slug: string } }>('/forces/:slug/challenges', hide, async (request, reply) => {
      const slug = forceSlug.safeParse(request.params.slug);
      if (!slug.success) throw errors.notFound(`The force "${request.params.slug}"`);
      const force = await publicForceOr404(db, slug.data);
      return reply.page('challenges/stats.njk', {
        title: `Challenges to AI-influenced decisions at ${force.name}`,
        force: { slug: force.slug, name: force.name },
        systems: await statsForForce(db, force.id),
      });
    });

    app.get('/challenges', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const rows = await listChallenges(db, p.forceId);
      const mine = await decidableBy(db, p, rows);
      return reply.page('challenges/list.njk', {
        title: 'Challenges from the public',
        challenges: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          tag: tagFor(r.status),
          system: r.system_name,
          runReference: r.run_reference,
          receivedAt: r.created_at,
          youMayDecide: mine.has(r.id),
        })),
      });
    });

    app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
      '/challenges/:id',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        if (!z.uuid().safeParse(request.params.id).success)
          throw errors.notFound(`Challenge ${request.params.id}`);
        const banner =
          request.query?.done === 'decided' ? 'Decision recorded and written to the audit ledger.' : null;
        return detailPage(reply, p, request.params.id, { banner });
      },
    );

    app.post<{ Params: { id: string } }>('/challenges/:id/decision', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = request.params.id;
      if (!z.uuid().safeParse(id).success) throw errors.notFound(`Challenge ${id}`);
      const values = postedStrings(request.body);
      const parsed = decisionSchema.safeParse(decisionForm.parse(values));
      if (!parsed.success) {
        reply.status(400);
        return detailPage(reply, p, id, { values, errors: zodErrors(parsed.error, INCIDENT_FIELD_IDS) });
      }
      try {
        await decideChallenge(db, p, id, parsed.data);
        return reply.redirect(`/challenges/${id}?done=decided`, 303);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.status === 404 || e.status === 401) return problemPage(reply, e);
        reply.status(e.status);
        return detailPage(reply, p, id, { values, errors: problemErrors(e, 'outcome', INCIDENT_FIELD_IDS) });
      }
    });
  };
}
