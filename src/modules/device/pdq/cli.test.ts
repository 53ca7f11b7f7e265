import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { hashFiles, matchOutcomes, readListFile } from './commands.ts';
import { indexLists } from './index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-pdq-'));
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  // two unrelated synthetic pictures: a diagonal gradient with a disc, and vertical bars
  const gradient = Buffer.alloc(200 * 150 * 3);
  const bars = Buffer.alloc(200 * 150 * 3);
  for (let y = 0; y < 150; y++)
    for (let x = 0; x < 200; x++) {
      const p = (y * 200 + x) * 3;
      const disc = (x - 60) ** 2 + (y - 90) ** 2 < 1600 ? 100 : 0;
      gradient.fill(Math.min(255, x + y / 2 + disc), p, p + 3);
      bars.fill(Math.floor(x / 25) % 2 ? 220 : 30 + y / 3, p, p + 3);
    }
  const raw = { raw: { width: 200, height: 150, channels: 3 as const } };
  await sharp(gradient, raw).jpeg({ quality: 95 }).toFile(file('gradient.jpg'));
  await sharp(bars, raw).png().toFile(file('bars.png'));
  writeFileSync(file('broken.jpg'), 'not an image');
});

describe('pdq command functions', () => {
  it('hashes files and names the ones that cannot be hashed', async () => {
    const out = await hashFiles([file('gradient.jpg'), file('broken.jpg'), file('missing.jpg')]);
    expect(out[0]).toMatchObject({ ok: true, result: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(out[1]).toEqual({
      file: file('broken.jpg'),
      ok: false,
      error: expect.stringMatching(/broken\.jpg: cannot be decoded/),
    });
    expect(out[2]).toEqual({
      file: file('missing.jpg'),
      ok: false,
      error: `${file('missing.jpg')}: no such file`,
    });
  });

  it('matches images against lists named by header or file name', async () => {
    const [g, b] = await hashFiles([file('gradient.jpg'), file('bars.png')]);
    if (!g?.ok || !b?.ok) throw new Error('hashing failed');
    writeFileSync(file('a.txt'), `# name: List A\n${g.result.hash} g-1\n`);
    writeFileSync(file('b.txt'), `${b.result.hash}\n`);
    const lists = [await readListFile(file('a.txt')), await readListFile(file('b.txt'))];
    const lines = matchOutcomes([g, b], indexLists(lists), 31);
    expect(lines.map((l) => [path.basename(l.file), l.list, l.distance, l.label])).toEqual([
      ['gradient.jpg', 'List A', 0, 'g-1'],
      ['bars.png', 'b.txt', 0, null],
    ]);
    writeFileSync(file('bad.txt'), `# name: x\n${g.result.hash}\nnonsense\n`);
    await expect(readListFile(file('bad.txt'))).rejects.toThrow(
      /bad\.txt line 3: "nonsense" is not a PDQ hash/,
    );
    await expect(readListFile(file('none.txt'))).rejects.toThrow(/none\.txt: no such file/);
  });
});

describe('bluelamp pdq', () => {
  it('prints hash, quality and file; a bad file is named with exit code 2', async () => {
    const ok = await runCli(['pdq', 'hash', file('gradient.jpg'), file('bars.png')]);
    expect(ok.code, ok.stderr).toBe(0);
    const rows = ok.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.map((r) => r[2])).toEqual([file('gradient.jpg'), file('bars.png')]);
    for (const r of rows) expect(r[0]).toMatch(/^[0-9a-f]{64}$/);
    const bad = await runCli(['pdq', 'hash', file('gradient.jpg'), file('broken.jpg')]);
    expect(bad.code).toBe(2);
    expect(bad.stdout.split('\n')[0]).toMatch(/gradient\.jpg$/);
    expect(bad.stderr).toContain('broken.jpg: cannot be decoded');
  });

  it('prints each match with its list and distance, and names a bad list line', async () => {
    const hashed = await runCli(['pdq', 'hash', file('gradient.jpg')]);
    const hash = hashed.stdout.split('\t')[0]!;
    writeFileSync(file('known.txt'), `# name: Known\n${hash} k-1\n`);
    const matched = await runCli([
      'pdq',
      'match',
      '--list',
      file('known.txt'),
      file('gradient.jpg'),
      file('bars.png'),
    ]);
    expect(matched.code, matched.stderr).toBe(0);
    expect(matched.stdout).toBe(`${file('gradient.jpg')}\t${hash}\tKnown\t${hash}\t0\tk-1\n`);
    writeFileSync(file('broken.txt'), `${hash}\n${hash.slice(1)}\n`);
    const refused = await runCli(['pdq', 'match', '--list', file('broken.txt'), file('gradient.jpg')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('broken.txt line 2');
    const threshold = await runCli([
      'pdq',
      'match',
      '--list',
      file('known.txt'),
      '--threshold',
      'x',
      file('gradient.jpg'),
    ]);
    expect(threshold.code).toBe(2);
  });
});
