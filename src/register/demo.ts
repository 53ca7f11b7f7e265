import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { demoEmail } from '../identity/demo.ts';
import type { Principal } from '../identity/model.ts';
import { findPersonByEmail } from '../identity/repository.ts';
import type { Role } from '../identity/roles.ts';
import { principalFor } from '../identity/service.ts';
import { appendEntry } from '../ledger/service.ts';
import type { Stage } from './lifecycle.ts';
import type { SystemInput } from './model.ts';
import { peopleWithRole } from './repository.ts';
import { createSystem } from './service.ts';
import { walkTo } from './walk.ts';

/** Acts as the demo person holding each role in the demo force. */
export function demoCast(db: Kysely<DB>, forceId: number) {
  const cache = new Map<Role, Principal>();
  return async (role: Role): Promise<Principal> => {
    const hit = cache.get(role);
    if (hit) return hit;
    const person = await findPersonByEmail(db, demoEmail(role));
    if (!person) throw new Error(`no demo person for ${role}`);
    const principal = await principalFor(db, person.id, forceId);
    cache.set(role, principal);
    return principal;
  };
}

type Demo = Omit<SystemInput, 'projectLeadId' | 'productManagerId' | 'overseerIds' | 'moduleSettings'> & {
  stage: Stage;
  moduleSettings?: Record<string, unknown>;
  /** Also recorded in the national catalogue, and adopted from it by the demo force. */
  national?: boolean;
};

const inHouse = { type: 'in-house' as const, team: 'Force analysis and data science team' };
const ukProcessing = {
  provider: 'Demo Constabulary data centre',
  processingCountry: 'United Kingdom',
  storageCountry: 'United Kingdom',
};

/** A register that shows the whole journey: one system at every stage of the lifecycle. */
export const DEMO_SYSTEMS: Demo[] = [
  {
    stage: 'live',
    name: 'Burglary hot spot forecast',
    description:
      'Forecasts, each week, the small areas where burglary is most likely, so neighbourhood teams can plan patrols and prevention visits.',
    useCase: 'hotspot-forecasting',
    capability: 'forecasting',
    purpose:
      'Put prevention where burglary is likely, without branding streets or leaving rural areas unpatrolled.',
    expectedBenefits: ['About 10 analyst hours a week released', 'Earlier crime prevention advice'],
    expectedMinutesSavedPerTask: 45,
    supplier: inHouse,
    processing: ukProcessing,
    model: { name: 'Bluelamp hot spot forecaster', version: '1.0.0' },
    trainingData: {
      source: 'Recorded crime (police.uk street-level data for the public evaluation)',
      period: '36 months rolling',
      knownGaps:
        'Locations snapped to anonymised points; under-reporting varies by area; one month missing in the public data.',
    },
    affectedGroups: ['Residents of forecast areas', 'Victims of burglary', 'Neighbourhood officers'],
    moduleId: 'hotspots',
    moduleSettings: { method: 'bluelamp', maxCoverage: 0.05 },
  },
  {
    stage: 'trial',
    name: '101 call assistant',
    description:
      'Answers routine 101 contacts (lost property, crime updates, advice and signposting), says it is AI, and always offers a person.',
    useCase: 'call-handling',
    capability: 'computer-linguistics',
    purpose: 'Shorter waits on 101 so call handlers can give more time to urgent and vulnerable callers.',
    expectedBenefits: ['Routine contacts answered at once', 'Call handler time moved to priority calls'],
    expectedMinutesSavedPerTask: 6,
    supplier: {
      type: 'external',
      name: 'Example Speech Systems Ltd',
      companiesHouseNumber: '01234567',
      role: 'Provides the language model service under contract',
      procurementRoute: 'G-Cloud 14 call-off',
      dataAccessTerms:
        'Processes call text only in the UK; keeps nothing after 30 days; no training on force data.',
    },
    processing: {
      provider: 'Example Speech Systems Ltd',
      processingCountry: 'United Kingdom',
      storageCountry: 'United Kingdom',
    },
    model: { name: 'Example 101 assistant', version: '2.3' },
    national: true,
    trainingData: {
      source: 'Supplier model; tuned on synthetic 101 scripts',
      period: '2024-2025',
      knownGaps: 'Regional accents and Welsh not yet tested.',
    },
    affectedGroups: ['People who contact 101', 'Call handlers'],
    moduleId: null,
  },
  {
    stage: 'authorisation',
    name: 'Reoffending risk advice (OGRS3)',
    description:
      'Gives an advisory reoffending probability with its explanation to support, never replace, a named officer’s decision.',
    useCase: 'reoffending-risk',
    capability: 'forecasting',
    purpose:
      'Consistent, explained risk information for offender management decisions, with a bias audit and a way to challenge.',
    expectedBenefits: ['Consistent information for decisions', 'Explanation recorded with every decision'],
    expectedMinutesSavedPerTask: 10,
    supplier: inHouse,
    processing: ukProcessing,
    model: { name: 'OGRS3', version: '3' },
    trainingData: {
      source: 'Published OGRS3 coefficients (Howard et al., 2009)',
      period: '2002-2004 cohorts',
      knownGaps: 'Static factors only; calibration may have drifted.',
    },
    affectedGroups: ['People under offender management', 'Victims'],
    moduleId: 'risk.ogrs3',
  },
  {
    stage: 'validation',
    name: 'Case file summariser (POLE)',
    description:
      'Extracts people, objects, locations and events from case files and drafts a summary that cites its sources.',
    useCase: 'summarising',
    capability: 'computer-linguistics',
    purpose: 'Faster, consistent case file reviews with every statement traceable to its source document.',
    expectedBenefits: ['Case review time cut by about a third'],
    expectedMinutesSavedPerTask: 30,
    supplier: inHouse,
    processing: ukProcessing,
    model: { name: 'Bluelamp POLE extractor', version: '0.9' },
    trainingData: { source: 'Synthetic case files', period: '2025', knownGaps: 'No handwritten material.' },
    affectedGroups: ['Suspects, victims and witnesses named in files', 'Investigators'],
    moduleId: null,
  },
  {
    stage: 'assessment',
    name: 'Vulnerability flag for 101 contacts',
    description:
      'Detects signs of emergency or vulnerability in 101 contacts and fast-tracks them to a priority handler.',
    useCase: 'emergency-detection',
    capability: 'computer-linguistics',
    purpose: 'No vulnerable caller waits in the routine queue.',
    expectedBenefits: ['Faster help for vulnerable callers'],
    expectedMinutesSavedPerTask: 2,
    supplier: inHouse,
    processing: ukProcessing,
    model: { name: 'Vulnerability classifier', version: '0.3' },
    trainingData: {
      source: 'Labelled historic contact records',
      period: '2022-2024',
      knownGaps: 'Few examples in languages other than English.',
    },
    affectedGroups: ['People who contact 101'],
    moduleId: null,
  },
  {
    stage: 'scoping',
    name: 'Digital evidence summariser',
    description:
      'Summarises phone downloads (messages, call records, movements) while minimising third-party data.',
    useCase: 'sensitive-summarising',
    capability: 'analysis',
    purpose: 'Review digital evidence faster while keeping third parties out of view.',
    expectedBenefits: ['Shorter digital evidence backlogs'],
    expectedMinutesSavedPerTask: 120,
    supplier: inHouse,
    processing: ukProcessing,
    model: { name: 'To be chosen', version: '0' },
    trainingData: { source: 'To be decided in scoping', period: 'n/a', knownGaps: 'Not yet assessed.' },
    affectedGroups: ['Suspects', 'Victims', 'Third parties in phone contents'],
    moduleId: null,
  },
  {
    stage: 'horizon',
    name: 'Retrospective facial recognition',
    description:
      'Candidate technology: compares images from investigations against the custody image database.',
    useCase: 'other',
    capability: 'computer-vision',
    purpose: 'Under horizon scanning: identify suspects in serious crime from images.',
    expectedBenefits: ['Faster identification in serious crime'],
    expectedMinutesSavedPerTask: 60,
    supplier: inHouse,
    processing: ukProcessing,
    model: { name: 'Not chosen', version: '0' },
    trainingData: {
      source: 'Not chosen',
      period: 'n/a',
      knownGaps: 'Known demographic differentials in some algorithms.',
    },
    affectedGroups: ['People in custody images', 'The public in investigation images'],
    moduleId: null,
  },
  {
    stage: 'suspended',
    name: 'Missing person risk triage',
    description: 'Suggests a risk grading for missing person reports to the supervising officer.',
    useCase: 'other',
    capability: 'analysis',
    purpose: 'Consistent early risk grading of missing person reports.',
    expectedBenefits: ['Consistent first gradings'],
    expectedMinutesSavedPerTask: 5,
    supplier: inHouse,
    processing: ukProcessing,
    model: { name: 'Triage model', version: '1.2' },
    trainingData: {
      source: 'Historic missing person reports',
      period: '2019-2023',
      knownGaps: 'Under-represents children in care.',
    },
    affectedGroups: ['Missing people and their families'],
    moduleId: null,
  },
  {
    stage: 'closing',
    name: 'Knife crime text analytics',
    description: 'Being closed: searched intelligence text for signs of knife carrying.',
    useCase: 'other',
    capability: 'computer-linguistics',
    purpose: 'Was used to prioritise intelligence reports about knife carrying.',
    expectedBenefits: ['Faster triage of intelligence reports'],
    expectedMinutesSavedPerTask: 8,
    supplier: inHouse,
    processing: ukProcessing,
    model: { name: 'Keyword and classifier pipeline', version: '2.1' },
    trainingData: {
      source: 'Intelligence reports',
      period: '2020-2023',
      knownGaps: 'Slang changes quickly; precision fell in 2025.',
    },
    affectedGroups: ['People named in intelligence reports'],
    moduleId: null,
  },
  {
    stage: 'retired',
    name: 'ANPR journey analytics (old)',
    description: 'Retired: flagged unusual vehicle journeys from ANPR reads.',
    useCase: 'other',
    capability: 'discovery',
    purpose: 'Was used to find vehicles linked to acquisitive crime.',
    expectedBenefits: ['Leads for acquisitive crime'],
    expectedMinutesSavedPerTask: 15,
    supplier: inHouse,
    processing: ukProcessing,
    model: { name: 'Journey rules', version: '4' },
    trainingData: { source: 'ANPR reads', period: '2018-2021', knownGaps: 'Camera coverage uneven.' },
    affectedGroups: ['Drivers'],
    moduleId: null,
  },
];

/** The national tenant's AI lead, who keeps the national catalogue in the demo. */
async function nationalAiLead(db: Kysely<DB>): Promise<Principal> {
  const national = await db
    .selectFrom('forces')
    .select('id')
    .where('slug', '=', 'national')
    .executeTakeFirstOrThrow();
  const me = await findPersonByEmail(db, demoEmail('ai-lead'));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('role_assignments')
      .values({ person_id: me!.id, force_id: national.id, role: 'ai-lead' })
      .execute();
    await appendEntry(trx, {
      forceId: national.id,
      actorId: null,
      action: 'role.granted',
      subjectType: 'person',
      subjectId: me!.id,
      payload: { role: 'ai-lead', demo: true },
    });
  });
  return principalFor(db, me!.id, national.id);
}

/** Seeds the demo register: a system at every stage, horizon items, all through the services. */
export async function seedDemoRegister(db: Kysely<DB>, forceId: number): Promise<void> {
  const cast = demoCast(db, forceId);
  const projectLead = await cast('project-lead');
  const aiLead = await cast('ai-lead');
  const [pm] = await peopleWithRole(db, forceId, 'product-manager');
  const overseers = [(await cast('officer')).personId, (await cast('analyst')).personId];
  const nationalLead = await nationalAiLead(db);
  for (const d of DEMO_SYSTEMS) {
    const { stage, national, ...fields } = d;
    const record = { ...fields, moduleSettings: d.moduleSettings ?? {} };
    const entry = national
      ? await createSystem(db, nationalLead, {
          ...record,
          projectLeadId: null,
          productManagerId: null,
          overseerIds: [],
        })
      : undefined;
    const { id } = await createSystem(
      db,
      aiLead,
      {
        ...record,
        projectLeadId: projectLead.personId,
        productManagerId: pm?.id ?? null,
        overseerIds: stage === 'horizon' || stage === 'scoping' ? [] : overseers,
      },
      { catalogueEntryId: entry?.id ?? null },
    );
    await walkTo(db, id, stage, cast);
  }
  await db.transaction().execute(async (trx) => {
    for (const item of [
      {
        title: 'Large language model transcription of body-worn video',
        source: 'National AI board briefing',
        description: 'Drafts statements from body-worn video audio for officer review.',
      },
      {
        title: 'Drone-based search for missing people',
        source: 'Supplier demonstration',
        description: 'Thermal imaging with automatic detection over rural search areas.',
      },
    ]) {
      const row = await trx
        .insertInto('horizon_items')
        .values({ ...item, force_id: forceId, created_by: aiLead.personId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendEntry(trx, {
        forceId,
        actorId: aiLead.personId,
        action: 'horizon.recorded',
        subjectType: 'horizon-item',
        subjectId: row.id,
        payload: { title: item.title, source: item.source },
      });
    }
  });
}
