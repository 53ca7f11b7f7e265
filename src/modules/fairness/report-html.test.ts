import { describe, expect, it } from 'vitest';
import { auditRecordsSync } from './audit.ts';
import { datasheet } from './datasheet.ts';
import { esc } from './html.ts';
import { renderAuditHtml, renderDatasheetHtml } from './report-html.ts';

const records = Array.from({ length: 400 }, (_, i) => ({
  group: i % 4 === 0 ? 'B <&>' : 'A',
  pred: String(i % 3 === 0 ? 1 : 0),
  out: String(i % 5 < 2 ? 1 : 0),
  score: String((i % 10) + 1),
  month: `2021-${String((i % 12) + 1).padStart(2, '0')}-01`,
}));
const report = auditRecordsSync(records, {
  mapping: { prediction: 'pred', outcome: 'out', groups: ['group'], score: 'score' },
  bootstrap: 50,
  title: 'Test audit',
});

function checkAccessible(html: string): void {
  expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
  expect(html.match(/<h1>/g)).toHaveLength(1);
  // Self-contained: no external stylesheets, scripts, images or fonts.
  expect(html).not.toMatch(/<link|<script|src=|@import|url\(|href="http/);
  const tables = html.match(/<table>/g)?.length ?? 0;
  expect(tables).toBeGreaterThan(0);
  expect(html.match(/<caption>/g)).toHaveLength(tables);
  expect(html).not.toMatch(/<th>/);
  const svgs = html.match(/<svg[^>]*>/g) ?? [];
  for (const svg of svgs) expect(svg).toMatch(/role="img" aria-labelledby="(chart-\d+)-t \1-d"/);
  expect(html.match(/<title id=/g)).toHaveLength(svgs.length);
  expect(html.match(/<desc id=/g)).toHaveLength(svgs.length);
}

describe('HTML reports', () => {
  it('renders the audit accessibly and self-contained', () => {
    const html = renderAuditHtml(report);
    checkAccessible(html);
    expect(html).toContain('<title>Test audit</title>');
    expect(html).toContain('B &lt;&amp;&gt;');
    expect(html).not.toContain('B <&>');
    expect(html).toContain('Calibration by group');
    // Pass/fail is said in words, not only by colour.
    expect(html).toMatch(/>(Pass|Fail)</);
    for (const f of report.findings) expect(html).toContain(esc(f));
  });

  it('renders the same page twice identically', () => {
    expect(renderAuditHtml(report)).toBe(renderAuditHtml(report));
  });

  it('renders a datasheet accessibly', () => {
    const d = datasheet(records, { groups: ['group'], label: 'out', time: 'month' });
    const html = renderDatasheetHtml(d);
    checkAccessible(html);
    expect(html).toContain('Records per month (month)');
  });
});
