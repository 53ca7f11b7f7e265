import type { RunRuntime } from '../../../oversight/execute.ts';
import { markOpened, reviewRun, startRun } from '../../../oversight/runs.ts';
import { drainRuns } from '../../../oversight/workers.ts';
import { demoCast } from '../../../register/demo.ts';
import { buildHotspotInput, HOTSPOT_SOURCES, sourceAvailable } from './hotspot-run.ts';

/**
 * Released forecasts for the demo force: the live burglary hot spot system run, month by month,
 * on the City of London police.uk file by the demo analyst and accepted on review by the demo
 * officer, all through the runtime (gateway, ledger, review). Their periods are long past, so
 * their public versions are on the public record. Nothing is seeded when the file is absent.
 */

const SOURCE_ID = 'city-of-london';
/** The forecast months, oldest first: enough for the latest six in full and older ones listed. */
export const DEMO_FORECAST_MONTHS = [
  '2020-04',
  '2020-05',
  '2020-06',
  '2020-07',
  '2020-08',
  '2020-09',
  '2020-10',
  '2020-11',
];

const monthName = (ym: string) =>
  new Date(`${ym}-01T00:00:00Z`).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** Seeds the released demo forecasts; returns how many (0 without the shared file or system). */
export async function seedDemoForecasts(rt: RunRuntime, forceId: number): Promise<number> {
  const { db } = rt;
  const source = HOTSPOT_SOURCES.find((s) => s.id === SOURCE_ID);
  if (!source || !sourceAvailable(source)) return 0;
  const system = await db
    .selectFrom('ai_systems')
    .select('id')
    .where('force_id', '=', forceId)
    .where('module_id', '=', 'hotspots')
    .where('stage', '=', 'live')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!system) return 0;
  const cast = demoCast(db, forceId);
  const analyst = await cast('analyst');
  const officer = await cast('officer');
  for (const month of DEMO_FORECAST_MONTHS) {
    const { input } = await buildHotspotInput({
      sourceId: SOURCE_ID,
      crimeTypes: ['Burglary'],
      forecastMonth: month,
      trainDays: 365,
    });
    const run = await startRun(rt, analyst, system.id, {
      input,
      purpose: `Burglary patrol and prevention plan for ${monthName(month)}`,
    });
    await drainRuns(rt);
    await markOpened(db, run.id, officer.personId);
    await reviewRun(db, officer, run.id, {
      decision: 'accepted',
      reasons: `Checked against the neighbourhood team's knowledge of ${monthName(month)}: the hot spots match recent reports, none is a single home.`,
    });
  }
  return DEMO_FORECAST_MONTHS.length;
}
