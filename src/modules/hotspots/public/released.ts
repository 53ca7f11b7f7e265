import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { PublicForecastItem, PublicForecasts } from '../../contract.ts';
import { describePeriod, ForecastError, type ForecastPeriod } from '../forecast/model.ts';
import { forecastPeriod, parseHotspotsOutput } from '../oversight/hotspot-view.ts';
import { hotspotRunInput } from '../oversight/run-input.ts';
import { publicPlaceLabels } from './forecast-labels.ts';
import { PUBLIC_POLICY, type PublicForecastMap, periodIsPublic, publicForecastMap } from './forecast-maps.ts';

/**
 * The public forecasts of a hot spot system: its runs released after a named supervisor accepted
 * (or amended) them on review, whose period ended at least the public policy's delay ago, latest
 * period first. Each is shown by its run's public reference (`R-XXXX-XXXX`, the reference the
 * public already uses to challenge an output).
 */

/** How many public forecasts a system's page shows in full; older ones are listed. */
export const LATEST_PUBLIC_FORECASTS = 6;

/** Released and reviewed-as-accepted hot spot runs of a system, latest forecast start first. */
function releasedForecasts(db: Kysely<DB>, systemId: string) {
  return db
    .selectFrom('runs as r')
    .select([
      'r.id',
      'r.reference',
      sql<string | null>`r.output->>'t0'`.as('t0'),
      sql<unknown>`r.output->'crimeTypes'`.as('crime_types'),
    ])
    .where('r.system_id', '=', systemId)
    .where('r.module_id', '=', 'hotspots')
    .where('r.status', '=', 'released')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('reviews as v')
          .select('v.id')
          .whereRef('v.run_id', '=', 'r.id')
          .where('v.decision', 'in', ['accepted', 'amended']),
      ),
    )
    .orderBy(sql`r.output->>'t0'`, 'desc')
    .orderBy('r.created_at', 'desc')
    .execute();
}

const periodOf = (t0: string | null): ForecastPeriod | null => {
  if (!t0) return null;
  try {
    return forecastPeriod(t0);
  } catch {
    return null;
  }
};

/** A system's public forecasts on `today` (`YYYY-MM-DD`), latest period first. */
export async function publicForecasts(
  db: Kysely<DB>,
  systemId: string,
  today: string,
): Promise<PublicForecastItem[]> {
  const out: PublicForecastItem[] = [];
  for (const row of await releasedForecasts(db, systemId)) {
    const period = periodOf(row.t0);
    if (!period || !periodIsPublic(period, today)) continue;
    const types = Array.isArray(row.crime_types) ? row.crime_types.map(String) : [];
    out.push({
      runId: row.id,
      reference: row.reference,
      period,
      periodText: describePeriod(period),
      crimeTypes: types,
    });
  }
  return out;
}

/** Rendered public maps by run id: a released, reviewed run's output no longer changes. */
const KEPT = 100;
const maps = new Map<string, PublicForecastMap>();

/**
 * The public map of one of a system's public forecasts, or null when the run is not one of them
 * (unknown, not released, not accepted on review, too recent, or not a readable forecast).
 */
export async function publicForecastMapOf(
  db: Kysely<DB>,
  item: PublicForecastItem,
  today: string,
  key: Buffer,
): Promise<PublicForecastMap | null> {
  if (!periodIsPublic(item.period, today)) return null;
  const hit = maps.get(item.runId);
  if (hit) return hit;
  const row = await db
    .selectFrom('runs as r')
    .leftJoin('reviews as v', (j) => j.onRef('v.run_id', '=', 'r.id').on('v.decision', '=', 'amended'))
    .select(['r.reference', 'r.output', 'r.input', 'r.input_encrypted', 'v.amended_output'])
    .where('r.id', '=', item.runId)
    .executeTakeFirst();
  if (!row) return null;
  const output = parseHotspotsOutput(row.amended_output ?? row.output);
  if (!output) return null;
  // The input stays inside: only the study area and statements built from it reach the public map.
  const input = hotspotRunInput(key, row);
  let map: PublicForecastMap;
  try {
    const labels = await publicPlaceLabels(input, output.crs, output.grid);
    map = publicForecastMap(output, input, { reference: item.reference, today, labels });
  } catch (error) {
    // A forecast the public policy or the map cannot show (e.g. an unsupported grid) is left out.
    if (error instanceof ForecastError) return null;
    throw error;
  }
  maps.set(item.runId, map);
  while (maps.size > KEPT) maps.delete(maps.keys().next().value as string);
  return map;
}

/** The hot spot module's public forecast maps, as the public AI pages show them. */
export const hotspotPublicForecasts: PublicForecasts = {
  policy: PUBLIC_POLICY,
  latest: LATEST_PUBLIC_FORECASTS,
  list: publicForecasts,
  map: (db, item, today, key) => publicForecastMapOf(db, item, today, key),
};
