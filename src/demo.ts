import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DB } from './db/schema.ts';
import { seedDemoPeople } from './identity/demo.ts';
import { seedDemoCrimeData } from './modules/hotspots/crime-data/demo.ts';
import { seedDemoForecasts } from './modules/hotspots/oversight/demo-forecasts.ts';
import type { RunRuntime } from './oversight/execute.ts';
import { seedDemoRegister } from './register/demo.ts';

/**
 * Seeds the demo force when the database has nobody in it yet: people, the register, and
 * released hot spot forecasts and a crime data import when the shared police.uk file is present.
 * Returns whether it seeded.
 */
export async function seedDemoIfEmpty(db: Kysely<DB>, config: Config, runs: RunRuntime): Promise<boolean> {
  const anyone = await db.selectFrom('people').select('id').limit(1).executeTakeFirst();
  if (anyone) return false;
  const { forceId } = await seedDemoPeople(db, config.demoPassword);
  await seedDemoRegister(db, forceId);
  await seedDemoForecasts(runs, forceId);
  await seedDemoCrimeData(db, config, forceId);
  return true;
}
