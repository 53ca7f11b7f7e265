/**
 * Bias audit engine: per-group and intersectional confusion metrics, Aequitas parities,
 * Fairlearn-style summaries, the four-fifths rule, Poisson-bootstrap intervals, calibration,
 * datasheets for training data and a proxy check, with JSON and GOV.UK-style HTML reports.
 *
 * Pure API: `auditRecords` / `auditRecordsSync` (records in, AuditReport out), `AuditAccumulator`
 * (the one-pass core), `proxyCheck`, `datasheet`, `renderAuditHtml`, `renderDatasheetHtml`,
 * `compileFilter`, and `fairnessModule` for the oversight runtime. `readRecords` streams CSV or
 * JSON Lines files with line numbers for `auditLocated`.
 */
export { AuditAccumulator } from './accumulator.ts';
export { auditLocated, auditRecords, auditRecordsSync, type LocatedRecord } from './audit.ts';
export { DatasheetAccumulator, datasheet } from './datasheet.ts';
export { type AuditDefinition, auditDefinitionSchema, loadDefinition } from './definition.ts';
export { compileFilter, FilterSyntaxError, type RowFilter } from './filter.ts';
export {
  fairnessInputSchema,
  fairnessModule,
  fairnessOutputSchema,
  fairnessSettingsSchema,
} from './module.ts';
export { cramersV, ProxyAccumulator, proxyCheck } from './proxy.ts';
export { readRecords } from './readers.ts';
export { renderAuditHtml, renderDatasheetHtml } from './report-html.ts';
export * from './types.ts';
