import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { AppError, errors } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { allowed } from '../../../identity/policy.ts';
import { fmt, lineChart } from '../../../monitoring/charts.ts';
import { acceptUploads, type UploadBody } from '../../../monitoring/routes.ts';
import { projectRoot } from '../../../shared-data.ts';
import { crimeDataPolicy } from '../crime-data/model.ts';
import { listCrimeImports } from '../crime-data/service.ts';
import { sharePct } from '../oversight/hotspot-view.ts';
import { type PatrolDraft, patrolDraftsFromCsv, patrolPolicy } from './model.ts';
import { type FeedbackResult, feedbackReport, patrolOverview, recordPatrols, sha256 } from './service.ts';

export const PATROL_VIEWS = path.join(projectRoot, 'src/modules/hotspots/patrols/views');

const hide = { schema: { hide: true } } as const;
type Params = { id: string };

function checkId(raw: string, what: string): string {
  if (!z.uuid().safeParse(raw).success) throw errors.notFound(`${what} ${raw}`);
  return raw;
}

const one = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Labels of the single-patrol form, to turn field problems into sentences. */
const ENTRY_FIELDS: Record<string, { label: string; id: string }> = {
  runReference: { label: 'Forecast', id: 'f-run' },
  runId: { label: 'Forecast', id: 'f-run' },
  patrolDate: { label: 'Patrol date', id: 'f-patrolDate' },
  patrolEnd: { label: 'Last day', id: 'f-patrolEnd' },
  cell: { label: 'Cell', id: 'f-cell' },
  easting: { label: 'Easting', id: 'f-easting' },
  northing: { label: 'Northing', id: 'f-northing' },
  minutes: { label: 'Minutes', id: 'f-minutes' },
};

interface Problem {
  name: string;
  text: string;
  href: string;
}

/** Form problems from an error: field issues of the one patrol, else the error's own words. */
function entryProblems(e: AppError): Problem[] {
  const issues = (e.extra.issues as Array<{ path: string; message: string }> | undefined) ?? [];
  if (e.code !== 'invalid-input' || issues.length === 0)
    return [{ name: 'run', text: e.detail, href: '#f-run' }];
  return issues.map((i) => {
    const field = /field (\w+)$/.exec(i.path)?.[1] ?? 'run';
    const f = ENTRY_FIELDS[field] ?? { label: 'Patrol', id: 'f-run' };
    return { name: field, text: `${f.label} ${i.message}`, href: `#${f.id}` };
  });
}

const STATUS_TEXT = {
  'loop-suspected': { text: 'Feedback loop suspected', classes: 'govuk-tag--red' },
  'no-loop': { text: 'No sign of a feedback loop', classes: 'govuk-tag--green' },
  'insufficient-data': { text: 'Not enough data for a verdict', classes: 'govuk-tag--grey' },
} as const;

const num = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);

/** The feedback-loop monitor as the page shows it: verdict, chart with its table, periods. */
export function feedbackView(r: FeedbackResult) {
  const report = r.report;
  const periods = r.assembly.periods.map((p) => ({
    ...p,
    minutes: Math.round(p.dosageMinutes).toLocaleString('en-GB'),
    runsText: p.runs.join(', '),
  }));
  if (!report) return { periods, verdict: null, chart: null, rows: [] };
  const rows = report.periods.map((p) => ({
    label: p.label,
    patrolled: num(p.patrolledIndex),
    comparison: num(p.comparisonIndex),
    ratio: num(p.ratio),
  }));
  const value = (v: number) => (Number.isFinite(v) ? Number(fmt(v)) : null);
  const chart = report.periods.length
    ? lineChart({
        id: 'feedback-chart',
        title: 'Recorded crime against its earlier level, patrolled and comparable unpatrolled cells',
        desc:
          `For each period after the first ${report.settings.baselinePeriods}, recorded crime in patrolled hot spot cells ` +
          'and in unpatrolled cells with similar earlier crime, as a multiple of their earlier level (1 = unchanged). ' +
          'The table below the chart gives the same numbers.',
        labels: report.periods.map((p) => p.label),
        series: [
          { name: 'Patrolled hot spot cells', values: report.periods.map((p) => value(p.patrolledIndex)) },
          {
            name: 'Comparable unpatrolled cells',
            values: report.periods.map((p) => value(p.comparisonIndex)),
          },
        ],
        threshold: { value: 1, label: 'Earlier level' },
      })
    : null;
  return {
    periods,
    chart,
    rows,
    verdict: {
      tag: STATUS_TEXT[report.status],
      status: report.status,
      ratio: num(report.ratio),
      patrolledIndex: num(report.patrolledIndex),
      comparisonIndex: num(report.comparisonIndex),
      patrolledCells: report.patrolledCells,
      comparisonCells: report.comparisonCells,
      unmatched: report.unmatchedPatrolledCells,
      threshold: report.settings.threshold,
      baseline: report.settings.baselinePeriods,
      minDosage: report.settings.minDosage,
      minCells: report.settings.minCells,
      explanation: report.explanation,
    },
  };
}

/**
 * Pages of patrol dosage: a hot spot system's patrols (each released forecast with its plan and
 * the shares actually patrolled, alerts, the single-patrol and CSV forms) and its feedback-loop
 * monitor. Thin: the same commands as the API; problems in the GOV.UK error summary.
 */
export function patrolPages(services: Services): FastifyPluginAsync {
  const { db } = services;

  async function patrolsPage(
    reply: FastifyReply,
    p: Principal,
    id: string,
    extra: {
      banner?: string | null;
      errorSummary?: Problem[];
      entry?: Record<string, string>;
      run?: string;
      uploadError?: string;
    } = {},
  ) {
    const overview = await patrolOverview(db, p, id);
    const errorsList = extra.errorSummary ?? [];
    const runs = overview.runs.map((r) => ({
      ...r,
      planText: r.plan
        ? `${sharePct(r.plan.zones['low-risk'].share + r.plan.zones.rural.share)} outside the hot spots, ${sharePct(r.plan.zones.rural.share)} rural`
        : 'No plan recorded',
      recorded: r.shares ? Math.round(r.shares.totalMinutes).toLocaleString('en-GB') : '0',
      outside: r.shares ? sharePct(r.shares.outsideShare) : '–',
      rural: r.shares?.ruralShare === null || !r.shares ? '–' : sharePct(r.shares.ruralShare),
      tag: !r.shares
        ? { text: 'No patrols recorded', classes: 'govuk-tag--grey' }
        : r.shares.outsideBelow || r.shares.ruralBelow
          ? { text: 'Below the minimum', classes: 'govuk-tag--red' }
          : { text: 'Minimums kept', classes: 'govuk-tag--green' },
    }));
    const chosen = extra.run ?? extra.entry?.run ?? '';
    return reply.page('patrols/patrols.njk', {
      title: `Patrols: ${overview.system.name}`,
      system: overview.system,
      runs,
      batches: overview.batches,
      alerts: overview.alerts,
      canRecord: allowed(patrolPolicy, p, 'record'),
      runItems: [
        { value: '', text: 'Choose a released forecast' },
        ...overview.runs.map((r) => ({
          value: r.reference,
          text: `${r.reference}: ${r.period.start} to ${r.period.last}`,
          selected: chosen === r.reference || chosen === r.id,
        })),
      ],
      uploadRunItems: [
        { value: '', text: 'Each line names its forecast (run_reference column)' },
        ...overview.runs.map((r) => ({
          value: r.reference,
          text: `${r.reference}: ${r.period.start} to ${r.period.last}`,
          selected: chosen === r.reference || chosen === r.id,
        })),
      ],
      entry: extra.entry ?? {},
      errorSummary: errorsList.map((e) => ({ text: e.text, href: e.href })),
      errorsByName: Object.fromEntries(errorsList.map((e) => [e.name, e.text])),
      uploadError: extra.uploadError ?? null,
      banner: extra.banner ?? null,
    });
  }

  /** Records drafts from a form; on a problem the page comes back with it, else a redirect. */
  async function record(
    reply: FastifyReply,
    p: Principal,
    id: string,
    drafts: PatrolDraft[],
    source: Parameters<typeof recordPatrols>[4],
    onProblem: (e: AppError) => Promise<FastifyReply>,
  ) {
    try {
      const r = await recordPatrols(db, p, id, drafts, source);
      const below = r.shares.some((s) => s.outsideBelow || s.ruralBelow);
      return reply.redirect(
        `/systems/${id}/patrols?done=recorded&n=${r.recorded}&minutes=${Math.round(r.totalMinutes)}${below ? '&below=1' : ''}#forecasts`,
        303,
      );
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if ([401, 403, 404].includes(e.status))
        return reply.status(e.status).page('pages/error.njk', {
          title: e.title,
          detail: e.detail,
          status: e.status,
          requestId: reply.request.id,
        });
      reply.status(e.status);
      return onProblem(e);
    }
  }

  return async (app) => {
    acceptUploads(app);

    app.get<{
      Params: Params;
      Querystring: { done?: string; n?: string; minutes?: string; below?: string; run?: string };
    }>('/systems/:id/patrols', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const q = request.query ?? {};
      const n = Number(q.n ?? 0);
      const banner =
        q.done === 'recorded'
          ? `${n} patrol${n === 1 ? '' : 's'} recorded (${Number(q.minutes ?? 0).toLocaleString('en-GB')} minutes).` +
            (q.below
              ? ' Patrol time outside the hot spots is below the minimum: an alert has been raised.'
              : '')
          : null;
      return patrolsPage(reply, p, checkId(request.params.id, 'AI system'), { banner, run: q.run ?? '' });
    });

    app.post<{ Params: Params }>('/systems/:id/patrols', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'AI system');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const entry = Object.fromEntries(
        ['run', 'patrolDate', 'patrolEnd', 'cell', 'easting', 'northing', 'minutes'].map((k) => [
          k,
          one(body[k]),
        ]),
      ) as Record<string, string>;
      const draft: PatrolDraft = {
        where: 'the patrol',
        style: 'json',
        runReference: entry.run,
        patrolDate: entry.patrolDate,
        patrolEnd: entry.patrolEnd,
        cell: entry.cell,
        easting: entry.easting,
        northing: entry.northing,
        minutes: entry.minutes,
      };
      return record(reply, p, id, [draft], { kind: 'form', sha256: sha256(JSON.stringify(entry)) }, (e) =>
        patrolsPage(reply, p, id, { errorSummary: entryProblems(e), entry }),
      );
    });

    app.post<{ Params: Params }>('/systems/:id/patrols/upload', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id, 'AI system');
      const body = (request.body ?? {}) as UploadBody;
      const run = one(body.run);
      const file = body.file;
      const failed = (list: Array<{ path: string; message: string }>, status = 400) => {
        reply.status(status);
        return patrolsPage(reply, p, id, {
          run,
          errorSummary: list
            .slice(0, 50)
            .map((i) => ({ name: 'file', text: `${i.path}: ${i.message}`, href: '#file' })),
          uploadError: 'The file was not recorded. Correct the problems listed and upload it again.',
        });
      };
      if (!file || file.text.trim() === '')
        return failed([{ path: 'file', message: 'choose a CSV file of patrols' }]);
      const parsed = patrolDraftsFromCsv(file.text, { runGiven: run !== '' });
      if (parsed.issues.length) return failed(parsed.issues);
      return record(
        reply,
        p,
        id,
        parsed.drafts,
        { kind: 'import', sha256: sha256(file.text), fileName: file.filename, defaultRun: run || undefined },
        (e) =>
          failed(
            (e.extra.issues as Array<{ path: string; message: string }> | undefined)?.length &&
              e.code === 'invalid-input'
              ? (e.extra.issues as Array<{ path: string; message: string }>)
              : [{ path: file.filename, message: e.detail }],
            e.status,
          ),
      );
    });

    app.get<{ Params: Params; Querystring: { importId?: string } }>(
      '/systems/:id/feedback',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = checkId(request.params.id, 'AI system');
        const canChoose = allowed(crimeDataPolicy, p, 'list');
        const raw = one(request.query?.importId);
        const importId = canChoose && z.uuid().safeParse(raw).success ? raw : undefined;
        const imports = canChoose ? await listCrimeImports(db, p.forceId) : [];
        const result = await feedbackReport(db, p, id, { importId });
        return reply.page('patrols/feedback.njk', {
          title: `Feedback-loop monitor: ${result.system.name}`,
          result,
          view: feedbackView(result),
          canChoose,
          importItems: [
            { value: '', text: 'Choose crime data' },
            ...imports.map((i) => ({
              value: i.id,
              text: `${i.title} (${i.firstMonth} to ${i.lastMonth})`,
              selected: i.id === importId,
            })),
          ],
          hasImports: imports.length > 0,
        });
      },
    );
  };
}
