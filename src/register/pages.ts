import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError, errors } from '../http/errors.ts';
import {
  assertCan,
  can,
  OVERSEER_ROLES,
  PRODUCT_MANAGER_ROLE,
  PROJECT_LEAD_ROLE,
} from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { authorisedScopeView } from './authorised-scope.ts';
import type { AttachedBiasAudit } from './bias-audits.ts';
import { findDecision, refusalEffectText } from './decisions.ts';
import { lifecycleSvg } from './diagram.ts';
import {
  deriveFields,
  type Field,
  type FieldError,
  type FormValues,
  fieldErrors,
  idFor,
  parseForm,
  postedValues,
  summaryRows,
  valuesFromData,
  viewFields,
} from './form-fields.ts';
import { FORM_KINDS, FORMS, type FormKind, isFormKind } from './forms.ts';
import { biasAuditProblem, decide, type SystemState, thresholdResults } from './gates.ts';
import { listHorizon, promoteHorizonItem } from './horizon.ts';
import { findAction, lifecycleTable, STAGE_TITLES, STAGES, type Stage } from './lifecycle.ts';
import { separationText } from './lifecycle-docs.ts';
import { systemInputSchema, USE_CASE_TITLES, USE_CASES } from './model.ts';
import {
  describeEntry,
  processingText,
  roleList,
  stageTag,
  supplierText,
  systemRows,
  TASK_TAGS,
  useCaseTitle,
} from './page-views.ts';
import { presentSystem, taskList } from './presenters.ts';
import { approveDecision, refusalsOf, refuseDecision } from './refusals.ts';
import {
  approvalsFor,
  evidenceVersions,
  listSystems,
  namesOf,
  overseerIds,
  peopleWithRole,
} from './repository.ts';
import {
  createSystem,
  gateState,
  performAction,
  reviewEvidence,
  submitEvidence,
  systemInForce,
  updateSystem,
} from './service.ts';
import { systemLedger } from './timeline.ts';

/**
 * The pages of the AI register: the register, a system with its task list and timeline, the
 * evidence forms, and the public lifecycle page. Thin: authenticate -> validate -> the same
 * service functions as the API -> render. Forms post back with the session's CSRF token and
 * redirect after success; problems are shown with the GOV.UK error summary.
 */

const hide = { schema: { hide: true } } as const;

type Params = { id: string };
type EvidenceParams = { id: string; kind: string };

function checkId(raw: string): string {
  if (!z.uuid().safeParse(raw).success) throw errors.notFound(`AI system ${raw}`);
  return raw;
}

const listQuery = z.object({
  stage: z.enum(STAGES).optional().catch(undefined),
  useCase: z.enum(USE_CASES).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
});

const reviewBody = z.object({
  version: z.coerce.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  decision: z.enum(['approved', 'rejected'], {
    message: 'Select whether you approve or reject this version',
  }),
  reasons: z
    .string()
    .trim()
    .min(3, 'Enter your reasons')
    .max(5000, 'Reasons must be 5000 characters or fewer'),
});

const one = (v: FormValues[string] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/** An API problem shown as an error page (for failures that no field on the page can fix). */
function problemPage(reply: FastifyReply, e: AppError) {
  return reply.status(e.status).page('pages/error.njk', {
    title: e.title,
    detail: e.detail,
    status: e.status,
    requestId: reply.request.id,
  });
}

/** Issues from a service's validation problem (`path` like `dpia.metrics.0.name`) as zod-like issues. */
function serviceIssues(e: AppError, prefix = '') {
  const issues = (e.extra.issues ?? []) as Array<{ path: string; message: string }>;
  return issues.map((i) => ({
    path: (prefix && i.path.startsWith(prefix) ? i.path.slice(prefix.length) : i.path)
      .split('.')
      .map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
    message: i.message,
  }));
}

async function systemFields(db: Kysely<DB>, forceId: number): Promise<Field[]> {
  const options = (rows: Array<{ id: string; name: string }>) =>
    rows.map((r) => ({ value: r.id, text: r.name }));
  const [leads, managers, ...overseers] = await Promise.all([
    peopleWithRole(db, forceId, PROJECT_LEAD_ROLE),
    peopleWithRole(db, forceId, PRODUCT_MANAGER_ROLE),
    ...OVERSEER_ROLES.map((r) => peopleWithRole(db, forceId, r)),
  ]);
  const pool = [...new Map(overseers.flat().map((p) => [p.id, p])).values()];
  return deriveFields(systemInputSchema, {
    exclude: ['moduleId', 'moduleSettings'],
    choices: {
      projectLeadId: options(leads),
      productManagerId: options(managers),
      overseerIds: options(pool),
    },
  });
}

function evidenceStatus(
  reviews: Array<{ decision: string; hash: string; approver_id: string }>,
  v: { hash: string; author_id: string },
  approvable: boolean,
) {
  const approved = reviews.some(
    (r) => r.decision === 'approved' && r.hash === v.hash && r.approver_id !== v.author_id,
  );
  if (approved) return { text: 'Approved', classes: 'govuk-tag--green', approved: true };
  if (reviews.some((r) => r.decision === 'rejected' && r.hash === v.hash))
    return { text: 'Rejected', classes: 'govuk-tag--red', approved: false };
  return approvable
    ? { text: 'Awaiting approval', classes: 'govuk-tag--yellow', approved: false }
    : { text: 'Submitted', classes: 'govuk-tag--blue', approved: false };
}

/**
 * The "Approve or refuse" part of an approval's or authorisation's page, for someone who gives
 * it, at a stage where it is given: what a refusal would do is shown before confirming.
 */
function decisionView(
  p: Principal,
  stage: Stage,
  kind: FormKind,
  fields: Field[],
  values: FormValues,
  errors: readonly FieldError[],
) {
  const d = findDecision(kind);
  if (!d || stage === 'retired' || !d.at.includes(stage)) return null;
  if (!can(p, 'decision.refuse', { step: { title: FORMS[kind].title, roles: d.roles } })) return null;
  return {
    kind: d.kind,
    effect: refusalEffectText(d, stage),
    fields: d.kind === 'authorisation' ? viewFields(decisionFields(fields), values, errors) : [],
    outcome: one(values.outcome),
    reasons: one(values.refusalReasons),
  };
}

/** An authorisation's own fields, without its fixed `decision` (the radios give it). */
const decisionFields = (fields: Field[]) => fields.filter((f) => f.key !== 'decision');

/** What the system page says of the fairness audit a gate needs, and how to attach one. */
function biasAuditHint(state: SystemState, audit: AttachedBiasAudit | null, reference: string): string {
  const problem = biasAuditProblem(state);
  if (!problem && audit) {
    return `Fairness audit of ${audit.model.name} ${audit.model.version} attached ${audit.createdAt.toISOString().slice(0, 10)}: ${audit.rows} records from ${audit.source} (ledger entry ${audit.ledgerSeq})`;
  }
  return `Not yet: ${problem}. An analyst attaches one with: bluelamp fairness audit --input PREDICTIONS.csv ... --attach-to ${reference} --as EMAIL`;
}

export function registerPages(services: Services): FastifyPluginAsync {
  const { db } = services;

  async function systemPage(p: Principal, id: string, extra: Record<string, unknown> = {}) {
    const row = await systemInForce(db, p, id);
    const { state, evidence, biasAudit } = await gateState(db, row);
    const system = presentSystem(row, [...state.overseerIds]);
    const people = [system.projectLeadId, system.productManagerId, ...system.overseerIds].filter(
      (x): x is string => Boolean(x),
    );
    const names = new Map((await namesOf(db, people)).map((n) => [n.id, n.name]));
    const groups = taskList(state, evidence).map((group) => {
      const action = findAction(group.action)!;
      const canAct = can(p, 'lifecycle.act', { step: action });
      const decision = canAct
        ? decide(action, p, state, evidence, action.reasons ? 'reasons to be given' : undefined)
        : null;
      const to = group.to === 'previous' ? (state.previousStage ?? 'trial') : group.to;
      return {
        ...group,
        toTitle: STAGE_TITLES[to as Stage],
        rolesText: roleList(group.roles),
        canAct,
        possible: decision?.ok ?? false,
        blocked: decision && !decision.ok ? decision.message : null,
        tasks: group.tasks.map((t) => ({
          ...t,
          tag: TASK_TAGS[t.status],
          href: t.form ? `/systems/${id}/evidence/${t.form}` : null,
          hint: t.form
            ? `Written by ${roleList(t.authors)}${t.approvers?.length ? `; approved by ${roleList(t.approvers)}` : ''}${t.version ? `. Version ${t.version}` : ''}`
            : t.check === 'bias-audit-attached'
              ? biasAuditHint(state, biasAudit, row.reference)
              : 'Checked on the record',
        })),
      };
    });
    const forms = FORM_KINDS.map((kind) => {
      const e = evidence.get(kind);
      const approvable = 'approvers' in FORMS[kind];
      return {
        title: FORMS[kind].title,
        href: `/systems/${id}/evidence/${kind}`,
        version: e?.version ?? null,
        status: !e
          ? { text: 'Not started', classes: 'govuk-tag--grey' }
          : e.approved || !approvable
            ? {
                text: `Version ${e.version}${approvable ? ', approved' : ''}`,
                classes: approvable ? 'govuk-tag--green' : '',
              }
            : { text: `Version ${e.version}, not approved`, classes: 'govuk-tag--yellow' },
      };
    });
    const timeline = (await systemLedger(db, id)).map(describeEntry).reverse();
    return {
      authorised: await authorisedScopeView(db, row),
      title: system.name,
      system,
      stage: stageTag(system.stage),
      rows: systemRows(system, names),
      groups,
      forms,
      timeline,
      canEdit: can(p, 'system.update') && system.stage !== 'retired',
      ...extra,
    };
  }

  async function evidencePage(
    p: Principal,
    id: string,
    kind: FormKind,
    extra: {
      values?: FormValues;
      errors?: FieldError[];
      reviewErrors?: FieldError[];
      review?: FormValues;
      decisionErrors?: FieldError[];
    } & Record<string, unknown> = {},
  ) {
    const row = await systemInForce(db, p, id);
    const def = FORMS[kind];
    const fields = deriveFields(def.schema);
    const versions = await evidenceVersions(db, id, kind);
    const approvals = await approvalsFor(
      db,
      versions.map((v) => v.id),
    );
    const approvers: readonly string[] = ('approvers' in def ? def.approvers : undefined) ?? [];
    const shown = versions.map((v) => {
      const reviews = approvals.filter((a) => a.evidence_id === v.id);
      return {
        version: v.version,
        hash: v.hash,
        author: v.author_name,
        authorId: v.author_id,
        at: v.created_at,
        status: evidenceStatus(reviews, v, approvers.length > 0),
        rows: summaryRows(fields, v.data),
        reviews: reviews.map((r) => ({
          decision: r.decision === 'approved' ? 'Approved' : 'Rejected',
          by: r.approver_name,
          at: r.created_at,
          reasons: r.reasons,
          hash: r.hash,
        })),
      };
    });
    const latest = shown[0];
    const canWrite = can(p, 'evidence.write', { form: def }) && row.stage !== 'retired';
    const canApprove = can(p, 'evidence.approve', { form: def });
    const values = extra.values ?? valuesFromData(fields, versions[0]?.data);
    let thresholds = null;
    if (kind === 'validation-report' && versions[0]) {
      const design = (await evidenceVersions(db, id, 'test-design'))[0];
      if (design) {
        const d = design.data as { metrics: never[]; groups?: string[] };
        thresholds = thresholdResults(d.metrics, d.groups ?? [], versions[0].data as never);
      }
    }
    const reviewErrors = extra.reviewErrors ?? [];
    const decision = decisionView(p, row.stage as Stage, kind, fields, values, extra.decisionErrors ?? []);
    const decisionErrors = decision ? (extra.decisionErrors ?? []) : [];
    return {
      decision,
      decisionError: Object.fromEntries(decisionErrors.map((e) => [e.name, e.text])),
      title: def.title,
      system: { id: row.id, name: row.name, reference: row.reference, stage: stageTag(row.stage) },
      kind,
      def: {
        title: def.title,
        authors: roleList(def.authors),
        approvers: roleList(approvers),
        public: 'public' in def && def.public,
      },
      versions: shown,
      latest,
      canWrite,
      canApprove,
      ownLatest: latest?.authorId === p.personId,
      fields: viewFields(fields, values, extra.errors ?? []),
      thresholds,
      review: extra.review ?? {},
      reviewError: Object.fromEntries(reviewErrors.map((e) => [e.name, e.text])),
      errorSummary: [...decisionErrors, ...(extra.errors ?? []), ...reviewErrors].map((e) => ({
        text: e.text,
        href: e.href,
      })),
      ...extra,
    };
  }

  return async (app) => {
    app.get('/lifecycle', hide, async (_request, reply) => {
      const t = lifecycleTable();
      return reply.page('register/lifecycle.njk', {
        title: 'The lifecycle of an AI system',
        svg: lifecycleSvg(),
        stages: t.stages,
        actions: t.actions.map((a) => ({
          id: a.id,
          title: a.title,
          from: a.from.map((s) => STAGE_TITLES[s]).join(', '),
          to: a.to === 'previous' ? 'The stage before suspension' : STAGE_TITLES[a.to],
          roles: roleList(a.roles),
          requires: a.requires.map((r) => r.title),
          separation: a.separation.map(separationText),
          reasons: a.reasons,
        })),
        forms: t.forms.map((f) => ({ ...f, authors: roleList(f.authors), approvers: roleList(f.approvers) })),
        rules: t.rules,
      });
    });

    app.get('/systems', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const filter = listQuery.parse(request.query ?? {});
      const rows = await listSystems(db, p.forceId, filter);
      const systems = await Promise.all(rows.map(async (r) => presentSystem(r, await overseerIds(db, r.id))));
      return reply.page('register/systems.njk', {
        title: 'AI register',
        filter,
        stages: STAGES.map((s) => ({ value: s, text: STAGE_TITLES[s], selected: s === filter.stage })),
        useCases: USE_CASES.map((u) => ({
          value: u,
          text: USE_CASE_TITLES[u],
          selected: u === filter.useCase,
        })),
        systems: systems.map((s) => ({
          ...s,
          useCaseTitle: useCaseTitle(s.useCase),
          tag: stageTag(s.stage),
          supplierText: supplierText(s.supplier),
          processingText: processingText(s.processing),
        })),
        canAdd: can(p, 'system.create'),
      });
    });

    const formPage = async (
      reply: FastifyReply,
      p: Principal,
      data: { values: FormValues; errors: FieldError[]; id?: string; name?: string; horizon?: string },
    ) => {
      const fields = await systemFields(db, p.forceId);
      return reply.page('register/system-form.njk', {
        horizon: data.horizon ?? '',
        title: data.id
          ? `Change the record of ${data.name}`
          : data.horizon
            ? 'Promote a candidate to a proposal'
            : 'Add a system to the AI register',
        action: data.id ? `/systems/${data.id}/edit` : '/systems',
        back: data.id ? `/systems/${data.id}` : '/systems',
        fields: viewFields(fields, data.values, data.errors),
        errorSummary: data.errors.map((e) => ({ text: e.text, href: e.href })),
      });
    };

    /** Validates a posted record; returns the record or the field errors. */
    const readRecord = async (p: Principal, body: unknown) => {
      const fields = await systemFields(db, p.forceId);
      const values = postedValues(body);
      const data = parseForm(fields, values);
      const parsed = systemInputSchema.safeParse(data);
      return { fields, values, data, parsed };
    };

    app.get('/systems/new', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      assertCan(p, 'system.create');
      const horizonId = z.uuid().safeParse((request.query as { horizon?: string }).horizon);
      const item = horizonId.success
        ? (await listHorizon(db, p.forceId)).find((h) => h.id === horizonId.data && h.status === 'watching')
        : undefined;
      return formPage(reply, p, {
        values: {
          'supplier.type': 'in-house',
          ...(item ? { name: item.title, description: item.description } : {}),
        },
        errors: [],
        ...(item ? { horizon: item.id } : {}),
      });
    });

    app.post('/systems', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const { fields, values, data, parsed } = await readRecord(p, request.body);
      const horizon = z.uuid().safeParse((request.body as { horizon?: string } | undefined)?.horizon);
      const from = horizon.success ? { horizon: horizon.data } : {};
      if (!parsed.success) {
        reply.status(400);
        return formPage(reply, p, {
          values,
          errors: fieldErrors(fields, data, parsed.error.issues),
          ...from,
        });
      }
      try {
        const { id } = horizon.success
          ? await promoteHorizonItem(db, p, horizon.data, parsed.data)
          : await createSystem(db, p, parsed.data);
        return reply.redirect(`/systems/${id}?done=registered`, 303);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.code !== 'invalid-input') return problemPage(reply, e);
        reply.status(400);
        return formPage(reply, p, { values, errors: fieldErrors(fields, data, serviceIssues(e)), ...from });
      }
    });

    app.get<{ Params: Params }>('/systems/:id/edit', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const row = await systemInForce(db, p, checkId(request.params.id));
      assertCan(p, 'system.update');
      const fields = await systemFields(db, p.forceId);
      const values = valuesFromData(fields, presentSystem(row, await overseerIds(db, row.id)));
      return formPage(reply, p, { values, errors: [], id: row.id, name: row.name });
    });

    app.post<{ Params: Params }>('/systems/:id/edit', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const row = await systemInForce(db, p, checkId(request.params.id));
      const { fields, values, data, parsed } = await readRecord(p, request.body);
      const again = (errs: FieldError[]) => {
        reply.status(400);
        return formPage(reply, p, { values, errors: errs, id: row.id, name: row.name });
      };
      if (!parsed.success) return again(fieldErrors(fields, data, parsed.error.issues));
      // Only the fields on the form change; anything else on the record stays as it is.
      const record = parsed.data as Record<string, unknown>;
      const patch = Object.fromEntries(fields.map((f) => [f.key, record[f.key]]));
      try {
        await updateSystem(db, p, row.id, patch);
        return reply.redirect(`/systems/${row.id}?done=updated`, 303);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.code !== 'invalid-input') return problemPage(reply, e);
        return again(fieldErrors(fields, data, serviceIssues(e)));
      }
    });

    app.get<{ Params: Params; Querystring: { done?: string } }>(
      '/systems/:id',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = checkId(request.params.id);
        const data = await systemPage(p, id);
        const done = String(request.query?.done ?? '');
        const action = findAction(done);
        const refused = done.startsWith('refused-') ? findDecision(done.slice(8)) : undefined;
        const last = refused
          ? (await refusalsOf(db, id)).filter((r) => r.kind === refused.form).at(-1)
          : undefined;
        const banner =
          refused && last
            ? `You refused the ${FORMS[refused.form].title}. ${refusalEffectText(refused, last.from_stage as Stage)}`
            : action
              ? `${action.title}: done. This system is now at the ${String((data.stage as { text: string }).text).toLowerCase()} stage.`
              : done === 'registered'
                ? `Added to the AI register as ${data.system.reference}.`
                : done === 'updated'
                  ? 'The record was changed.'
                  : null;
        return reply.page('register/system.njk', { ...data, banner });
      },
    );

    app.post<{ Params: Params & { action: string } }>(
      '/systems/:id/actions/:action',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = checkId(request.params.id);
        const actionId = request.params.action;
        const reasons = one(postedValues(request.body).reasons);
        try {
          await performAction(db, p, id, actionId, reasons || undefined);
          return reply.redirect(`/systems/${id}?done=${encodeURIComponent(actionId)}`, 303);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          if (e.status === 404 || e.status === 401) return problemPage(reply, e);
          const href =
            e.code === 'reasons-required' ? `#${idFor(`reasons-${actionId}`)}` : `#action-${actionId}`;
          reply.status(e.status);
          return reply.page(
            'register/system.njk',
            await systemPage(p, id, {
              errorSummary: [{ text: e.detail, href }],
              actionError: { action: actionId, text: e.detail, reasons },
            }),
          );
        }
      },
    );

    const evidenceKind = (kind: string): FormKind => {
      if (!isFormKind(kind)) throw errors.notFound(`The evidence form "${kind}"`);
      return kind;
    };

    app.get<{ Params: EvidenceParams; Querystring: { saved?: string; reviewed?: string } }>(
      '/systems/:id/evidence/:kind',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = checkId(request.params.id);
        const kind = evidenceKind(request.params.kind);
        const q = request.query ?? {};
        const banner = q.saved
          ? `Version ${Number(q.saved)} saved and written to the audit ledger.`
          : q.reviewed === 'approved' || q.reviewed === 'rejected'
            ? `Your decision (${q.reviewed}) was recorded against that exact version.`
            : null;
        return reply.page('register/evidence.njk', { ...(await evidencePage(p, id, kind)), banner });
      },
    );

    app.post<{ Params: EvidenceParams }>('/systems/:id/evidence/:kind', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id);
      const kind = evidenceKind(request.params.kind);
      const fields = deriveFields(FORMS[kind].schema);
      const values = postedValues(request.body);
      const data = parseForm(fields, values);
      const parsed = FORMS[kind].schema.safeParse(data);
      const again = async (status: number, errs: FieldError[]) => {
        reply.status(status);
        return reply.page('register/evidence.njk', await evidencePage(p, id, kind, { values, errors: errs }));
      };
      if (!parsed.success) return again(400, fieldErrors(fields, data, parsed.error.issues));
      try {
        const { version } = await submitEvidence(db, p, id, kind, data);
        return reply.redirect(`/systems/${id}/evidence/${kind}?saved=${version}`, 303);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.status === 404 || e.status === 401) return problemPage(reply, e);
        if (e.code === 'invalid-input')
          return again(400, fieldErrors(fields, data, serviceIssues(e, `${kind}.`)));
        return again(e.status, [{ name: '', href: '#submit', text: e.detail }]);
      }
    });

    app.post<{ Params: EvidenceParams }>('/systems/:id/decisions/:kind', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id);
      const kind = evidenceKind(request.params.kind);
      const d = findDecision(kind);
      if (!d) throw errors.notFound(`An approval or authorisation called "${kind}"`);
      const values = postedValues(request.body);
      const outcome = one(values.outcome);
      const again = async (status: number, errs: FieldError[]) => {
        reply.status(status);
        return reply.page(
          'register/evidence.njk',
          await evidencePage(p, id, kind, { values, decisionErrors: errs }),
        );
      };
      const problem = (e: AppError, name: string) => {
        if (e.status === 404 || e.status === 401) return problemPage(reply, e);
        return again(e.status, [{ name, href: `#${idFor(name)}`, text: e.detail.replace(/^reasons: /, '') }]);
      };
      if (outcome !== 'approve' && outcome !== 'refuse')
        return again(400, [{ name: 'outcome', href: '#f-outcome', text: 'Select Approve or Refuse' }]);
      if (outcome === 'refuse') {
        try {
          await refuseDecision(db, p, id, kind, one(values.refusalReasons));
          return reply.redirect(`/systems/${id}?done=refused-${kind}`, 303);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          return problem(e, e.code === 'invalid-input' ? 'refusalReasons' : 'outcome');
        }
      }
      let data: Record<string, unknown> | undefined;
      if (d.kind === 'authorisation') {
        const fields = decisionFields(deriveFields(FORMS[kind].schema));
        data = parseForm(fields, values);
        const example = FORMS[kind].example as Record<string, unknown>;
        const parsed = FORMS[kind].schema.safeParse({ ...data, decision: example.decision });
        if (!parsed.success) return again(400, fieldErrors(fields, data, parsed.error.issues));
      }
      try {
        const { version } = await approveDecision(db, p, id, kind, {
          data,
          version: Number(one(values.version)) || undefined,
          hash: one(values.hash) || undefined,
        });
        const shown = d.kind === 'approval' ? 'reviewed=approved' : `saved=${version}`;
        return reply.redirect(`/systems/${id}/evidence/${kind}?${shown}`, 303);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return problem(e, 'outcome');
      }
    });

    app.post<{ Params: EvidenceParams }>(
      '/systems/:id/evidence/:kind/review',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = checkId(request.params.id);
        const kind = evidenceKind(request.params.kind);
        const review = postedValues(request.body);
        const parsed = reviewBody.safeParse({
          version: one(review.version),
          hash: one(review.hash),
          decision: one(review.decision) || undefined,
          reasons: one(review.reasons),
        });
        const again = async (status: number, errs: FieldError[]) => {
          reply.status(status);
          return reply.page(
            'register/evidence.njk',
            await evidencePage(p, id, kind, { review, reviewErrors: errs }),
          );
        };
        if (!parsed.success) {
          return again(
            400,
            parsed.error.issues.map((i) => {
              const name = String(i.path[0] ?? 'decision');
              const field =
                name === 'reasons' ? 'review-reasons' : name === 'decision' ? 'decision' : 'review';
              return {
                name: field,
                href: `#${idFor(field)}`,
                text:
                  name === 'version' || name === 'hash'
                    ? 'Reload the page and review the version shown'
                    : i.message,
              };
            }),
          );
        }
        try {
          await reviewEvidence(db, p, id, kind, parsed.data);
          return reply.redirect(`/systems/${id}/evidence/${kind}?reviewed=${parsed.data.decision}`, 303);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          if (e.status === 404 || e.status === 401) return problemPage(reply, e);
          return again(e.status, [{ name: 'review', href: '#review', text: e.detail }]);
        }
      },
    );
  };
}
