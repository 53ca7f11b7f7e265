import type { AuditReport, Datasheet } from './types.ts';

export function renderAuditHtml(report: AuditReport): string {
  return `<pre>${JSON.stringify(report)}</pre>`;
}

export function renderDatasheetHtml(sheet: Datasheet): string {
  return `<pre>${JSON.stringify(sheet)}</pre>`;
}
