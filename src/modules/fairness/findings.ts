import type { AuditReport, Disparity, Interval } from './types.ts';

/** A percentage with one decimal, e.g. `44.8%`. */
export function pct(x: number | null): string {
  return x === null ? 'not defined' : `${(100 * x).toFixed(1)}%`;
}

export function num(x: number | null, digits = 2): string {
  return x === null ? 'not defined' : x.toFixed(digits);
}

export function range(iv: Interval | null | undefined, format: (x: number) => string): string {
  return iv ? ` (95% interval ${format(iv.lower)} to ${format(iv.upper)})` : '';
}

const PLAIN: Record<string, string> = {
  fpr: 'people without the outcome who were wrongly predicted positive (false positive rate)',
  fnr: 'people with the outcome who were wrongly predicted negative (false negative rate)',
  ppv: 'positive predictions that were right (precision)',
  selectionRate: 'people predicted positive (selection rate)',
};

function disparitySentence(d: Disparity): string {
  const times = d.ratio === null ? '' : ` (${num(d.ratio)} times${range(d.interval, (x) => x.toFixed(2))})`;
  const verdict = d.pass ? 'within' : 'outside';
  return (
    `${d.attribute} = ${d.value}: ${pct(d.groupValue)} of ${PLAIN[d.metric]} against ${pct(d.referenceValue)} ` +
    `for the reference group ${d.reference}${times}, ${verdict} the tolerance.`
  );
}

/** Plain-English findings from a finished report, most important first. */
export function auditFindings(report: AuditReport): string[] {
  const out: string[] = [];
  const { population, overall, settings } = report;
  const filtered = population.filter ? ` after the filter "${population.filter}"` : '';
  out.push(
    `The audit covers ${population.rowsKept.toLocaleString('en-GB')} records of ` +
      `${population.rowsRead.toLocaleString('en-GB')} read${filtered}.`,
  );
  out.push(
    `Overall the prediction matched the outcome for ${pct(overall.accuracy)} of people` +
      `${range(overall.intervals.accuracy, (x) => pct(x))}; ${pct(overall.baseRate)} had the outcome and ` +
      `${pct(overall.selectionRate)} were predicted positive.`,
  );
  if (overall.auc !== null) {
    out.push(
      `The score ranks people with the outcome above those without with an AUC of ${num(overall.auc, 3)}.`,
    );
  }
  const tol = `${settings.tau} to ${num(1 / settings.tau)}`;
  for (const ref of report.references) {
    const ds = report.disparities.filter((d) => d.attribute === ref.attribute);
    const failing = ds.filter((d) => d.pass === false);
    const judged = new Set(
      report.groups
        .filter((g) => g.attribute === ref.attribute && g.n >= settings.minGroupSize)
        .map((g) => g.value),
    );
    const intersection = ref.attribute.includes(' x ');
    const key = failing.filter(
      (d) =>
        !intersection && judged.has(d.value) && ['fpr', 'fnr', 'ppv', 'selectionRate'].includes(d.metric),
    );
    if (failing.length === 0) {
      out.push(
        `For ${ref.attribute}, every group is within the tolerance (${tol}) of the reference group ${ref.value} ` +
          `on all ten parity measures.`,
      );
      continue;
    }
    out.push(
      `For ${ref.attribute}, ${failing.length} of ${ds.length} group comparisons with the reference group ` +
        `${ref.value} fall outside the tolerance ratio of ${tol}.`,
    );
    for (const d of key) out.push(disparitySentence(d));
    if (intersection) {
      const worst = failing
        .filter((d) => d.metric === 'fpr' && judged.has(d.value) && d.ratio !== null)
        .sort((a, b) => Math.abs(Math.log(b.ratio!)) - Math.abs(Math.log(a.ratio!)))[0];
      if (worst)
        out.push(`The widest false positive rate gap among intersections: ${disparitySentence(worst)}`);
    }
    const summary = report.attributes.find((a) => a.attribute === ref.attribute);
    if (summary && summary.equalizedOddsDifference !== null) {
      out.push(
        `Across the groups of ${ref.attribute}, error rates differ by up to ` +
          `${pct(summary.equalizedOddsDifference)} (equalised odds difference) and selection rates by up to ` +
          `${pct(summary.demographicParityDifference)} (demographic parity difference).`,
      );
    }
  }
  const big = new Set(
    report.groups.filter((g) => g.n >= settings.minGroupSize).map((g) => `${g.attribute}\u0000${g.value}`),
  );
  const fails = report.fourFifths.filter(
    (f) => f.pass === false && !f.attribute.includes(' x ') && big.has(`${f.attribute}\u0000${f.value}`),
  );
  const favourable = settings.favourable === 'negative' ? 'not flagged' : 'selected';
  for (const f of fails) {
    out.push(
      `Four-fifths rule: ${f.attribute} = ${f.value} is ${favourable} at ${pct(f.favourableRate)}, ` +
        `${num(f.impactRatio)} of the highest group's rate, below 0.80.`,
    );
  }
  if (report.fourFifths.length > 0 && fails.length === 0) {
    out.push(
      `Four-fifths rule: every group is ${favourable} at no less than 80% of the highest group's rate.`,
    );
  }
  const small = report.groups.filter((g) => g.n < settings.minGroupSize);
  if (small.length > 0) {
    out.push(
      `${small.length} group(s) have fewer than ${settings.minGroupSize} rows and cannot be judged: ` +
        `${small.map((g) => `${g.attribute} = ${g.value} (${g.n})`).join(', ')}.`,
    );
  }
  return out;
}
