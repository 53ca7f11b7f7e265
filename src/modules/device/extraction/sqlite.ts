import Database from 'better-sqlite3';
import type { FileProblems } from './errors.ts';
import { messageOf } from './reader.ts';

/**
 * Opening an uploaded SQLite database (Android mmssms.db and calllog.db, iPhone sms.db) from
 * its bytes, read-only and in memory: nothing is written to disk, and the upload is never
 * changed.
 */

const MAGIC = 'SQLite format 3\0';

/** True when the bytes start with the SQLite header. */
export function isSqlite(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && [...MAGIC].every((c, i) => bytes[i] === c.charCodeAt(0));
}

/**
 * The database read-only from a copy of its bytes. A database in WAL mode (header bytes 18
 * and 19 set to 2) is opened as a rollback-journal one, which the in-memory copy needs; rows
 * still in a `-wal` file that was not uploaded are not in the copy.
 */
export function openDatabase(bytes: Uint8Array, problems: FileProblems): Database.Database {
  if (!isSqlite(bytes))
    problems.fail(undefined, 'not a SQLite database (it does not start with "SQLite format 3")');
  const copy = Buffer.from(bytes);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  try {
    const db = new Database(copy, { readonly: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (e) {
    return problems.fail(undefined, `not a readable SQLite database (${messageOf(e)})`);
  }
}

/** The names of the database's tables. */
export function tablesOf(db: Database.Database): Set<string> {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/** The column names of a table. */
export function columnsOf(db: Database.Database, table: string): Set<string> {
  const rows = db.prepare(`PRAGMA table_info("${table.replace(/"/g, '""')}")`).all() as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/** True when the table has every column named; else a problem naming the missing ones. */
export function hasColumns(
  db: Database.Database,
  table: string,
  needed: readonly string[],
  problems: FileProblems,
): boolean {
  const have = columnsOf(db, table);
  const missing = needed.filter((c) => !have.has(c));
  if (missing.length)
    problems.add(`table ${table}`, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return missing.length === 0;
}

/** A value read as a finite number, or undefined. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v);
  const n = typeof v === 'string' && v.trim() ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
