import type { EntityKind, PoleCategory } from '../extract/types.ts';
import type { Network, NetworkNode, TimelineRow } from './patterns.ts';

/**
 * Pictures of a case's patterns as SVG strings: the network of entities mentioned together, and
 * the timeline of dated events. Deterministic layouts, GOV.UK colours, every text escaped, and a
 * title for screen readers; they scale to the width of the page (readable at 375 pixels).
 */

export const COLOURS = {
  blue: '#1d70b8',
  red: '#d4351c',
  green: '#00703c',
  orange: '#f47738',
  purple: '#4c2c92',
  grey: '#505a5f',
  lightGrey: '#b1b4b6',
  black: '#0b0c0c',
  white: '#ffffff',
} as const;

const CATEGORY_COLOURS: Record<PoleCategory, string> = {
  person: COLOURS.blue,
  object: COLOURS.orange,
  location: COLOURS.green,
  event: COLOURS.red,
};

const KIND_ORDER: EntityKind[] = [
  'person',
  'organisation',
  'registration-mark',
  'vehicle',
  'phone',
  'imei',
  'email',
  'ip-address',
  'sort-code',
  'account-number',
  'payment-card',
  'weapon',
  'drug',
  'money',
  'address',
  'postcode',
  'place',
  'grid-reference',
  'coordinates',
  'datetime',
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = 86_400_000;

/** Text made safe for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const num = (x: number) => String(Math.round(x * 10) / 10 || 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function idOf(prefix: string, title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${prefix}-${slug || 'chart'}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function colourOf(node: Pick<NetworkNode, 'kind' | 'category'>): string {
  return node.kind === 'organisation' ? COLOURS.purple : (CATEGORY_COLOURS[node.category] ?? COLOURS.grey);
}

/**
 * The picture's opening: an image to assistive technology, or a group when it holds links (an
 * image may not hold anything to follow).
 */
function open(
  width: number,
  height: number,
  id: string,
  title: string,
  desc: string,
  links = false,
): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="${links ? 'group' : 'img'}" aria-labelledby="${id}-title ${id}-desc" font-family="Arial, sans-serif">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(desc)}</desc>`,
  ];
}

export interface NetworkSvgOptions {
  width?: number;
  height?: number;
  title: string;
  /** Prefix of the ids inside the picture, to keep them unique on a page. */
  id?: string;
}

/**
 * The network as a picture: nodes on a circle ordered by kind (people and organisations on an
 * inner ring, the rest outside, when there are more than 12), sized by mentions; edges as lines as
 * thick as the number of sentences naming both ends.
 */
export function networkSvg(
  network: Network,
  options: NetworkSvgOptions = { title: 'Entities named together' },
): string {
  const width = options.width ?? 400;
  const height = options.height ?? 400;
  const id = options.id ?? idOf('network', options.title);
  const nodes = [...network.nodes].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || cmp(a.label, b.label) || cmp(a.key, b.key),
  );
  const keys = new Set(nodes.map((n) => n.key));
  const edges = network.edges.filter((e) => keys.has(e.a) && keys.has(e.b));
  const out = open(
    width,
    height,
    id,
    options.title,
    `${nodes.length} entities and ${edges.length} links between entities mentioned together.`,
  );
  const cx = width / 2;
  const cy = (height - 24) / 2;
  const outer = Math.max(20, Math.min(width, height - 24) / 2 - 40);
  const inner = nodes.filter((n) => n.category === 'person');
  const rest = nodes.filter((n) => n.category !== 'person');
  const rings =
    nodes.length > 12 && inner.length > 0 && rest.length > 0
      ? [
          { members: inner, radius: outer * 0.5 },
          { members: rest, radius: outer },
        ]
      : [{ members: nodes, radius: outer }];
  const at = new Map<string, { x: number; y: number }>();
  for (const ring of rings)
    ring.members.forEach((n, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / ring.members.length;
      const r = ring.members.length === 1 && rings.length === 1 ? 0 : ring.radius;
      at.set(n.key, { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) });
    });
  const maxWeight = Math.max(1, ...edges.map((e) => e.weight));
  const labelOf = new Map(nodes.map((n) => [n.key, n.label]));
  out.push(`<g class="edges" stroke="${COLOURS.grey}" stroke-opacity="0.6" stroke-linecap="round">`);
  for (const e of edges) {
    const a = at.get(e.a)!;
    const b = at.get(e.b)!;
    const w = 1 + (maxWeight > 1 ? (4 * (e.weight - 1)) / (maxWeight - 1) : 0);
    out.push(
      `<line x1="${num(a.x)}" y1="${num(a.y)}" x2="${num(b.x)}" y2="${num(b.y)}" stroke-width="${num(w)}"><title>${escapeXml(
        `${labelOf.get(e.a)} and ${labelOf.get(e.b)}: together in ${e.weight} ${e.weight === 1 ? 'sentence' : 'sentences'}`,
      )}</title></line>`,
    );
  }
  out.push('</g>');
  const maxMentions = Math.max(1, ...nodes.map((n) => n.mentions));
  out.push('<g class="nodes">');
  for (const n of nodes) {
    const p = at.get(n.key)!;
    const r = 5 + 7 * Math.sqrt(n.mentions / maxMentions);
    const name = `${n.label}: ${n.mentions} ${n.mentions === 1 ? 'mention' : 'mentions'}`;
    out.push(
      `<g class="node" data-kind="${escapeXml(n.kind)}"><title>${escapeXml(name)}</title>` +
        `<circle cx="${num(p.x)}" cy="${num(p.y)}" r="${num(r)}" fill="${colourOf(n)}" stroke="${COLOURS.white}" stroke-width="1.5"/>` +
        `<text x="${num(p.x)}" y="${num(p.y + r + 12)}" text-anchor="middle" font-size="11" fill="${COLOURS.black}" stroke="${COLOURS.white}" stroke-width="3" paint-order="stroke">${escapeXml(truncate(n.label, 16))}</text></g>`,
    );
  }
  out.push('</g>');
  const legend = (
    [
      ['Person', COLOURS.blue],
      ['Organisation', COLOURS.purple],
      ['Object', COLOURS.orange],
      ['Location', COLOURS.green],
      ['Event', COLOURS.red],
    ] as const
  ).filter(([, colour]) => nodes.some((n) => colourOf(n) === colour));
  out.push(`<g class="legend" font-size="11" fill="${COLOURS.black}">`);
  legend.forEach(([label, colour], i) => {
    const x = 8 + i * ((width - 16) / Math.max(4, legend.length));
    out.push(
      `<circle cx="${num(x + 5)}" cy="${num(height - 12)}" r="5" fill="${colour}"/><text x="${num(x + 14)}" y="${num(height - 8)}">${label}</text>`,
    );
  });
  out.push('</g>');
  if (nodes.length === 0)
    out.push(
      `<text x="${num(cx)}" y="${num(cy)}" text-anchor="middle" font-size="14" fill="${COLOURS.grey}">No entities mentioned together</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}

export interface TimelineSvgOptions {
  width?: number;
  title: string;
  /** Where each point links to; by default "#s-{documentId}-{start}", an anchor the page provides. */
  hrefOf?: (row: TimelineRow) => string;
  id?: string;
}

const timeOf = (when: string) => Date.parse(when.length === 10 ? `${when}T00:00Z` : `${when}Z`);

function dayLabel(t: number, withYear: boolean): string {
  const d = new Date(t);
  const label = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return withYear ? `${label} ${d.getUTCFullYear()}` : label;
}

function pointLabel(row: TimelineRow): string {
  const t = timeOf(row.when);
  const time = row.when.length > 10 ? ` ${row.when.slice(11, 16)}` : '';
  return `${dayLabel(t, false)}${time}`;
}

/**
 * The timeline as a picture: a horizontal axis of days, one point per dated event above it (red
 * where the sentence names an offence, hollow where the time was approximate), each a link to the
 * sentence in its document and labelled with its day and time.
 */
export function timelineSvg(
  rows: readonly TimelineRow[],
  options: TimelineSvgOptions = { title: 'Timeline of events' },
): string {
  const width = options.width ?? 400;
  const id = options.id ?? idOf('timeline', options.title);
  const hrefOf = options.hrefOf ?? ((row: TimelineRow) => `#s-${row.documentId}-${row.start}`);
  const dated = rows.filter((r) => !Number.isNaN(timeOf(r.when)));
  const left = 20;
  const right = width - 20;
  if (dated.length === 0) {
    const out = open(width, 60, id, options.title, 'No dated events.');
    out.push(
      `<text x="${num(width / 2)}" y="34" text-anchor="middle" font-size="14" fill="${COLOURS.grey}">No dated events</text>`,
    );
    out.push('</svg>');
    return out.join('\n');
  }
  const times = dated.map((r) => timeOf(r.when));
  const from = Math.floor(Math.min(...times) / DAY) * DAY;
  const to = Math.max(from + DAY, Math.floor(Math.max(...times) / DAY) * DAY + DAY);
  const x = (t: number) => left + ((t - from) / (to - from)) * (right - left);
  // Points in lanes above the axis, a point and its label never over another's.
  const charWidth = 6;
  const lanes: Array<Array<[number, number]>> = [];
  const placed = dated.map((row, i) => {
    const px = x(times[i]!);
    const label = pointLabel(row);
    const labelWidth = 8 + label.length * charWidth;
    const toLeft = px + labelWidth > width - 4;
    const span: [number, number] = toLeft ? [px - labelWidth - 6, px + 6] : [px - 6, px + labelWidth];
    let lane = lanes.findIndex((l) => l.every(([s, e]) => span[1] < s || span[0] > e));
    if (lane < 0) {
      lane = lanes.length;
      lanes.push([]);
    }
    lanes[lane]!.push(span);
    return { row, px, label, toLeft, lane };
  });
  const laneHeight = 22;
  const top = 16;
  const axis = top + lanes.length * laneHeight + 6;
  const height = axis + 30;
  const first = dated[0]!.when.slice(0, 10);
  const last = dated[dated.length - 1]!.when.slice(0, 10);
  const out = open(
    width,
    height,
    id,
    options.title,
    `${dated.length} dated ${dated.length === 1 ? 'event' : 'events'} from ${first} to ${last}.`,
    true,
  );
  // Axis and ticks on whole days, as many as fit.
  out.push(`<g class="axis" stroke="${COLOURS.black}" font-size="10" fill="${COLOURS.black}">`);
  out.push(
    `<line x1="${num(left)}" y1="${num(axis)}" x2="${num(right)}" y2="${num(axis)}" stroke-width="1"/>`,
  );
  const days = Math.round((to - from) / DAY);
  const maxTicks = Math.max(2, Math.floor((right - left) / 60));
  const step = Math.max(1, Math.ceil(days / maxTicks));
  let lastYear = -1;
  for (let d = 0; d <= days; d += step) {
    const t = from + d * DAY;
    const year = new Date(t).getUTCFullYear();
    const tx = x(t);
    const anchor = tx < left + 30 ? 'start' : tx > right - 30 ? 'end' : 'middle';
    out.push(
      `<line x1="${num(tx)}" y1="${num(axis)}" x2="${num(tx)}" y2="${num(axis + 5)}" stroke-width="1"/>` +
        `<text x="${num(anchor === 'start' ? tx - 4 : anchor === 'end' ? tx + 4 : tx)}" y="${num(axis + 17)}" text-anchor="${anchor}" stroke="none">${escapeXml(dayLabel(t, year !== lastYear))}</text>`,
    );
    lastYear = year;
  }
  out.push('</g>');
  out.push('<g class="events" font-size="11">');
  for (const p of placed) {
    const y = top + p.lane * laneHeight + 6;
    const colour = p.row.offence ? COLOURS.red : COLOURS.blue;
    const name = [
      `${p.row.when.replace('T', ' ')}${p.row.approximate ? ' (about)' : ''}`,
      p.row.documentId,
      p.row.offence,
      p.row.sentence.text,
    ]
      .filter(Boolean)
      .join(': ');
    out.push(
      `<a href="${escapeXml(hrefOf(p.row))}"><title>${escapeXml(name)}</title>` +
        `<line x1="${num(p.px)}" y1="${num(y)}" x2="${num(p.px)}" y2="${num(axis)}" stroke="${COLOURS.lightGrey}" stroke-dasharray="2 2"/>` +
        `<circle cx="${num(p.px)}" cy="${num(y)}" r="5" fill="${p.row.approximate ? COLOURS.white : colour}" stroke="${colour}" stroke-width="2"/>` +
        `<text x="${num(p.toLeft ? p.px - 9 : p.px + 9)}" y="${num(y + 4)}" text-anchor="${p.toLeft ? 'end' : 'start'}" fill="${COLOURS.black}">${escapeXml(p.label)}</text></a>`,
    );
  }
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}
