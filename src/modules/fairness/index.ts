/**
 * Bias audit engine: per-group and intersectional confusion metrics, Aequitas parities,
 * Fairlearn-style summaries, the four-fifths rule, Poisson-bootstrap intervals, calibration,
 * datasheets for training data and a proxy check, with JSON and GOV.UK-style HTML reports.
 */
export { AuditAccumulator } from './accumulator.ts';
export { auditRecords, auditRecordsSync } from './audit.ts';
export { datasheet } from './datasheet.ts';
export { compileFilter, type RowFilter } from './filter.ts';
export { fairnessModule } from './module.ts';
export { proxyCheck } from './proxy.ts';
export { renderAuditHtml, renderDatasheetHtml } from './report-html.ts';
export * from './types.ts';
