import { ROLE_NAMES, type Role } from '../identity/roles.ts';
import { ACTIONS, type ActionDef, STAGE_TARGET_DAYS, STAGE_TITLES, STAGES, type Stage } from './lifecycle.ts';

/**
 * The lifecycle diagram, drawn as SVG from the lifecycle table alone (pure, deterministic).
 *
 * Layout: the main path (the "spine") runs down the left: from the first stage, follow the
 * action that leaves only that stage, until none is left. Other stages (suspension, closure)
 * sit in a second column, each on the row of its earliest source and below the previous one.
 * Spine-to-spine arrows are labelled beside the arrow; arrows into the second column run
 * through lanes in the gutter and are labelled beside the stage they enter (an action that
 * returns to the previous stage is dashed and labelled beside the stage it leaves).
 */

const BOX_W = 190;
const BOX_H = 50;
const ROW_H = 112;
const LABEL_W = 270;
const GUTTER = 190;
const SIDE_LABEL_W = 300;
const M = 16;
const LINE = 15;
const CHARS = 34;

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Greedy word wrap to at most `width` characters a line. */
export function wrap(text: string, width = CHARS): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** "Chief constable" -> "chief constable", but "AI lead" stays. */
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

const roleText = (roles: readonly Role[]) => {
  const names = roles.map((r) => lowerFirst(ROLE_NAMES[r].replace(/ \(.*\)$/, '')));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
};

const actionLabel = (a: ActionDef) => `${roleText(a.roles)}${a.reasons ? ', with reasons' : ''}`;

export interface Layout {
  spine: Stage[];
  side: Stage[];
  row: Map<Stage, number>;
}

/** Where each stage goes, derived from the table. */
export function layout(actions: readonly ActionDef[] = ACTIONS): Layout {
  const spine: Stage[] = [STAGES[0]];
  for (;;) {
    const current = spine.at(-1)!;
    const next = actions.find(
      (a) => a.from.length === 1 && a.from[0] === current && a.to !== 'previous' && !spine.includes(a.to),
    );
    if (!next || next.to === 'previous') break;
    spine.push(next.to);
  }
  const row = new Map<Stage, number>(spine.map((s, i) => [s, i]));
  const side = STAGES.filter((s) => !spine.includes(s));
  let last = -1;
  for (const stage of side) {
    const sources = actions.filter((a) => a.to === stage).flatMap((a) => a.from);
    const rows = sources.map((s) => (spine.includes(s) ? row.get(s) : (row.get(s) ?? last) + 1) ?? 0);
    const r = Math.max(last + 1, rows.length ? Math.min(...rows) : last + 1);
    row.set(stage, r);
    last = r;
  }
  return { spine, side, row };
}

interface Box {
  x: number;
  y: number;
}

/** The edges the table describes: one per (action, from stage, to stage). */
function edges(actions: readonly ActionDef[]) {
  const out: Array<{ action: ActionDef; from: Stage; to: Stage; back: boolean }> = [];
  for (const a of actions) {
    for (const from of a.from) {
      if (a.to === 'previous') {
        const into = actions.filter((b) => b.to === from).flatMap((b) => b.from);
        for (const to of into) out.push({ action: a, from, to, back: true });
      } else out.push({ action: a, from, to: a.to, back: false });
    }
  }
  return out;
}

/** A plain-language description of the whole table, for the SVG's <desc>. */
export function describeLifecycle(actions: readonly ActionDef[] = ACTIONS): string {
  const { spine } = layout(actions);
  const t = (s: Stage) => STAGE_TITLES[s];
  const parts = [`The main path: ${spine.map(t).join(', then ')}.`];
  for (const a of actions) {
    const to = a.to === 'previous' ? 'the stage it was in before' : t(a.to);
    parts.push(`${a.title}: from ${a.from.map(t).join(' or ')} to ${to}, by the ${actionLabel(a)}.`);
  }
  return parts.join(' ');
}

/** The lifecycle diagram as a standalone, accessible SVG document. */
export function lifecycleSvg(actions: readonly ActionDef[] = ACTIONS): string {
  const { spine, side, row } = layout(actions);
  const spineX = M + LABEL_W;
  const sideX = spineX + BOX_W + GUTTER;
  const labelX = sideX + BOX_W + 14;
  const rows = Math.max(...row.values()) + 1;
  const width = labelX + SIDE_LABEL_W + M;
  const height = M * 2 + rows * ROW_H - (ROW_H - BOX_H);
  const box = (s: Stage): Box => ({
    x: spine.includes(s) ? spineX : sideX,
    y: M + (row.get(s) ?? 0) * ROW_H,
  });
  const out: string[] = [];
  const text = (x: number, y: number, lines: string[], anchor: 'start' | 'end' | 'middle', first?: string) =>
    lines
      .map(
        (l, i) =>
          `<text x="${x}" y="${y + i * LINE}" text-anchor="${anchor}" font-size="13"${i === 0 && first ? ` font-weight="bold"` : ''} fill="#0b0c0c">${escapeXml(l)}</text>`,
      )
      .join('');

  const all = edges(actions);
  const gutterActions = [
    ...new Set(all.filter((e) => spine.includes(e.from) !== spine.includes(e.to)).map((e) => e.action.id)),
  ];
  const lane = (a: ActionDef) => spineX + BOX_W + 28 + gutterActions.indexOf(a.id) * 36;
  // Ports: edges sharing a side of a box are spread out so they stay distinguishable.
  const ports = new Map<string, number>();
  const portKeys: string[] = [];
  for (const e of all) {
    if (spine.includes(e.from) === spine.includes(e.to)) continue;
    portKeys.push(`${e.from}:out:${e.action.id}:${e.to}`, `${e.to}:in:${e.action.id}:${e.from}`);
  }
  for (const stage of STAGES) {
    const keys = portKeys.filter((k) => k.startsWith(`${stage}:`));
    for (const [i, k] of keys.entries()) ports.set(k, (i - (keys.length - 1) / 2) * 10);
  }
  const sideLabels = new Map<Stage, string[][]>();
  const addSideLabel = (s: Stage, lines: string[]) =>
    sideLabels.set(s, [...(sideLabels.get(s) ?? []), lines]);
  const labelled = new Set<string>();

  for (const e of all) {
    const a = box(e.from);
    const b = box(e.to);
    const dash = e.back ? ' stroke-dasharray="6 4"' : '';
    const stroke = `stroke="#0b0c0c" stroke-width="2" fill="none" marker-end="url(#bl-arrow)"${dash}`;
    const fromSpine = spine.includes(e.from);
    const toSpine = spine.includes(e.to);
    if (fromSpine === toSpine) {
      // Same column: straight down (or up) between the boxes.
      const cx = a.x + BOX_W / 2;
      const down = b.y > a.y;
      const y1 = down ? a.y + BOX_H : a.y;
      const y2 = down ? b.y - 4 : b.y + BOX_H + 4;
      out.push(`<path d="M${cx} ${y1} V${y2}" ${stroke}/>`);
      if (!labelled.has(e.action.id)) {
        labelled.add(e.action.id);
        const lines = [e.action.title, ...wrap(actionLabel(e.action))];
        const top = Math.min(y1, y2) + (Math.abs(y2 - y1) - lines.length * LINE) / 2 + 11;
        out.push(
          fromSpine ? text(cx - 12, top, lines, 'end', 'bold') : text(cx + 12, top, lines, 'start', 'bold'),
        );
      }
    } else {
      // Across the gutter: right edge of one, through the action's lane, left edge of the other.
      const laneX = lane(e.action);
      const [sx, sy] = fromSpine
        ? [a.x + BOX_W, a.y + BOX_H / 2 + (ports.get(`${e.from}:out:${e.action.id}:${e.to}`) ?? 0)]
        : [a.x, a.y + BOX_H / 2 + (ports.get(`${e.from}:out:${e.action.id}:${e.to}`) ?? 0)];
      const [tx, ty] = toSpine
        ? [b.x + BOX_W + 4, b.y + BOX_H / 2 + (ports.get(`${e.to}:in:${e.action.id}:${e.from}`) ?? 0)]
        : [b.x - 4, b.y + BOX_H / 2 + (ports.get(`${e.to}:in:${e.action.id}:${e.from}`) ?? 0)];
      out.push(`<path d="M${sx} ${sy} H${laneX} V${ty} H${tx}" ${stroke}/>`);
      if (!labelled.has(e.action.id)) {
        labelled.add(e.action.id);
        const where = e.back ? e.from : e.to;
        const title = e.back ? `${e.action.title} (dashed, back to the stage before)` : e.action.title;
        addSideLabel(where, [...wrap(title), ...wrap(actionLabel(e.action))]);
      }
    }
  }

  // Labels beside second-column stages, centred on the box.
  for (const [stage, groups] of sideLabels) {
    const b = box(stage);
    const total = groups.reduce((n, g) => n + g.length, 0) + groups.length - 1;
    let y = b.y + BOX_H / 2 - (total * LINE) / 2 + 11;
    for (const g of groups) {
      out.push(text(labelX, y, g, 'start', 'bold'));
      y += (g.length + 1) * LINE;
    }
  }

  const boxes = [...spine, ...side].map((s) => {
    const b = box(s);
    const colour = spine.includes(s) ? '#1d70b8' : '#505a5f';
    const target = STAGE_TARGET_DAYS[s];
    return [
      `<rect x="${b.x}" y="${b.y}" width="${BOX_W}" height="${BOX_H}" rx="4" fill="#ffffff" stroke="${colour}" stroke-width="3"/>`,
      `<text x="${b.x + BOX_W / 2}" y="${b.y + (target ? 22 : 30)}" text-anchor="middle" font-size="16" font-weight="bold" fill="#0b0c0c">${escapeXml(STAGE_TITLES[s])}</text>`,
      target
        ? `<text x="${b.x + BOX_W / 2}" y="${b.y + 40}" text-anchor="middle" font-size="12" fill="#505a5f">target ${target} days</text>`
        : '',
    ].join('');
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="bl-lifecycle-title bl-lifecycle-desc" class="bl-figure" font-family="&quot;GDS Transport&quot;, arial, sans-serif">`,
    '<title id="bl-lifecycle-title">The lifecycle of an AI system in Bluelamp</title>',
    `<desc id="bl-lifecycle-desc">${escapeXml(describeLifecycle(actions))}</desc>`,
    '<defs><marker id="bl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#0b0c0c"/></marker></defs>',
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...out,
    ...boxes,
    '</svg>',
  ].join('\n');
}
