import cliProgress from 'cli-progress';

/**
 * Progress of a long command, on stderr (stdout stays for results): a bar with the share done,
 * the stage and the time left on a terminal; on anything else (a log, CI) a plain line every
 * ten seconds once the work has lasted that long, so logs stay short. `total` may be unknown (rows of a file being read):
 * then the count is shown without a bar.
 */
export interface CliProgress {
  /** `done` of `total` (or of the total given now), with a short stage name. */
  update(done: number, stage?: string, total?: number): void;
  /** Clears the bar (or ends the line) before the result is printed. */
  stop(): void;
}

export function cliProgressBar(
  label: string,
  total?: number,
  stream: NodeJS.WriteStream = process.stderr,
): CliProgress {
  return stream.isTTY ? terminalBar(label, total, stream) : plainLines(label, total, stream);
}

/** Not a terminal: a line every ten seconds once the work has taken that long, nothing otherwise. */
function plainLines(label: string, total: number | undefined, stream: NodeJS.WriteStream): CliProgress {
  const every = 10_000;
  let last = Date.now();
  let of = total;
  return {
    update(done, stage = '', newTotal) {
      if (newTotal !== undefined) of = newTotal;
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      const count = `${done.toLocaleString('en-GB')}${of ? ` of ${of.toLocaleString('en-GB')}` : ''}`;
      const share = of ? ` (${Math.round((100 * done) / of)}%)` : '';
      stream.write(`${label}: ${count}${share} ${stage}\n`);
    },
    stop() {},
  };
}

function terminalBar(label: string, total: number | undefined, stream: NodeJS.WriteStream): CliProgress {
  const known = total !== undefined && total > 0;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: known
        ? `${label} [{bar}] {percentage}% {stage} (about {eta_formatted} left)`
        : `${label}: {value} {stage}`,
      barCompleteChar: '#',
      barIncompleteChar: '-',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
      formatValue: (v, _options, type) => (type === 'value' ? v.toLocaleString('en-GB') : String(v)),
    },
    cliProgress.Presets.legacy,
  );
  bar.start(known ? total : 0, 0, { stage: '' });
  let stopped = false;
  return {
    update(done, stage = '', newTotal) {
      if (stopped) return;
      if (newTotal !== undefined && newTotal > 0) bar.setTotal(newTotal);
      bar.update(done, { stage });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
