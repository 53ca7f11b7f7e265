import { USE_CASE_TITLES } from './model.ts';

/**
 * Words for the fields of the register's forms, keyed by the field's form name (for a nested
 * field whose key alone would be ambiguous, like `model.name`) or by its key in the schema. Keys
 * not listed get a label made from the key itself ("successCriteria" -> "Success criteria").
 */
export const FIELD_TEXT: Record<string, { label?: string; hint?: string; select?: string }> = {
  name: { label: 'Name' },
  'model.name': { label: 'Model name' },
  'model.version': { label: 'Model version' },
  'supplier.external.name': { label: 'Supplier name' },
  'trainingData.source': { label: 'Source of the training data' },
  'trainingData.period': { label: 'Period the training data covers' },
  'trainingData.knownGaps': { label: 'Known gaps and limitations of the training data' },
  description: { label: 'Description', hint: 'In plain English: what it does and for whom.' },
  useCase: { label: 'Use case' },
  capability: { label: 'Capability', hint: 'As listed in the Algorithmic Transparency Recording Standard.' },
  purpose: { label: 'Purpose' },
  expectedBenefits: { label: 'Expected benefits' },
  expectedMinutesSavedPerTask: {
    label: 'Expected officer or staff time saved per task, in minutes',
    hint: 'Time saved should be reinvested in frontline policing.',
  },
  reviewMode: {
    label: 'How outputs are reviewed',
    hint: '"every": each output waits for a named reviewer before anyone acts on it. "sampled": for real-time uses such as call handling, outputs are released at once and a share of them, plus every risky one, is reviewed after the fact.',
  },
  reviewSampleRate: {
    label: 'Share of outputs reviewed after the fact (sampled review only)',
    hint: 'A number between 0.01 and 1, for example 0.1 for one in ten.',
  },
  supplier: { label: 'Who supplies it' },
  team: { label: 'Team that builds and maintains it' },
  companiesHouseNumber: {
    label: 'Companies House number',
    hint: '8 digits, or 2 letters and 6 digits, for example 01234567 or SC123456.',
  },
  role: { label: 'Role of the supplier' },
  procurementRoute: { label: 'Procurement route' },
  dataAccessTerms: { label: 'Terms of access to police data' },
  processing: { label: 'Where data is processed and stored' },
  provider: { label: 'Processing provider' },
  processingCountry: { label: 'Country where data is processed' },
  storageCountry: { label: 'Country where data is stored' },
  model: { label: 'Model' },
  version: { label: 'Version' },
  trainingData: { label: 'Training data' },
  source: { label: 'Source' },
  period: { label: 'Period covered' },
  knownGaps: { label: 'Known gaps and limitations' },
  affectedGroups: { label: 'Affected groups' },
  projectLeadId: { label: 'Project lead (senior responsible owner)' },
  productManagerId: { label: 'Product manager (information asset owner)' },
  overseerIds: { label: 'Human overseers', hint: 'The people who review every AI output before it is used.' },
  successCriteria: { label: 'Success criteria' },
  engagementPlan: { label: 'Stakeholder and community engagement plan' },
  dataDescription: { label: 'Data the tests use' },
  groups: { label: 'Groups measured separately', hint: 'For example areas or age bands. One per line.' },
  metrics: { label: 'Metrics' },
  direction: {
    label: 'Passes when the value is',
    select: 'Select whether the value must be at least or at most the threshold',
  },
  threshold: { label: 'Threshold' },
  perGroup: { label: 'Measured for each group' },
  severe: { label: 'A breach in live use suspends the system' },
  otherForces: { label: 'Other forces using similar tools' },
  catalogueLinks: { label: 'National catalogue links' },
  lawfulBasis: { label: 'Lawful basis' },
  personalData: { label: 'Personal data processed' },
  completedOn: { label: 'Completed on' },
  residualRisk: { label: 'Residual risk' },
  minutesUrl: { label: 'Link to the published minutes' },
  results: { label: 'Measured results' },
  metric: { label: 'Metric' },
  group: { label: 'Group', hint: 'Leave empty for the overall result.' },
  value: { label: 'Value' },
  biasAudit: { label: 'Bias audit' },
  decision: { label: 'Decision' },
  startDate: { label: 'Start date' },
  endDate: { label: 'End date' },
  maxRuns: { label: 'Maximum number of runs' },
  contactEmail: { label: 'Contact email address' },
  website: { label: 'Web page of the public record' },
  publishedOn: { label: 'Published on' },
  productManagerEmail: { label: 'Email address of the product manager taking over' },
  windowDays: { label: 'Measurement window, in days' },
  reviewEveryDays: { label: 'Review every, in days' },
  whoIsTold: { label: 'Who is told' },
};

/** Words for choices, keyed by the field's key, then the value. */
export const OPTION_TEXT: Record<string, Record<string, string>> = {
  useCase: USE_CASE_TITLES,
  supplier: { 'in-house': 'Built in-house', external: 'An external supplier' },
  direction: { min: 'At least the threshold', max: 'At most the threshold' },
};

/** Singular words for one row of a repeated set. */
export const ROW_TEXT: Record<string, string> = {
  metrics: 'Metric',
  results: 'Result',
};
