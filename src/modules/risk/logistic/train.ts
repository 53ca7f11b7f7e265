import type { AuditRecord } from '../../fairness/index.ts';
import { auditRecordsSync, compileFilter, datasheet, proxyCheck } from '../../fairness/index.ts';
import { type InputIssue, RiskInputError } from '../errors.ts';
import { LOGISTIC_LIMITATIONS } from '../limitations.ts';
import { type Coefficient, MODEL_CARD_SCHEMA, MODEL_CARD_SCHEMA_VERSION, type ModelCard } from './card.ts';
import { cellText, designColumns, EncodingError, encodeRow, fitEncoding, type RawRow } from './encoding.ts';
import { fitLogistic, sigmoid } from './irls.ts';
import { accuracy, auc, brier, calibrationByDecile } from './metrics.ts';
import { DEFAULT_PROTECTED, normaliseColumn, screenFeatures } from './protected.ts';
import { splitIndices } from './split.ts';

export interface TrainOptions {
  /** Training file name and the sha256 of its bytes, recorded in the card. */
  source: { file: string; sha256: string };
  outcome: string;
  /** Feature columns; those also in `categorical` are one-hot encoded, the rest are numeric. */
  features: string[];
  categorical: string[];
  /** Extra protected attributes beyond the default list. */
  protectedAttributes: string[];
  holdout: number;
  seed: number;
  l2: number;
  /** Row filter (fairness filter syntax) defining the population, e.g. ProPublica's. */
  filter?: string;
  modelId: string;
  version: string;
  createdAt: string;
  /** Bootstrap replicates for the bias audit's intervals. */
  bootstrap: number;
  /** Proxy flag threshold on Cramér's V (fairness default 0.3). */
  proxyFlagAt?: number;
}

interface Located {
  row: RawRow;
  line: number;
}

const POSITIVE = new Set(['1', 'true', 'yes', 'y']);
const NEGATIVE = new Set(['0', 'false', 'no', 'n']);

function outcomeValue(entry: Located, column: string, source: string): number {
  const text = cellText(entry.row[column]).toLowerCase();
  if (POSITIVE.has(text)) return 1;
  if (NEGATIVE.has(text)) return 0;
  throw new RiskInputError([
    {
      field: column,
      code: 'outcome_not_binary',
      message: `${source} line ${entry.line}: "${text}" is not 0/1, true/false or yes/no`,
    },
  ]);
}

/** Re-raises an EncodingError on the `index`-th entry of `rows` as a RiskInputError naming file and line. */
function located<T>(rows: readonly Located[], source: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    const line = rows[error.row]?.line;
    const where = line === undefined ? source : `${source} line ${line}`;
    throw new RiskInputError([
      { field: error.column, code: 'bad_value', message: `${where}: ${error.message}` },
    ]);
  }
}

function checkColumns(rows: readonly Located[], options: TrainOptions, features: string[]): void {
  const columns = Object.keys(rows[0]?.row ?? {});
  const missing = [options.outcome, ...features].filter((column) => !columns.includes(column));
  if (rows.length === 0)
    throw new RiskInputError([{ field: 'input', code: 'empty', message: 'no data rows' }]);
  if (missing.length > 0) {
    throw new RiskInputError(
      missing.map((column) => ({
        field: column,
        code: 'column_missing',
        message: `column not found in ${options.source.file} (columns: ${columns.join(', ')})`,
      })),
    );
  }
}

/** Protected columns present in the data: the default list plus the user's, matched by name. */
function auditAttributes(columns: readonly string[], extra: readonly string[]): string[] {
  const wanted = new Set([...DEFAULT_PROTECTED, ...extra.map(normaliseColumn)]);
  return columns.filter((column) => wanted.has(normaliseColumn(column)));
}

function coefficientsFor(
  card: { features: ModelCard['model']['features'] },
  weights: number[],
): Coefficient[] {
  const columns = designColumns(card.features);
  let j = 0;
  const out: Coefficient[] = [];
  for (const spec of card.features) {
    const levels = spec.kind === 'numeric' ? [undefined] : spec.levels;
    for (const level of levels) {
      const coefficient = weights[j] ?? 0;
      out.push({
        column: columns[j] ?? spec.name,
        feature: spec.name,
        ...(level === undefined ? {} : { level }),
        coefficient,
        oddsRatio: Math.exp(coefficient),
        ...(spec.kind === 'numeric' ? { perUnit: coefficient / spec.sd } : {}),
      });
      j++;
    }
  }
  return out;
}

/**
 * Trains a transparent reoffending model: refuses protected characteristics as features, splits
 * the rows with a seed, fits an L2-regularised logistic regression on the training part, and
 * validates and audits it on the held-out part. Pure: rows in, model card out.
 */
export function trainLogisticModel(allRows: readonly RawRow[], options: TrainOptions): ModelCard {
  const features = [...new Set([...options.features, ...options.categorical])];
  const categorical = features.filter((f) => options.categorical.includes(f));
  const numeric = features.filter((f) => !options.categorical.includes(f));
  if (features.includes(options.outcome)) {
    throw new RiskInputError([
      { field: options.outcome, code: 'outcome_as_feature', message: 'the outcome cannot also be a feature' },
    ]);
  }
  const screen = screenFeatures(features, options.protectedAttributes);
  if (screen.refused.length > 0) throw new RiskInputError(screen.refused);

  const source = options.source.file;
  let rows: Located[] = allRows.map((row, i) => ({ row, line: i + 2 }));
  checkColumns(rows, options, features);
  if (options.filter) {
    const filter = compileFilter(options.filter);
    rows = rows.filter((entry) => filter.test(entry.row as AuditRecord));
  }
  const outcomes = rows.map((entry) => outcomeValue(entry, options.outcome, source));
  const attributes = auditAttributes(Object.keys(allRows[0] ?? {}), options.protectedAttributes);

  const split = splitIndices(rows.length, options.holdout, options.seed);
  const train = split.train.map((i) => rows[i]!);
  const heldOut = split.heldOut.map((i) => rows[i]!);
  const trainY = split.train.map((i) => outcomes[i]!);
  const heldY = split.heldOut.map((i) => outcomes[i]!);
  if (train.length < 10 || heldOut.length < 10) {
    const issue: InputIssue = {
      field: 'holdout',
      code: 'too_few_rows',
      message: 'too few rows for training and held-out sets',
    };
    throw new RiskInputError([issue]);
  }

  const specs = located(train, source, () =>
    fitEncoding(
      train.map((e) => e.row),
      numeric,
      categorical,
    ),
  );
  const trainX = located(train, source, () => train.map((e, i) => encodeRow(specs, e.row, i)));
  const fit = fitLogistic(trainX, trainY, { l2: options.l2 });
  const heldX = located(heldOut, source, () =>
    heldOut.map((e, i) => encodeRow(specs, e.row, i, 'reference')),
  );
  const probabilities = heldX.map((x) =>
    sigmoid(x.reduce((eta, v, j) => eta + v * (fit.weights[j] ?? 0), fit.intercept)),
  );
  const unseenLevels = heldOut.filter((e) =>
    specs.some(
      (s) => s.kind === 'categorical' && ![s.reference, ...s.levels].includes(cellText(e.row[s.name])),
    ),
  ).length;

  const trainRate = trainY.reduce((a, b) => a + b, 0) / trainY.length;
  const coefficients = coefficientsFor({ features: specs }, fit.weights);
  // β0 + Σ β_j (x_j − m_j) / s_j = (β0 − Σ β_j m_j / s_j) + Σ (β_j / s_j) x_j
  const means = new Map(
    specs.flatMap((spec) => (spec.kind === 'numeric' ? [[spec.name, spec.mean] as const] : [])),
  );
  const interceptRawScale = coefficients.reduce(
    (sum, c) => (c.perUnit === undefined ? sum : sum - c.perUnit * (means.get(c.feature) ?? 0)),
    fit.intercept,
  );

  // The datasheet describes the training data as the model sees it: its features, outcome and protected attributes.
  const used = [...features, options.outcome, ...attributes];
  const trainingRecords: AuditRecord[] = train.map((e) =>
    Object.fromEntries(used.map((c) => [c, cellText(e.row[c])])),
  );
  const proxies = attributes.length
    ? proxyCheck(
        trainingRecords,
        features,
        attributes,
        options.proxyFlagAt === undefined ? {} : { flagAt: options.proxyFlagAt },
      )
    : [];
  const sheet = datasheet(trainingRecords, {
    groups: attributes,
    label: options.outcome,
    features,
    source,
    title: `Training data: ${source}`,
  });
  const heldRecords: AuditRecord[] = heldOut.map((e, i) => ({
    ...Object.fromEntries(attributes.map((a) => [a, cellText(e.row[a])])),
    probability: probabilities[i] ?? 0,
    outcome: heldY[i] ?? 0,
  }));
  const biasAudit = attributes.length
    ? auditRecordsSync(heldRecords, {
        mapping: {
          prediction: 'probability',
          threshold: 0.5,
          outcome: 'outcome',
          groups: attributes,
          score: 'probability',
        },
        bootstrap: options.bootstrap,
        seed: options.seed,
        intersections: attributes.length > 1,
        source: `${source} (held-out rows)`,
        title: `Bias audit of ${options.modelId} v${options.version} on held-out data`,
      })
    : null;

  return {
    schema: MODEL_CARD_SCHEMA,
    schemaVersion: MODEL_CARD_SCHEMA_VERSION,
    modelId: options.modelId,
    version: options.version,
    createdAt: options.createdAt,
    intendedUse:
      'Advisory reoffending risk estimate to inform, never replace, a named decision-maker’s own recorded decision.',
    training: {
      file: source,
      sha256: options.source.sha256,
      rowsRead: allRows.length,
      filter: options.filter ?? null,
      rowsUsed: rows.length,
      trainRows: train.length,
      heldOutRows: heldOut.length,
      holdout: options.holdout,
      seed: options.seed,
      outcome: options.outcome,
      outcomeRate: trainRate,
    },
    model: {
      kind: 'logistic-regression',
      optimiser: 'Newton-Raphson / IRLS with step halving, L2 penalty on the weights (not the intercept)',
      l2: options.l2,
      iterations: fit.iterations,
      converged: fit.converged,
      features: specs,
      intercept: fit.intercept,
      interceptRawScale,
      coefficients,
    },
    protectedAttributes: attributes,
    flaggedFeatures: screen.flagged,
    proxies,
    proxyWarnings: proxies.filter((p) => p.flagged),
    datasheet: sheet,
    validation: {
      population: `held-out ${Math.round(options.holdout * 100)}% of ${rows.length} rows (seed ${options.seed})`,
      n: heldOut.length,
      positives: heldY.reduce((a, b) => a + b, 0),
      auc: auc(probabilities, heldY),
      accuracy: accuracy(probabilities, heldY, 0.5),
      threshold: 0.5,
      brier: brier(probabilities, heldY),
      brierBaseline: brier(
        heldY.map(() => trainRate),
        heldY,
      ),
      calibration: calibrationByDecile(probabilities, heldY),
      unseenLevels,
    },
    biasAudit,
    limitations: [...LOGISTIC_LIMITATIONS],
  };
}
