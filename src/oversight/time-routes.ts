import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError, errors } from '../http/errors.ts';
import { abilitiesFor } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import {
  type FormErrors,
  postedStrings,
  problemErrors,
  problemPage,
  zodErrors,
} from '../incidents/page-form.ts';
import { systemInForce } from '../register/service.ts';
import { CATEGORY_TITLES, REINVESTMENT_CATEGORIES } from './time.ts';
import { recordReinvestment, reinvestmentSchema, systemImpact } from './time-service.ts';

const idParams = z.object({ id: z.uuid() });

/** Time saved, reinvestment and energy per system: API, and a page (`impact/impact.njk`). */
export function timeRoutes(services: Services): FastifyPluginAsync {
  const { db } = services;

  async function impactPage(
    reply: FastifyReply,
    p: Principal,
    id: string,
    extra: { values?: Record<string, string>; errors?: FormErrors; banner?: string | null } = {},
  ) {
    const system = await systemInForce(db, p, id);
    const impact = await systemImpact(db, id);
    const abilities = abilitiesFor(p, { productManagerId: system.product_manager_id });
    const values = extra.values ?? {};
    return reply.page('impact/impact.njk', {
      title: `Time saved and energy: ${system.name}`,
      system: { id: system.id, name: system.name, reference: system.reference },
      impact: {
        ...impact,
        reinvestments: impact.reinvestments.map((r) => ({
          ...r,
          categoryTitle: CATEGORY_TITLES[r.category],
        })),
      },
      abilities,
      canRecord: abilities['time.reinvest'],
      categories: REINVESTMENT_CATEGORIES.map((c) => ({
        value: c,
        text: CATEGORY_TITLES[c],
        checked: values.category === c,
      })),
      values,
      fieldErrors: extra.errors?.fieldErrors ?? {},
      errorSummary: extra.errors?.errorSummary ?? [],
      banner: extra.banner ?? null,
    });
  }

  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['oversight'];

    app.get(
      '/api/systems/:id/impact',
      {
        schema: {
          summary: "A system's officer time saved, where it was reinvested, energy (Wh) and CO2e (g)",
          description:
            '`summary.estimatedHoursSaved` is an estimate, not a measurement: the expected minutes saved per task (from the register) times the released runs, in hours. Energy and CO2e are estimated from processor time.',
          tags,
          params: idParams,
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        await systemInForce(db, p, request.params.id);
        return systemImpact(db, request.params.id);
      },
    );

    app.post(
      '/api/systems/:id/reinvestment',
      {
        schema: {
          summary: 'Record where a period’s saved officer time was reinvested (the product manager)',
          tags,
          params: idParams,
          body: reinvestmentSchema,
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await recordReinvestment(db, requirePrincipal(request), request.params.id, request.body)),
    );

    app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
      '/systems/:id/impact',
      { schema: { hide: true } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        if (!z.uuid().safeParse(request.params.id).success)
          throw errors.notFound(`AI system ${request.params.id}`);
        const banner =
          request.query?.done === 'recorded' ? 'Recorded and written to the audit ledger.' : null;
        return impactPage(reply, p, request.params.id, { banner });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/systems/:id/reinvestment',
      { schema: { hide: true } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = request.params.id;
        if (!z.uuid().safeParse(id).success) throw errors.notFound(`AI system ${id}`);
        const values = postedStrings(request.body);
        const parsed = reinvestmentSchema.safeParse(values);
        if (!parsed.success) {
          reply.status(400);
          return impactPage(reply, p, id, { values, errors: zodErrors(parsed.error) });
        }
        try {
          await recordReinvestment(db, p, id, parsed.data);
          return reply.redirect(`/systems/${id}/impact?done=recorded`, 303);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          if (e.status === 404 || e.status === 401) return problemPage(reply, e);
          reply.status(e.status);
          return impactPage(reply, p, id, { values, errors: problemErrors(e, 'hours') });
        }
      },
    );
  };
}
