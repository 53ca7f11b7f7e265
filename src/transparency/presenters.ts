import type { AtrsRecord, ThresholdRow } from './atrs.ts';
import { refusalMessage } from './refusal-messages.ts';

/**
 * Public presenters: turn ATRS records into what the public pages show. They read only the
 * record (which is already an allowlist of public content), never the register rows.
 */

export interface Row {
  key: { text: string };
  value: { text: string } | { html: string };
}

export interface Section {
  id: string;
  title: string;
  rows: Row[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const NOT_RECORDED = 'Not recorded yet';

const text = (key: string, value: string | number | null | undefined): Row => ({
  key: { text: key },
  value: { text: value === null || value === undefined || value === '' ? NOT_RECORDED : String(value) },
});

const html = (key: string, value: string): Row => ({ key: { text: key }, value: { html: value } });

function list(key: string, items: readonly string[] | null | undefined): Row {
  if (!items || items.length === 0) return text(key, null);
  if (items.length === 1) return text(key, items[0]);
  return html(
    key,
    `<ul class="govuk-list govuk-list--bullet">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
  );
}

function link(key: string, url: string | null, label = url): Row {
  return url && /^https?:\/\//.test(url)
    ? html(key, `<a class="govuk-link" href="${escapeHtml(url)}">${escapeHtml(label ?? url)}</a>`)
    : text(key, url);
}

/** A GOV.UK tag saying whether data stays in the UK: shown prominently on every record. */
export function ukTag(inUk: boolean): string {
  return inUk
    ? '<strong class="govuk-tag govuk-tag--green">UK only</strong>'
    : '<strong class="govuk-tag govuk-tag--red">Outside the UK</strong>';
}

export function phaseTag(record: AtrsRecord): string {
  const colour = record.tier1.phase === 'live' ? 'blue' : record.tier1.phase === 'trial' ? 'yellow' : 'grey';
  return `<strong class="govuk-tag govuk-tag--${colour}">${escapeHtml(record.tier1.phaseTitle)}</strong>`;
}

/** One line of a force's public list. */
export function publicListItem(record: AtrsRecord, forceSlug: string) {
  return {
    reference: record.reference,
    name: record.tier1.name,
    description: record.tier1.description,
    phaseTag: phaseTag(record),
    ukTag: ukTag(record.tier1.dataProcessedInUk),
    href: `/forces/${encodeURIComponent(forceSlug)}/ai/${encodeURIComponent(record.reference)}`,
  };
}

function thresholdLine(r: ThresholdRow): string {
  const group = r.group ? ` (${r.group})` : '';
  const need = `${r.direction === 'min' ? 'at least' : 'at most'} ${r.threshold}`;
  const value = r.value === null ? 'not measured' : String(r.value);
  return `${r.metric}${group}: ${value}, needs ${need}: ${r.passed ? 'met' : 'missed'}`;
}

const tickList = (rows: readonly ThresholdRow[]) => rows.map(thresholdLine);

/** The full record as titled sections of summary-list rows, tier 1 then tier 2. */
export function recordSections(record: AtrsRecord): Section[] {
  const t1 = record.tier1;
  const {
    ownerAndResponsibility: o,
    descriptionAndRationale: d,
    decisionMaking: m,
    data,
    impactAssessments: ia,
  } = record.tier2;
  const r = record.tier2.risksAndMitigations;
  const supplier: Row[] =
    o.supplier.type === 'in-house'
      ? [text('2.1.4 Developed by', `In-house: ${o.supplier.team}`)]
      : [
          text('2.1.4 External supplier', o.supplier.name),
          text('2.1.4.1 Companies House number', o.supplier.companiesHouseNumber),
          text('2.1.4.2 Role of the supplier', o.supplier.role),
          text('2.1.4.3 Procurement route', o.supplier.procurementRoute),
          text('2.1.4.4 Terms of access to police data', o.supplier.dataAccessTerms),
        ];
  const scale = m.frequencyAndScale;
  return [
    {
      id: 'tier-1',
      title: 'Tier 1: overview',
      rows: [
        text('1.1 Name', t1.name),
        text('1.2 Description', t1.description),
        link('1.3 Website', t1.website),
        t1.contactEmail
          ? html(
              '1.4 Contact email',
              `<a class="govuk-link" href="mailto:${escapeHtml(t1.contactEmail)}">${escapeHtml(t1.contactEmail)}</a>`,
            )
          : text('1.4 Contact email', null),
        text('Organisation', t1.organisation),
        html('Phase', phaseTag(record)),
        html('Where data is processed and stored', ukTag(t1.dataProcessedInUk)),
        text('Reference', t1.reference),
      ],
    },
    {
      id: 'owner',
      title: '2.1 Owner and responsibility',
      rows: [
        text('2.1.1 Organisation', o.organisation),
        text('2.1.2 Team', o.team),
        text(`2.1.3 ${o.seniorResponsibleOwner.role}`, o.seniorResponsibleOwner.name),
        text(o.informationAssetOwner.role, o.informationAssetOwner.name),
        ...supplier,
      ],
    },
    {
      id: 'description',
      title: '2.2 Description and rationale',
      rows: [
        text('2.2.1 Detailed description', d.detailedDescription),
        text('Use case', d.useCase),
        text('Capability', d.capability),
        text('Purpose', d.purpose),
        text('2.2.2 Scope', d.scope),
        list('People affected', d.affectedGroups),
        list('2.2.3 Benefits', d.benefits),
        text('Expected officer or staff time saved', `${d.expectedMinutesSavedPerTask} minutes per task`),
        text('How time saved is reinvested', d.timeSavedReinvestment),
        text(
          'Measured so far',
          d.measuredImpact
            ? `${d.measuredImpact.runs} runs; ${d.measuredImpact.hoursSaved} officer hours saved, of which ${d.measuredImpact.hoursReinvested.frontline} reinvested in frontline policing, ${d.measuredImpact.hoursReinvested.communityEngagement} in community engagement and ${d.measuredImpact.hoursReinvested.other} elsewhere; energy ${d.measuredImpact.energyKwh} kWh, ${d.measuredImpact.co2eKg} kg CO2e`
            : 'No runs yet',
        ),
        text('Impact on the workforce', d.workforceImpact),
        list('Success criteria', d.successCriteria),
        text('2.2.4 Previous process', d.previousProcess),
      ],
    },
    {
      id: 'decisions',
      title: '2.3 Decision-making process',
      rows: [
        text('2.3.1 Process integration', m.processIntegration),
        text(
          '2.3.2 Human oversight',
          `${m.humanOversight.review} ${m.humanOversight.namedOverseers} named ${m.humanOversight.namedOverseers === 1 ? 'person oversees' : 'people oversee'} it${m.humanOversight.overseerRoles.length ? ` (${m.humanOversight.overseerRoles.join(', ')})` : ''}.`,
        ),
        text(
          '2.3.3 Frequency and scale of use',
          scale
            ? `${[...scale.teams, ...scale.areas].join(', ')}; trial from ${scale.trialStart} to ${scale.trialEnd}, at most ${scale.maximumRuns} runs.${scale.monitoringReviewEveryDays ? ` Performance reviewed every ${scale.monitoringReviewEveryDays} days.` : ''}`
            : null,
        ),
        text('2.3.4 How to appeal or challenge', m.appealsAndChallenge),
      ],
    },
    {
      id: 'data',
      title: '2.4 Data',
      rows: [
        text('Training data source', data.trainingData.source),
        text('Training data period', data.trainingData.period),
        text('Known gaps in the training data', data.trainingData.knownGaps),
        list('Data processed', data.dataProcessed),
        text('Lawful basis', data.lawfulBasis),
        text('Retention', data.retention),
        text('Provider', data.processing.provider),
        html(
          'Where data is processed and stored',
          `${ukTag(data.processing.inUk)} Processed in ${escapeHtml(data.processing.processingCountry)}, stored in ${escapeHtml(data.processing.storageCountry)}`,
        ),
        text('Model and version', `${data.model.name}, version ${data.model.version}`),
      ],
    },
    {
      id: 'impact',
      title: '2.5 Impact assessments',
      rows: [
        text(
          'Data protection impact assessment',
          ia.dpia
            ? `Completed ${ia.dpia.completedOn}; ${ia.dpia.approved ? 'approved by the data protection officer' : 'awaiting approval by the data protection officer'}. Lawful basis: ${ia.dpia.lawfulBasis}`
            : null,
        ),
        list(
          'Equality impact assessment',
          ia.equalityImpactAssessment
            ? [
                `Completed ${ia.equalityImpactAssessment.completedOn}`,
                ...ia.equalityImpactAssessment.impacts.map((i) => `Impact: ${i}`),
                ...ia.equalityImpactAssessment.mitigations.map((i) => `Mitigation: ${i}`),
                `Monitoring: ${ia.equalityImpactAssessment.monitoring}`,
              ]
            : null,
        ),
        list(
          'Ethics committee advice',
          ia.ethics
            ? [
                `Advice (${ia.ethics.advisedOn}): ${ia.ethics.advice}`,
                ...ia.ethics.recommendations.map((x) => `Recommendation: ${x}`),
                ...(ia.ethics.minutesUrl ? [`Minutes: ${ia.ethics.minutesUrl}`] : []),
              ]
            : null,
        ),
        list(
          "The project's response",
          ia.ethics?.response ? [ia.ethics.response, ...ia.ethics.actions.map((a) => `Action: ${a}`)] : null,
        ),
        list(
          'Validation against its thresholds',
          ia.validation
            ? [
                `Reported ${ia.validation.reportedOn} on ${ia.validation.data}`,
                ...tickList(ia.validation.results),
                ...(ia.validation.biasAudit ? [`Bias audit: ${ia.validation.biasAudit}`] : []),
                `Conclusion: ${ia.validation.conclusion}`,
              ]
            : null,
        ),
        ia.waivers.length
          ? list(
              "Chief constable's waivers of missed thresholds",
              ia.waivers.map((w) => `${w.waivedOn}: ${w.metrics.join(', ')} waived because ${w.reasons}`),
            )
          : text("Chief constable's waivers of missed thresholds", 'None'),
        text(
          "Chief constable's authorisation of use",
          ia.useAuthorisation ? `${ia.useAuthorisation.authorisedOn}: ${ia.useAuthorisation.reasons}` : null,
        ),
        ...(ia.refusals?.length
          ? [
              list(
                refusalMessage('record.refusals'),
                ia.refusals.map((x) =>
                  refusalMessage('record.refusal', {
                    date: x.refusedOn,
                    decision: x.decision,
                    reasons: x.reasons,
                  }),
                ),
              ),
            ]
          : []),
        ...(ia.trialEvaluation
          ? [
              list('Trial evaluation', [
                `Reported ${ia.trialEvaluation.reportedOn}: ${ia.trialEvaluation.findings}`,
                ...ia.trialEvaluation.results.map(
                  (x) => `${x.metric}${x.group ? ` (${x.group})` : ''}: ${x.value}`,
                ),
                `Recommendation: ${ia.trialEvaluation.recommendation}`,
              ]),
            ]
          : []),
        ...(ia.liveDecision
          ? [text('Decision to go live', `${ia.liveDecision.decidedOn}: ${ia.liveDecision.reasons}`)]
          : []),
      ],
    },
    {
      id: 'risks',
      title: '2.6 Risks and mitigations',
      rows: [
        list('Data protection risks', r.dataProtectionRisks),
        list('Data protection mitigations', r.dataProtectionMitigations),
        list('Equality risks', r.equalityImpacts),
        list('Equality mitigations', r.equalityMitigations),
        text('Security: residual risk after controls', r.securityResidualRisk),
        list(
          'Continuous monitoring',
          r.monitoring
            ? [
                ...r.monitoring.metrics.map(
                  (x) =>
                    `${x.name}: ${x.description}, ${x.direction === 'min' ? 'at least' : 'at most'} ${x.threshold}`,
                ),
                `Measured over ${r.monitoring.windowDays} days, reviewed every ${r.monitoring.reviewEveryDays} days`,
              ]
            : null,
        ),
      ],
    },
    {
      id: 'lifecycle',
      title: 'Dates',
      rows: [
        text('Registered', record.lifecycle.registeredOn),
        text('Record published', record.lifecycle.publishedOn),
        ...(record.lifecycle.trialFrom ? [text('Trial from', record.lifecycle.trialFrom)] : []),
        ...(record.lifecycle.liveFrom ? [text('Live from', record.lifecycle.liveFrom)] : []),
      ],
    },
  ];
}

/** Where a public forecast map and its GeoJSON are, by force, system and run reference. */
export function forecastLinks(forceSlug: string, systemReference: string, runReference: string) {
  const href = `/forces/${encodeURIComponent(forceSlug)}/ai/${encodeURIComponent(systemReference)}/forecasts/${encodeURIComponent(runReference)}`;
  return { reference: runReference, href, geojsonHref: `${href}/map.geojson` };
}
