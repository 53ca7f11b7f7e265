import path from 'node:path';
import { z } from 'zod';
import { dateParts, field, many, one } from '../../../oversight/form-values.ts';
import type { Posted } from '../../../oversight/run-page.ts';
import { projectRoot } from '../../../shared-data.ts';
import {
  ModuleInputError,
  type ModuleStart,
  type ReviewAmendment,
  type StartContext,
  startRequest,
} from '../../contract.ts';
import { IngestError } from '../ingest/read-events.ts';
import { hotspotsSettingsSchema } from '../module.ts';
import {
  buildHotspotInput,
  callerInput,
  checkHotspotRequest,
  forecastMonths,
  HotspotRequestError,
  hotspotSources,
  POLICE_UK_CRIME_TYPES,
  sourceCrimeTypes,
} from './hotspot-run.ts';
import { dropTopCells, parseHotspotsInput, parseHotspotsOutput } from './hotspot-view.ts';
import { runPlaceLabels } from './place-labels.ts';

/**
 * Starting a hot spot forecast: the start form's crime data fields, the API's `hotspots` request
 * (a source, crime types and a month) from which the input is built, working out the map's place
 * names as soon as the run is recorded, and a reviewer's amendment by dropping cells.
 */

/** The templates of the start form's fields. */
export const HOTSPOT_RUN_VIEWS = path.join(projectRoot, 'src/modules/hotspots/oversight/views');

/** Days of history before the forecast month kept in the input: the system's training window. */
const trainDaysOf = (settings: unknown) => {
  const parsed = hotspotsSettingsSchema.safeParse(settings ?? {});
  return parsed.success ? parsed.data.trainDays : 365;
};

const requestSchema = z.object({
  sourceId: z.string().max(200),
  crimeTypes: z.array(z.string().max(200)).min(1).max(500),
  forecastMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
});

type HotspotRequest = z.infer<typeof requestSchema>;

/**
 * The input built from the chosen source: a request that does not fit the force's sources, or a
 * malformed file or empty training window (on the source), is a `ModuleInputError`.
 */
async function build(request: HotspotRequest, { db, principal, settings }: StartContext) {
  const req = { ...request, trainDays: trainDaysOf(settings) };
  try {
    return (await buildHotspotInput(req, { db, forceId: principal.forceId })).input;
  } catch (e) {
    if (e instanceof HotspotRequestError) throw new ModuleInputError(e.problems);
    if (e instanceof IngestError) throw new ModuleInputError([{ field: 'sourceId', message: e.message }]);
    throw e;
  }
}

/** The request as the form posted it: the month from its month and year fields. */
function requestOf(values: Posted): HotspotRequest {
  const month = one(values['forecastMonth-month']);
  const year = one(values['forecastMonth-year']);
  return {
    sourceId: one(values.sourceId),
    crimeTypes: many(values.crimeTypes),
    forecastMonth: /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) ? `${year}-${month.padStart(2, '0')}` : '',
  };
}

/** What the form's fields show: the force's sources, their crime types and forecast months. */
async function formData({ db, principal, settings }: StartContext, values: Posted) {
  const trainDays = trainDaysOf(settings);
  const sources = await hotspotSources(db, principal.forceId);
  const chosenTypes = new Set(many(values.crimeTypes));
  // police.uk's categories first, then any other type found in the force's imports.
  const allTypes = [
    ...POLICE_UK_CRIME_TYPES,
    ...[...new Set(sources.flatMap((s) => sourceCrimeTypes(s)))]
      .filter((t) => !(POLICE_UK_CRIME_TYPES as readonly string[]).includes(t))
      .sort((a, b) => a.localeCompare(b)),
  ];
  return {
    trainDays,
    sources: [
      { value: '', text: 'Choose the crime data' },
      ...sources.map((s) => ({
        value: s.id,
        text: 'importId' in s ? `Your force's data: ${s.title}` : s.title,
        selected: s.id === one(values.sourceId),
      })),
    ],
    sourceRanges: sources.map((s) => ({ title: s.title, ...forecastMonths(s, trainDays) })),
    crimeTypes: allTypes.map((t) => ({ value: t, text: t, checked: chosenTypes.has(t) })),
    forecastMonth: dateParts(values, 'forecastMonth'),
  };
}

/** Starts working out a forecast map's place names while the run waits for its reviewer. */
function prefetchLabels({ db, runId, input }: { db: StartContext['db']; runId: string; input: unknown }) {
  const source = parseHotspotsInput(input);
  if (!source) return;
  void db
    .selectFrom('runs')
    .select('output')
    .where('id', '=', runId)
    .executeTakeFirst()
    .then((row) => {
      const output = parseHotspotsOutput(row?.output);
      if (output) void runPlaceLabels(runId, source, output);
    })
    .catch(() => undefined);
}

export const hotspotStart: ModuleStart = {
  request: startRequest({
    key: 'hotspots',
    schema: requestSchema,
    description:
      "for hot spot forecasts, {sourceId: a reference file's id or `import:<id>` of one of the force's crime data imports, crimeTypes, forecastMonth: 'YYYY-MM'}, from which the input is built (the training window of the chosen types before the month); a hot spot `input` sent as it is has its `importId` dropped, as only inputs built from `hotspots` name their source.",
    build,
  }),
  form: {
    template: 'hotspots/start-form.njk',
    data: formData,
    async parse(values, { db, principal, settings }) {
      const request = requestOf(values);
      const sources = await hotspotSources(db, principal.forceId);
      const problems = checkHotspotRequest({ ...request, trainDays: trainDaysOf(settings) }, sources);
      return { request, problems };
    },
    // An input the runtime refuses was built from the chosen data.
    fieldOf: () => 'sourceId',
    href: (name) => (name === 'forecastMonth' ? `#${field(name)}-month` : `#${field(name)}`),
  },
  callerInput,
  afterStart: prefetchLabels,
};

/** A reviewer's amendment: the cells ticked to drop, at least one kept. */
export function dropCellsAmendment(output: unknown, values: Posted): ReviewAmendment | undefined {
  const forecast = parseHotspotsOutput(output);
  if (!forecast) return undefined;
  const drop = new Set(many(values.drop).map(Number));
  const problem = (text: string) => ({ problems: [{ name: 'drop', text, href: '#f-drop' }] });
  if (drop.size === 0) return problem('Choose the cells to drop');
  if (drop.size >= forecast.topCells.length) return problem('Keep at least one cell, or reject the output');
  return { output: dropTopCells(forecast, drop) };
}
