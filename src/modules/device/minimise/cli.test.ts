import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { detectFile, evaluateFile, LineError } from './files.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-minimise-'));
const input = path.join(dir, 'messages.jsonl');
writeFileSync(input, `${JSON.stringify({ id: 'm1', text: 'ring dave on 07700 900123' })}\n`);
const bad = path.join(dir, 'bad.jsonl');
writeFileSync(bad, `${JSON.stringify({ id: 'm1', text: 'ok' })}\n{"id": "m2"}\n`);
const gold = path.join(dir, 'gold.jsonl');
writeFileSync(
  gold,
  `${JSON.stringify({
    id: 'g1',
    text: 'ring dave on 07700 900123',
    spans: [
      { type: 'PERSON', start: 5, end: 9 },
      { type: 'PHONE', start: 13, end: 25 },
    ],
  })}\n`,
);

describe('minimise files', () => {
  it('detect: one line of spans per message', () => {
    expect(JSON.parse(detectFile(input))).toEqual({
      id: 'm1',
      spans: [
        { type: 'PERSON', start: 5, end: 9, text: 'dave' },
        { type: 'PHONE', start: 13, end: 25, text: '07700 900123' },
      ],
    });
  });

  it('a bad line is named by its number', () => {
    expect(() => detectFile(bad)).toThrow(LineError);
    expect(() => detectFile(bad)).toThrow(/line 2: text/);
  });

  it('evaluate: token-level precision, recall and F2', () => {
    const s = evaluateFile(gold);
    expect([s.precision, s.recall, s.f2]).toEqual([1, 1, 1]);
    expect(s.perType.PHONE?.tokens).toBe(2);
  });
});

describe('bluelamp minimise', () => {
  it('detect writes the spans to --output', async () => {
    const output = path.join(dir, 'spans.jsonl');
    const r = await runCli(['minimise', 'detect', '--input', input, '--output', output]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(output, 'utf8')).spans).toHaveLength(2);
  });

  it('detect refuses a bad line with exit code 2 and writes nothing', async () => {
    const output = path.join(dir, 'none.jsonl');
    const r = await runCli(['minimise', 'detect', '--input', bad, '--output', output]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 2');
    expect(existsSync(output)).toBe(false);
  });

  it('evaluate prints the scores', async () => {
    const r = await runCli(['minimise', 'evaluate', '--input', gold]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('F2 1.000');
  });
});
