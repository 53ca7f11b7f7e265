import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sharedData, titleWith } from '../../test/shared.ts';

const vancouver = sharedData('data', 'vancouver_crimes_2020.zip');

import { register } from './cli.ts';

/** The Vancouver protocol with its data path made absolute, in a temporary folder. */
function vancouverProtocol(dir: string): string {
  const protocol = JSON.parse(
    readFileSync(
      path.join(path.dirname(fileURLToPath(import.meta.url)), 'protocols', 'vancouver-2020.json'),
      'utf8',
    ),
  );
  protocol.data.path = vancouver.path;
  const file = path.join(dir, 'vancouver.json');
  writeFileSync(file, JSON.stringify(protocol));
  return file;
}

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: string) => out.push(s));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = new Command('bluelamp').exitOverride();
  register(program);
  await program.parseAsync(['node', 'bluelamp', ...args]);
  return out.join('\n');
}

afterEach(() => vi.restoreAllMocks());

describe('bluelamp hotspots evaluate', () => {
  it.skipIf(vancouver.skip)(
    titleWith(vancouver, 'prints JSON results and exports each period risk per study cell'),
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'hotspots-cli-'));
      const json = JSON.parse(
        await run([
          'hotspots',
          'evaluate',
          '--protocol',
          vancouverProtocol(dir),
          '--methods',
          'naive',
          '--json',
          '--export-risk',
          dir,
        ]),
      );
      expect(json.nMasked).toBe(3194);
      expect(json.grid).toEqual({ x0: 483750, y0: 5449800, cellSize: 150, ncols: 97, nrows: 84 });
      expect(json.methods[0].method).toBe('naive');
      expect(json.methods[0].hits['0.05']).toBe(5805);
      expect(json.methods[0].hitRate['0.05']).toBeCloseTo(5805 / 15894, 12);
      const csv = readFileSync(path.join(dir, 'vancouver-2020-naive.csv'), 'utf8').trim().split('\n');
      expect(csv[0]).toBe('period_start,cell,x,y,risk');
      expect(csv).toHaveLength(1 + 26 * 3194);
      expect(csv[1]?.startsWith('2020-07-01T00:00,')).toBe(true);
    },
  );

  it.skipIf(vancouver.skip)(titleWith(vancouver, 'prints a table per method'), async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hotspots-cli-'));
    const text = await run([
      'hotspots',
      'evaluate',
      '--protocol',
      vancouverProtocol(dir),
      '--methods',
      'naive',
    ]);
    expect(text).toMatch(/33761 of 37512 rows kept \(dropped: 3750 coordinates zero, 1 coordinates empty\)/);
    expect(text).toMatch(/5%\s+5805\s+36\.52%\s+7\.30/);
  });

  it('rejects an unknown method', async () => {
    await expect(run(['hotspots', 'evaluate', '--protocol', 'x.json', '--methods', 'magic'])).rejects.toThrow(
      "unknown method 'magic'",
    );
  });
});
