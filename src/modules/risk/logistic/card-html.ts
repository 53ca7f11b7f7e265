import type { ModelCard } from './card.ts';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`;
const num = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined ? '–' : x.toFixed(digits);

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const list = (items: readonly string[]): string =>
  items.length ? `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '<p>None.</p>';

/** One sentence per coefficient, e.g. "Each standard deviation (4.7) more of priors_count multiplies the odds by 1.62". */
function coefficientSentences(card: ModelCard): string[] {
  return card.model.coefficients.map((c) => {
    const spec = card.model.features.find((f) => f.name === c.feature);
    if (spec?.kind === 'numeric') {
      return (
        `Each ${spec.sd.toFixed(2)} more of ${c.feature} (one standard deviation) multiplies the odds of ` +
        `${card.training.outcome} by ${c.oddsRatio.toFixed(2)}.`
      );
    }
    const reference = spec?.kind === 'categorical' ? spec.reference : 'the reference level';
    return `${c.feature} "${c.level}" rather than "${reference}" multiplies the odds by ${c.oddsRatio.toFixed(2)}.`;
  });
}

function validationSection(card: ModelCard): string {
  const v = card.validation;
  return `<h2>How well it works on data it has not seen</h2>
<p>Measured on the ${escapeHtml(v.population)}: ${v.n} people, ${v.positives} with the outcome.</p>
${table(
  ['measure', 'value', 'what it means'],
  [
    [
      'AUC',
      num(v.auc),
      'chance a random person with the outcome is scored above one without (0.5 is a coin toss)',
    ],
    ['Accuracy', pct(v.accuracy), `share classified right when ${pct(v.threshold)} or more counts as "yes"`],
    [
      'Brier score',
      num(v.brier),
      `mean squared error of the probabilities (always predicting the base rate scores ${num(v.brierBaseline)})`,
    ],
  ],
)}
<h3>Calibration by decile of predicted risk</h3>
${table(
  ['decile', 'people', 'mean predicted', 'observed rate'],
  v.calibration.map((b) => [String(b.decile), String(b.n), pct(b.meanPredicted), pct(b.observedRate)]),
)}`;
}

function auditSection(card: ModelCard): string {
  const audit = card.biasAudit;
  if (!audit)
    return '<h2>Bias audit</h2><p>No protected attributes were present, so no bias audit was possible.</p>';
  return `<h2>Bias audit on held-out data</h2>
<p>Groups: ${escapeHtml(card.protectedAttributes.join(', '))}. A probability of 50% or more counts as a "high risk" flag.</p>
${list(audit.findings)}
${table(
  [
    'attribute',
    'group',
    'people',
    'outcome rate',
    'flagged',
    'false positive rate',
    'false negative rate',
    'AUC',
  ],
  audit.groups.map((g) => [
    g.attribute,
    g.value,
    String(g.n),
    pct(g.baseRate),
    pct(g.selectionRate),
    pct(g.fpr),
    pct(g.fnr),
    num(g.auc),
  ]),
)}`;
}

/** The model card as a plain-English HTML page. */
export function renderModelCardHtml(card: ModelCard): string {
  const t = card.training;
  const proxies = card.proxyWarnings.map(
    (p) =>
      `${p.feature} is strongly associated with ${p.attribute} (Cramér's V ${p.cramersV.toFixed(2)}): ${p.note}`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Model card: ${escapeHtml(card.modelId)} v${escapeHtml(card.version)}</title>
<style>body{font-family:Arial,sans-serif;max-width:60em;margin:2em auto;line-height:1.5;padding:0 1em}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #b1b4b6;padding:.3em .6em;text-align:left}.advisory{border-left:10px solid #d4351c;padding:.5em 1em;background:#fef7f7}</style>
</head><body>
<h1>Model card: ${escapeHtml(card.modelId)} version ${escapeHtml(card.version)}</h1>
<p class="advisory"><strong>Advisory only.</strong> ${escapeHtml(card.intendedUse)}</p>
<p>Created ${escapeHtml(card.createdAt)}. A logistic regression: each feature adds to or subtracts from the log-odds of
"${escapeHtml(t.outcome)}", and the total is turned into a probability.</p>
<h2>Training data</h2>
<p>${escapeHtml(t.file)} (sha256 <code>${escapeHtml(t.sha256)}</code>): ${t.rowsRead} rows read${
    t.filter ? `, ${t.rowsUsed} kept by the filter <code>${escapeHtml(t.filter)}</code>` : ''
  }. ${t.trainRows} rows trained the model and ${t.heldOutRows} were held out (seed ${t.seed}). The outcome rate in training was ${pct(t.outcomeRate)}.</p>
${list(card.datasheet.findings ?? [])}
<h2>What the model uses</h2>
${list(coefficientSentences(card))}
${table(
  ['column', 'coefficient', 'odds ratio', 'per raw unit'],
  card.model.coefficients.map((c) => [c.column, num(c.coefficient), num(c.oddsRatio), num(c.perUnit)]),
)}
<p>Intercept ${num(card.model.intercept)} (log-odds for someone at the training average with the most common levels).
Numeric features are standardised with the training mean and standard deviation. Fitted by ${escapeHtml(card.model.optimiser)},
L2 penalty ${card.model.l2}, ${card.model.iterations} iterations${card.model.converged ? '' : ' (did not converge)'}.</p>
<h2>Protected characteristics</h2>
<p>Never used as features. Audited: ${escapeHtml(card.protectedAttributes.join(', ') || 'none present')}.</p>
<h3>Features flagged for justification</h3>
${list(card.flaggedFeatures.map((f) => `${f.feature}: ${f.reason}`))}
<h3>Possible proxies for a protected characteristic</h3>
${list(proxies)}
${validationSection(card)}
${auditSection(card)}
<h2>Known limitations</h2>
${list(card.limitations)}
</body></html>
`;
}
