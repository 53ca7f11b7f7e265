import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError, errors } from '../http/errors.ts';
import { can } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { projectRoot } from '../shared-data.ts';
import { alertViews, driftView, metricViews, relianceView } from './page-view.ts';
import { monitoringReport, relianceReport } from './report.ts';
import { alertsOf } from './repository.ts';
import { acceptUploads, importCsv } from './routes.ts';
import { acknowledgeAlert, OUTCOME_STAGES, relianceRule } from './service.ts';

export const MONITORING_VIEWS = path.join(projectRoot, 'src/monitoring/views');

const hide = { schema: { hide: true } } as const;
const STAGE_NAMES: Record<string, string> = {
  trial: 'Trial',
  live: 'Live',
  suspended: 'Suspended',
  closing: 'Closing',
};

function checkId(raw: string, what: string): string {
  if (!z.uuid().safeParse(raw).success) throw errors.notFound(`${what} ${raw}`);
  return raw;
}

/**
 * Monitoring pages: the force's monitored systems, and each system's metrics (charts with
 * tables), drift, reliance and alerts, with the outcome upload and alert acknowledgement forms.
 */
export function monitoringPages(services: Services): FastifyPluginAsync {
  const { db, config } = services;

  async function systemPage(
    reply: FastifyReply,
    p: Principal,
    id: string,
    extra: Record<string, unknown> = {},
  ) {
    const report = await monitoringReport(db, p, id);
    const reliance = await relianceReport(db, p, id, relianceRule(config));
    return reply.page('monitoring/system.njk', {
      title: `Monitoring: ${report.system.name}`,
      report,
      stageName: STAGE_NAMES[report.system.stage] ?? report.system.stage,
      metrics: metricViews(report),
      drift: driftView(report),
      reliance: relianceView(reliance),
      alerts: alertViews(report),
      canAcknowledge: can(p, 'alert.acknowledge'),
      canUpload:
        can(p, 'outcome.record') && (OUTCOME_STAGES as readonly string[]).includes(report.system.stage),
      errorSummary: [],
      ...extra,
    });
  }

  return async (app) => {
    acceptUploads(app);

    app.get('/monitoring', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const systems = await db
        .selectFrom('ai_systems')
        .select(['id', 'name', 'reference', 'stage'])
        .where('force_id', '=', p.forceId)
        .where('stage', 'in', [...OUTCOME_STAGES])
        .orderBy('name')
        .execute();
      const open = await alertsOf(db, p.forceId, { open: true, limit: 1000 });
      return reply.page('monitoring/index.njk', {
        title: 'Monitoring',
        systems: systems.map((s) => ({
          ...s,
          stageName: STAGE_NAMES[s.stage] ?? s.stage,
          openAlerts: open.filter((a) => a.systemId === s.id).length,
        })),
      });
    });

    app.get<{ Params: { id: string }; Querystring: { done?: string; n?: string } }>(
      '/systems/:id/monitoring',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const done = request.query?.done;
        const n = Number(request.query?.n ?? 0);
        const banner =
          done === 'imported'
            ? `${n} outcome${n === 1 ? '' : 's'} imported.`
            : done === 'acknowledged'
              ? 'Alert acknowledged.'
              : null;
        return systemPage(reply, p, checkId(request.params.id, 'AI system'), { banner });
      },
    );

    app.post<{ Params: { id: string; alertId: string } }>(
      '/systems/:id/monitoring/alerts/:alertId/acknowledge',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = checkId(request.params.id, 'AI system');
        try {
          await acknowledgeAlert(db, p, checkId(request.params.alertId, 'Alert'));
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          return reply.status(e.status).page('pages/error.njk', {
            title: e.title,
            detail: e.detail,
            status: e.status,
            requestId: request.id,
          });
        }
        return reply.redirect(`/systems/${id}/monitoring?done=acknowledged#alerts`, 303);
      },
    );

    app.post<{ Params: { id: string } }>('/systems/:id/monitoring/outcomes', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'AI system');
      try {
        const result = await importCsv(services, request, id);
        return reply.redirect(`/systems/${id}/monitoring?done=imported&n=${result.recorded}`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'invalid-input') throw e;
        const issues = (e.extra.issues ?? []) as Array<{ path: string; message: string }>;
        reply.status(400);
        return systemPage(reply, p, id, {
          errorSummary: issues.slice(0, 50).map((i) => ({ text: `${i.path}: ${i.message}`, href: '#file' })),
          moreErrors: Math.max(0, issues.length - 50),
          uploadError: 'The file was not imported. Correct the problems listed and upload it again.',
        });
      }
    });
  };
}
