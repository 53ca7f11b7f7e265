import { FORMS, type FormKind } from './forms.ts';

/**
 * What is true of one demo system beyond its register record: the problem it addresses, how it
 * was validated, what personal data it reads, who it could treat unfairly. The demo's evidence
 * forms are written from this and the record, so every demo system's public record speaks of
 * that system (and no other).
 */
export interface DemoStory {
  problem: string;
  successCriteria: string[];
  engagement: string;
  /** The one metric the test design sets, with the value validation measured (and the trial). */
  metric: { name: string; description: string; direction: 'min' | 'max'; threshold: number };
  validation: { data: string; value: number; conclusion: string };
  /** The chief constable's reasons for waiving a threshold validation missed (written after it). */
  waiver?: string;
  /** The most runs the trial allows (500 unless said). */
  maxRuns?: number;
  trialValue?: number;
  dataProcessed: string[];
  dataRisk: string;
  dataMitigation: string;
  retention: string;
  equalityImpact: string;
  equalityMitigation: string;
  equalityMonitoring: string;
  ethicsAdvice: string;
  teams: string[];
  areas: string[];
  fallback: string;
  workforceImpact: string;
  reinvestment: string;
}

/** The record fields the forms repeat. */
interface Record {
  name: string;
  purpose: string;
  expectedBenefits: string[];
  affectedGroups: string[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The demo's answer to every form a system needs on its way to live and closure, for this
 * system. Dates are the day the demo is seeded (the walk happens that day), and a year on for
 * the end of the trial, so no date on a record comes before the system was registered.
 */
export function demoForms(d: Record, s: DemoStory, today: Date): Partial<{ [K in FormKind]: unknown }> {
  const day = iso(today);
  const yearOn = iso(new Date(today.getTime() + 365 * 86_400_000));
  const metric = { ...s.metric, perGroup: false, severe: true };
  return {
    scoping: {
      problem: s.problem,
      purpose: d.purpose,
      successCriteria: s.successCriteria,
      benefits: d.expectedBenefits,
      affectedGroups: d.affectedGroups,
      engagementPlan: s.engagement,
    },
    'test-design': {
      dataDescription: s.validation.data,
      groups: [],
      metrics: [metric],
    },
    'landscape-review': {
      otherForces: [],
      catalogueLinks: [],
      findings: `No other force has published a record of a system like ${d.name}; the national catalogue has none.`,
    },
    dpia: {
      ...FORMS.dpia.example,
      personalData: s.dataProcessed,
      risks: [s.dataRisk],
      mitigations: [s.dataMitigation],
      retention: s.retention,
      completedOn: day,
    },
    'legal-review': {
      conclusion: `Lawful under the stated basis if ${d.name} is used only as advice to a named person, who decides.`,
      conditions: ['Never the sole basis of a decision about a person'],
    },
    'equality-impact-assessment': {
      impacts: [s.equalityImpact],
      mitigations: [s.equalityMitigation],
      monitoring: s.equalityMonitoring,
    },
    'technical-advice': {
      integration: `${d.name} reads only what its runs are given; no write-back to force systems.`,
      hosting: 'Force data centre, UK.',
      interoperability: 'Outputs as JSON through the Bluelamp API.',
    },
    'ethics-advice': {
      advice: s.ethicsAdvice,
      recommendations: ['Publish the record before the trial starts'],
      minutesUrl: `https://demo.police.example/ethics-committee/minutes/${day}`,
    },
    'ethics-response': {
      response: 'The recommendation is accepted.',
      actions: ['Public record approved before the trial'],
    },
    'validation-report': {
      data: s.validation.data,
      results: [{ metric: s.metric.name, value: s.validation.value }],
      conclusion: s.validation.conclusion,
    },
    ...(s.waiver ? { waiver: { metrics: [s.metric.name], reasons: s.waiver } } : {}),
    'operational-guidance': {
      guidance: `${d.name} gives advice only: a named person reviews every output before it is used.`,
      training: 'One-hour briefing for every user and supervisor before first use.',
    },
    'trial-scope': {
      teams: s.teams,
      areas: s.areas,
      startDate: day,
      endDate: yearOn,
      maxRuns: s.maxRuns ?? 500,
    },
    'public-record': {
      ...FORMS['public-record'].example,
      publishedOn: day,
    },
    'trial-evaluation': {
      results: [{ metric: s.metric.name, value: s.trialValue ?? s.validation.value }],
      findings: `The ${s.metric.name} threshold held over the trial.`,
      recommendation: 'go-live',
    },
    'monitoring-plan': { metrics: [metric], windowDays: 90, reviewEveryDays: 30 },
    'contingency-plan': { fallback: s.fallback, contacts: ['Product manager', 'Duty supervisor'] },
    'business-change-plan': {
      skills: `Two staff trained to maintain and evaluate ${d.name}.`,
      communications: 'Briefings to every team that uses it.',
    },
    'workforce-impact': { impact: s.workforceImpact, reinvestment: s.reinvestment },
    'closure-plan': {
      dataRetention: 'Run records kept 2 years for audit, then deleted; the ledger is kept.',
      whoIsTold: ['The teams that used it', 'The public via the AI register'],
      replacement: s.fallback,
    },
  };
}
