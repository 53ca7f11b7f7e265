import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Services } from '../http/context.ts';
import { demoEmail, seedDemoPeople } from '../identity/demo.ts';
import type { Role } from '../identity/roles.ts';
import { createServices } from '../main.ts';
import { drainRuns } from '../oversight/workers.ts';
import { createTestDatabase } from './db.ts';

export const DEMO_PASSWORD = 'bluelamp-demo-test';

export interface TestApp {
  app: FastifyInstance;
  database: Database & { url?: string };
  services: Services;
  config: Config;
  demoForceId: number;
  /** A request to the app as the demo user holding `role` (JSON unless `contentType` says otherwise). */
  call(
    role: Role,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    contentType?: string,
  ): Promise<InjectResponse>;
  /**
   * Starts a run through the API as `role` (202, queued), lets the workers execute every queued
   * run, and returns the run as the API then shows it to `role`. Throws on any other answer.
   */
  run(role: Role, systemId: string, body: Record<string, unknown>): Promise<RunJson>;
  /** Signs in (once per role) as the demo user holding `role`; returns what to send with requests. */
  login(role: Role): Promise<{ cookie: string; csrfToken: string }>;
  close(): Promise<void>;
}

export interface RunJson {
  id: string;
  reference: string;
  status: string;
  output: unknown;
  [key: string]: unknown;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    SIGN_IN_RATE_LIMIT: '100000',
    ...env,
    NODE_ENV: 'test',
    BLUELAMP_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bluelamp-cfg-')),
    BLUELAMP_DEMO_PASSWORD: DEMO_PASSWORD,
    LOG_LEVEL: 'silent',
  });
}

/** A real application over a fresh database with the demo force, for `app.inject()` tests. */
export async function createTestApp(): Promise<TestApp> {
  const config = testConfig();
  const database = await createTestDatabase();
  const { forceId } = await seedDemoPeople(database.db, DEMO_PASSWORD);
  const services = await createServices(config, database);
  const app = await buildApp(services);
  const sessions = new Map<Role, { cookie: string; csrfToken: string }>();
  const test: TestApp = {
    app,
    database,
    services,
    config,
    demoForceId: forceId,
    async call(role, method, url, payload, contentType) {
      const { cookie, csrfToken } = await test.login(role);
      return app.inject({
        method,
        url,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        ...(payload === undefined ? {} : { payload: payload as string | object }),
      });
    },
    async run(role, systemId, body) {
      const res = await test.call(role, 'POST', `/api/systems/${systemId}/runs`, body);
      if (res.statusCode !== 202) throw new Error(`run as ${role}: ${res.statusCode} ${res.body}`);
      await drainRuns(services.runs);
      return (await test.call(role, 'GET', `/api/runs/${res.json().id}`)).json() as RunJson;
    },
    async login(role) {
      const cached = sessions.get(role);
      if (cached) return cached;
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: demoEmail(role), password: DEMO_PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login as ${role} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'bluelamp_session');
      const session = {
        cookie: `bluelamp_session=${cookie!.value}`,
        csrfToken: res.json().csrfToken as string,
      };
      sessions.set(role, session);
      return session;
    },
    async close() {
      await app.close();
      await services.close();
      await database.close();
    },
  };
  return test;
}
