import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { errors } from '../../../http/errors.ts';
import { canonicalJson } from '../../../ledger/merkle.ts';
import { acceptUploads } from '../../../monitoring/routes.ts';
import { type PatrolDraft, patrolDraftsFromCsv, patrolDraftsFromJson } from './model.ts';
import { type FeedbackResult, feedbackReport, patrolOverview, recordPatrols, sha256 } from './service.ts';

const idParams = z.object({ id: z.uuid() });

const patrolItem = z.object({
  runId: z.string().optional(),
  runReference: z.string().optional(),
  patrolDate: z.string(),
  patrolEnd: z.string().optional(),
  cell: z.number().optional(),
  easting: z.number().optional(),
  northing: z.number().optional(),
  minutes: z.number(),
});

const sharesSchema = z.object({
  runId: z.string(),
  runReference: z.string(),
  totalMinutes: z.number(),
  hotspotMinutes: z.number(),
  outsideMinutes: z.number(),
  ruralMinutes: z.number().nullable(),
  outsideShare: z.number(),
  ruralShare: z.number().nullable(),
  minOutsideShare: z.number(),
  minRuralShare: z.number(),
  outsideBelow: z.boolean(),
  ruralBelow: z.boolean(),
  message: z.string(),
  alertId: z.string().nullable(),
});

const recordResult = z.object({
  batchId: z.string(),
  recorded: z.number(),
  totalMinutes: z.number(),
  period: z.object({ from: z.string(), to: z.string() }),
  shares: z.array(sharesSchema),
});

/** A number for JSON: NaN and infinities (no verdict, nothing to compare with) become null. */
const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** What leaves the service about the feedback-loop monitor: counts and indices, never an event. */
export function presentFeedback(r: FeedbackResult) {
  const report = r.report;
  return {
    system: r.system,
    importId: r.importId,
    crimeData: r.crimeData,
    releasedRuns: r.releasedRuns,
    grid: r.assembly.grid,
    cells: r.assembly.cells,
    leftOut: r.assembly.leftOut,
    crimeTypes: r.assembly.crimeTypes,
    periods: r.assembly.periods,
    verdict: report
      ? {
          status: report.status,
          flag: report.flag,
          ratio: finite(report.ratio),
          patrolledIndex: finite(report.patrolledIndex),
          comparisonIndex: finite(report.comparisonIndex),
          ratioTrend: finite(report.ratioTrend),
          patrolledCells: report.patrolledCells,
          comparisonCells: report.comparisonCells,
          unmatchedPatrolledCells: report.unmatchedPatrolledCells,
          periods: report.periods.map((p) => ({
            label: p.label,
            patrolledIndex: finite(p.patrolledIndex),
            comparisonIndex: finite(p.comparisonIndex),
            ratio: finite(p.ratio),
          })),
          settings: report.settings,
          explanation: report.explanation,
        }
      : null,
    alertId: r.alertId,
    alertAcknowledged: r.alertAcknowledged,
  };
}

/** Patrol dosage API: record (JSON or CSV), the patrol shares per forecast, the feedback-loop monitor. */
export function patrolRoutes(services: Services): FastifyPluginAsync {
  const { db } = services;
  return async (base) => {
    acceptUploads(base);
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/systems/:id/patrols',
      {
        schema: {
          summary: 'Record patrol minutes against released hot spot forecasts; all or nothing',
          description:
            'A JSON array of {runId? | runReference?, patrolDate, patrolEnd?, cell? | easting and northing (British National Grid metres), minutes}, or CSV text (text/csv, with the x-csrf-token header when signed in with a cookie) with the columns run_reference, patrol_date, patrol_end, cell, easting, northing, minutes. `?run=` names the forecast for rows that name none. Any problem is reported as `item N` or `line N, field F`, and nothing is written; a forecast that was not released is refused (409 run-not-released). Officers and staff, or the product manager.',
          tags: ['patrols'],
          params: idParams,
          querystring: z.object({ run: z.string().max(100).optional() }),
          body: z.union([z.array(patrolItem).min(1).max(50_000), z.string()]),
          consumes: ['application/json', 'text/csv'],
          response: { 201: recordResult },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const body = request.body;
        let drafts: PatrolDraft[];
        let digest: string;
        if (typeof body === 'string') {
          const parsed = patrolDraftsFromCsv(body, { runGiven: Boolean(request.query.run) });
          if (parsed.issues.length) throw errors.validation(parsed.issues);
          drafts = parsed.drafts;
          digest = sha256(body);
        } else {
          drafts = patrolDraftsFromJson(body);
          digest = sha256(canonicalJson(body));
        }
        const result = await recordPatrols(db, p, request.params.id, drafts, {
          kind: typeof body === 'string' ? 'import' : 'api',
          sha256: digest,
          defaultRun: request.query.run,
        });
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/api/systems/:id/patrols',
      {
        schema: {
          summary: 'Released forecasts with their patrol plans and the patrol shares recorded against them',
          tags: ['patrols'],
          params: idParams,
        },
      },
      async (request) => patrolOverview(db, requirePrincipal(request), request.params.id),
    );

    app.get(
      '/api/systems/:id/feedback',
      {
        schema: {
          summary: 'Feedback-loop monitor: does recorded crime rise only where patrols were sent?',
          description:
            'Periods are the forecast periods of the released runs; patrol minutes come from the recorded dosage; recorded crime from the crime data import named by `importId`, counting only the crime types the forecasts were made from (`crimeTypes` says which). Without it, only the periods are returned. A suspected loop raises one alert per result (system, crime data, latest period, baseline).',
          tags: ['patrols'],
          params: idParams,
          querystring: z.object({
            importId: z.uuid().optional(),
            baseline: z.coerce.number().int().min(1).max(24).optional(),
          }),
        },
      },
      async (request) =>
        presentFeedback(
          await feedbackReport(db, requirePrincipal(request), request.params.id, {
            importId: request.query.importId,
            baselinePeriods: request.query.baseline,
          }),
        ),
    );
  };
}
