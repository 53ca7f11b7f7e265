import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRegister } from '../../register/demo.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { committedModel } from './files.ts';
import { welshLexicon } from './lexicon/cy.ts';
import { englishLexicon } from './lexicon/en.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemoRegister(t.database.db, t.demoForceId);
}, 180_000);
afterAll(() => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('the public record of a triage system', () => {
  it('publishes how it decides: every rule with its source, the thresholds and the test results', async () => {
    const page = await get('/forces/demo/ai/DEMO-AI-0005');
    expect(page.statusCode).toBe(200);
    const href = '/api/public/forces/demo/systems/DEMO-AI-0005/method';
    expect(page.body).toContain(`href="${href}"`);
    const welsh = await get('/forces/demo/ai/DEMO-AI-0005?lang=cy');
    expect(welsh.body).toContain('Sut mae&#39;n penderfynu');

    const res = await get(href);
    expect(res.statusCode).toBe(200);
    const { system, method } = res.json();
    expect(system).toEqual({ reference: 'DEMO-AI-0005', name: 'Vulnerability flag for 101 contacts' });
    const rules = method.lexicons.flatMap((l: { rules: Array<{ id: string; source: string }> }) => l.rules);
    expect(rules.map((r: { id: string }) => r.id).sort()).toEqual(
      [...englishLexicon.rules, ...welshLexicon.rules].map((r) => r.id).sort(),
    );
    for (const r of rules) expect(method.sources[r.source], r.id).toEqual(expect.any(String));
    expect(method.lexicons.map((l: { version: string }) => l.version)).toEqual([
      englishLexicon.version,
      welshLexicon.version,
    ]);
    expect(method.classifier).toMatchObject({
      version: committedModel().version,
      thresholds: committedModel().thresholds,
    });
    const tested = method.testResults.versions;
    const same =
      tested.model === committedModel().version &&
      tested.lexicons.join(' ') === `${englishLexicon.version} ${welshLexicon.version}`;
    expect(method.testResultsOfThisVersion).toBe(same);
    if (!same) expect(method.testResultsNote).toContain(`has not yet been run on a test split`);
    expect(method.testResults.aims).toHaveLength(5);
  });

  it('is not offered for a module that publishes no method, nor for a system not in public view', async () => {
    const hotspots = await get('/forces/demo/ai/DEMO-AI-0001');
    expect(hotspots.statusCode).toBe(200);
    expect(hotspots.body).not.toContain('/method');
    expect((await get('/api/public/forces/demo/systems/DEMO-AI-0001/method')).statusCode).toBe(404);
    expect((await get('/api/public/forces/demo/systems/DEMO-AI-0003/method')).statusCode).toBe(404);
  });
});
