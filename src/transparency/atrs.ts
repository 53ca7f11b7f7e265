import type { z } from 'zod';
import { ROLE_NAMES, type Role } from '../identity/roles.ts';
import type { ImpactSummary } from '../oversight/time.ts';
import { FORMS, type FormKind } from '../register/forms.ts';
import { thresholdResults } from '../register/gates.ts';
import type { Stage } from '../register/lifecycle.ts';
import { type CAPABILITIES, isUk, type SystemRecord, USE_CASE_TITLES } from '../register/model.ts';

/**
 * The public record of an AI system, structured as the UK Algorithmic Transparency Recording
 * Standard (ATRS) v3.0: tier 1 is a short overview for the general public, tier 2 the detail
 * for interested parties (owner and responsibility; description and rationale; decision-making
 * process; data; impact assessments; risks and mitigations).
 *
 * What is published is an allowlist: the register record, forms marked `public: true`, the
 * public-record form itself (contact and website), and three named excerpts of internal forms
 * (see `EXCERPTS`). The only people named are the accountable officials (senior responsible
 * owner and information asset owner); human overseers are published as a count with their roles.
 */
export const ATRS_VERSION = '3.0';

/** Only systems at these stages appear on public pages and in the public export. */
export const PUBLIC_STAGES: readonly Stage[] = ['trial', 'live'];

export type Phase = 'pre-deployment' | 'trial' | 'live' | 'suspended' | 'closing' | 'retired';

export const PHASE_TITLES: Record<Phase, string> = {
  'pre-deployment': 'Pre-deployment',
  trial: 'Trial (pilot)',
  live: 'Live (in production)',
  suspended: 'Suspended',
  closing: 'Being closed down',
  retired: 'Retired',
};

export function phaseOf(stage: Stage): Phase {
  switch (stage) {
    case 'trial':
    case 'live':
    case 'suspended':
    case 'closing':
    case 'retired':
      return stage;
    default:
      return 'pre-deployment';
  }
}

export const CAPABILITY_TITLES: Record<(typeof CAPABILITIES)[number], string> = {
  'computer-vision': 'Computer vision',
  'computer-audition': 'Computer audition',
  'computer-linguistics': 'Computer linguistics',
  robotics: 'Robotics',
  forecasting: 'Forecasting',
  discovery: 'Discovery',
  planning: 'Planning',
  creation: 'Creation',
  analysis: 'Analysis',
  management: 'Management',
  other: 'Other',
};

/** The register fields the record is built from. */
export type AtrsSystem = Omit<
  SystemRecord,
  'overseerIds' | 'moduleId' | 'moduleSettings' | 'reviewMode' | 'reviewSampleRate'
> & {
  reference: string;
  stage: Stage;
  registeredAt: Date;
};

/** One form's latest version, as far as the record needs it. */
export interface AtrsEvidence {
  data: unknown;
  createdAt: Date;
  approved: boolean;
}

export interface AtrsInput {
  system: AtrsSystem;
  force: { slug: string; name: string };
  evidence: ReadonlyMap<FormKind, AtrsEvidence>;
  /** Names of people by id; only the project lead's and product manager's are read. */
  names: ReadonlyMap<string, string>;
  /** The named human overseers, by the roles they hold (never by name). */
  overseers: ReadonlyArray<{ roles: readonly Role[] }>;
  /** When the system first entered each stage. */
  stageDates: Partial<Record<Stage, Date>>;
  /** Measured time saved, where it went, and energy used, from the system's runs. */
  impact?: ImpactSummary | null;
  /** Refused authorisations (public decisions only, see `register/decisions.ts`), oldest first. */
  refusals?: ReadonlyArray<{ kind: FormKind; reasons: string; at: Date }>;
}

type Data<K extends FormKind> = z.infer<(typeof FORMS)[K]['schema']>;

export interface ThresholdRow {
  metric: string;
  group: string | null;
  direction: 'min' | 'max';
  threshold: number;
  value: number | null;
  passed: boolean;
}

export interface AtrsRecord {
  standard: 'Algorithmic Transparency Recording Standard';
  standardVersion: typeof ATRS_VERSION;
  reference: string;
  tier1: {
    name: string;
    description: string;
    website: string | null;
    contactEmail: string | null;
    organisation: string;
    phase: Phase;
    phaseTitle: string;
    /** Both processing and storage are in the UK; shown prominently. */
    dataProcessedInUk: boolean;
    reference: string;
  };
  tier2: {
    ownerAndResponsibility: {
      organisation: string;
      team: string | null;
      seniorResponsibleOwner: { role: string; name: string | null };
      informationAssetOwner: { role: string; name: string | null };
      supplier:
        | { type: 'in-house'; team: string }
        | {
            type: 'external';
            name: string;
            companiesHouseNumber: string;
            role: string;
            procurementRoute: string;
            dataAccessTerms: string;
          };
    };
    descriptionAndRationale: {
      detailedDescription: string;
      useCase: string;
      capability: string;
      purpose: string;
      scope: string | null;
      affectedGroups: string[];
      benefits: string[];
      successCriteria: string[];
      expectedMinutesSavedPerTask: number;
      timeSavedReinvestment: string | null;
      workforceImpact: string | null;
      previousProcess: string | null;
      /**
       * From the runs so far. `estimatedHoursSaved` is the expected minutes per task times the
       * released runs (an estimate, not measured); then where it was reinvested, energy and CO2e.
       */
      measuredImpact: {
        runs: number;
        estimatedHoursSaved: number;
        hoursReinvested: { frontline: number; communityEngagement: number; other: number };
        energyKwh: number;
        co2eKg: number;
      } | null;
    };
    decisionMaking: {
      processIntegration: string;
      humanOversight: {
        namedOverseers: number;
        overseerRoles: string[];
        review: string;
      };
      frequencyAndScale: {
        teams: string[];
        areas: string[];
        trialStart: string;
        trialEnd: string;
        maximumRuns: number;
        monitoringReviewEveryDays: number | null;
      } | null;
      appealsAndChallenge: string | null;
    };
    data: {
      trainingData: { source: string; period: string; knownGaps: string };
      dataProcessed: string[] | null;
      lawfulBasis: string | null;
      retention: string | null;
      processing: { provider: string; processingCountry: string; storageCountry: string; inUk: boolean };
      model: { name: string; version: string };
    };
    impactAssessments: {
      dpia: { completedOn: string; approved: boolean; lawfulBasis: string } | null;
      equalityImpactAssessment: {
        completedOn: string;
        impacts: string[];
        mitigations: string[];
        monitoring: string;
      } | null;
      ethics: {
        advisedOn: string;
        advice: string;
        recommendations: string[];
        minutesUrl: string;
        response: string | null;
        actions: string[];
      } | null;
      validation: {
        reportedOn: string;
        data: string;
        conclusion: string;
        biasAudit: string;
        results: ThresholdRow[];
      } | null;
      /** Chief constable waivers of missed thresholds; always public. */
      waivers: Array<{ waivedOn: string; metrics: string[]; reasons: string }>;
      useAuthorisation: { authorisedOn: string; reasons: string } | null;
      /** Authorisations refused, with the reasons given; always public. */
      refusals: Array<{ refusedOn: string; decision: string; reasons: string }>;
      trialEvaluation: {
        reportedOn: string;
        findings: string;
        recommendation: string;
        results: Array<{ metric: string; group: string | null; value: number }>;
      } | null;
      liveDecision: { decidedOn: string; reasons: string } | null;
    };
    risksAndMitigations: {
      dataProtectionRisks: string[] | null;
      dataProtectionMitigations: string[] | null;
      equalityImpacts: string[] | null;
      equalityMitigations: string[] | null;
      /** The security assessment's residual risk level only; threats and controls stay internal. */
      securityResidualRisk: 'low' | 'medium' | 'high' | null;
      monitoring: {
        metrics: Array<{ name: string; description: string; direction: 'min' | 'max'; threshold: number }>;
        windowDays: number;
        reviewEveryDays: number;
      } | null;
    };
  };
  lifecycle: {
    registeredOn: string;
    publishedOn: string | null;
    scopingFrom: string | null;
    assessmentFrom: string | null;
    validationFrom: string | null;
    authorisationFrom: string | null;
    trialFrom: string | null;
    liveFrom: string | null;
    suspendedFrom: string | null;
    closingFrom: string | null;
    retiredOn: string | null;
  };
}

/** Reads a form's latest data; refuses any form not marked public, so nothing internal slips in. */
function published<K extends FormKind>(input: AtrsInput, kind: K): { data: Data<K>; e: AtrsEvidence } | null {
  const def = FORMS[kind] as { public?: boolean };
  if (def.public !== true) throw new Error(`The ${kind} form is not public`);
  const e = input.evidence.get(kind);
  return e ? { data: e.data as Data<K>, e } : null;
}

/**
 * The only parts of internal forms that are published, each for a stated reason:
 * - `public-record`: the contact email, website and publication date are the publication itself;
 * - `security-risk-assessment`: the residual risk level (threats and controls would help attackers);
 * - `test-design`: each metric's name, direction and threshold, so results read against them.
 */
const EXCERPTS = {
  'public-record': (d: Data<'public-record'>) => ({
    contactEmail: d.contactEmail,
    website: d.website,
    publishedOn: d.publishedOn,
  }),
  'security-risk-assessment': (d: Data<'security-risk-assessment'>) => ({ residualRisk: d.residualRisk }),
  'test-design': (d: Data<'test-design'>) => ({
    groups: d.groups,
    metrics: d.metrics.map((m) => ({ ...m, description: '' })),
  }),
} satisfies Partial<Record<FormKind, (data: never) => unknown>>;

function excerpt<K extends keyof typeof EXCERPTS>(
  input: AtrsInput,
  kind: K,
): ReturnType<(typeof EXCERPTS)[K]> | null {
  const e = input.evidence.get(kind);
  return e ? (EXCERPTS[kind] as (d: unknown) => ReturnType<(typeof EXCERPTS)[K]>)(e.data) : null;
}

/** An ISO calendar date (YYYY-MM-DD) in UTC. */
const day = (d: Date | undefined | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

/** Builds the ATRS record of one system. Pure: everything it reads is in `input`. */
export function buildAtrsRecord(input: AtrsInput): AtrsRecord {
  const { system: s, force } = input;
  const phase = phaseOf(s.stage);
  const contact = excerpt(input, 'public-record');
  const scoping = published(input, 'scoping');
  const dpia = published(input, 'dpia');
  const eia = published(input, 'equality-impact-assessment');
  const advice = published(input, 'ethics-advice');
  const response = published(input, 'ethics-response');
  const report = published(input, 'validation-report');
  const waiver = published(input, 'waiver');
  const useAuth = published(input, 'use-authorisation');
  const scope = published(input, 'trial-scope');
  const evaluation = published(input, 'trial-evaluation');
  const live = published(input, 'live-decision');
  const monitoring = published(input, 'monitoring-plan');
  const workforce = published(input, 'workforce-impact');
  const design = excerpt(input, 'test-design');
  const security = excerpt(input, 'security-risk-assessment');

  const inUk = isUk(s.processing.processingCountry) && isUk(s.processing.storageCountry);
  const name = (id: string | null) => (id ? (input.names.get(id) ?? null) : null);
  const overseerRoles = [
    ...new Set(input.overseers.flatMap((o) => o.roles.map((r) => ROLE_NAMES[r] ?? r))),
  ].sort();

  return {
    standard: 'Algorithmic Transparency Recording Standard',
    standardVersion: ATRS_VERSION,
    reference: s.reference,
    tier1: {
      name: s.name,
      description: s.description,
      website: contact?.website ?? null,
      contactEmail: contact?.contactEmail ?? null,
      organisation: force.name,
      phase,
      phaseTitle: PHASE_TITLES[phase],
      dataProcessedInUk: inUk,
      reference: s.reference,
    },
    tier2: {
      ownerAndResponsibility: {
        organisation: force.name,
        team:
          s.supplier.type === 'in-house'
            ? s.supplier.team
            : scope?.data.teams.length
              ? scope.data.teams.join(', ')
              : null,
        seniorResponsibleOwner: {
          role: 'Project lead (senior responsible owner)',
          name: name(s.projectLeadId),
        },
        informationAssetOwner: {
          role: 'Product manager (information asset owner)',
          name: name(s.productManagerId),
        },
        supplier: s.supplier,
      },
      descriptionAndRationale: {
        detailedDescription: s.description,
        useCase: USE_CASE_TITLES[s.useCase],
        capability: CAPABILITY_TITLES[s.capability],
        purpose: scoping?.data.purpose ?? s.purpose,
        scope: scope ? scopeSentence(scope.data) : null,
        affectedGroups: scoping?.data.affectedGroups ?? s.affectedGroups,
        benefits: s.expectedBenefits,
        successCriteria: scoping?.data.successCriteria ?? [],
        expectedMinutesSavedPerTask: s.expectedMinutesSavedPerTask,
        timeSavedReinvestment: workforce?.data.reinvestment ?? null,
        workforceImpact: workforce?.data.impact ?? null,
        previousProcess: scoping?.data.problem ?? null,
        measuredImpact: input.impact
          ? {
              runs: input.impact.runs,
              estimatedHoursSaved: input.impact.estimatedHoursSaved,
              hoursReinvested: {
                frontline: input.impact.reinvested.frontline,
                communityEngagement: input.impact.reinvested['community-engagement'],
                other: input.impact.reinvested.other,
              },
              energyKwh: input.impact.energyKwh,
              co2eKg: input.impact.co2eKg,
            }
          : null,
      },
      decisionMaking: {
        processIntegration: `${s.purpose} The output is advisory: it is one input to a decision that a person makes, and nobody acts on it before a named person has reviewed it.`,
        humanOversight: {
          namedOverseers: input.overseers.length,
          overseerRoles,
          review:
            'Every output is reviewed by a named person, who accepts, amends or rejects it with reasons before it is used. Each review is written to the force’s tamper-evident audit ledger.',
        },
        frequencyAndScale: scope
          ? {
              teams: scope.data.teams,
              areas: scope.data.areas,
              trialStart: scope.data.startDate,
              trialEnd: scope.data.endDate,
              maximumRuns: scope.data.maxRuns,
              monitoringReviewEveryDays: monitoring?.data.reviewEveryDays ?? null,
            }
          : null,
        appealsAndChallenge: contact
          ? `If a decision that affects you was informed by ${s.name}, you can ask ${force.name} to review it: write to ${contact.contactEmail} quoting ${s.reference}. The named person who reviewed the output and their reasons are on record, so the decision can be traced and looked at again. You can also complain to the Independent Office for Police Conduct (IOPC) or, about your personal data, to the Information Commissioner’s Office (ICO).`
          : null,
      },
      data: {
        trainingData: s.trainingData,
        dataProcessed: dpia?.data.personalData ?? null,
        lawfulBasis: dpia?.data.lawfulBasis ?? null,
        retention: dpia?.data.retention ?? null,
        processing: { ...s.processing, inUk },
        model: s.model,
      },
      impactAssessments: {
        dpia: dpia
          ? {
              completedOn: dpia.data.completedOn,
              approved: dpia.e.approved,
              lawfulBasis: dpia.data.lawfulBasis,
            }
          : null,
        equalityImpactAssessment: eia
          ? {
              completedOn: day(eia.e.createdAt)!,
              impacts: eia.data.impacts,
              mitigations: eia.data.mitigations,
              monitoring: eia.data.monitoring,
            }
          : null,
        ethics: advice
          ? {
              advisedOn: day(advice.e.createdAt)!,
              advice: advice.data.advice,
              recommendations: advice.data.recommendations,
              minutesUrl: advice.data.minutesUrl,
              response: response?.data.response ?? null,
              actions: response?.data.actions ?? [],
            }
          : null,
        validation: report
          ? {
              reportedOn: day(report.e.createdAt)!,
              data: report.data.data,
              conclusion: report.data.conclusion,
              biasAudit: report.data.biasAudit ?? '',
              results: design
                ? thresholdResults(design.metrics, design.groups, report.data).map((r) => ({
                    metric: r.metric,
                    group: r.group,
                    direction: r.direction,
                    threshold: r.threshold,
                    value: r.value,
                    passed: r.passed,
                  }))
                : [],
            }
          : null,
        waivers: waiver
          ? [
              {
                waivedOn: day(waiver.e.createdAt)!,
                metrics: waiver.data.metrics,
                reasons: waiver.data.reasons,
              },
            ]
          : [],
        useAuthorisation: useAuth
          ? { authorisedOn: day(useAuth.e.createdAt)!, reasons: useAuth.data.reasons }
          : null,
        refusals: (input.refusals ?? []).map((r) => ({
          refusedOn: day(r.at)!,
          decision: FORMS[r.kind].title,
          reasons: r.reasons,
        })),
        trialEvaluation: evaluation
          ? {
              reportedOn: day(evaluation.e.createdAt)!,
              findings: evaluation.data.findings,
              recommendation: evaluation.data.recommendation,
              results: evaluation.data.results.map((r) => ({
                metric: r.metric,
                group: r.group ?? null,
                value: r.value,
              })),
            }
          : null,
        liveDecision: live ? { decidedOn: day(live.e.createdAt)!, reasons: live.data.reasons } : null,
      },
      risksAndMitigations: {
        dataProtectionRisks: dpia?.data.risks ?? null,
        dataProtectionMitigations: dpia?.data.mitigations ?? null,
        equalityImpacts: eia?.data.impacts ?? null,
        equalityMitigations: eia?.data.mitigations ?? null,
        securityResidualRisk: security?.residualRisk ?? null,
        monitoring: monitoring
          ? {
              metrics: monitoring.data.metrics.map((m) => ({
                name: m.name,
                description: m.description,
                direction: m.direction,
                threshold: m.threshold,
              })),
              windowDays: monitoring.data.windowDays,
              reviewEveryDays: monitoring.data.reviewEveryDays,
            }
          : null,
      },
    },
    lifecycle: {
      registeredOn: day(s.registeredAt)!,
      publishedOn: contact?.publishedOn ?? null,
      scopingFrom: day(input.stageDates.scoping),
      assessmentFrom: day(input.stageDates.assessment),
      validationFrom: day(input.stageDates.validation),
      authorisationFrom: day(input.stageDates.authorisation),
      trialFrom: day(input.stageDates.trial),
      liveFrom: day(input.stageDates.live),
      suspendedFrom: s.stage === 'suspended' ? day(input.stageDates.suspended) : null,
      closingFrom: day(input.stageDates.closing),
      retiredOn: day(input.stageDates.retired),
    },
  };
}

function scopeSentence(scope: Data<'trial-scope'>): string {
  const where = [...scope.teams, ...scope.areas].join(', ');
  return `Used by ${where}, from ${scope.startDate} to ${scope.endDate}, for at most ${scope.maxRuns} runs in the trial.`;
}

/**
 * Paths that may stay empty: optional by nature (no waiver needed, no minutes yet, teams or
 * areas), or dates of stages a system may never reach.
 */
const OPTIONAL = new Set([
  /** Empty unless an authorisation was refused. */
  'tier2.impactAssessments.refusals',
  /** Null until the system has run; measured figures are not a form anyone fills in. */
  'tier2.descriptionAndRationale.measuredImpact',
  'tier2.impactAssessments.waivers',
  'tier2.impactAssessments.ethics.recommendations',
  'tier2.impactAssessments.ethics.actions',
  'tier2.impactAssessments.validation.biasAudit',
  'tier2.decisionMaking.frequencyAndScale.teams',
  'tier2.decisionMaking.frequencyAndScale.areas',
  'tier2.decisionMaking.humanOversight.overseerRoles',
  'lifecycle.scopingFrom',
  'lifecycle.assessmentFrom',
  'lifecycle.validationFrom',
  'lifecycle.authorisationFrom',
  'lifecycle.trialFrom',
  'lifecycle.liveFrom',
  'lifecycle.suspendedFrom',
  'lifecycle.closingFrom',
  'lifecycle.retiredOn',
]);

/** Paths filled only when a system goes live; required once it is live. */
const LIVE_ONLY = new Set([
  /** The ethics committee's published minutes: a live system's record must link them. */
  'tier2.impactAssessments.ethics.minutesUrl',
  'tier2.descriptionAndRationale.timeSavedReinvestment',
  'tier2.descriptionAndRationale.workforceImpact',
  'tier2.decisionMaking.frequencyAndScale.monitoringReviewEveryDays',
  'tier2.impactAssessments.trialEvaluation',
  'tier2.impactAssessments.liveDecision',
  'tier2.risksAndMitigations.monitoring',
]);

/** Counts that must be above zero. */
const POSITIVE = new Set(['tier2.decisionMaking.humanOversight.namedOverseers']);

/**
 * Every empty field of a record, by its ATRS path (e.g. `tier1.contactEmail`). Empty means
 * null, an empty string or an empty list; a missing object is one path, not its every field.
 */
export function missingFields(record: AtrsRecord): string[] {
  const live = record.tier1.phase === 'live';
  const out: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (OPTIONAL.has(path) || (!live && LIVE_ONLY.has(path))) return;
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      out.push(path);
    } else if (Array.isArray(value)) {
      if (value.length === 0) out.push(path);
    } else if (typeof value === 'number') {
      if (POSITIVE.has(path) && value <= 0) out.push(path);
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
    }
  };
  for (const [k, v] of Object.entries(record)) visit(v, k);
  return out;
}
