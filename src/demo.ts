import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';
import { seedDemoPeople } from './identity/demo.ts';
import { seedDemoRegister } from './register/demo.ts';

/** Seeds the demo force when the database has nobody in it yet. Returns whether it seeded. */
export async function seedDemoIfEmpty(db: Kysely<DB>, password: string): Promise<boolean> {
  const anyone = await db.selectFrom('people').select('id').limit(1).executeTakeFirst();
  if (anyone) return false;
  const { forceId } = await seedDemoPeople(db, password);
  await seedDemoRegister(db, forceId);
  return true;
}
