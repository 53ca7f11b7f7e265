/**
 * Hot spot forecasts in use: selection under safeguards against over-policing, a patrol plan
 * with floors for low-risk and rural areas, a feedback-loop monitor, coarse and delayed public
 * versions, SVG maps, GeoJSON and the `hotspots forecast` command. Everything here except
 * `cli.ts` and `run-forecast.ts` is pure.
 */
export { addForecastCommand } from './cli.ts';
export { lonLatConverter, SUPPORTED_CRS } from './crs.ts';
export {
  DEFAULT_FEEDBACK,
  type FeedbackPeriod,
  type FeedbackPeriodResult,
  type FeedbackReport,
  type FeedbackSettings,
  monitorFeedback,
} from './feedback.ts';
export { buildForecast, type ForecastRequest, type ForecastResult, forecastMethods } from './forecast.ts';
export {
  type CellFeature,
  type ForecastFeatureCollection,
  type ForecastMeta,
  forecastGeoJson,
} from './geojson.ts';
export type { MapLabel } from './labels.ts';
export {
  type CrimeTypeStatement,
  describePeriod,
  ForecastError,
  type ForecastErrorCode,
  type ForecastPeriod,
  POLICE_UK_NOTICE,
} from './model.ts';
export { labelsFromNamedEvents, placeName } from './place-names.ts';
export {
  aggregateSurface,
  checkPublicRequest,
  DEFAULT_PUBLIC_POLICY,
  PUBLIC_MIN_CELL_SIZE,
  type PublicPolicy,
  type PublicRequest,
  type PublicSurface,
  publicSurface,
} from './public.ts';
export { classifyRural, DEFAULT_RURAL, type RuralClassification, type RuralDefinition } from './rural.ts';
export {
  checkCoverage,
  DEFAULT_POLICY,
  type HotspotSelection,
  type PatrolAllocation,
  type PatrolPlan,
  type PatrolRequest,
  type PatrolZone,
  planPatrols,
  type SafeguardPolicy,
  selectHotspots,
  statedCrimeTypes,
  validatePolicy,
  type ZoneSummary,
} from './safeguards.ts';
export { type RiskMapOptions, renderRiskMap } from './svg.ts';
export { type TopCellRow, topCellsTable } from './table.ts';
