import { formatNumber } from './colour.ts';
import type { Box } from './labels.ts';
import { f } from './svg-text.ts';

export const GREY = '#d9d9d9';
export const FONT = 'font-family="Arial, Helvetica, sans-serif"';

/** A scale bar about a fifth of the map wide, with a length of 1, 2 or 5 × 10^k metres. */
export function scaleBar(extentMetres: number, scale: number, frame: Box): { svg: string; box: Box } {
  const target = extentMetres / 5;
  const pow = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((m) => m * pow).find((m) => m <= target) ?? pow;
  const w = metres * scale;
  const x = frame.x + 12;
  const y = frame.y + frame.h - 22;
  const label = (m: number) => (metres >= 1000 ? `${formatNumber(m / 1000)} km` : `${formatNumber(m)} m`);
  const svg = [
    `<g ${FONT} font-size="11" fill="#0b0c0c">`,
    `<rect x="${f(x - 6)}" y="${f(y - 16)}" width="${f(w + 34)}" height="30" fill="#ffffff" fill-opacity="0.85"/>`,
    `<rect x="${f(x)}" y="${f(y)}" width="${f(w / 2)}" height="6" fill="#0b0c0c"/>`,
    `<rect x="${f(x + w / 2)}" y="${f(y)}" width="${f(w / 2)}" height="6" fill="#ffffff" stroke="#0b0c0c"/>`,
    `<text x="${f(x)}" y="${f(y - 4)}" text-anchor="middle">0</text>`,
    `<text x="${f(x + w)}" y="${f(y - 4)}" text-anchor="middle">${label(metres)}</text>`,
    '</g>',
  ].join('');
  return { svg, box: { x: x - 6, y: y - 16, w: w + 34, h: 30 } };
}

export function northArrow(frame: Box): { svg: string; box: Box } {
  const cx = frame.x + frame.w - 24;
  const top = frame.y + 10;
  const svg =
    `<g ${FONT}><rect x="${f(cx - 14)}" y="${f(top - 2)}" width="28" height="46" fill="#ffffff" fill-opacity="0.85"/>` +
    `<path d="M${f(cx)} ${f(top)}l8 22l-8 -6l-8 6z" fill="#0b0c0c"/>` +
    `<text x="${f(cx)}" y="${f(top + 38)}" font-size="13" font-weight="bold" text-anchor="middle">N</text></g>`;
  return { svg, box: { x: cx - 14, y: top - 2, w: 28, h: 46 } };
}

export function legendSvg(
  breaks: number[],
  colours: string[],
  selectedCount: number,
  studyCells: number,
  x: number,
  top: number,
): { svg: string; bottom: number } {
  const out = [`<g ${FONT} font-size="13" fill="#0b0c0c">`];
  let y = top + 14;
  out.push(`<text x="${x}" y="${y}" font-weight="bold" font-size="15">Forecast risk</text>`);
  y += 16;
  out.push(`<text x="${x}" y="${y}" font-size="11">score per cell, higher = more crime expected</text>`);
  y += 10;
  for (let k = colours.length - 1; k >= 0; k--) {
    const lo = breaks[k]!;
    const hi = breaks[k + 1]!;
    out.push(
      `<rect x="${x}" y="${y}" width="22" height="16" fill="${colours[k]}" stroke="#6f777b" stroke-width="0.5"/>`,
    );
    out.push(
      `<text x="${x + 30}" y="${y + 12}">${k === 0 ? `above 0 to ${formatNumber(hi)}` : `over ${formatNumber(lo)} to ${formatNumber(hi)}`}</text>`,
    );
    y += 20;
  }
  out.push(
    `<rect x="${x}" y="${y}" width="22" height="16" fill="${GREY}" stroke="#6f777b" stroke-width="0.5"/>`,
  );
  out.push(`<text x="${x + 30}" y="${y + 12}">study area, no forecast risk</text>`);
  y += 28;
  if (selectedCount > 0) {
    const pct = formatNumber((100 * selectedCount) / studyCells);
    out.push(
      `<rect x="${x + 2}" y="${y + 2}" width="18" height="12" fill="none" stroke="#000000" stroke-width="5"/>`,
    );
    out.push(
      `<rect x="${x + 2}" y="${y + 2}" width="18" height="12" fill="none" stroke="#ffffff" stroke-width="2.5"/>`,
    );
    out.push(`<text x="${x + 30}" y="${y + 12}">hot spot: top ${selectedCount} cells</text>`);
    y += 16;
    out.push(`<text x="${x + 30}" y="${y + 12}">(${pct}% of the study area)</text>`);
    y += 20;
  }
  out.push('</g>');
  return { svg: out.join(''), bottom: y };
}
