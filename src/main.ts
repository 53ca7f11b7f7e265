import pino from 'pino';
import { buildApp, REDACT } from './app.ts';
import { challengeWork } from './challenges/work.ts';
import { type Config, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemoIfEmpty } from './demo.ts';
import type { Services } from './http/context.ts';
import { incidentWork } from './incidents/work.ts';
import { loadSigningKeys } from './ledger/keys.ts';
import { issueTreeHead } from './ledger/tree-heads.ts';
import { monitoringWork } from './monitoring/work.ts';
import { oversightWork } from './oversight/work.ts';
import { registerWork } from './register/work.ts';
import { bindDataKey } from './security/encryption.ts';

/** Builds the services over an open database (shared by the server, the CLI and the tests). */
export function createServices(config: Config, database: Database): Services {
  bindDataKey(database.db, config.dataEncryptionKey);
  return {
    config,
    db: database.db,
    keys: loadSigningKeys(config.ledgerSigningKey),
    work: [registerWork, oversightWork, monitoringWork, incidentWork, challengeWork],
  };
}

/** start: config -> database -> migrations -> demo seed (if empty) -> HTTP server. */
export async function start(overrides: Partial<NodeJS.ProcessEnv> = {}): Promise<void> {
  const config = loadConfig({ ...process.env, ...overrides });
  const logger = pino({ level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } });
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
  const services = createServices(config, database);
  if (config.demo && (await seedDemoIfEmpty(database.db, config))) {
    logger.info('demo data seeded: sign in as <role>@demo.police.example');
  }
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
  const stop = async () => {
    if (timer) clearInterval(timer);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const address = await app.listen({ port: config.port, host: config.host });
  logger.info(
    `Bluelamp is running at ${address.replace('127.0.0.1', '127.0.0.1')} (${database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'})`,
  );
}
