/**
 * Charts drawn on the server as SVG strings: readable without JavaScript, printable, testable.
 * Each is an image with a title and a description (role="img", aria-labelledby), and the page
 * shows the same numbers in a table beside it. Series differ by dash pattern and marker shape as
 * well as colour, so they do not rely on colour alone. Colours are from the GOV.UK palette with
 * at least 3:1 contrast against white.
 */

const COLOURS = ['#1d70b8', '#00703c', '#4c2c92', '#0b0c0c', '#912b88', '#505a5f'];
const DASHES = ['', '8 4', '3 3', '10 3 2 3', '1 4', '6 2 6 6'];
const THRESHOLD_COLOUR = '#d4351c';
const TEXT = '#0b0c0c';
const GRID = '#b1b4b6';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Up to 4 significant figures, no trailing zeros. */
export function fmt(v: number): string {
  return Number.parseFloat(v.toPrecision(4)).toString();
}

/** "Nice" tick values covering [lo, hi] (steps of 1, 2 or 5 times a power of ten). */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(12)));
  return out;
}

function marker(shape: number, x: number, y: number, colour: string): string {
  const p = (n: number) => n.toFixed(1);
  switch (shape % 3) {
    case 0:
      return `<circle cx="${p(x)}" cy="${p(y)}" r="3.5" fill="${colour}"/>`;
    case 1:
      return `<rect x="${p(x - 3.5)}" y="${p(y - 3.5)}" width="7" height="7" fill="${colour}"/>`;
    default:
      return `<path d="M${p(x)} ${p(y - 4.5)}L${p(x + 4)} ${p(y + 3)}L${p(x - 4)} ${p(y + 3)}Z" fill="${colour}"/>`;
  }
}

function frame(id: string, title: string, desc: string, width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="sans-serif" font-size="12" class="bl-chart"><title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`;
}

export interface LineSeries {
  name: string;
  values: ReadonlyArray<number | null>;
}

export interface LineChart {
  id: string;
  title: string;
  desc: string;
  /** One label per point on the x axis (e.g. window end dates). */
  labels: readonly string[];
  series: readonly LineSeries[];
  threshold?: { value: number; label: string };
}

/** A line chart of values over time, one line per series, with an optional threshold line. */
export function lineChart(c: LineChart): string {
  const width = 640;
  const legendRows = Math.ceil((c.series.length + (c.threshold ? 1 : 0)) / 3);
  const m = { left: 56, right: 16, top: 16, bottom: 40 + legendRows * 18 };
  const height = 260 + legendRows * 18;
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const all = c.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (c.threshold) all.push(c.threshold.value);
  let lo = all.length ? Math.min(...all) : 0;
  let hi = all.length ? Math.max(...all) : 1;
  const pad = hi > lo ? (hi - lo) * 0.1 : Math.abs(hi) * 0.1 || 1;
  lo -= pad;
  hi += pad;
  const n = c.labels.length;
  const x = (i: number) => m.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => m.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [];
  for (const t of ticks(lo, hi)) {
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${m.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="${TEXT}">${esc(fmt(t))}</text>`,
    );
  }
  parts.push(
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="${TEXT}"/>`,
    `<line x1="${m.left}" x2="${width - m.right}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="${TEXT}"/>`,
  );
  const labelAt = n <= 1 ? [0] : [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  for (const i of labelAt) {
    const label = c.labels[i];
    if (label === undefined) continue;
    const anchor = n <= 1 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${m.top + plotH + 16}" text-anchor="${anchor}" fill="${TEXT}">${esc(label)}</text>`,
    );
  }
  if (c.threshold) {
    const ty = y(c.threshold.value).toFixed(1);
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${ty}" y2="${ty}" stroke="${THRESHOLD_COLOUR}" stroke-width="2" stroke-dasharray="2 4 8 4"/>`,
    );
  }
  c.series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const dash = DASHES[k % DASHES.length]!;
    let segment: string[] = [];
    const flush = () => {
      if (segment.length > 1)
        parts.push(
          `<polyline points="${segment.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
        );
      segment = [];
    };
    s.values.forEach((v, i) => {
      if (v === null) {
        flush();
        return;
      }
      segment.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      parts.push(marker(k, x(i), y(v), colour));
    });
    flush();
  });
  const legend = [
    ...c.series.map((s, k) => ({
      name: s.name,
      colour: COLOURS[k % COLOURS.length]!,
      dash: DASHES[k % DASHES.length]!,
      k,
    })),
    ...(c.threshold ? [{ name: c.threshold.label, colour: THRESHOLD_COLOUR, dash: '2 4 8 4', k: -1 }] : []),
  ];
  legend.forEach((item, i) => {
    const lx = m.left + (i % 3) * 190;
    const ly = m.top + plotH + 34 + Math.floor(i / 3) * 18;
    parts.push(
      `<line x1="${lx}" x2="${lx + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${item.colour}" stroke-width="2"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/>`,
      item.k >= 0 ? marker(item.k, lx + 14, ly - 4, item.colour) : '',
      `<text x="${lx + 34}" y="${ly}" fill="${TEXT}">${esc(item.name)}</text>`,
    );
  });
  return frame(c.id, c.title, c.desc, width, height, parts.join(''));
}

export interface BarChart {
  id: string;
  title: string;
  desc: string;
  bars: ReadonlyArray<{ label: string; value: number }>;
  /** Vertical reference lines (e.g. the PSI bands). */
  references?: ReadonlyArray<{ value: number; label: string }>;
}

/** A horizontal bar chart with labelled bars and optional reference lines. */
export function barChart(c: BarChart): string {
  const width = 640;
  const rowH = 28;
  const m = { left: 170, right: 56, top: 24, bottom: 28 };
  const height = m.top + m.bottom + Math.max(1, c.bars.length) * rowH;
  const plotW = width - m.left - m.right;
  const refs = c.references ?? [];
  const hi = Math.max(...c.bars.map((b) => b.value), ...refs.map((r) => r.value), 0) * 1.1 || 1;
  const x = (v: number) => m.left + (Math.max(0, v) / hi) * plotW;
  const parts: string[] = [
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top - 8}" y2="${height - m.bottom}" stroke="${TEXT}"/>`,
  ];
  c.bars.forEach((b, i) => {
    const top = m.top + i * rowH;
    parts.push(
      `<text x="${m.left - 8}" y="${top + rowH / 2 + 4}" text-anchor="end" fill="${TEXT}">${esc(b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label)}</text>`,
      `<rect x="${m.left}" y="${top + 5}" width="${(x(b.value) - m.left).toFixed(1)}" height="${rowH - 10}" fill="${COLOURS[0]}"/>`,
      `<text x="${(x(b.value) + 4).toFixed(1)}" y="${top + rowH / 2 + 4}" fill="${TEXT}">${esc(fmt(b.value))}</text>`,
    );
  });
  refs.forEach((r, i) => {
    const rx = x(r.value).toFixed(1);
    parts.push(
      `<line x1="${rx}" x2="${rx}" y1="${m.top - 8}" y2="${height - m.bottom}" stroke="${THRESHOLD_COLOUR}" stroke-width="2" stroke-dasharray="${i % 2 ? '6 3' : '2 3'}"/>`,
      `<text x="${rx}" y="${height - m.bottom + 16}" text-anchor="middle" fill="${TEXT}">${esc(r.label)}</text>`,
    );
  });
  return frame(c.id, c.title, c.desc, width, height, parts.join(''));
}
