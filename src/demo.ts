import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DB } from './db/schema.ts';
import { seedDemoPeople } from './identity/demo.ts';
import { PLUGINS } from './modules/plugins.ts';
import type { RunRuntime } from './oversight/execute.ts';
import { seedDemoRegister } from './register/demo.ts';

/**
 * Seeds the demo force when the database has nobody in it yet: people, the register, then each
 * module's own demo data through its plug-in (hot spots: released forecasts and a crime data
 * import, from the City of London extract shipped with the module). Returns whether it seeded.
 */
export async function seedDemoIfEmpty(db: Kysely<DB>, config: Config, runs: RunRuntime): Promise<boolean> {
  const anyone = await db.selectFrom('people').select('id').limit(1).executeTakeFirst();
  if (anyone) return false;
  const { forceId } = await seedDemoPeople(db, config.demoPassword);
  await seedDemoRegister(db, forceId);
  for (const plugin of PLUGINS) await plugin.demo?.({ db, config, runs, forceId });
  return true;
}
