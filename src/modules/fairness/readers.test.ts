import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { auditLocated } from './audit.ts';
import { resolveAudit } from './cli.ts';
import { readRecords } from './readers.ts';
import type { AuditOptions } from './types.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fairness-'));
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}
const options: AuditOptions = {
  mapping: { prediction: 'p', outcome: 'y', groups: ['g'], score: 's' },
  bootstrap: 0,
};
const audit = (f: string, o: AuditOptions = options) =>
  auditLocated(readRecords(f), { ...o, source: path.basename(f) });

describe('input errors name file, line and field', () => {
  it('a bad outcome', async () => {
    const f = file('bad-outcome.csv', 'g,p,y,s\na,1,0,0.2\nb,0,2,0.1\n');
    await expect(audit(f)).rejects.toThrow("bad-outcome.csv, line 3, field 'y': '2' is not an outcome");
  });

  it('a non-numeric score', async () => {
    const f = file('bad-score.csv', 'g,p,y,s\na,1,0,high\n');
    await expect(audit(f)).rejects.toThrow("bad-score.csv, line 2, field 's': 'high' is not a number");
  });

  it('a missing column', async () => {
    const f = file('no-col.csv', 'g,p,s\na,1,0.2\n');
    await expect(auditLocated(readRecords(f, ['g', 'p', 'y', 's']), options)).rejects.toThrow(
      "no-col.csv, line 1, field 'y': column not found",
    );
  });

  it('a row with the wrong number of fields', async () => {
    const f = file('ragged.csv', 'g,p,y,s\na,1,0,0.2\na,1\n');
    await expect(audit(f)).rejects.toThrow(/ragged\.csv, line 3/);
  });

  it('bad JSON Lines', async () => {
    const f = file('bad.jsonl', '{"g":"a","p":1,"y":0,"s":0.1}\n{"g":"a",\n');
    await expect(audit(f)).rejects.toThrow(/bad\.jsonl, line 2: not valid JSON/);
    const g = file('nested.jsonl', '{"g":{"x":1},"p":1,"y":0}\n');
    await expect(audit(g)).rejects.toThrow("nested.jsonl, line 1, field 'g'");
  });

  it('a threshold on a non-numeric prediction', async () => {
    const f = file('label.csv', 'g,p,y,s\na,yes,0,0.2\n');
    await expect(audit(f, { ...options, mapping: { ...options.mapping, threshold: 0.5 } })).rejects.toThrow(
      "label.csv, line 2, field 'p': 'yes' is not a number",
    );
  });

  it('reads JSON Lines records like CSV', async () => {
    const f = file('ok.jsonl', '{"g":"a","p":1,"y":1,"s":0.9}\n\n{"g":"b","p":0,"y":true,"s":0.2}\n');
    const r = await audit(f);
    expect(r.overall).toMatchObject({ tp: 1, fn: 1, n: 2 });
  });

  it('the CLI prints the message without a stack trace and exits non-zero', async () => {
    const f = file('cli-bad.csv', 'g,p,y\na,1,0\nb,0,maybe\n');
    const run = promisify(execFile);
    const args = [
      'bin/bluelamp.js',
      'fairness',
      'audit',
      '--input',
      f,
      '--prediction',
      'p',
      '--outcome',
      'y',
    ];
    const error = (await run('node', [...args, '--group', 'g']).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(error.code).not.toBe(0);
    expect(error.stderr).toContain("cli-bad.csv, line 3, field 'y'");
    expect(error.stderr).not.toMatch(/\n\s+at /);
  });

  it('a saved audit definition gives the same report as the API', async () => {
    const data = file('d.csv', 'g,p,y\na,1,0\nb,0,1\na,1,1\nb,1,0\n');
    const def = file(
      'def.json',
      JSON.stringify({
        input: 'd.csv',
        mapping: { prediction: 'p', outcome: 'y', groups: ['g'] },
        bootstrap: 0,
      }),
    );
    const run = promisify(execFile);
    const fromDef = await run('node', ['bin/bluelamp.js', 'fairness', 'audit', '--definition', def]);
    const fromApi = await audit(data, {
      mapping: { prediction: 'p', outcome: 'y', groups: ['g'] },
      bootstrap: 0,
    });
    expect(JSON.parse(fromDef.stdout).groups).toEqual(fromApi.groups);
    expect(JSON.parse(fromDef.stdout).groups).toHaveLength(2);
  });

  it('a bad audit definition names the field', () => {
    const bad = file('bad-def.json', JSON.stringify({ mapping: { prediction: 'p', outcome: 'y' } }));
    expect(() => resolveAudit({ definition: bad })).toThrow("field 'mapping.groups'");
    expect(() => resolveAudit({ input: bad, prediction: 'p', outcome: 'y', group: 'g', tau: '2' })).toThrow(
      '--tau',
    );
  });
});
