import { esc } from './html.ts';
import type { Interval } from './types.ts';

let counter = 0;

/** Restarts chart ids so that one page renders the same way every time. */
export function resetChartIds(): void {
  counter = 0;
}

/** Opens an accessible SVG: role="img" labelled by its own <title> and <desc>. */
function open(width: number, height: number, title: string, desc: string): string {
  const id = `chart-${++counter}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${esc(title)}</title>` +
    `<desc id="${id}-d">${esc(desc)}</desc>`
  );
}

const TEXT = '#0b0c0c';
const GREY = '#505a5f';
const LINE = '#b1b4b6';
const BLUE = '#1d70b8';

export interface DotRow {
  label: string;
  value: number | null;
  interval: Interval | null;
  reference: boolean;
}

const p = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * A dot-and-whisker chart of one rate per group on a 0-100% axis: a dot at the rate and a line
 * across its 95% interval; the reference group is a diamond, labelled "(reference)", with a
 * dashed vertical line at its value.
 */
export function dotWhisker(title: string, rows: DotRow[]): string {
  const left = 230;
  const width = 640;
  const plot = width - left - 60;
  const rowH = 30;
  const top = 20;
  const height = top + rows.length * rowH + 40;
  const x = (v: number) => left + v * plot;
  const desc = rows
    .map(
      (r) =>
        `${r.label}${r.reference ? ' (reference)' : ''}: ${r.value === null ? 'not defined' : p(r.value)}` +
        (r.interval ? ` (95% interval ${p(r.interval.lower)} to ${p(r.interval.upper)})` : ''),
    )
    .join('; ');
  let out = open(width, height, title, desc);
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    out += `<line x1="${x(t)}" y1="${top - 5}" x2="${x(t)}" y2="${top + rows.length * rowH}" stroke="${LINE}"/>`;
    out += `<text x="${x(t)}" y="${top + rows.length * rowH + 20}" font-size="13" text-anchor="middle" fill="${GREY}">${t * 100}%</text>`;
  }
  const ref = rows.find((r) => r.reference && r.value !== null);
  if (ref) {
    out += `<line x1="${x(ref.value!)}" y1="${top - 5}" x2="${x(ref.value!)}" y2="${top + rows.length * rowH}" stroke="${TEXT}" stroke-dasharray="4 3"/>`;
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    const label = `${r.label}${r.reference ? ' (reference)' : ''}`;
    out += `<text x="${left - 10}" y="${y + 5}" font-size="14" text-anchor="end" fill="${TEXT}">${esc(label)}</text>`;
    if (r.value === null) {
      out += `<text x="${left + 5}" y="${y + 5}" font-size="13" fill="${GREY}">not defined</text>`;
      return;
    }
    if (r.interval) {
      out += `<line x1="${x(r.interval.lower)}" y1="${y}" x2="${x(r.interval.upper)}" y2="${y}" stroke="${TEXT}" stroke-width="2"/>`;
      for (const e of [r.interval.lower, r.interval.upper]) {
        out += `<line x1="${x(e)}" y1="${y - 5}" x2="${x(e)}" y2="${y + 5}" stroke="${TEXT}" stroke-width="2"/>`;
      }
    }
    out += r.reference
      ? `<path d="M ${x(r.value)} ${y - 7} L ${x(r.value) + 7} ${y} L ${x(r.value)} ${y + 7} L ${x(r.value) - 7} ${y} Z" fill="${TEXT}"/>`
      : `<circle cx="${x(r.value)}" cy="${y}" r="6" fill="${BLUE}" stroke="${TEXT}"/>`;
    out += `<text x="${width - 5}" y="${y + 5}" font-size="13" text-anchor="end" fill="${TEXT}">${p(r.value)}</text>`;
  });
  return `${out}</svg>`;
}

export interface Series {
  label: string;
  points: Array<number | null>;
}

/** Marker shapes and dash patterns, so series differ by more than colour. */
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'plus', 'ring', 'star'] as const;
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '10 4', '1 2', '4 4', '12 2'];
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#b58840', '#0b0c0c', '#f47738', '#5694ca'];

function marker(kind: (typeof MARKERS)[number], x: number, y: number, colour: string): string {
  switch (kind) {
    case 'circle':
      return `<circle cx="${x}" cy="${y}" r="5" fill="${colour}"/>`;
    case 'square':
      return `<rect x="${x - 5}" y="${y - 5}" width="10" height="10" fill="${colour}"/>`;
    case 'triangle':
      return `<path d="M ${x} ${y - 6} L ${x + 6} ${y + 5} L ${x - 6} ${y + 5} Z" fill="${colour}"/>`;
    case 'diamond':
      return `<path d="M ${x} ${y - 6} L ${x + 6} ${y} L ${x} ${y + 6} L ${x - 6} ${y} Z" fill="${colour}"/>`;
    case 'cross':
      return `<path d="M ${x - 5} ${y - 5} L ${x + 5} ${y + 5} M ${x + 5} ${y - 5} L ${x - 5} ${y + 5}" stroke="${colour}" stroke-width="2.5"/>`;
    case 'plus':
      return `<path d="M ${x - 6} ${y} L ${x + 6} ${y} M ${x} ${y - 6} L ${x} ${y + 6}" stroke="${colour}" stroke-width="2.5"/>`;
    case 'ring':
      return `<circle cx="${x}" cy="${y}" r="5" fill="#fff" stroke="${colour}" stroke-width="2.5"/>`;
    default:
      return `<path d="M ${x} ${y - 6} L ${x + 2} ${y - 2} L ${x + 6} ${y} L ${x + 2} ${y + 2} L ${x} ${y + 6} L ${x - 2} ${y + 2} L ${x - 6} ${y} L ${x - 2} ${y - 2} Z" fill="${colour}"/>`;
  }
}

/**
 * A line chart of a rate (0-100%) against ordered categories (e.g. score deciles), one series
 * per group with its own marker shape and dash pattern and a legend in words.
 */
export function lineChart(title: string, xLabel: string, categories: string[], series: Series[]): string {
  const left = 60;
  const width = 640;
  const plotW = width - left - 20;
  const top = 20;
  const plotH = 260;
  const legendTop = top + plotH + 55;
  const height = legendTop + Math.ceil(series.length / 2) * 24 + 10;
  const x = (i: number) =>
    left + (categories.length === 1 ? plotW / 2 : (i * plotW) / (categories.length - 1));
  const y = (v: number) => top + (1 - v) * plotH;
  const desc = series
    .map(
      (s) =>
        `${s.label}: ` +
        s.points.map((v, i) => `${categories[i]} ${v === null ? 'no data' : p(v)}`).join(', '),
    )
    .join('. ');
  let out = open(width, height, title, desc);
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    out += `<line x1="${left}" y1="${y(t)}" x2="${left + plotW}" y2="${y(t)}" stroke="${LINE}"/>`;
    out += `<text x="${left - 8}" y="${y(t) + 4}" font-size="13" text-anchor="end" fill="${GREY}">${t * 100}%</text>`;
  }
  categories.forEach((c, i) => {
    out += `<text x="${x(i)}" y="${top + plotH + 18}" font-size="12" text-anchor="middle" fill="${GREY}">${esc(c)}</text>`;
  });
  out += `<text x="${left + plotW / 2}" y="${top + plotH + 38}" font-size="13" text-anchor="middle" fill="${TEXT}">${esc(xLabel)}</text>`;
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const kind = MARKERS[k % MARKERS.length]!;
    const pts = s.points.map((v, i) => (v === null ? null : ([x(i), y(v)] as const)));
    const d = pts
      .map((pt, i) => (pt === null ? '' : `${i === 0 || pts[i - 1] === null ? 'M' : 'L'} ${pt[0]} ${pt[1]}`))
      .join(' ')
      .trim();
    if (d) {
      out += `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${DASHES[k % DASHES.length] ? ` stroke-dasharray="${DASHES[k % DASHES.length]}"` : ''}/>`;
    }
    for (const pt of pts) if (pt) out += marker(kind, pt[0], pt[1], colour);
    const lx = left + (k % 2) * (plotW / 2);
    const ly = legendTop + Math.floor(k / 2) * 24;
    out += `<line x1="${lx}" y1="${ly}" x2="${lx + 30}" y2="${ly}" stroke="${colour}" stroke-width="2"${DASHES[k % DASHES.length] ? ` stroke-dasharray="${DASHES[k % DASHES.length]}"` : ''}/>`;
    out += marker(kind, lx + 15, ly, colour);
    out += `<text x="${lx + 38}" y="${ly + 5}" font-size="14" fill="${TEXT}">${esc(s.label)}</text>`;
  });
  return `${out}</svg>`;
}

/** A bar chart of counts per category (e.g. records per month). */
export function barChart(title: string, categories: string[], values: number[]): string {
  const left = 60;
  const width = 640;
  const plotW = width - left - 10;
  const top = 15;
  const plotH = 160;
  const height = top + plotH + 45;
  const max = Math.max(1, ...values);
  const bw = plotW / Math.max(1, categories.length);
  const desc = categories.map((c, i) => `${c}: ${values[i]}`).join(', ');
  let out = open(width, height, title, desc);
  out += `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="${TEXT}"/>`;
  out += `<text x="${left - 8}" y="${top + 5}" font-size="12" text-anchor="end" fill="${GREY}">${max.toLocaleString('en-GB')}</text>`;
  const every = Math.max(1, Math.ceil(categories.length / 12));
  values.forEach((v, i) => {
    const h = (v / max) * plotH;
    out += `<rect x="${left + i * bw + 1}" y="${top + plotH - h}" width="${Math.max(1, bw - 2)}" height="${h}" fill="${BLUE}"/>`;
    if (i % every === 0) {
      out += `<text x="${left + i * bw + bw / 2}" y="${top + plotH + 18}" font-size="12" text-anchor="middle" fill="${GREY}">${esc(categories[i])}</text>`;
    }
  });
  return `${out}</svg>`;
}
