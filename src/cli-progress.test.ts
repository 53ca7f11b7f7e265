import { afterEach, describe, expect, it, vi } from 'vitest';
import { cliProgressBar } from './cli-progress.ts';

/** A stream that is not a terminal (a log file, CI), recording what is written. */
function log() {
  const lines: string[] = [];
  return {
    lines,
    stream: { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream,
  };
}

afterEach(() => vi.useRealTimers());

describe('command line progress off a terminal', () => {
  it('says nothing for work shorter than ten seconds', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    const { lines, stream } = log();
    const p = cliProgressBar('Reading crimes', undefined, stream);
    vi.setSystemTime(1_009_000);
    p.update(50_000, 'rows');
    p.stop();
    expect(lines).toEqual([]);
  });

  it('writes one line every ten seconds after that, with the share when the total is known', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    const { lines, stream } = log();
    const p = cliProgressBar('Evaluating', 104, stream);
    vi.setSystemTime(1_010_500);
    p.update(26, 'naive, period 26 of 52');
    vi.setSystemTime(1_012_000);
    p.update(30, 'naive, period 30 of 52');
    vi.setSystemTime(1_021_000);
    p.update(78, 'kde, period 26 of 52');
    expect(lines).toEqual([
      'Evaluating: 26 of 104 (25%) naive, period 26 of 52\n',
      'Evaluating: 78 of 104 (75%) kde, period 26 of 52\n',
    ]);
  });
});
