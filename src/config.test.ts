import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { openEmbedded } from './db/database.ts';

const secrets = {
  SESSION_SECRET: 'a-session-secret-of-at-least-thirty-two-characters',
  DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
};

describe('configuration', () => {
  it('names each production secret that is missing', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y' })).toThrow(
      /SESSION_SECRET: required in production[\s\S]*LEDGER_SIGNING_KEY: required in production/,
    );
  });

  it('refuses the embedded database in production unless explicitly allowed, and says why', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-config-'));
    const base = { ...secrets, NODE_ENV: 'production', BLUELAMP_DATA_DIR: dir };
    const withKey = (env: Record<string, string>) =>
      loadConfig({ ...base, LEDGER_SIGNING_KEY: signingKey(), ...env });
    expect(() => withKey({})).toThrow(ConfigError);
    expect(() => withKey({})).toThrow(
      /DATABASE_URL: required in production[\s\S]*BLUELAMP_ALLOW_EMBEDDED=true/,
    );
    expect(withKey({ BLUELAMP_ALLOW_EMBEDDED: 'true' }).databaseUrl).toBeUndefined();
    expect(withKey({ DATABASE_URL: 'postgres://db/bluelamp' }).databaseUrl).toBe('postgres://db/bluelamp');
  });

  it('keeps the embedded database files readable by the service’s user only', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'bluelamp-config-')), 'pg');
    const database = await openEmbedded({ dataDir: dir });
    await database.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});

function signingKey(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-key-'));
  return loadConfig({ NODE_ENV: 'test', BLUELAMP_DATA_DIR: dir }).ledgerSigningKey;
}
