/**
 * Crime hot spot forecasting: ingest of crime CSVs, projection, the protocol grid and scoring,
 * the five open_cp reference methods and Bluelamp's own forecaster, and the AI module.
 */
export { type Dataset, prepareDataset } from './dataset.ts';
export { coverageKey, evaluateMethod, type MethodResult } from './evaluate.ts';
export { forecast, type MethodSettings } from './forecast-api.ts';
export { buildGrid, cellCentre, cellOf, maskBefore, type StudyArea, studyAreaFromCells } from './grid.ts';
export { type ColumnMapping, columnMappingSchema, policeUkMapping } from './ingest/mapping.ts';
export { IngestError, type IngestReport, type IngestResult, readEvents } from './ingest/read-events.ts';
export { loadProtocolEvents, mappingOf, readProtocol } from './load.ts';
export * from './methods/index.ts';
export {
  hotspotsInputSchema,
  hotspotsModule,
  hotspotsOutputSchema,
  hotspotsSettingsSchema,
} from './module.ts';
export { DEMO_FORECAST_MONTHS, seedDemoForecasts } from './oversight/demo-forecasts.ts';
export { projector, utmNorth } from './projection/index.ts';
export { type Period, type Protocol, periodsOf, protocolSchema } from './protocol.ts';
export { runProtocol } from './run-protocol.ts';
export { cellsAtCoverage, countHits, pai, r10, rankCells } from './scoring.ts';
export type { CrimeEvent, Grid, RiskSurface } from './types.ts';
