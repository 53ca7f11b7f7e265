import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from './dataset.ts';
import { cellCentre } from './grid.ts';
import { formatMinutes } from './time.ts';

/**
 * Writes each period's risk per study cell to `DIR/<protocol>-<method>.csv`
 * (period_start, cell, x, y, risk) so anyone can re-score a forecast.
 */
export class RiskExporter {
  private readonly files = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly dataset: Dataset,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  write(method: string, period: number, risk: Float64Array): void {
    let fd = this.files.get(method);
    if (fd === undefined) {
      fd = openSync(path.join(this.dir, `${this.name}-${method}.csv`), 'w');
      writeSync(fd, 'period_start,cell,x,y,risk\n');
      this.files.set(method, fd);
    }
    const { grid, cells } = this.dataset.study;
    const start = formatMinutes((this.dataset.periods[period] as { t0: number }).t0);
    const rows: string[] = [];
    for (let k = 0; k < cells.length; k++) {
      const [x, y] = cellCentre(grid, cells[k] as number);
      rows.push(`${start},${cells[k]},${x},${y},${risk[k]}`);
    }
    writeSync(fd, `${rows.join('\n')}\n`);
  }

  close(): void {
    for (const fd of this.files.values()) closeSync(fd);
    this.files.clear();
  }
}
