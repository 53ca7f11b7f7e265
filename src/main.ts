import path from 'node:path';
import pino from 'pino';
import { buildApp, REDACT } from './app.ts';
import { challengeWork } from './challenges/work.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemoIfEmpty } from './demo.ts';
import type { Services } from './http/context.ts';
import { incidentWork } from './incidents/work.ts';
import { LEDGER_CHECKPOINT_FILE, loadSigningKeys } from './ledger/keys.ts';
import { issueTreeHead } from './ledger/tree-heads.ts';
import { configuredTransport, startMailWorker } from './mail/outbox.ts';
import { PLUGINS } from './modules/plugins.ts';
import { monitoringWork } from './monitoring/work.ts';
import { recoverInterruptedRuns, STALE_AFTER_MS } from './oversight/execute.ts';
import { oversightWork } from './oversight/work.ts';
import { startRunWorkers } from './oversight/workers.ts';
import { registerWork } from './register/work.ts';
import { threadExecutor } from './runtime/executor.ts';
import { openRunQueue } from './runtime/queue.ts';
import { bindDataKey } from './security/encryption.ts';

/** How often modules' housekeeping runs (retention). */
const HOUSEKEEPING_MS = 3_600_000;

export interface ServiceOptions {
  /** Run pg-boss maintenance (expiring and retrying jobs of workers that died): servers and workers. */
  supervise?: boolean;
  /** Worker threads for module code (default: the configured RUN_WORKERS, at least 1). */
  threads?: number;
}

/** Builds the services over an open database (shared by the server, the CLI and the tests). */
export async function createServices(
  config: Config,
  database: Database,
  options: ServiceOptions = {},
): Promise<Services> {
  bindDataKey(database.db, config.dataEncryptionKey);
  const queue = await openRunQueue(database.db, { supervise: options.supervise ?? false });
  const executor = threadExecutor(options.threads ?? Math.max(1, config.runWorkers));
  return {
    config,
    db: database.db,
    keys: loadSigningKeys(config.ledgerSigningKey, {
      origin: config.ledgerOrigin,
      previousKeys: config.ledgerPreviousKeys,
      stateFile: path.join(config.dataDir, LEDGER_CHECKPOINT_FILE),
    }),
    work: [registerWork, oversightWork, monitoringWork, incidentWork, challengeWork],
    runs: { db: database.db, config, queue, executor, random: Math.random },
    async close() {
      await queue.stop();
      await executor.close();
    },
  };
}

/**
 * Logs: JSON in production (for log collectors), readable lines in development (pino-pretty).
 * JSON lines are written asynchronously: a log collector reading slowly never holds up the thread
 * that answers requests (synchronous writes to a slow pipe took a fifth of its time under load).
 * They are flushed when the process stops.
 */
export function createLogger(config: Config): pino.Logger {
  const options = { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } };
  if (config.env === 'production' || !process.stdout.isTTY)
    return pino(options, pino.destination({ dest: 1, sync: false }));
  return pino({
    ...options,
    transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } },
  });
}

/** start: config -> database -> migrations -> demo seed (if empty) -> workers -> HTTP server. */
export async function start(overrides: Partial<NodeJS.ProcessEnv> = {}): Promise<void> {
  const config = loadConfig({ ...process.env, ...overrides });
  const logger = createLogger(config);
  const database = await openDatabase(config);
  try {
    await serve(config, database, logger);
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function serve(config: Config, database: Database, logger: pino.Logger): Promise<void> {
  const applied = await migrateToLatest(database.db);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  const services = await createServices(config, database, { supervise: true });
  // With the embedded database this process is the only worker: a run left running was
  // interrupted by the last stop. On a server, other workers may be alive: only silent ones count.
  const recovered = await recoverInterruptedRuns(
    services.runs,
    database.kind === 'embedded' ? new Date() : new Date(Date.now() - STALE_AFTER_MS),
  );
  if (recovered) logger.warn({ runs: recovered }, 'runs interrupted by the last stop were queued again');
  if (config.demo && (await seedDemoIfEmpty(database.db, config, services.runs))) {
    logger.info('demo data seeded: sign in as <role>@demo.police.example');
  }
  const workers = config.runWorkers > 0 ? await startRunWorkers(services.runs, config.runWorkers) : undefined;
  const app = await buildApp(services, { logger });
  await issueTreeHead(database.db, services.keys);
  const timer =
    config.treeHeadIntervalSeconds > 0
      ? setInterval(() => {
          issueTreeHead(database.db, services.keys).catch((err) =>
            logger.error({ err }, 'tree head not issued'),
          );
        }, config.treeHeadIntervalSeconds * 1000)
      : undefined;
  const mail = await mailWorker(config, database, logger);
  const upkeep = async () => {
    for (const plugin of PLUGINS) {
      const said = await plugin
        .housekeeping?.({ db: database.db, config })
        .catch((err) => logger.error({ err }, 'housekeeping failed'));
      if (said) logger.info(said);
    }
  };
  await upkeep();
  const upkeepTimer = setInterval(() => void upkeep(), HOUSEKEEPING_MS);
  const stop = async () => {
    if (timer) clearInterval(timer);
    clearInterval(upkeepTimer);
    await app.close();
    await mail?.stop();
    await workers?.stop();
    await services.close();
    await database.close();
    logger.flush();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const address = await app.listen({ port: config.port, host: config.host });
  logger.info(
    `Bluelamp is running at ${address} (${database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'}; ${config.runWorkers} run worker${config.runWorkers === 1 ? '' : 's'})`,
  );
}

/** The mail worker, when mail is on: sends the outbox (message content is never logged). */
async function mailWorker(config: Config, database: Database, logger: pino.Logger) {
  const transport = await configuredTransport(config);
  if (!transport) return undefined;
  return startMailWorker(database.db, config.dataEncryptionKey, transport, config.mailFrom, (error) =>
    logger.error(
      { err: { message: error instanceof Error ? error.message : String(error) } },
      'mail round failed',
    ),
  );
}

/**
 * `bluelamp worker`: a process that only executes queued runs, taking them from the same
 * PostgreSQL database as the service (on this or another machine).
 */
export async function work(options: { concurrency: number }): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'bluelamp worker needs DATABASE_URL: with the embedded database, `bluelamp start` runs the workers itself.',
    );
  }
  const logger = createLogger(config);
  const database = await openDatabase(config);
  await migrateToLatest(database.db);
  const services = await createServices(config, database, { supervise: true, threads: options.concurrency });
  await recoverInterruptedRuns(services.runs, new Date(Date.now() - STALE_AFTER_MS));
  const workers = await startRunWorkers(services.runs, options.concurrency);
  logger.info(`Bluelamp worker taking runs (${options.concurrency} at a time)`);
  const stop = async () => {
    await workers.stop();
    await services.close();
    await database.close();
    logger.flush();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
