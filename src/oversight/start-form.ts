import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { DECISION_MAKER_ROLE } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { postingOf } from '../identity/postings.ts';
import { hotspotsSettingsSchema } from '../modules/hotspots/module.ts';
import {
  checkHotspotRequest,
  type ForecastSource,
  forecastMonths,
  HOTSPOT_SOURCES,
  type HotspotRunRequest,
  hotspotSources,
  POLICE_UK_CRIME_TYPES,
  sourceCrimeTypes,
} from '../modules/hotspots/oversight/hotspot-run.ts';
import { findModule } from '../modules/registry.ts';
import { latestEvidence, peopleWithRole } from '../register/repository.ts';
import { systemInForce } from '../register/service.ts';
import type { TrialScope } from './gateway.ts';
import type { FieldError, Posted } from './run-page.ts';

/**
 * The "start a run" form: which input form a system's module needs (a police.uk source for hot
 * spots, the OGRS3 fields for risk, JSON otherwise), its view model, and parsing of what was posted.
 */

export type InputKind = 'hotspots' | 'ogrs3' | 'json';

export const inputKind = (moduleId: string | null): InputKind =>
  moduleId === 'hotspots' ? 'hotspots' : moduleId === 'risk.ogrs3' ? 'ogrs3' : 'json';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** The posted values of a urlencoded form, as strings or lists of strings. */
export function postedValues(body: unknown): Posted {
  const out: Posted = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

/** `YYYY-MM-DD` from a GOV.UK date input's day, month and year fields, or '' when incomplete. */
export function dateFrom(values: Posted, name: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((part) => one(values[`${name}-${part}`]));
  if (!d || !m || !y || !/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return '';
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export const field = (name: string) => `f-${name}`;
const err = (name: string, text: string, href = `#${field(name)}`): FieldError => ({ name, text, href });

const commonSchema = z.object({
  purpose: z
    .string()
    .trim()
    .min(5, 'Enter the purpose of this run in at least 5 characters')
    .max(1000, 'The purpose must be 1000 characters or fewer'),
  caseReference: z.string().trim().max(100, 'The case reference must be 100 characters or fewer'),
});

export interface ParsedStart {
  errors: FieldError[];
  purpose: string;
  caseReference?: string;
  decisionMakerId?: string;
  hotspots?: HotspotRunRequest;
  input?: unknown;
}

/**
 * Validates what was posted; the module input itself is validated by the runtime. `sources` are
 * the crime data the force can forecast from (the reference files and its imports).
 */
export function parseStart(
  kind: InputKind,
  values: Posted,
  needsDecisionMaker: boolean,
  trainDays: number,
  sources: readonly ForecastSource[] = HOTSPOT_SOURCES,
) {
  const errors: FieldError[] = [];
  const common = commonSchema.safeParse({
    purpose: one(values.purpose),
    caseReference: one(values.caseReference),
  });
  if (!common.success) for (const i of common.error.issues) errors.push(err(String(i.path[0]), i.message));
  const out: ParsedStart = { errors, purpose: one(values.purpose) };
  if (one(values.caseReference)) out.caseReference = one(values.caseReference);
  if (needsDecisionMaker) {
    if (!one(values.decisionMakerId))
      errors.push(err('decisionMakerId', 'Choose the officer who will decide'));
    else out.decisionMakerId = one(values.decisionMakerId);
  }
  if (kind === 'hotspots') {
    const month = one(values['forecastMonth-month']);
    const year = one(values['forecastMonth-year']);
    const req: HotspotRunRequest = {
      sourceId: one(values.sourceId),
      crimeTypes: many(values.crimeTypes),
      forecastMonth:
        /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) ? `${year}-${month.padStart(2, '0')}` : '',
      trainDays,
    };
    for (const p of checkHotspotRequest(req, sources)) {
      errors.push(
        err(
          p.field,
          p.message,
          p.field === 'forecastMonth' ? `#${field('forecastMonth')}-month` : `#${field(p.field)}`,
        ),
      );
    }
    out.hotspots = req;
  } else if (kind === 'ogrs3') {
    const sanctions = one(values.sanctions);
    const age = one(values.ageAtFirstSanction);
    out.input = {
      gender: one(values.gender),
      dateOfBirth: dateFrom(values, 'dateOfBirth'),
      convictionDate: dateFrom(values, 'convictionDate'),
      followUpDate: dateFrom(values, 'followUpDate'),
      sanctions: /^\d+$/.test(sanctions) ? Number(sanctions) : sanctions,
      ageAtFirstSanction: /^\d+$/.test(age) ? Number(age) : age,
      offenceCode: one(values.offenceCode),
    };
  } else {
    try {
      out.input = JSON.parse(one(values.input) || 'null');
      if (out.input === null) errors.push(err('input', 'Enter the input as JSON'));
    } catch (e) {
      errors.push(err('input', `The input is not valid JSON: ${(e as Error).message}`));
    }
  }
  return out;
}

/**
 * Where an input error from the runtime is shown on the form: `input.gender` on its field; a
 * module's own message (`input`, "offenceCode: ...") on the field it names.
 */
export function inputErrorField(kind: InputKind, path: string, message = ''): string {
  const key = path.replace(/^input\.?/, '').split('.')[0] || /^(\w+):/.exec(message)?.[1] || '';
  if (kind === 'ogrs3') return OGRS3_FIELDS.includes(key) ? key : 'gender';
  return kind === 'json' ? 'input' : 'sourceId';
}

const OGRS3_FIELDS = [
  'gender',
  'dateOfBirth',
  'convictionDate',
  'followUpDate',
  'sanctions',
  'ageAtFirstSanction',
  'offenceCode',
];

/** The href of a field's first control (date inputs focus their day). */
export function hrefFor(kind: InputKind, name: string): string {
  if (kind === 'ogrs3' && ['dateOfBirth', 'convictionDate', 'followUpDate'].includes(name))
    return `#${field(name)}-day`;
  if (name === 'forecastMonth') return `#${field(name)}-month`;
  return `#${field(name)}`;
}

/** Everything the start form shows. */
export async function startFormData(
  db: Kysely<DB>,
  p: Principal,
  systemId: string,
  values: Posted = {},
  errors: FieldError[] = [],
) {
  const system = await systemInForce(db, p, systemId);
  const module = findModule(system.module_id);
  const kind = inputKind(system.module_id);
  const scope =
    system.stage === 'trial'
      ? ((await latestEvidence(db, systemId)).get('trial-scope')?.data as TrialScope | undefined)
      : undefined;
  const needsDecisionMaker = system.use_case === 'reoffending-risk';
  const officers = needsDecisionMaker ? await peopleWithRole(db, p.forceId, DECISION_MAKER_ROLE) : [];
  const settings = hotspotsSettingsSchema.safeParse(system.module_settings ?? {});
  const trainDays = settings.success ? settings.data.trainDays : 365;
  const chosenTypes = new Set(many(values.crimeTypes));
  const sources = kind === 'hotspots' ? await hotspotSources(db, p.forceId) : [...HOTSPOT_SOURCES];
  // police.uk's categories first, then any other type found in the force's imports.
  const allTypes = [
    ...POLICE_UK_CRIME_TYPES,
    ...[...new Set(sources.flatMap((s) => sourceCrimeTypes(s)))]
      .filter((t) => !(POLICE_UK_CRIME_TYPES as readonly string[]).includes(t))
      .sort((a, b) => a.localeCompare(b)),
  ];
  const date = (name: string) => ({
    day: one(values[`${name}-day`]),
    month: one(values[`${name}-month`]),
    year: one(values[`${name}-year`]),
  });
  return {
    title: `Start a run: ${system.name}`,
    system: { id: system.id, name: system.name, reference: system.reference, stage: system.stage },
    runnable: (system.stage === 'live' || system.stage === 'trial') && Boolean(module),
    moduleTitle: module ? `${module.title} (${module.id} ${module.version})` : null,
    kind,
    trainDays,
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v : v.trim()])),
    errorSummary: errors.map((e) => ({ text: e.text, href: e.href })),
    errorsByName: Object.fromEntries(errors.map((e) => [e.name, e.text])),
    scope: scope ?? null,
    posting: scope ? await postingOf(db, p.personId, p.forceId) : null,
    decisionMakers: needsDecisionMaker
      ? [
          { value: '', text: 'Choose an officer' },
          ...officers.map((o) => ({
            value: o.id,
            text: o.name,
            selected: o.id === one(values.decisionMakerId),
          })),
        ]
      : null,
    hotspotSources: sources,
    sources: [
      { value: '', text: 'Choose the crime data' },
      ...sources.map((s) => ({
        value: s.id,
        text: 'importId' in s ? `Your force's data: ${s.title}` : s.title,
        selected: s.id === one(values.sourceId),
      })),
    ],
    sourceRanges: sources.map((s) => ({ title: s.title, ...forecastMonths(s, trainDays) })),
    crimeTypes: allTypes.map((t) => ({ value: t, text: t, checked: chosenTypes.has(t) })),
    forecastMonth: date('forecastMonth'),
    dates: {
      dateOfBirth: date('dateOfBirth'),
      convictionDate: date('convictionDate'),
      followUpDate: date('followUpDate'),
    },
    genders: [
      { value: 'male', text: 'Male', checked: one(values.gender) === 'male' },
      { value: 'female', text: 'Female', checked: one(values.gender) === 'female' },
    ],
    needsDecisionMaker,
  };
}
