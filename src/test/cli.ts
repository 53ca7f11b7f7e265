import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Database, openEmbedded, openServer } from '../db/database.ts';
import { projectRoot } from '../shared-data.ts';
import { createTestDatabase } from './db.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `bluelamp` command line in a child process. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  input?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin/bluelamp.js'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/**
 * The database a command-line test runs `bluelamp` against: a fresh database on the PostgreSQL
 * server when TEST_DATABASE_URL is set (CI), else an embedded one in a fresh folder. `env` points
 * the command at it; `open` opens it in the test (close what it returns).
 */
export async function cliDatabase(name: string) {
  const server = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
  const dir = mkdtempSync(path.join(tmpdir(), `bluelamp-${name}-`));
  const env: Record<string, string | undefined> = server
    ? { DATABASE_URL: server.url }
    : { BLUELAMP_DATA_DIR: dir, DATABASE_URL: undefined };
  return {
    dir,
    env,
    open: (): Promise<Database> =>
      server ? openServer(server.url!, 2) : openEmbedded({ dataDir: path.join(dir, 'pg') }),
    close: async () => {
      await server?.close();
    },
  };
}
