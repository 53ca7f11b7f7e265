/**
 * A fresh database for a benchmark's server: a new database on the PostgreSQL server of
 * BENCH_DATABASE_URL (dropped afterwards) when `onServer`, else the embedded one in `dir`.
 * `env` is what the `bluelamp` processes need to open it.
 */
import pg from 'pg';

export const benchServerUrl = process.env.BENCH_DATABASE_URL;

export interface BenchDatabase {
  env: Record<string, string | undefined>;
  drop(): Promise<void>;
}

export async function freshDatabase(dir: string, onServer: boolean): Promise<BenchDatabase> {
  if (!onServer || !benchServerUrl)
    return { env: { BLUELAMP_DATA_DIR: dir, DATABASE_URL: undefined }, drop: async () => {} };
  const name = `bluelamp_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: benchServerUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(benchServerUrl);
  url.pathname = `/${name}`;
  return {
    env: { BLUELAMP_DATA_DIR: dir, DATABASE_URL: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: benchServerUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
