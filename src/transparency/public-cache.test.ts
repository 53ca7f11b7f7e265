import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { appendEntry } from '../ledger/service.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { seedSystem } from './testing.ts';

let t: TestApp;
let live: { id: string; reference: string };
let page: string;

beforeAll(async () => {
  t = await createTestApp();
  live = await seedSystem(
    t.database.db,
    { id: t.demoForceId, slug: 'demo', name: 'Demo Constabulary' },
    'Cached forecast',
    'live',
  );
  page = `/forces/demo/ai/${live.reference}`;
}, 120_000);
afterAll(() => t?.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });
/** Renames the system in the register and in its published text, both without the ledger. */
const rename = async (name: string) => {
  const db = t.database.db;
  await db.updateTable('ai_systems').set({ name }).where('id', '=', live.id).execute();
  const p = await db
    .selectFrom('publications')
    .select(['id', 'body'])
    .where('system_id', '=', live.id)
    .orderBy('approved_at', 'desc')
    .executeTakeFirstOrThrow();
  const record = JSON.parse(p.body);
  record.tier1.name = name;
  await db
    .updateTable('publications')
    .set({ body: JSON.stringify(record) })
    .where('id', '=', p.id)
    .execute();
};
const nonceOf = (csp: unknown) => /'nonce-([^']+)'/.exec(String(csp))?.[1];

describe('public pages are cached on the ledger position', () => {
  it('names each version with an ETag, answers 304 when the browser holds it, and serves repeats from memory', async () => {
    const first = await get(page);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await get(page, { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get(page, { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
    expect((await get('/forces', { 'if-none-match': etag })).statusCode).toBe(200);

    // A change that bypasses the ledger is not seen: the page comes from the cache...
    await rename('Renamed outside the ledger');
    const repeat = await get(page);
    expect(repeat.body).toContain('Cached forecast');
    expect(repeat.headers.etag).toBe(etag);
    // ...with this answer's own script nonce, so the page's scripts still run under the CSP.
    const nonce = nonceOf(repeat.headers['content-security-policy']);
    expect(nonce).toBeDefined();
    expect(nonce).not.toBe(nonceOf(first.headers['content-security-policy']));
    expect(repeat.body).toContain(`nonce="${nonce}"`);

    // Every real change is a ledger entry: the next request shows it under a new ETag.
    await t.database.db.transaction().execute((trx) =>
      appendEntry(trx, {
        forceId: t.demoForceId,
        actorId: null,
        action: 'system.updated',
        subjectType: 'ai_system',
        subjectId: live.id,
        payload: {},
      }),
    );
    const changed = await get(page, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body).toContain('Renamed outside the ledger');
    await rename('Cached forecast');
  });

  it('shows a change another process wrote to the ledger within a second', async () => {
    const etag = String((await get(page)).headers.etag);
    await rename('Renamed by another process');
    // Another process (a worker, the command line) appends without this process knowing: the
    // same database function, called directly.
    await sql`
      SELECT bluelamp_ledger_append(${t.demoForceId}, ${new Date()}, NULL, 'system.updated', 'ai_system',
        ${live.id}, '{}'::jsonb, ${Buffer.from('another process')})
    `.execute(t.database.db);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await get(page, { 'if-none-match': etag });
    expect(later.statusCode).toBe(200);
    expect(later.headers.etag).not.toBe(etag);
    expect(later.body).toContain('Renamed by another process');
    await rename('Cached forecast');
  });

  it('does not cache what a signed-in person sees, nor answer them with a 304', async () => {
    const { cookie } = await t.login('analyst');
    const etag = String((await get(page)).headers.etag);
    const res = await get(page, { cookie, 'if-none-match': etag });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('varies by language, and can be turned off', async () => {
    const en = await get(page, { 'accept-language': 'en-GB' });
    const cy = await get(page, { 'accept-language': 'cy' });
    expect(en.headers.etag).not.toBe(cy.headers.etag);
    const services = { ...t.services, config: { ...t.config, publicCacheEntries: 0 } };
    const app = await buildApp(services);
    const res = await app.inject({ method: 'GET', url: page });
    await app.close();
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBeUndefined();
  });
});
