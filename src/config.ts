import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { generateSigningKeyPem } from './ledger/keys.ts';

/** Environment variables Bluelamp reads, once, at start. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  BLUELAMP_DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LEDGER_SIGNING_KEY: z
    .string()
    .includes('PRIVATE KEY', { message: 'must be an Ed25519 private key in PEM format' })
    .optional(),
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (a 256-bit key)')
    .optional(),
  BLUELAMP_ALLOW_EMBEDDED: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  BLUELAMP_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  BLUELAMP_DEMO_PASSWORD: z.string().min(8).default('bluelamp-demo'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TREE_HEAD_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  LEDGER_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'must be one word without spaces or "+"')
    .optional(),
  LEDGER_PREVIOUS_PUBLIC_KEYS: z
    .string()
    .regex(
      /^\s*([A-Za-z0-9+/]{43}=)(\s*,\s*[A-Za-z0-9+/]{43}=)*\s*$/,
      'must be base64 Ed25519 public keys, comma separated',
    )
    .optional(),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  PUBLIC_CACHE_ENTRIES: z.coerce.number().int().min(0).default(500),
  RUN_WATTS: z.coerce.number().min(0).default(30),
  GRID_INTENSITY_G_PER_KWH: z.coerce.number().min(0).default(207),
  RELIANCE_MAX_ACCEPTANCE: z.coerce.number().min(0).max(1).default(0.95),
  RELIANCE_MIN_MEDIAN_SECONDS: z.coerce.number().min(0).default(10),
  RELIANCE_MIN_REVIEWS: z.coerce.number().int().min(1).default(50),
  CRIME_DATA_MAX_UPLOAD_MB: z.coerce.number().positive().max(10_000).default(200),
  CRIME_DATA_MAX_ROWS: z.coerce.number().int().positive().default(10_000_000),
  RUN_WORKERS: z.coerce.number().int().min(0).max(64).default(2),
  MAIL_TRANSPORT: z
    .string()
    .regex(/^(none|file|smtps?:\/\/.+)$/, 'must be "none", "file" or an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Bluelamp <no-reply@bluelamp.invalid>'),
  PUBLIC_URL: z
    .url({ message: 'must be the public address of the service, such as https://bluelamp.example' })
    .optional(),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** PostgreSQL server URL; absent means the embedded database in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  ledgerSigningKey: string;
  dataEncryptionKey: Buffer;
  demo: boolean;
  demoPassword: string;
  logLevel: string;
  treeHeadIntervalSeconds: number;
  /** The checkpoint origin line of the ledger (default: derived from its public key). */
  ledgerOrigin: string | undefined;
  /** Earlier ledger signing keys (base64 raw Ed25519), still trusted for heads they signed. */
  ledgerPreviousKeys: string[];
  /** Failed sign-ins from one client address before each further attempt must wait. */
  signInRateLimit: number;
  /** Public answers kept rendered in memory, keyed by URL and ledger position (0: none). */
  publicCacheEntries: number;
  /** Power drawn while a module runs (W), times its CPU time, gives its energy estimate. */
  runWatts: number;
  /** Grid carbon intensity (g CO2e per kWh); default: UK electricity, DESNZ 2024 conversion factors. */
  gridIntensity: number;
  /** Rubber-stamping alert: acceptance above this share ... */
  relianceMaxAcceptance: number;
  /** ... with median review time below this many seconds ... */
  relianceMinMedianSeconds: number;
  /** ... across at least this many reviews. */
  relianceMinReviews: number;
  /** Largest crime data upload accepted (all files together), bytes. */
  crimeDataMaxUploadBytes: number;
  /** Most rows read from one crime data import (all files together, once unpacked). */
  crimeDataMaxRows: number;
  /** Runs executed at once by this process (worker threads); 0 leaves them to `bluelamp worker`. */
  runWorkers: number;
  /**
   * How e-mail leaves the outbox: "none" (not queued), "file" (written to `mail/` in the data
   * directory, for demonstrations) or an SMTP URL. Default: "file", "none" in production.
   */
  mailTransport: string;
  mailFrom: string;
  /** The service's public address, for links in e-mail. */
  publicUrl: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates configuration. Secrets absent outside production are generated once and
 * kept in the data directory (mode 0600) so restarts keep sessions and the ledger key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const missing = production
    ? (['SESSION_SECRET', 'LEDGER_SIGNING_KEY', 'DATA_ENCRYPTION_KEY'] as const).filter((k) => !e[k])
    : [];
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${missing.map((k) => `  ${k}: required in production`).join('\n')}`,
    );
  }
  if (production && !e.DATABASE_URL && !e.BLUELAMP_ALLOW_EMBEDDED) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_URL: required in production. The embedded database runs inside ' +
        'one process on one machine, with no replication, no point-in-time recovery and no other ' +
        'workers; set DATABASE_URL to a PostgreSQL server, or BLUELAMP_ALLOW_EMBEDDED=true to accept that.',
    );
  }
  const dataDir = path.resolve(e.BLUELAMP_DATA_DIR);
  const secret = (name: string, make: () => string) => {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, name);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    const value = make();
    writeFileSync(file, `${value}\n`, { mode: 0o600 });
    return value;
  };
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    mailTransport: e.MAIL_TRANSPORT ?? (production ? 'none' : 'file'),
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    sessionSecret: e.SESSION_SECRET ?? secret('session-secret', () => randomBytes(32).toString('base64url')),
    ledgerSigningKey: e.LEDGER_SIGNING_KEY ?? secret('ledger-signing-key.pem', generateSigningKeyPem),
    dataEncryptionKey: Buffer.from(
      e.DATA_ENCRYPTION_KEY ?? secret('data-encryption-key', () => randomBytes(32).toString('hex')),
      'hex',
    ),
    demo: e.BLUELAMP_DEMO,
    demoPassword: e.BLUELAMP_DEMO_PASSWORD,
    logLevel: e.LOG_LEVEL,
    treeHeadIntervalSeconds: e.TREE_HEAD_INTERVAL_SECONDS,
    ledgerOrigin: e.LEDGER_ORIGIN,
    ledgerPreviousKeys: (e.LEDGER_PREVIOUS_PUBLIC_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    publicCacheEntries: e.PUBLIC_CACHE_ENTRIES,
    runWatts: e.RUN_WATTS,
    gridIntensity: e.GRID_INTENSITY_G_PER_KWH,
    relianceMaxAcceptance: e.RELIANCE_MAX_ACCEPTANCE,
    relianceMinMedianSeconds: e.RELIANCE_MIN_MEDIAN_SECONDS,
    relianceMinReviews: e.RELIANCE_MIN_REVIEWS,
    crimeDataMaxUploadBytes: Math.round(e.CRIME_DATA_MAX_UPLOAD_MB * 1024 * 1024),
    crimeDataMaxRows: e.CRIME_DATA_MAX_ROWS,
    runWorkers: e.RUN_WORKERS,
  };
}
