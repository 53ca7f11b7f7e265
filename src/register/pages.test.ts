import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../identity/roles.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoCast } from './demo.ts';
import { deriveFields, valuesFromData } from './form-fields.ts';
import { FORMS, type FormKind } from './forms.ts';
import { ACTIONS } from './lifecycle.ts';
import { findSystem, peopleWithRole } from './repository.ts';
import { walkTo } from './walk.ts';

let t: TestApp;
let people: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const ids = async (role: Role) => (await peopleWithRole(t.database.db, t.demoForceId, role))[0]!.id;
  people = {
    projectLead: await ids('project-lead'),
    productManager: await ids('product-manager'),
    officer: await ids('officer'),
  };
});
afterAll(() => t.close());

type Values = Record<string, string | string[]>;

async function get(url: string, role?: Role) {
  const headers: Record<string, string> = { accept: 'text/html' };
  if (role) headers.cookie = (await t.login(role)).cookie;
  return t.app.inject({ method: 'GET', url, headers });
}

/** Posts a form the way a browser does: urlencoded, with the session's CSRF token. */
async function post(url: string, role: Role, values: Values) {
  const { cookie, csrfToken } = await t.login(role);
  const body = new URLSearchParams({ _csrf: csrfToken });
  for (const [k, v] of Object.entries(values)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: body.toString(),
  });
}

function record(overrides: Values = {}): Values {
  return {
    name: 'Burglary hot spots',
    description: 'Weekly forecasts of where burglary is likely to concentrate.',
    useCase: 'hotspot-forecasting',
    capability: 'forecasting',
    purpose: 'Plan visible patrols and crime prevention visits.',
    expectedBenefits: 'Analyst time released\nEarlier prevention advice',
    expectedMinutesSavedPerTask: '45',
    'supplier.type': 'external',
    'supplier.external.name': 'Forecast Ltd',
    'supplier.external.companiesHouseNumber': '01234567',
    'supplier.external.role': 'Builds and hosts the model',
    'supplier.external.procurementRoute': 'G-Cloud 14 call-off',
    'supplier.external.dataAccessTerms': 'Pseudonymised extracts only; no training on force data.',
    'processing.provider': 'Example Cloud',
    'processing.processingCountry': 'Ireland',
    'processing.storageCountry': 'United Kingdom',
    'model.name': 'Grid KDE',
    'model.version': '1.2',
    'trainingData.source': 'Recorded burglary, police.uk',
    'trainingData.period': '2019 to 2023',
    'trainingData.knownGaps': 'Under-reporting in some areas.',
    affectedGroups: 'Residents\nVictims',
    projectLeadId: people.projectLead!,
    productManagerId: '',
    overseerIds: [people.officer!],
    ...overrides,
  };
}

async function createThroughForm(overrides: Values = {}): Promise<string> {
  const res = await post('/systems', 'project-lead', record(overrides));
  expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
  return res.headers.location!.toString().split('?')[0]!.split('/').pop()!;
}

const formValues = (kind: FormKind, data: unknown = FORMS[kind].example) =>
  valuesFromData(deriveFields(FORMS[kind].schema), data);

describe('lifecycle page', () => {
  it('is public and shows the diagram and every action with its roles', async () => {
    const res = await get('/lifecycle');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('role="img"');
    expect(res.body).toContain('<title id="bl-lifecycle-title">');
    for (const a of ACTIONS) expect(res.body).toContain(a.title);
    expect(res.body).toContain('Head of information security');
  });
});

describe('register pages', () => {
  it('asks people who are not signed in to sign in', async () => {
    const res = await get('/systems');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('href="/sign-in"');
  });

  it('names every missing field of a new record in the error summary and keeps what was typed', async () => {
    const res = await post(
      '/systems',
      'project-lead',
      record({ name: '', 'supplier.external.companiesHouseNumber': '12', useCase: '' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#f-name"');
    expect(res.body).toContain('Enter name');
    expect(res.body).toContain('Companies House number must be a Companies House number');
    expect(res.body).toContain('href="#f-supplier-external-companiesHouseNumber"');
    expect(res.body).toContain('Select the use case');
    expect(res.body).toContain('value="Forecast Ltd"');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a project lead field naming someone without that role', async () => {
    const res = await post('/systems', 'project-lead', record({ projectLeadId: people.officer! }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('must be someone holding project-lead');
  });

  it('only lets the AI lead or a project lead add systems', async () => {
    expect((await get('/systems/new', 'analyst')).statusCode).toBe(403);
    expect((await get('/systems/new', 'ai-lead')).statusCode).toBe(200);
    const res = await post('/systems', 'analyst', record());
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('may add systems to the AI register');
  });

  it('creates a system, lists it with filters, and shows processing outside the UK prominently', async () => {
    const id = await createThroughForm({ name: 'Filter test system' });
    const page = await get(`/systems/${id}?done=registered`, 'analyst');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Added to the AI register as DEMO-AI-');
    expect(page.body).toContain('Processed outside the UK');
    expect(page.body).toContain('Forecast Ltd');
    expect(page.body).toContain('Start scoping');
    expect(page.body).toContain(
      'Only the ai lead or project lead (senior responsible owner) can take this step.',
    );
    const list = await get('/systems?q=Filter+test', 'analyst');
    expect(list.body).toContain('Filter test system');
    expect(list.body).toContain('Outside the UK');
    const none = await get('/systems?q=Filter+test&stage=live', 'analyst');
    expect(none.body).not.toContain('Filter test system');
    const bad = await get('/systems?stage=nonsense', 'analyst');
    expect(bad.statusCode).toBe(200);
  });

  it('changes a record through the edit form without touching other fields', async () => {
    const id = await createThroughForm({ name: 'Edit me' });
    const form = await get(`/systems/${id}/edit`, 'product-manager');
    expect(form.body).toContain('value="Edit me"');
    const res = await post(
      `/systems/${id}/edit`,
      'product-manager',
      record({ name: 'Edited', 'processing.processingCountry': 'United Kingdom' }),
    );
    expect(res.statusCode).toBe(303);
    const row = await findSystem(t.database.db, id);
    expect(row?.name).toBe('Edited');
    expect(row?.project_lead_id).toBe(people.projectLead);
    const page = await get(`/systems/${id}`, 'product-manager');
    expect(page.body).not.toContain('Processed outside the UK');
  });

  it('walks evidence through the pages: submit, wrong role, approval pinned to the hash, actions', async () => {
    const id = await createThroughForm({ name: 'Evidence walk' });
    // Out of order: a gate of a later stage is refused with a message and changes nothing.
    const early = await post(`/systems/${id}/actions/begin-validation`, 'project-lead', {});
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('is only possible at the assessment stage');
    expect(early.body).toContain('href="#action-begin-validation"');
    expect((await findSystem(t.database.db, id))?.stage).toBe('horizon');

    const start = await post(`/systems/${id}/actions/start-scoping`, 'project-lead', {});
    expect(start.statusCode).toBe(303);
    expect((await get(start.headers.location!.toString(), 'project-lead')).body).toContain(
      'Start scoping: done',
    );

    // Wrong role for a form.
    const wrong = await post(`/systems/${id}/evidence/scoping`, 'analyst', formValues('scoping'));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain('can only be written by project-lead');

    // A bad form names its fields.
    const bad = await post(`/systems/${id}/evidence/test-design`, 'analyst', { dataDescription: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Data the tests use must be at least 3 characters');
    expect(bad.body).toContain('href="#f-metrics-0-name"');

    const saved = await post(`/systems/${id}/evidence/scoping`, 'project-lead', formValues('scoping'));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toContain('saved=1');
    const scoping = await get(`/systems/${id}/evidence/scoping`, 'project-lead');
    expect(scoping.body).toContain('Version 1');
    expect(scoping.body).toContain('Submit version 2');
    expect(scoping.body).toContain('Two public meetings per district');
    // Long answers count their characters against the limit, GOV.UK style.
    expect(scoping.body).toContain('data-module="govuk-character-count"');
    expect(scoping.body).toContain('data-maxlength="5000"');

    // DPIA: written by the project lead, approved by the data protection officer at its hash.
    await post(`/systems/${id}/evidence/dpia`, 'project-lead', formValues('dpia'));
    const home = await get('/', 'data-protection-officer');
    expect(home.body).toContain('Approve or reject the data protection impact assessment: Evidence walk');
    const dpia = await get(`/systems/${id}/evidence/dpia`, 'data-protection-officer');
    const hash = /name="hash" value="([0-9a-f]{64})"/.exec(dpia.body)?.[1];
    expect(hash).toBeDefined();
    const noReasons = await post(`/systems/${id}/evidence/dpia/review`, 'data-protection-officer', {
      version: '1',
      hash: hash!,
      decision: 'approved',
      reasons: '',
    });
    expect(noReasons.statusCode).toBe(400);
    expect(noReasons.body).toContain('href="#f-review-reasons"');
    const stale = await post(`/systems/${id}/evidence/dpia/review`, 'data-protection-officer', {
      version: '1',
      hash: 'a'.repeat(64),
      decision: 'approved',
      reasons: 'Looks right.',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('has a different hash');
    const notApprover = await post(`/systems/${id}/evidence/dpia/review`, 'legal', {
      version: '1',
      hash: hash!,
      decision: 'approved',
      reasons: 'Looks right.',
    });
    expect(notApprover.statusCode).toBe(403);
    expect(notApprover.body).toContain('can only be approved by data-protection-officer');
    const ok = await post(`/systems/${id}/evidence/dpia/review`, 'data-protection-officer', {
      version: '1',
      hash: hash!,
      decision: 'approved',
      reasons: 'Lawful basis and mitigations are sound.',
    });
    expect(ok.statusCode).toBe(303);
    const after = await get(`/systems/${id}/evidence/dpia`, 'project-lead');
    expect(after.body).toContain('Approved</strong> by Dana Hughes');

    const timeline = await get(`/systems/${id}`, 'chief-constable');
    expect(timeline.body).toContain('Approved the Data protection impact assessment, version 1');
    expect(timeline.body).toContain(hash!);
    expect(timeline.body).toContain('Moved from Horizon scanning to Scoping');
    expect(timeline.body).toMatch(/Ledger entry \d+/);
  });

  it('shows the task list with statuses and refuses a suspension without reasons', async () => {
    const id = await createThroughForm({ name: 'Trial system', productManagerId: people.productManager! });
    await walkTo(t.database.db, id, 'trial', demoCast(t.database.db, t.demoForceId));
    const page = await get(`/systems/${id}`, 'product-manager');
    expect(page.body).toContain('Go live');
    expect(page.body).toMatch(/Trial evaluation report[\s\S]*?To do/);
    expect(page.body).toContain('f-reasons-suspend');
    const refused = await post(`/systems/${id}/actions/suspend`, 'product-manager', { reasons: 'short' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('needs your reasons');
    expect(refused.body).toContain('href="#f-reasons-suspend"');
    expect((await findSystem(t.database.db, id))?.stage).toBe('trial');
    const done = await post(`/systems/${id}/actions/suspend`, 'product-manager', {
      reasons: 'Input feed changed format; outputs unreliable.',
    });
    expect(done.statusCode).toBe(303);
    expect((await findSystem(t.database.db, id))?.stage).toBe('suspended');
    const home = await get('/', 'product-manager');
    expect(home.body).toContain('Write the resolution of the cause of suspension: Trial system');
  });

  it('answers unknown systems and forms with a not-found page', async () => {
    expect((await get('/systems/not-a-uuid', 'analyst')).statusCode).toBe(404);
    expect((await get('/systems/00000000-0000-4000-8000-000000000000', 'analyst')).statusCode).toBe(404);
    const id = await createThroughForm({ name: 'Form 404' });
    expect((await get(`/systems/${id}/evidence/no-such-form`, 'analyst')).statusCode).toBe(404);
  });
});
