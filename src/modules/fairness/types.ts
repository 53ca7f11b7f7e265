/** A value of one field of an input record, as read from CSV (strings) or JSON Lines (any JSON scalar). */
export type FieldValue = string | number | boolean | null | undefined;

/** One input record: column name to value. */
export type AuditRecord = Readonly<Record<string, FieldValue>>;

/** How the columns of the input map onto prediction, outcome, score and group attributes. */
export interface ColumnMapping {
  /** Column holding the prediction: a label, a score band or a score. */
  prediction: string;
  /** Prediction values counted as a positive prediction (e.g. `['Medium', 'High']`). */
  positive?: string[];
  /** Alternatively, a numeric prediction is positive when `>= threshold`. */
  threshold?: number;
  /** Column holding the observed outcome. */
  outcome: string;
  /** Outcome values counted as the positive outcome; default `1`, `true`, `yes`. */
  outcomePositive?: string[];
  /** Protected (group) attributes, e.g. `['race', 'sex']`. */
  groups: string[];
  /** Optional numeric score column for AUC and calibration. */
  score?: string;
}

export type BootstrapMethod = 'rows' | 'cells';

/** Which prediction is favourable to the person: for a risk flag, being predicted negative. */
export type Favourable = 'negative' | 'positive';

export interface AuditOptions {
  mapping: ColumnMapping;
  /** A filter expression (see filter.ts), e.g. `abs(days_b_screening_arrest) <= 30 && is_recid != -1`. */
  filter?: string;
  /** Reference group value per attribute; default: the largest group of each attribute. */
  reference?: Record<string, string>;
  /** Parity tolerance: a ratio passes when `tau <= ratio <= 1 / tau`. Default 0.8. */
  tau?: number;
  /** Poisson bootstrap replicates for confidence intervals; 0 disables. Default 1000. */
  bootstrap?: number;
  /** Seed for the bootstrap. Default 1. */
  seed?: number;
  /**
   * `rows` (default): a Poisson(1) weight per row and replicate, keyed on the row index.
   * `cells`: the same distribution drawn as Poisson(n) per cell and replicate after the pass,
   * at a cost independent of the number of rows (see poisson.ts).
   */
  bootstrapMethod?: BootstrapMethod;
  /** Also report intersections of all group attributes (e.g. race x sex). */
  intersections?: boolean;
  /** Favourable prediction for the four-fifths rule. Default `'negative'` (not flagged). */
  favourable?: Favourable;
  /** Groups with fewer rows than this (or rates with a smaller denominator) get a warning. Default 30. */
  minGroupSize?: number;
  /** Worker threads for the bootstrap; 0 runs it in-process. Default: in-process. */
  workers?: number;
  /** Name of the input (file name) used in error messages and the report. */
  source?: string;
  /** A title for the report. */
  title?: string;
}

/** Rates reported for every group. */
export const RATE_NAMES = [
  'baseRate',
  'selectionRate',
  'tpr',
  'tnr',
  'fpr',
  'fnr',
  'ppv',
  'npv',
  'fdr',
  'for',
  'accuracy',
] as const;
export type RateName = (typeof RATE_NAMES)[number];

/** The ten Aequitas parities (Saleiro et al. 2018), each a ratio of a group metric to the reference. */
export const PARITY_NAMES = [
  'statistical',
  'impact',
  'fdr',
  'fpr',
  'for',
  'fnr',
  'tpr',
  'tnr',
  'npv',
  'precision',
] as const;
export type ParityName = (typeof PARITY_NAMES)[number];

/** A 95% percentile interval from the bootstrap (or an analytic interval where stated). */
export interface Interval {
  lower: number;
  upper: number;
}

/** Confusion counts and the rates derived from them; a rate is null when its denominator is zero. */
export interface ConfusionMetrics {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  baseRate: number | null;
  selectionRate: number | null;
  tpr: number | null;
  tnr: number | null;
  fpr: number | null;
  fnr: number | null;
  ppv: number | null;
  npv: number | null;
  fdr: number | null;
  for: number | null;
  accuracy: number | null;
}

export interface GroupMetrics extends ConfusionMetrics {
  /** Attribute name; an intersection is named like `race x sex`. */
  attribute: string;
  /** Group value; an intersection value is like `African-American x Male`. */
  value: string;
  /** Share of all rows in this group. */
  share: number;
  /** Share of all positive predictions that fall in this group (Aequitas "PPR"). */
  ppr: number | null;
  /** Area under the ROC curve from the score, when a score column is mapped. */
  auc: number | null;
  /** Hanley and McNeil (1982) 95% interval for the AUC. */
  aucInterval: Interval | null;
  /** Bootstrap 95% intervals of the rates. */
  intervals: Partial<Record<RateName | 'ppr', Interval>>;
  isReference: boolean;
  warnings: string[];
}

export interface OverallMetrics extends ConfusionMetrics {
  auc: number | null;
  aucInterval: Interval | null;
  intervals: Partial<Record<RateName, Interval>>;
}

/** One group's disparity on one Aequitas parity. */
export interface Disparity {
  attribute: string;
  value: string;
  reference: string;
  parity: ParityName;
  /** The metric compared, e.g. `fpr`. */
  metric: string;
  groupValue: number | null;
  referenceValue: number | null;
  ratio: number | null;
  interval: Interval | null;
  /** Null when the ratio is undefined (zero denominator). */
  pass: boolean | null;
}

/** Fairlearn-style summaries over all groups of one attribute. */
export interface AttributeSummary {
  attribute: string;
  reference: string;
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  equalizedOddsDifference: number | null;
  intervals: Partial<
    Record<'demographicParityDifference' | 'demographicParityRatio' | 'equalizedOddsDifference', Interval>
  >;
}

/** The four-fifths (80%) rule on favourable predictions, against the group with the highest rate. */
export interface FourFifths {
  attribute: string;
  value: string;
  favourableRate: number | null;
  /** Group rate divided by the highest group rate of the attribute. */
  impactRatio: number | null;
  interval: Interval | null;
  pass: boolean | null;
}

export interface CalibrationPoint {
  bin: number;
  n: number;
  positives: number;
  observedRate: number | null;
  meanScore: number | null;
  /** Wilson 95% interval for the observed rate. */
  interval: Interval | null;
}

export interface CalibrationCurve {
  attribute: string;
  /** Score bins: deciles of the overall score distribution, or each distinct score when 10 or fewer. */
  bins: Array<{ label: string; lower: number; upper: number }>;
  groups: Array<{ value: string; points: CalibrationPoint[] }>;
}

export interface AuditReport {
  title: string;
  source: string | null;
  population: { rowsRead: number; rowsKept: number; filter: string | null };
  mapping: ColumnMapping;
  settings: {
    tau: number;
    bootstrap: number;
    bootstrapMethod: BootstrapMethod;
    seed: number;
    favourable: Favourable;
    minGroupSize: number;
    intersections: boolean;
    /** How the AUC was computed in bounded memory. */
    aucMethod: string;
    /** How the intervals were computed. */
    intervalMethod: string;
  };
  overall: OverallMetrics;
  groups: GroupMetrics[];
  references: Array<{ attribute: string; value: string }>;
  disparities: Disparity[];
  attributes: AttributeSummary[];
  fourFifths: FourFifths[];
  calibration: CalibrationCurve[];
  warnings: string[];
  /** Plain-English findings. */
  findings: string[];
}

/** An input error: names the file, line and field. */
export class AuditInputError extends Error {
  readonly file: string;
  readonly line: number | null;
  readonly field: string | null;
  constructor(file: string, line: number | null, field: string | null, problem: string) {
    const where = [file, line === null ? null : `line ${line}`, field === null ? null : `field '${field}'`]
      .filter((x) => x !== null)
      .join(', ');
    super(`${where}: ${problem}`);
    this.name = 'AuditInputError';
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

/** Association of one feature with one protected attribute. */
export interface ProxyFinding {
  feature: string;
  attribute: string;
  /** Cramér's V, bias-corrected (Bergsma 2013). */
  cramersV: number;
  /** Uncorrected Cramér's V. */
  cramersVRaw: number;
  chiSquare: number;
  n: number;
  featureLevels: number;
  attributeLevels: number;
  /** `strong` at V >= 0.3 (default), `moderate` at V >= 0.15. */
  strength: 'strong' | 'moderate' | 'weak';
  flagged: boolean;
  note: string;
}

export interface ProxyOptions {
  /** V at or above which a feature is flagged as a possible proxy. Default 0.3. */
  flagAt?: number;
  /** Numeric features with more distinct values than this are cut into deciles. Default 10. */
  maxNumericLevels?: number;
  /** Features with more levels than this are skipped as identifiers. Default 5000. */
  maxLevels?: number;
}

export interface DatasheetOptions {
  /** Protected attributes to break the data down by. */
  groups: string[];
  /** Label (outcome) column for base rates. */
  label?: string;
  /** Label values counted as positive; default `1`, `true`, `yes`. */
  labelPositive?: string[];
  /** A date column for time coverage (ISO dates or date-times). */
  time?: string;
  /** Reference population shares per attribute and value, e.g. `{ race: { White: 0.81, ... } }`. */
  population?: Record<string, Record<string, number>>;
  /** Features for the proxy check; default: every other column. */
  features?: string[];
  filter?: string;
  source?: string;
  title?: string;
  proxy?: ProxyOptions;
}

export interface Datasheet {
  title: string;
  source: string | null;
  rows: number;
  columns: string[];
  representation: Array<{
    attribute: string;
    value: string;
    n: number;
    share: number;
    populationShare: number | null;
    /** share / populationShare. */
    representationRatio: number | null;
  }>;
  missingness: Array<{
    column: string;
    missing: number;
    rate: number;
    byGroup: Array<{ attribute: string; value: string; missing: number; n: number; rate: number }>;
  }>;
  labelBaseRates: Array<{
    attribute: string;
    value: string;
    n: number;
    positives: number;
    rate: number | null;
  }>;
  timeCoverage: {
    column: string;
    first: string | null;
    last: string | null;
    unparsable: number;
    byMonth: Array<{ month: string; n: number }>;
  } | null;
  proxies: ProxyFinding[];
  findings: string[];
}
