import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { adoptCatalogueEntry, listCatalogue } from './catalogue.ts';
import { DECISIONS, REASONS_MAX, refusalEffectText, stageAfterRefusal } from './decisions.ts';
import { FORM_KINDS, FORMS } from './forms.ts';
import {
  dismissHorizonItem,
  horizonItemSchema,
  listHorizon,
  promoteHorizonItem,
  recordHorizonItem,
} from './horizon.ts';
import { lifecycleTable, STAGES, type Stage } from './lifecycle.ts';
import { systemInputSchema, systemPatchSchema, USE_CASES } from './model.ts';
import { presentSystem, taskList } from './presenters.ts';
import { approveDecision, refusalsOf, refuseDecision } from './refusals.ts';
import { approvalsFor, evidenceVersions, listSystems, overseerIds, transitions } from './repository.ts';
import {
  createSystem,
  gateState,
  performAction,
  reviewEvidence,
  submitEvidence,
  systemInForce,
  updateSystem,
} from './service.ts';

const idParams = z.object({ id: z.uuid() });

export function registerRoutes(services: Services): FastifyPluginAsync {
  const { db } = services;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/lifecycle',
      {
        schema: {
          summary:
            'The lifecycle table: stages, actions, roles, evidence, separation rules, and what a refusal of each approval or authorisation does',
          tags: ['register'],
        },
      },
      async () => ({
        ...lifecycleTable(),
        refusals: DECISIONS.map((d) => ({ ...d, title: FORMS[d.form].title })),
      }),
    );

    app.get(
      '/api/systems',
      {
        schema: {
          summary: "Your force's AI register",
          tags: ['register'],
          querystring: z.object({
            stage: z.enum(STAGES).optional(),
            useCase: z.enum(USE_CASES).optional(),
            q: z.string().max(200).optional(),
          }),
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const rows = await listSystems(db, p.forceId, request.query);
        return Promise.all(rows.map(async (r) => presentSystem(r, await overseerIds(db, r.id))));
      },
    );

    app.post(
      '/api/systems',
      {
        schema: {
          summary: 'Add a system to the register (AI lead, project lead); it starts at horizon',
          tags: ['register'],
          body: systemInputSchema,
          response: { 201: z.object({ id: z.string(), reference: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createSystem(db, requirePrincipal(request), request.body)),
    );

    app.get(
      '/api/systems/:id',
      { schema: { summary: 'A system: record, stage and task list', tags: ['register'], params: idParams } },
      async (request) => {
        const p = requirePrincipal(request);
        const system = await systemInForce(db, p, request.params.id);
        const { state, evidence } = await gateState(db, system);
        return {
          ...presentSystem(system, [...state.overseerIds]),
          evidence: Object.fromEntries(
            [...evidence.values()].map((e) => [
              e.kind,
              {
                version: e.version,
                hash: e.hash,
                approved: e.approved,
                createdAt: e.createdAt.toISOString(),
              },
            ]),
          ),
          taskList: taskList(state, evidence),
        };
      },
    );

    app.patch(
      '/api/systems/:id',
      {
        schema: {
          summary: 'Change a register record',
          tags: ['register'],
          params: idParams,
          body: systemPatchSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await updateSystem(db, requirePrincipal(request), request.params.id, request.body);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/systems/:id/evidence/:kind',
      {
        schema: {
          summary: 'Submit a new version of an evidence form',
          tags: ['register'],
          params: z.object({ id: z.uuid(), kind: z.enum(FORM_KINDS as [string, ...string[]]) }),
          body: z.object({ data: z.unknown() }),
          response: { 201: z.object({ version: z.number(), hash: z.string() }) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await submitEvidence(
              db,
              requirePrincipal(request),
              request.params.id,
              request.params.kind,
              request.body.data,
            ),
          ),
    );

    app.get(
      '/api/systems/:id/evidence/:kind',
      {
        schema: {
          summary: 'Every version of an evidence form, with approvals',
          tags: ['register'],
          params: z.object({ id: z.uuid(), kind: z.enum(FORM_KINDS as [string, ...string[]]) }),
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        await systemInForce(db, p, request.params.id);
        const versions = await evidenceVersions(db, request.params.id, request.params.kind);
        const approvals = await approvalsFor(
          db,
          versions.map((v) => v.id),
        );
        return versions.map((v) => ({
          version: v.version,
          hash: v.hash,
          data: v.data,
          author: { id: v.author_id, name: v.author_name },
          createdAt: v.created_at.toISOString(),
          reviews: approvals
            .filter((a) => a.evidence_id === v.id)
            .map((a) => ({
              decision: a.decision,
              hash: a.hash,
              reasons: a.reasons,
              by: { id: a.approver_id, name: a.approver_name },
              at: a.created_at.toISOString(),
            })),
        }));
      },
    );

    app.post(
      '/api/systems/:id/evidence/:kind/review',
      {
        schema: {
          summary: 'Approve or reject one version of a form, pinned by its hash',
          tags: ['register'],
          params: z.object({ id: z.uuid(), kind: z.enum(FORM_KINDS as [string, ...string[]]) }),
          body: z.object({
            version: z.number().int().min(1),
            hash: z.string().regex(/^[0-9a-f]{64}$/),
            decision: z.enum(['approved', 'rejected']),
            reasons: z.string().trim().min(3).max(5000),
          }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await reviewEvidence(
          db,
          requirePrincipal(request),
          request.params.id,
          request.params.kind,
          request.body,
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/systems/:id/actions/:action',
      {
        schema: {
          summary:
            'Take a lifecycle action named as in the table (403 wrong role; 409 wrong stage, missing evidence, separation)',
          tags: ['register'],
          params: z.object({ id: z.uuid(), action: z.string().max(100) }),
          body: z.object({ reasons: z.string().max(5000).optional() }).optional(),
          response: { 200: z.object({ from: z.string(), to: z.string() }) },
        },
      },
      async (request) =>
        performAction(
          db,
          requirePrincipal(request),
          request.params.id,
          request.params.action,
          request.body?.reasons,
        ),
    );

    app.get(
      '/api/systems/:id/decisions',
      {
        schema: {
          summary:
            'The approvals and authorisations of a system: who gives each, where it can be given, and what a refusal would do now; past refusals',
          tags: ['register'],
          params: idParams,
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const system = await systemInForce(db, p, request.params.id);
        const stage = system.stage as Stage;
        return {
          decisions: DECISIONS.map((d) => ({
            form: d.form,
            title: FORMS[d.form].title,
            kind: d.kind,
            roles: d.roles,
            at: d.at,
            openNow: d.at.includes(stage),
            ifRefused: {
              effect: d.onRefusal.effect,
              to: stageAfterRefusal(d, stage),
              redo: d.onRefusal.redo,
              text: refusalEffectText(d, stage),
            },
          })),
          refusals: (await refusalsOf(db, system.id)).map((r) => ({
            form: r.kind,
            reasons: r.reasons,
            redo: r.redo,
            from: r.from_stage,
            to: r.to_stage,
            by: r.actor_name,
            at: r.created_at.toISOString(),
          })),
        };
      },
    );

    app.post(
      '/api/systems/:id/decisions/:form',
      {
        schema: {
          summary:
            'Approve or refuse an approval or authorisation (refusal: reasons required, 10 to 5,000 characters; the system stays or returns as the refusal table says)',
          tags: ['register'],
          params: z.object({ id: z.uuid(), form: z.string().max(100) }),
          body: z.object({
            decision: z.enum(['approve', 'refuse']),
            reasons: z.string().max(REASONS_MAX).optional(),
            data: z.record(z.string(), z.unknown()).optional(),
            version: z.number().int().min(1).optional(),
            hash: z
              .string()
              .regex(/^[0-9a-f]{64}$/)
              .optional(),
          }),
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { id, form } = request.params;
        const body = request.body;
        if (body.decision === 'refuse')
          return reply
            .status(200)
            .send({ decision: 'refused', ...(await refuseDecision(db, p, id, form, body.reasons)) });
        return reply
          .status(201)
          .send({ decision: 'approved', ...(await approveDecision(db, p, id, form, body)) });
      },
    );

    app.get(
      '/api/systems/:id/timeline',
      {
        schema: {
          summary: 'Who decided what, on what evidence, and when (from the ledger)',
          tags: ['register'],
          params: idParams,
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        await systemInForce(db, p, request.params.id);
        const rows = await db
          .selectFrom('ledger_entries')
          .leftJoin('people', 'people.id', 'ledger_entries.actor_id')
          .select([
            'ledger_entries.seq',
            'ledger_entries.at',
            'ledger_entries.action',
            'ledger_entries.payload',
            'ledger_entries.entry_hash',
            'people.name as actor',
          ])
          .where('subject_type', '=', 'ai-system')
          .where('subject_id', '=', request.params.id)
          .orderBy('seq')
          .execute();
        return {
          transitions: (await transitions(db, request.params.id)).map((t) => ({
            ...t,
            created_at: t.created_at.toISOString(),
          })),
          ledger: rows.map((r) => ({
            seq: Number(r.seq),
            at: r.at.toISOString(),
            action: r.action,
            actor: r.actor,
            payload: r.payload,
            entryHash: r.entry_hash.toString('hex'),
          })),
        };
      },
    );

    app.get(
      '/api/horizon',
      { schema: { summary: "The AI lead's horizon-scanning log", tags: ['register'] } },
      async (request) => {
        const p = requirePrincipal(request);
        return (await listHorizon(db, p.forceId)).map((h) => ({
          ...h,
          created_at: h.created_at.toISOString(),
        }));
      },
    );

    app.post(
      '/api/horizon',
      {
        schema: {
          summary: 'Record a candidate technology (AI lead)',
          tags: ['register'],
          body: horizonItemSchema,
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await recordHorizonItem(db, requirePrincipal(request), request.body)),
    );

    app.post(
      '/api/horizon/:id/promote',
      {
        schema: {
          summary: 'Promote a candidate to a proposal in the register (AI lead)',
          tags: ['register'],
          params: idParams,
          body: systemInputSchema,
          response: { 201: z.object({ id: z.string(), reference: z.string() }) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await promoteHorizonItem(db, requirePrincipal(request), request.params.id, request.body)),
    );

    app.post(
      '/api/horizon/:id/dismiss',
      {
        schema: {
          summary: 'Dismiss a candidate, with reasons (AI lead)',
          tags: ['register'],
          params: idParams,
          body: z.object({ reasons: z.string().trim().min(10).max(5000) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await dismissHorizonItem(db, requirePrincipal(request), request.params.id, request.body.reasons);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/catalogue',
      {
        schema: {
          summary: 'The national catalogue, with every force that uses each system',
          tags: ['register'],
        },
      },
      async (request) => {
        requirePrincipal(request);
        return listCatalogue(db);
      },
    );

    app.post(
      '/api/catalogue/:id/adopt',
      {
        schema: {
          summary: 'Adopt a national catalogue system into your register (AI lead)',
          tags: ['register'],
          params: idParams,
          body: z.object({
            projectLeadId: z.uuid().nullable().default(null),
            productManagerId: z.uuid().nullable().default(null),
            overseerIds: z.array(z.uuid()).default([]),
          }),
          response: { 201: z.object({ id: z.string(), reference: z.string() }) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await adoptCatalogueEntry(db, requirePrincipal(request), request.params.id, request.body)),
    );
  };
}
