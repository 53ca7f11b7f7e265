import { barChart, fmt, lineChart } from './charts.ts';
import { PSI_MODERATE, PSI_SIGNIFICANT, type PsiBand } from './psi.ts';
import { earlyWarningMessage } from './reliance.ts';
import type { MonitoringReport, relianceReport } from './report.ts';

/** Turns the monitoring report into what the page shows: charts, the tables beside them, tags. */

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

const PASS = { text: 'Meets threshold', classes: 'govuk-tag--green' };
const FAIL = { text: 'Breach', classes: 'govuk-tag--red' };

export const BAND_TAGS: Record<PsiBand, { text: string; classes: string }> = {
  stable: { text: 'Stable', classes: 'govuk-tag--green' },
  moderate: { text: 'Moderate shift', classes: 'govuk-tag--yellow' },
  significant: { text: 'Significant shift', classes: 'govuk-tag--red' },
};

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 1000) / 10}%`);

interface Cell {
  text: string;
  count: number;
  tag: { text: string; classes: string } | null;
}

function cell(v: { mean: number | null; count: number; pass: boolean | null }): Cell {
  return {
    text: v.mean === null ? 'No data' : fmt(v.mean),
    count: v.count,
    tag: v.pass === null ? null : v.pass ? PASS : FAIL,
  };
}

export function metricViews(report: MonitoringReport) {
  const windowDays = report.plan?.windowDays ?? 0;
  return report.series.map((s, i) => {
    const m = s.metric;
    const groups = report.groups.filter((g) => s.points.some((p) => (p.groups[g]?.count ?? 0) > 0));
    const labels = s.points.map((p) => day(p.window.end));
    const last = s.points[s.points.length - 1];
    const limit = `${m.direction === 'min' ? 'a minimum' : 'a maximum'} of ${fmt(m.threshold)}`;
    const latest =
      last?.overall.mean === null || !last
        ? 'No value in the latest window.'
        : `Latest overall value ${fmt(last.overall.mean)} (${last.overall.pass ? 'meets' : 'breaches'} ${limit}).`;
    return {
      id: `metric-${i}`,
      name: m.name,
      description: m.description,
      direction: m.direction === 'min' ? 'At least' : 'At most',
      threshold: fmt(m.threshold),
      perGroup: m.perGroup,
      severe: m.severe,
      groups,
      chart: lineChart({
        id: `metric-${i}-chart`,
        title: `${m.name}: mean over ${windowDays}-day rolling windows`,
        desc: `${s.points.length} windows ending ${labels[0] ?? ''} to ${labels[labels.length - 1] ?? ''}, overall${groups.length ? ` and for ${groups.join(', ')}` : ''}, against ${limit}. ${latest} The table below gives every value.`,
        labels,
        series: [
          { name: 'Overall', values: s.points.map((p) => p.overall.mean) },
          ...groups.map((g) => ({ name: g, values: s.points.map((p) => p.groups[g]?.mean ?? null) })),
        ],
        threshold: {
          value: m.threshold,
          label: `Threshold (${m.direction === 'min' ? 'minimum' : 'maximum'}) ${fmt(m.threshold)}`,
        },
      }),
      rows: [...s.points].reverse().map((p) => ({
        start: day(p.window.start),
        end: day(p.window.end),
        overall: cell(p.overall),
        groups: groups.map((g) => cell(p.groups[g] ?? { mean: null, count: 0, pass: null })),
      })),
    };
  });
}

export function driftView(report: MonitoringReport) {
  const d = report.drift;
  if (!d) return null;
  const measured = d.values.filter((v): v is typeof v & { psi: number; band: PsiBand } => v.psi !== null);
  return {
    current: `${day(d.current.start)} to ${day(d.current.end)}`,
    baseline: `${day(d.baseline.start)} to ${day(d.baseline.end)}`,
    baselineKind:
      d.baselineKind === 'first-after-go-live' ? 'the first window after go-live' : 'the previous window',
    chart: measured.length
      ? barChart({
          id: 'psi-chart',
          title: 'Population stability index of each monitored value',
          desc: `PSI of the current window against the baseline for ${measured.length} value${measured.length === 1 ? '' : 's'}: ${measured.map((v) => `${v.label} ${fmt(v.psi)} (${BAND_TAGS[v.band].text.toLowerCase()})`).join('; ')}. Reference lines at ${PSI_MODERATE} (moderate) and ${PSI_SIGNIFICANT} (significant).`,
          bars: measured.map((v) => ({ label: v.label, value: v.psi })),
          references: [
            { value: PSI_MODERATE, label: `${PSI_MODERATE} moderate` },
            { value: PSI_SIGNIFICANT, label: `${PSI_SIGNIFICANT} significant` },
          ],
        })
      : null,
    rows: d.values.map((v) => ({
      key: v.key,
      label: v.label,
      psi:
        v.psi === null
          ? v.baselineCount === 0
            ? 'Not enough runs: none in the baseline window yet'
            : 'Not enough runs'
          : fmt(v.psi),
      tag: v.band ? BAND_TAGS[v.band] : null,
      baselineCount: v.baselineCount,
      currentCount: v.currentCount,
    })),
  };
}

export function relianceView(r: Awaited<ReturnType<typeof relianceReport>>) {
  const row = (name: string, s: (typeof r)['system'], flagged: boolean, early = false) => ({
    name,
    reviews: s.reviews,
    accepted: pct(s.acceptanceRate),
    amended: pct(s.amendmentRate),
    rejected: pct(s.rejectionRate),
    median: s.medianSeconds === null ? '–' : fmt(Math.round(s.medianSeconds * 10) / 10),
    tag: flagged
      ? { text: 'Looks like rubber-stamping', classes: 'govuk-tag--red' }
      : early
        ? { text: 'Early warning', classes: 'govuk-tag--yellow' }
        : null,
  });
  return {
    rule: `An alert is raised when a reviewer accepts more than ${pct(r.rule.maxAcceptance)} of outputs with a median review time under ${r.rule.minMedianSeconds} seconds, across at least ${r.rule.minReviews} reviews.`,
    rows: r.reviewers.map((x) => row(x.name, x.stats, x.flagged, x.early)),
    earlyWarnings: r.reviewers
      .filter((x) => x.early && !x.flagged)
      .map((x) => earlyWarningMessage(x.name, x.stats, r.rule)),
    total: row('All reviewers', r.system, false),
  };
}

/** Names of the alerts other features raise. */
const ALERT_KINDS: Record<string, string> = {
  'patrol-share': 'Patrol share below the minimum',
  'feedback-loop': 'Possible feedback loop',
};

export function alertViews(report: MonitoringReport) {
  return report.alerts.map((a) => ({
    ...a,
    kindText:
      a.kind === 'reliance'
        ? 'Possible over-reliance'
        : a.kind === 'threshold-breach'
          ? 'Threshold breached'
          : (ALERT_KINDS[a.kind] ?? a.kind),
    tag:
      a.severity === 'severe'
        ? { text: 'Severe', classes: 'govuk-tag--red' }
        : a.severity === 'warning'
          ? { text: 'Warning', classes: 'govuk-tag--orange' }
          : { text: 'Information', classes: 'govuk-tag--blue' },
  }));
}
