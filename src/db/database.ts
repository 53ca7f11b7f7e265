import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pgliteDialect } from './pglite-driver.ts';
import type { DB } from './schema.ts';

// int8 (bigint) columns: ledger sequence numbers and counts fit comfortably in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric: keep as a number for rates and thresholds.
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export interface Database {
  db: Kysely<DB>;
  /** 'embedded' for PGlite, 'server' for a PostgreSQL server. */
  kind: 'embedded' | 'server';
  /** The embedded engine, when embedded (used to dump the migrated test template). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder for the embedded database files; absent means in memory. */
  dataDir?: string;
  /** A dump (from `dumpDataDir`) to start from, used to clone the migrated test template. */
  loadFrom?: Blob;
}

/** Values read as the `pg` driver reads them for a server, so both databases look the same. */
const PGLITE_PARSERS = {
  20: (v: string) => Number.parseInt(v, 10),
  1700: (v: string) => Number.parseFloat(v),
  17: (v: string) => Buffer.from(v.startsWith('\\x') ? v.slice(2) : v, 'hex'),
};

/**
 * Bytea parameters written as hex by Node's own encoder: PGlite's default serialiser builds the
 * text in JavaScript byte by byte, which took 1.4 s for a 2 MB sealed input on the thread that
 * answers HTTP (about 0.2 s this way).
 */
const PGLITE_SERIALIZERS = {
  17: (v: Uint8Array | string) =>
    typeof v === 'string' ? v : `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`,
};

/**
 * Opens PGlite in this process and talks to it directly (no socket, no port), so no other
 * process can read or change the embedded database. PGlite is a single session: the driver
 * hands its one connection to one holder at a time, so transactions never interleave.
 */
export async function openEmbedded(options: EmbeddedOptions = {}): Promise<Database> {
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadFrom ? { loadDataDir: options.loadFrom } : {}),
    parsers: PGLITE_PARSERS,
    serializers: PGLITE_SERIALIZERS,
  });
  const db = new Kysely<DB>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    kind: 'embedded',
    pglite,
    async close() {
      await db.destroy();
      await pglite.close();
      release();
    },
  };
}

/**
 * PGlite must never be opened twice on the same files: a lock file holds the owner's pid.
 * A lock left by a process that has gone is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  // Only the service's own user may read or change the database files.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const lock = path.join(dataDir, '..', `${path.basename(dataDir)}.lock`);
  if (existsSync(lock)) {
    const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    if (pid && pid !== process.pid && alive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${pid} (is Bluelamp running?). ` +
          'Stop it first, or set DATABASE_URL to use a PostgreSQL server.',
      );
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openServer(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server closes (restart, failover, a dropped test database) is
  // replaced on next use; without a listener it would crash the process.
  pool.on('error', () => {});
  // Fail fast with a clear message when the server cannot be reached.
  const client = await pool.connect().catch(async (error: Error) => {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${error.message}`);
  });
  client.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'server', close: () => db.destroy() };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export function openDatabase(config: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<Database> {
  return config.databaseUrl
    ? openServer(config.databaseUrl)
    : openEmbedded({ dataDir: `${config.dataDir}/pg` });
}
