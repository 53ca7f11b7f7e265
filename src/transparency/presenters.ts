import { type Translate, translator } from '../web/i18n/index.ts';
import { generatedText } from '../web/i18n/record.ts';
import type { AtrsRecord, ThresholdRow } from './atrs.ts';

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

const EN = translator('en');

/** Summary-list rows; an empty value reads "Not recorded yet" in the language of `t`. */
function rowMakers(t: Translate) {
  const text = (key: string, value: string | number | null | undefined): Row => ({
    key: { text: key },
    value: {
      text: value === null || value === undefined || value === '' ? t('atrs.notRecorded') : String(value),
    },
  });
  const html = (key: string, value: string): Row => ({ key: { text: key }, value: { html: value } });
  const list = (key: string, items: readonly string[] | null | undefined): Row => {
    if (!items || items.length === 0) return text(key, null);
    if (items.length === 1) return text(key, items[0]);
    return html(
      key,
      `<ul class="govuk-list govuk-list--bullet">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    );
  };
  const link = (key: string, url: string | null, label = url): Row =>
    url && /^https?:\/\//.test(url)
      ? html(key, `<a class="govuk-link" href="${escapeHtml(url)}">${escapeHtml(label ?? url)}</a>`)
      : text(key, url);
  return { text, html, list, link };
}

/** A GOV.UK tag saying whether data stays in the UK: shown prominently on every record. */
export function ukTag(inUk: boolean, t: Translate = EN): string {
  return inUk
    ? `<strong class="govuk-tag govuk-tag--green">${escapeHtml(t('atrs.ukOnly'))}</strong>`
    : `<strong class="govuk-tag govuk-tag--red">${escapeHtml(t('atrs.outsideUk'))}</strong>`;
}

/** The record's phase in words, e.g. "Trial (pilot)". */
export const phaseTitle = (record: AtrsRecord, t: Translate = EN) => t(`atrs.phase.${record.tier1.phase}`);

export function phaseTag(record: AtrsRecord, t: Translate = EN): string {
  const colour = record.tier1.phase === 'live' ? 'blue' : record.tier1.phase === 'trial' ? 'yellow' : 'grey';
  return `<strong class="govuk-tag govuk-tag--${colour}">${escapeHtml(phaseTitle(record, t))}</strong>`;
}

/** One line of a force's public list. */
export function publicListItem(record: AtrsRecord, forceSlug: string, t: Translate = EN) {
  return {
    reference: record.reference,
    name: record.tier1.name,
    description: record.tier1.description,
    phaseTag: phaseTag(record, t),
    ukTag: ukTag(record.tier1.dataProcessedInUk, t),
    href: `/forces/${encodeURIComponent(forceSlug)}/ai/${encodeURIComponent(record.reference)}`,
  };
}

const need = (direction: string, threshold: number, t: Translate) =>
  t(direction === 'min' ? 'atrs.atLeast' : 'atrs.atMost', { value: threshold });

function thresholdLine(r: ThresholdRow, t: Translate): string {
  const group = r.group ? ` (${r.group})` : '';
  return t('atrs.threshold', {
    metric: `${r.metric}${group}`,
    value: r.value === null ? t('atrs.notMeasured') : String(r.value),
    need: need(r.direction, r.threshold, t),
    result: t(r.passed ? 'atrs.met' : 'atrs.missed'),
  });
}

/**
 * The full record as titled sections of summary-list rows, tier 1 then tier 2, labelled in the
 * language of `t`; what the force wrote stays as written.
 */
export function recordSections(record: AtrsRecord, t: Translate = EN): Section[] {
  const { text, html, list, link } = rowMakers(t);
  const g = (s: string | null | undefined) => generatedText(s, t);
  const tickList = (rows: readonly ThresholdRow[]) => rows.map((r) => thresholdLine(r, t));
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
      ? [text(t('atrs.developedBy'), t('atrs.inHouse', { team: o.supplier.team }))]
      : [
          text(t('atrs.supplier'), o.supplier.name),
          text(t('atrs.companiesHouse'), o.supplier.companiesHouseNumber),
          text(t('atrs.supplierRole'), o.supplier.role),
          text(t('atrs.procurement'), o.supplier.procurementRoute),
          text(t('atrs.dataAccess'), o.supplier.dataAccessTerms),
        ];
  const scale = m.frequencyAndScale;
  return [
    {
      id: 'tier-1',
      title: t('atrs.tier1'),
      rows: [
        text(t('atrs.name'), t1.name),
        text(t('atrs.description'), t1.description),
        link(t('atrs.website'), t1.website),
        t1.contactEmail
          ? html(
              t('atrs.contactEmail'),
              `<a class="govuk-link" href="mailto:${escapeHtml(t1.contactEmail)}">${escapeHtml(t1.contactEmail)}</a>`,
            )
          : text(t('atrs.contactEmail'), null),
        text(t('atrs.organisation'), t1.organisation),
        html(t('atrs.phase'), phaseTag(record, t)),
        html(t('atrs.where'), ukTag(t1.dataProcessedInUk, t)),
        text(t('atrs.reference'), t1.reference),
      ],
    },
    {
      id: 'owner',
      title: t('atrs.owner'),
      rows: [
        text(t('atrs.ownerOrganisation'), o.organisation),
        text(t('atrs.team'), o.team),
        text(`2.1.3 ${o.seniorResponsibleOwner.role}`, o.seniorResponsibleOwner.name),
        text(o.informationAssetOwner.role, o.informationAssetOwner.name),
        ...supplier,
      ],
    },
    {
      id: 'description',
      title: t('atrs.descriptionSection'),
      rows: [
        text(t('atrs.detailed'), d.detailedDescription),
        text(t('atrs.useCase'), d.useCase),
        text(t('atrs.capability'), d.capability),
        text(t('atrs.purpose'), d.purpose),
        text(t('atrs.scope'), d.scope),
        list(t('atrs.affected'), d.affectedGroups),
        list(t('atrs.benefits'), d.benefits),
        text(t('atrs.timeSaved'), t('atrs.minutesPerTask', { minutes: d.expectedMinutesSavedPerTask })),
        text(t('atrs.reinvestment'), d.timeSavedReinvestment),
        text(
          t('atrs.measured'),
          d.measuredImpact
            ? t('atrs.measuredText', {
                runs: d.measuredImpact.runs,
                hours: d.measuredImpact.estimatedHoursSaved,
                frontline: d.measuredImpact.hoursReinvested.frontline,
                community: d.measuredImpact.hoursReinvested.communityEngagement,
                other: d.measuredImpact.hoursReinvested.other,
                kwh: d.measuredImpact.energyKwh,
                co2: d.measuredImpact.co2eKg,
              })
            : t('atrs.noRuns'),
        ),
        text(t('atrs.workforce'), d.workforceImpact),
        list(t('atrs.success'), d.successCriteria),
        text(t('atrs.previous'), d.previousProcess),
      ],
    },
    {
      id: 'decisions',
      title: t('atrs.decisions'),
      rows: [
        text(t('atrs.integration'), g(m.processIntegration)),
        text(
          t('atrs.oversight'),
          t(m.humanOversight.namedOverseers === 1 ? 'atrs.overseersOne' : 'atrs.overseersMany', {
            review: g(m.humanOversight.review),
            count: m.humanOversight.namedOverseers,
            roles: m.humanOversight.overseerRoles.length
              ? ` (${m.humanOversight.overseerRoles.join(', ')})`
              : '',
          }),
        ),
        text(
          t('atrs.frequency'),
          scale
            ? t('atrs.frequencyText', {
                where: [...scale.teams, ...scale.areas].join(', '),
                from: scale.trialStart,
                to: scale.trialEnd,
                runs: scale.maximumRuns,
              }) +
                (scale.monitoringReviewEveryDays
                  ? ` ${t('atrs.reviewedEvery', { days: scale.monitoringReviewEveryDays })}`
                  : '')
            : null,
        ),
        text(t('atrs.appeal'), g(m.appealsAndChallenge)),
      ],
    },
    {
      id: 'data',
      title: t('atrs.data'),
      rows: [
        text(t('atrs.trainingSource'), data.trainingData.source),
        text(t('atrs.trainingPeriod'), data.trainingData.period),
        text(t('atrs.trainingGaps'), data.trainingData.knownGaps),
        list(t('atrs.dataProcessed'), data.dataProcessed),
        text(t('atrs.lawfulBasis'), data.lawfulBasis),
        text(t('atrs.retention'), data.retention),
        text(t('atrs.provider'), data.processing.provider),
        html(
          t('atrs.where'),
          `${ukTag(data.processing.inUk, t)} ${escapeHtml(t('atrs.processedIn', { processing: data.processing.processingCountry, storage: data.processing.storageCountry }))}`,
        ),
        text(t('atrs.model'), t('atrs.modelText', { name: data.model.name, version: data.model.version })),
      ],
    },
    {
      id: 'impact',
      title: t('atrs.impact'),
      rows: [
        text(
          t('atrs.dpia'),
          ia.dpia
            ? t(ia.dpia.approved ? 'atrs.dpiaApproved' : 'atrs.dpiaWaiting', {
                date: ia.dpia.completedOn,
                basis: ia.dpia.lawfulBasis,
              })
            : null,
        ),
        list(
          t('atrs.eqia'),
          ia.equalityImpactAssessment
            ? [
                t('atrs.completed', { date: ia.equalityImpactAssessment.completedOn }),
                ...ia.equalityImpactAssessment.impacts.map((i) => t('atrs.impactItem', { text: i })),
                ...ia.equalityImpactAssessment.mitigations.map((i) => t('atrs.mitigationItem', { text: i })),
                t('atrs.monitoringItem', { text: ia.equalityImpactAssessment.monitoring }),
              ]
            : null,
        ),
        list(
          t('atrs.ethics'),
          ia.ethics
            ? [
                t('atrs.advice', { date: ia.ethics.advisedOn, text: ia.ethics.advice }),
                ...ia.ethics.recommendations.map((x) => t('atrs.recommendationItem', { text: x })),
                ...(ia.ethics.minutesUrl ? [t('atrs.minutes', { url: ia.ethics.minutesUrl })] : []),
              ]
            : null,
        ),
        list(
          t('atrs.response'),
          ia.ethics?.response
            ? [ia.ethics.response, ...ia.ethics.actions.map((a) => t('atrs.actionItem', { text: a }))]
            : null,
        ),
        list(
          t('atrs.validation'),
          ia.validation
            ? [
                t('atrs.reported', { date: ia.validation.reportedOn, data: ia.validation.data }),
                ...tickList(ia.validation.results),
                ...(ia.validation.biasAudit ? [t('atrs.biasAudit', { text: ia.validation.biasAudit })] : []),
                t('atrs.conclusion', { text: ia.validation.conclusion }),
              ]
            : null,
        ),
        ia.waivers.length
          ? list(
              t('atrs.waivers'),
              ia.waivers.map((w) =>
                t('atrs.waiverItem', { date: w.waivedOn, metrics: w.metrics.join(', '), reasons: w.reasons }),
              ),
            )
          : text(t('atrs.waivers'), t('atrs.none')),
        text(
          t('atrs.authorisation'),
          ia.useAuthorisation
            ? t('atrs.dated', { date: ia.useAuthorisation.authorisedOn, text: ia.useAuthorisation.reasons })
            : null,
        ),
        ...(ia.refusals?.length
          ? [
              list(
                t('record.refusals'),
                ia.refusals.map((x) =>
                  t('record.refusal', {
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
              list(t('atrs.trialEvaluation'), [
                t('atrs.reportedFindings', {
                  date: ia.trialEvaluation.reportedOn,
                  text: ia.trialEvaluation.findings,
                }),
                ...ia.trialEvaluation.results.map(
                  (x) => `${x.metric}${x.group ? ` (${x.group})` : ''}: ${x.value}`,
                ),
                t('atrs.recommendationItem', { text: ia.trialEvaluation.recommendation }),
              ]),
            ]
          : []),
        ...(ia.liveDecision
          ? [
              text(
                t('atrs.liveDecision'),
                t('atrs.dated', { date: ia.liveDecision.decidedOn, text: ia.liveDecision.reasons }),
              ),
            ]
          : []),
      ],
    },
    {
      id: 'risks',
      title: t('atrs.risks'),
      rows: [
        list(t('atrs.dpRisks'), r.dataProtectionRisks),
        list(t('atrs.dpMitigations'), r.dataProtectionMitigations),
        list(t('atrs.eqRisks'), r.equalityImpacts),
        list(t('atrs.eqMitigations'), r.equalityMitigations),
        text(t('atrs.security'), r.securityResidualRisk),
        list(
          t('atrs.monitoring'),
          r.monitoring
            ? [
                ...r.monitoring.metrics.map((x) =>
                  t('atrs.monitoringMetric', {
                    name: x.name,
                    description: x.description,
                    need: need(x.direction, x.threshold, t),
                  }),
                ),
                t('atrs.monitoringWindow', {
                  window: r.monitoring.windowDays,
                  review: r.monitoring.reviewEveryDays,
                }),
              ]
            : null,
        ),
      ],
    },
    {
      id: 'lifecycle',
      title: t('atrs.dates'),
      rows: [
        text(t('atrs.registered'), record.lifecycle.registeredOn),
        text(t('atrs.published'), record.lifecycle.publishedOn),
        ...(record.lifecycle.trialFrom ? [text(t('atrs.trialFrom'), record.lifecycle.trialFrom)] : []),
        ...(record.lifecycle.liveFrom ? [text(t('atrs.liveFrom'), record.lifecycle.liveFrom)] : []),
      ],
    },
  ];
}

/** Where a public forecast map and its GeoJSON are, by force, system and run reference. */
export function forecastLinks(forceSlug: string, systemReference: string, runReference: string) {
  const href = `/forces/${encodeURIComponent(forceSlug)}/ai/${encodeURIComponent(systemReference)}/forecasts/${encodeURIComponent(runReference)}`;
  return { reference: runReference, href, geojsonHref: `${href}/map.geojson` };
}
