import { num, pct } from './findings.ts';
import { esc, page, table, tag } from './html.ts';
import { barChart, dotWhisker, lineChart, resetChartIds } from './svg.ts';
import type { AuditReport, Datasheet, GroupMetrics, Interval } from './types.ts';

const ivText = (iv: Interval | null | undefined, f: (x: number) => string = pct): string =>
  iv ? `<br><span class="secondary">${esc(f(iv.lower))} to ${esc(f(iv.upper))}</span>` : '';

const CHART_METRICS: Array<{ key: 'fpr' | 'fnr' | 'ppv' | 'selectionRate'; name: string }> = [
  { key: 'fpr', name: 'False positive rate: people without the outcome who were predicted positive' },
  { key: 'fnr', name: 'False negative rate: people with the outcome who were predicted negative' },
  { key: 'ppv', name: 'Precision (PPV): positive predictions that were right' },
  { key: 'selectionRate', name: 'Selection rate: people predicted positive' },
];

const METRIC_COLUMNS: Array<[keyof GroupMetrics, string]> = [
  ['baseRate', 'Base rate'],
  ['selectionRate', 'Selection rate'],
  ['tpr', 'TPR'],
  ['tnr', 'TNR'],
  ['fpr', 'FPR'],
  ['fnr', 'FNR'],
  ['ppv', 'PPV'],
  ['npv', 'NPV'],
  ['fdr', 'FDR'],
  ['for', 'FOR'],
  ['accuracy', 'Accuracy'],
];

function attributeSection(report: AuditReport, attribute: string): string {
  const groups = report.groups.filter((g) => g.attribute === attribute);
  const ref = report.references.find((r) => r.attribute === attribute)!;
  const minN = report.settings.minGroupSize;
  let out = `<h2 id="${esc(attribute.replace(/\W+/g, '-'))}">${esc(attribute)}</h2>`;
  out += `<p>Reference group: <strong>${esc(ref.value)}</strong>. Groups with fewer than ${minN} rows are shown in tables but not charted.</p>`;
  const charted = groups.filter((g) => g.n >= minN);
  for (const m of CHART_METRICS) {
    const title = `${m.name}, by ${attribute}, with 95% intervals`;
    out += `<figure>${dotWhisker(
      title,
      charted.map((g) => ({
        label: g.value,
        value: g[m.key],
        interval: g.intervals[m.key] ?? null,
        reference: g.isReference,
      })),
    )}<figcaption>${esc(title)}. The dashed line marks the reference group.</figcaption></figure>`;
  }
  out += table(
    `Confusion counts and rates by ${attribute} (95% intervals beneath)`,
    ['Group', 'Rows', 'TP', 'FP', 'FN', 'TN', ...METRIC_COLUMNS.map(([, h]) => h), 'AUC'],
    groups.map((g) => [
      esc(g.value) + (g.isReference ? ' (reference)' : ''),
      g.n.toLocaleString('en-GB'),
      String(g.tp),
      String(g.fp),
      String(g.fn),
      String(g.tn),
      ...METRIC_COLUMNS.map(
        ([k]) => esc(pct(g[k] as number | null)) + ivText(g.intervals[k as keyof GroupMetrics['intervals']]),
      ),
      g.auc === null ? 'not defined' : esc(num(g.auc, 3)) + ivText(g.aucInterval, (x) => x.toFixed(3)),
    ]),
    [false, true, true, true, true, true, ...METRIC_COLUMNS.map(() => true), true],
  );
  const ds = report.disparities.filter((d) => d.attribute === attribute);
  const values = [...new Set(ds.map((d) => d.value))];
  const parities = [...new Set(ds.map((d) => d.parity))];
  out += table(
    `Disparity ratios against ${ref.value} (pass when ${report.settings.tau} to ${num(1 / report.settings.tau)})`,
    ['Group', ...parities.map((p) => `${p} parity`)],
    values.map((v) => [
      esc(v),
      ...parities.map((p) => {
        const d = ds.find((x) => x.value === v && x.parity === p)!;
        return `${esc(num(d.ratio))} ${tag(d.pass)}${ivText(d.interval, (x) => x.toFixed(2))}`;
      }),
    ]),
    [false, ...parities.map(() => true)],
  );
  const ff = report.fourFifths.filter((f) => f.attribute === attribute);
  const favourable = report.settings.favourable === 'negative' ? 'Not flagged' : 'Selected';
  out += table(
    `Four-fifths rule by ${attribute}: favourable rate (${favourable.toLowerCase()}) against the highest group`,
    ['Group', `${favourable} rate`, 'Impact ratio', 'Result'],
    ff.map((f) => [
      esc(f.value),
      esc(pct(f.favourableRate)),
      esc(num(f.impactRatio)) + ivText(f.interval, (x) => x.toFixed(2)),
      tag(f.pass),
    ]),
    [false, true, true, false],
  );
  const s = report.attributes.find((a) => a.attribute === attribute)!;
  out += table(
    `Summary measures across all groups of ${attribute}`,
    ['Measure', 'Value'],
    [
      [
        'Demographic parity difference',
        esc(pct(s.demographicParityDifference)) + ivText(s.intervals.demographicParityDifference),
      ],
      [
        'Demographic parity ratio',
        esc(num(s.demographicParityRatio)) + ivText(s.intervals.demographicParityRatio, (x) => x.toFixed(2)),
      ],
      [
        'Equalised odds difference',
        esc(pct(s.equalizedOddsDifference)) + ivText(s.intervals.equalizedOddsDifference),
      ],
    ],
    [false, true],
  );
  const curve = report.calibration.find((c) => c.attribute === attribute);
  if (curve) {
    const series = curve.groups
      .filter((g) => groups.find((x) => x.value === g.value)!.n >= minN)
      .slice(0, 8)
      .map((g) => ({ label: g.value, points: g.points.map((p) => (p.n >= 10 ? p.observedRate : null)) }));
    const title = `Calibration by ${attribute}: observed outcome rate per score bin`;
    out += `<figure>${lineChart(
      title,
      `Score (${report.mapping.score ?? 'score'}) bin`,
      curve.bins.map((b) => b.label),
      series,
    )}<figcaption>${esc(title)}. A well-calibrated score has the same outcome rate in every group at the same score; bins with fewer than 10 people are left out.</figcaption></figure>`;
  }
  return out;
}

/** The audit report as a self-contained, accessible HTML page in GOV.UK style. */
export function renderAuditHtml(report: AuditReport): string {
  resetChartIds();
  const o = report.overall;
  const attributes = [...new Set(report.groups.map((g) => g.attribute))];
  let body = `<span class="caption">Bias audit</span><h1>${esc(report.title)}</h1>`;
  body += '<dl class="summary">';
  const row = (k: string, v: string) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`;
  body += row('Source', esc(report.source ?? 'records supplied directly'));
  body += row(
    'Records audited',
    `${report.population.rowsKept.toLocaleString('en-GB')} of ${report.population.rowsRead.toLocaleString('en-GB')} read`,
  );
  body += row('Filter', report.population.filter ? `<code>${esc(report.population.filter)}</code>` : 'none');
  const m = report.mapping;
  body += row(
    'Prediction',
    `${esc(m.prediction)} positive when ${m.threshold !== undefined ? `at least ${esc(m.threshold)}` : `one of ${esc((m.positive ?? ['1', 'true', 'yes']).join(', '))}`}`,
  );
  body += row('Outcome', esc(m.outcome));
  body += row('Overall accuracy', esc(pct(o.accuracy)) + ivText(o.intervals.accuracy));
  if (o.auc !== null)
    body += row('Overall AUC', esc(num(o.auc, 3)) + ivText(o.aucInterval, (x) => x.toFixed(3)));
  body += '</dl>';
  body += `<h2>Findings</h2><ul>${report.findings.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`;
  if (report.warnings.length > 0) {
    body += `<div class="warning"><h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>`;
  }
  body += `<nav aria-label="Attributes"><h2>Contents</h2><ul>${attributes
    .map((a) => `<li><a href="#${esc(a.replace(/\W+/g, '-'))}">${esc(a)}</a></li>`)
    .join('')}</ul></nav>`;
  for (const a of attributes) body += attributeSection(report, a);
  body += `<h2>Method</h2><div class="inset"><p>${esc(report.settings.intervalMethod)}</p><p>${esc(report.settings.aucMethod)}</p>`;
  body += `<p>Parities follow Aequitas (Saleiro et al. 2018): each ratio is a group's rate divided by the reference group's and passes between ${report.settings.tau} and ${num(1 / report.settings.tau)}. Demographic parity and equalised odds differences follow Fairlearn's definitions. The four-fifths rule compares each group's favourable rate with the highest group's.</p></div>`;
  return page(report.title, body);
}

/** A training-data datasheet as a self-contained, accessible HTML page. */
export function renderDatasheetHtml(d: Datasheet): string {
  resetChartIds();
  let body = `<span class="caption">Datasheet</span><h1>${esc(d.title)}</h1>`;
  body += `<p>${esc(d.source ?? 'records supplied directly')}: ${d.rows.toLocaleString('en-GB')} rows, ${d.columns.length} columns.</p>`;
  body += `<h2>Findings</h2><ul>${d.findings.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`;
  body += '<h2>Representation</h2>';
  body += table(
    'Rows per group against the reference population',
    ['Group', 'Rows', 'Share', 'Population share', 'Ratio'],
    d.representation.map((r) => [
      `${esc(r.attribute)} = ${esc(r.value)}`,
      r.n.toLocaleString('en-GB'),
      esc(pct(r.share)),
      r.populationShare === null ? 'not given' : esc(pct(r.populationShare)),
      r.representationRatio === null ? 'not given' : esc(num(r.representationRatio)),
    ]),
    [false, true, true, true, true],
  );
  body += '<h2>Missing values</h2>';
  const withMissing = d.missingness.filter((m) => m.missing > 0);
  body +=
    withMissing.length === 0
      ? '<p>No column has missing values.</p>'
      : table(
          'Missing values per column, overall and per group',
          ['Column', 'Overall', ...(withMissing[0]?.byGroup.map((g) => `${g.attribute} = ${g.value}`) ?? [])],
          withMissing.map((m) => [
            esc(m.column),
            esc(pct(m.rate)),
            ...m.byGroup.map((g) => esc(pct(g.rate))),
          ]),
          [false, true, ...(withMissing[0]?.byGroup.map(() => true) ?? [])],
        );
  if (d.labelBaseRates.length > 0) {
    body += '<h2>Label base rates</h2>';
    body += table(
      'Share of labelled rows with a positive label, per group',
      ['Group', 'Labelled rows', 'Positives', 'Base rate'],
      d.labelBaseRates.map((l) => [
        `${esc(l.attribute)} = ${esc(l.value)}`,
        l.n.toLocaleString('en-GB'),
        l.positives.toLocaleString('en-GB'),
        esc(pct(l.rate)),
      ]),
      [false, true, true, true],
    );
  }
  if (d.timeCoverage) {
    const t = d.timeCoverage;
    body += '<h2>Time coverage</h2>';
    body += `<p>${esc(t.column)}: from ${esc(t.first ?? 'none')} to ${esc(t.last ?? 'none')}; ${t.unparsable} values could not be read as dates.</p>`;
    const title = `Records per month (${t.column})`;
    body += `<figure>${barChart(
      title,
      t.byMonth.map((x) => x.month),
      t.byMonth.map((x) => x.n),
    )}<figcaption>${esc(title)}</figcaption></figure>`;
  }
  body += '<h2>Possible proxies</h2>';
  body += table(
    "Association of each feature with each protected attribute (bias-corrected Cramér's V)",
    ['Feature', 'Attribute', "Cramér's V", 'Levels', 'Result', 'Note'],
    d.proxies.map((p) => [
      esc(p.feature),
      esc(p.attribute),
      esc(p.cramersV.toFixed(3)),
      String(p.featureLevels),
      p.flagged
        ? '<span class="tag tag-fail">Possible proxy</span>'
        : '<span class="tag tag-pass">Not flagged</span>',
      esc(p.note),
    ]),
    [false, false, true, true, false, false],
  );
  return page(d.title, body);
}
