import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../shared-data.ts';

/** A real `bluelamp` process (server or worker) whose output a test can wait on. */
export interface BluelampProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<number | NodeJS.Signals>;
}

export function spawnBluelamp(args: string[], env: Record<string, string | undefined>): BluelampProcess {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin/bluelamp.js'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (d: Buffer) => {
    text += d.toString();
    for (const l of listeners) l();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let ended = false;
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = true;
      for (const l of listeners) l();
      resolve(code ?? signal ?? -1);
    }),
  );
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, ms = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`no ${pattern} within ${ms} ms:\n${text.slice(-3000)}`)),
          ms,
        );
        const check = () => {
          const m = text.match(pattern);
          if (m) done(null, m);
          else if (ended) done(new Error(`process ended before ${pattern}:\n${text.slice(-3000)}`));
        };
        const done = (error: Error | null, m?: RegExpMatchArray) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(m!);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined, or fails after `ms`. */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  ms = 60_000,
  everyMs = 100,
) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A JSON API caller signed in over real HTTP as one person (cookie and CSRF token kept). */
export type HttpCaller = (
  method: string,
  url: string,
  body?: unknown,
) => Promise<{ status: number; json: Record<string, unknown> }>;

export async function signInOverHttp(base: string, email: string, password: string): Promise<HttpCaller> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('bluelamp_session='));
  if (!session) throw new Error(`sign-in as ${email}: no session cookie`);
  const cookie = session.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method, url, body) => {
    const r = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
}
