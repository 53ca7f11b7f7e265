import { z } from 'zod';
import type { Role } from '../identity/roles.ts';

/**
 * The evidence forms of the lifecycle. Each is structured (a zod schema), written by named
 * roles, and versioned: every submission is a new version, hashed, and an approval pins the
 * exact version it approved by that hash. `example` is a complete, realistic answer used by
 * the demo data and the tests.
 */
export interface FormDef<S extends z.ZodType = z.ZodType> {
  kind: string;
  title: string;
  /** Who may write (submit a version of) this form. */
  authors: readonly Role[];
  /** When set, a version counts only once someone holding one of these roles approves it. */
  approvers?: readonly Role[];
  /** Shown on the public record (ATRS) when true. */
  public?: boolean;
  schema: S;
  example: z.infer<S>;
}

/** The longest answer a long-text field takes, and a one-line field or list item. */
export const LONG_TEXT = 5000;
export const SHORT_TEXT = 200;

const text = (min = 3, max = LONG_TEXT) =>
  z.string().trim().min(min, `must be at least ${min} characters`).max(max);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s),
    'must be a real date',
  );
const list = (min = 1) => z.array(text(2, SHORT_TEXT)).min(min, `needs at least ${min}`);

export const metricSchema = z.object({
  name: text(2),
  description: text(3),
  /** 'min': the value must be at least the threshold; 'max': at most. */
  direction: z.enum(['min', 'max']),
  threshold: z.number().finite(),
  perGroup: z.boolean(),
  /** A breach of this metric in live use is severe: the system is suspended automatically. */
  severe: z.boolean().default(false),
});

const resultSchema = z.object({
  metric: text(2),
  group: z.string().trim().max(200).optional(),
  value: z.number().finite(),
});

function form<S extends z.ZodType>(def: FormDef<S>): FormDef<S> {
  return def;
}

export const FORMS = {
  scoping: form({
    kind: 'scoping',
    title: 'Scoping',
    authors: ['project-lead'],
    public: true,
    schema: z.object({
      problem: text(),
      purpose: text(),
      successCriteria: list(),
      benefits: list(),
      affectedGroups: list(),
      engagementPlan: text(),
    }),
    example: {
      problem:
        'Analysts spend about 12 hours a week by hand finding where burglary is likely to concentrate.',
      purpose:
        'Forecast weekly burglary hot spots so neighbourhood teams can plan visible patrols and crime prevention visits.',
      successCriteria: [
        'Hit rate at 5% coverage above the current analyst method',
        'No rise in stops in forecast areas',
      ],
      benefits: [
        'Analyst time released for problem-solving work',
        'Earlier crime prevention advice to residents',
      ],
      affectedGroups: ['Residents of forecast areas', 'Victims of burglary', 'Neighbourhood officers'],
      engagementPlan:
        'Two public meetings per district, the independent advisory group, and a published summary.',
    },
  }),
  'test-design': form({
    kind: 'test-design',
    title: 'Test and evaluation design',
    authors: ['analyst'],
    schema: z.object({
      dataDescription: text(),
      groups: z.array(text(1)).default([]),
      metrics: z.array(metricSchema).min(1, 'needs at least one metric with a threshold'),
    }),
    example: {
      dataDescription:
        'Recorded burglary, 36 months, with the last 12 months held out; monthly rolling-origin evaluation.',
      groups: ['Urban', 'Rural'],
      metrics: [
        {
          name: 'hit-rate-5pc',
          description: 'Share of next-period crime in the top 5% of cells',
          direction: 'min',
          threshold: 0.2,
          perGroup: false,
          severe: true,
        },
        {
          name: 'coverage-share',
          description: 'Share of the area selected',
          direction: 'max',
          threshold: 0.05,
          perGroup: true,
          severe: false,
        },
      ],
    },
  }),
  'landscape-review': form({
    kind: 'landscape-review',
    title: 'Landscape review',
    authors: ['ai-lead'],
    schema: z.object({
      otherForces: z.array(text(2)).default([]),
      catalogueLinks: z.array(z.string()).default([]),
      findings: text(),
    }),
    example: {
      otherForces: ['Northumbria Police', 'West Midlands Police'],
      catalogueLinks: [],
      findings:
        'Two forces run similar grid forecasts; both publish records. No national product is in the catalogue yet.',
    },
  }),
  dpia: form({
    kind: 'dpia',
    title: 'Data protection impact assessment',
    authors: ['project-lead', 'delivery-team'],
    approvers: ['data-protection-officer'],
    public: true,
    schema: z.object({
      lawfulBasis: text(),
      personalData: list(),
      risks: list(),
      mitigations: list(),
      retention: text(),
      completedOn: isoDate,
    }),
    example: {
      lawfulBasis: 'Part 3 of the Data Protection Act 2018, law enforcement processing for crime prevention.',
      personalData: ['None in the forecasts: crime records aggregated to 150 m cells'],
      risks: ['Re-identification of victims from very small counts'],
      mitigations: ['Public maps only at 500 m or coarser and delayed 28 days'],
      retention: 'Forecasts kept 2 years for evaluation, then deleted.',
      completedOn: '2026-03-02',
    },
  }),
  'security-risk-assessment': form({
    kind: 'security-risk-assessment',
    title: 'Security risk assessment',
    authors: ['information-security-officer'],
    schema: z.object({ threats: list(), controls: list(), residualRisk: z.enum(['low', 'medium', 'high']) }),
    example: {
      threats: ['Tampering with input data', 'Unauthorised access to forecasts'],
      controls: ['Role-based access', 'Input fingerprints in the audit ledger'],
      residualRisk: 'low',
    },
  }),
  'legal-review': form({
    kind: 'legal-review',
    title: 'Legal review',
    authors: ['legal'],
    schema: z.object({ conclusion: text(), conditions: z.array(text(2)).default([]) }),
    example: {
      conclusion: 'Lawful under the stated basis if used only to plan patrols and prevention.',
      conditions: ['Not used to justify stops'],
    },
  }),
  'equality-impact-assessment': form({
    kind: 'equality-impact-assessment',
    title: 'Equality impact assessment',
    authors: ['delivery-team'],
    public: true,
    schema: z.object({ impacts: list(), mitigations: list(), monitoring: text() }),
    example: {
      impacts: ['Risk of over-patrolling areas with more recorded crime, often poorer areas'],
      mitigations: ['Coverage cap and minimum patrol share for low-risk and rural areas'],
      monitoring: 'Quarterly feedback-loop check by area deprivation decile.',
    },
  }),
  'technical-advice': form({
    kind: 'technical-advice',
    title: 'Technical and interoperability advice',
    authors: ['it-team'],
    schema: z.object({ integration: text(), hosting: text(), interoperability: text() }),
    example: {
      integration: 'Reads the nightly crime extract; no write-back to the records system.',
      hosting: 'Force data centre, UK.',
      interoperability: 'Exports GeoJSON for the mapping tool.',
    },
  }),
  'procurement-strategy': form({
    kind: 'procurement-strategy',
    title: 'Procurement strategy',
    authors: ['procurement'],
    schema: z.object({ route: text(), value: text(1), exitTerms: text(), dataAccessTerms: text() }),
    example: {
      route: 'G-Cloud 14 call-off',
      value: '£48,000 over two years',
      exitTerms: 'Data returned and deleted within 30 days of exit.',
      dataAccessTerms: 'Supplier processes only pseudonymised extracts in the UK; no training on force data.',
    },
  }),
  'procurement-authorisation': form({
    kind: 'procurement-authorisation',
    title: "Chief constable's authorisation to procure",
    authors: ['chief-constable'],
    schema: z.object({ decision: z.literal('authorised'), reasons: text() }),
    example: { decision: 'authorised', reasons: 'Value for money shown; exit and data terms acceptable.' },
  }),
  'ethics-advice': form({
    kind: 'ethics-advice',
    title: "Ethics committee's advice",
    authors: ['ethics-committee'],
    public: true,
    schema: z.object({
      advice: text(),
      recommendations: z.array(text(2)).default([]),
      minutesUrl: z.string().default(''),
    }),
    example: {
      advice:
        'Proceed to validation with the safeguards stated; report feedback-loop checks to the committee.',
      recommendations: [
        'Publish maps only at coarse resolution',
        'Include rural representatives in engagement',
      ],
      minutesUrl: 'https://demo.police.example/ethics-committee/minutes/2026-02',
    },
  }),
  'ethics-response': form({
    kind: 'ethics-response',
    title: "Project's response to the ethics committee",
    authors: ['project-lead'],
    public: true,
    schema: z.object({ response: text(), actions: z.array(text(2)).default([]) }),
    example: {
      response: 'All recommendations accepted.',
      actions: ['Rural parish councils added to the engagement plan'],
    },
  }),
  'validation-report': form({
    kind: 'validation-report',
    title: 'Validation report',
    authors: ['analyst'],
    public: true,
    schema: z.object({
      data: text(),
      results: z.array(resultSchema).min(1, 'needs at least one measured result'),
      biasAudit: text().optional(),
      conclusion: text(),
    }),
    example: {
      data: 'Northumbria burglary, police.uk, Feb 2022 to Feb 2023 (13 monthly periods), trained on the 12 months before each.',
      results: [
        { metric: 'hit-rate-5pc', value: 0.241 },
        { metric: 'coverage-share', group: 'Urban', value: 0.05 },
        { metric: 'coverage-share', group: 'Rural', value: 0.05 },
      ],
      biasAudit: 'Feedback-loop and area audit: no disproportion found at the 0.8 ratio threshold.',
      conclusion: 'Meets every threshold of the test design.',
    },
  }),
  waiver: form({
    kind: 'waiver',
    title: "Chief constable's waiver of missed thresholds",
    authors: ['chief-constable'],
    public: true,
    schema: z.object({ metrics: list(), reasons: text(20) }),
    example: {
      metrics: ['hit-rate-5pc'],
      reasons: 'Trial only, at reduced scope, with weekly analyst review of every forecast.',
    },
  }),
  'deployment-authorisation': form({
    kind: 'deployment-authorisation',
    title: "Head of information security's authorisation to deploy",
    authors: ['head-of-information-security'],
    schema: z.object({ decision: z.literal('authorised'), conditions: z.array(text(2)).default([]) }),
    example: { decision: 'authorised', conditions: ['Access limited to named analysts and supervisors'] },
  }),
  'use-authorisation': form({
    kind: 'use-authorisation',
    title: "Chief constable's authorisation of use",
    authors: ['chief-constable'],
    public: true,
    schema: z.object({ decision: z.literal('authorised'), reasons: text() }),
    example: {
      decision: 'authorised',
      reasons: 'Validated against its thresholds; safeguards and oversight in place.',
    },
  }),
  'operational-guidance': form({
    kind: 'operational-guidance',
    title: 'Operational guidance',
    authors: ['project-lead'],
    schema: z.object({ guidance: text(), training: text() }),
    example: {
      guidance:
        'Forecasts inform patrol planning only. They never justify a stop, search or arrest on their own.',
      training: 'One-hour briefing for every supervisor before first use.',
    },
  }),
  'trial-scope': form({
    kind: 'trial-scope',
    title: 'Trial scope',
    authors: ['project-lead'],
    public: true,
    schema: z
      .object({
        teams: z.array(text(2)).default([]),
        areas: z.array(text(2)).default([]),
        startDate: isoDate,
        endDate: isoDate,
        maxRuns: z.number().int().min(1),
      })
      .refine((s) => s.endDate > s.startDate, {
        message: 'The end date must be after the start date',
        path: ['endDate'],
      })
      .refine((s) => s.teams.length + s.areas.length > 0, {
        message: 'needs at least one team or area',
        path: ['teams'],
      }),
    example: {
      teams: ['Analysts', 'North neighbourhood team'],
      areas: ['North area command'],
      startDate: '2026-01-01',
      endDate: '2027-06-30',
      maxRuns: 500,
    },
  }),
  'public-record': form({
    kind: 'public-record',
    title: 'Public record (ATRS) published',
    authors: ['project-lead', 'ai-lead'],
    schema: z.object({ contactEmail: z.string().email(), website: z.string().url(), publishedOn: isoDate }),
    example: {
      contactEmail: 'ai-transparency@demo.police.example',
      website: 'https://demo.police.example/ai',
      publishedOn: '2026-01-01',
    },
  }),
  'trial-evaluation': form({
    kind: 'trial-evaluation',
    title: 'Trial evaluation report',
    authors: ['analyst'],
    public: true,
    schema: z.object({
      results: z.array(resultSchema).min(1),
      findings: text(),
      recommendation: z.enum(['go-live', 'extend', 'stop']),
    }),
    example: {
      results: [{ metric: 'hit-rate-5pc', value: 0.236 }],
      findings: 'Thresholds held over the trial; supervisors amended 8% of forecasts; no feedback-loop flag.',
      recommendation: 'go-live',
    },
  }),
  'live-decision': form({
    kind: 'live-decision',
    title: "Chief constable's decision to go live",
    authors: ['chief-constable'],
    public: true,
    schema: z.object({ decision: z.literal('approved'), reasons: text() }),
    example: {
      decision: 'approved',
      reasons: 'Trial met its criteria; monitoring and contingency plans are in place.',
    },
  }),
  handover: form({
    kind: 'handover',
    title: 'Handover to the product manager (information asset owner)',
    authors: ['project-lead'],
    schema: z.object({ productManagerEmail: z.string().email(), notes: text() }),
    example: {
      productManagerEmail: 'product-manager@demo.police.example',
      notes: 'Runbook, model card and open risks handed over.',
    },
  }),
  'monitoring-plan': form({
    kind: 'monitoring-plan',
    title: 'Monitoring plan',
    authors: ['product-manager'],
    public: true,
    schema: z.object({
      metrics: z.array(metricSchema).min(1),
      windowDays: z.number().int().min(1).max(366),
      reviewEveryDays: z.number().int().min(1).max(366),
    }),
    example: {
      metrics: [
        {
          name: 'hit-rate-5pc',
          description: 'Share of next-period crime in the top 5% of cells',
          direction: 'min',
          threshold: 0.18,
          perGroup: false,
          severe: true,
        },
      ],
      windowDays: 90,
      reviewEveryDays: 30,
    },
  }),
  'contingency-plan': form({
    kind: 'contingency-plan',
    title: 'Contingency plan',
    authors: ['product-manager'],
    schema: z.object({ fallback: text(), contacts: list() }),
    example: {
      fallback: 'Analysts return to the manual weekly hot spot review.',
      contacts: ['Duty analyst', 'Head of analysis'],
    },
  }),
  'business-change-plan': form({
    kind: 'business-change-plan',
    title: 'Business change plan (skills transfer)',
    authors: ['business-change'],
    schema: z.object({ skills: text(), communications: text() }),
    example: {
      skills: 'Two analysts trained to maintain and evaluate the model.',
      communications: 'Briefings to every neighbourhood team.',
    },
  }),
  'workforce-impact': form({
    kind: 'workforce-impact',
    title: 'Workforce impact',
    authors: ['hr'],
    public: true,
    schema: z.object({ impact: text(), reinvestment: text() }),
    example: {
      impact: 'No posts change. About 10 analyst hours a week are released.',
      reinvestment: 'Released time goes to problem-oriented policing projects.',
    },
  }),
  'suspension-resolution': form({
    kind: 'suspension-resolution',
    title: 'Resolution of the cause of suspension',
    authors: ['product-manager'],
    schema: z.object({ cause: text(), resolution: text() }),
    example: {
      cause: 'Input data feed changed format.',
      resolution: 'Feed mapping corrected and re-validated on the last 3 months.',
    },
  }),
  'closure-plan': form({
    kind: 'closure-plan',
    title: 'Safe-closure plan',
    authors: ['project-lead'],
    public: true,
    schema: z.object({ dataRetention: text(), whoIsTold: list(), replacement: text() }),
    example: {
      dataRetention: 'Forecasts and run records kept 2 years for audit, then deleted; the ledger is kept.',
      whoIsTold: ['Neighbourhood teams', 'Independent advisory group', 'The public via the AI register'],
      replacement: 'Manual analyst hot spot review.',
    },
  }),
} as const satisfies Record<string, FormDef>;

export type FormKind = keyof typeof FORMS;
export const FORM_KINDS = Object.keys(FORMS) as FormKind[];

export function isFormKind(value: string): value is FormKind {
  return value in FORMS;
}
