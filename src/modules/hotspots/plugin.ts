import { allowed } from '../../identity/policy.ts';
import type { ModulePlugin } from '../contract.ts';
import { register as registerHotspots } from './cli.ts';
import { register as registerCrimeData } from './crime-data/cli.ts';
import { seedDemoCrimeData } from './crime-data/demo.ts';
import { crimeDataPolicy } from './crime-data/model.ts';
import { CRIME_DATA_VIEWS, crimeDataPages } from './crime-data/pages.ts';
import { crimeDataRoutes } from './crime-data/routes.ts';
import { seedDemoForecasts } from './oversight/demo-forecasts.ts';
import { hotspotRunPage } from './oversight/run-page-view.ts';
import { forecastDownloadRoutes } from './oversight/run-routes.ts';
import { dropCellsAmendment, HOTSPOT_RUN_VIEWS, hotspotStart } from './oversight/start.ts';
import { register as registerPatrols } from './patrols/cli.ts';
import { PATROL_VIEWS, patrolPages } from './patrols/pages.ts';
import { patrolRoutes } from './patrols/routes.ts';
import { hotspotPublicForecasts } from './public/released.ts';

/**
 * Hot spot forecasting outside its core: the `hotspots`, `crime-data` and `patrols` commands, the
 * crime data and patrol pages and APIs (features of this module: a force imports crime data to
 * forecast from, and records patrols against released forecasts), the start form's crime data
 * fields and the API's `hotspots` request, the forecast on a run page with its GeoJSON download and
 * the reviewer's dropping of cells, the public forecast maps, and the demo's released forecasts
 * and City of London import.
 */
export const hotspotsPlugin: ModulePlugin = {
  moduleIds: ['hotspots'],
  cli(program) {
    registerHotspots(program);
    registerPatrols(program);
    registerCrimeData(program);
  },
  viewFolders: [HOTSPOT_RUN_VIEWS, PATROL_VIEWS, CRIME_DATA_VIEWS],
  navigation: (principal) =>
    allowed(crimeDataPolicy, principal, 'list') ? [{ href: '/crime-data', text: 'Crime data' }] : [],
  routes: (services) => [
    forecastDownloadRoutes(services),
    patrolRoutes(services),
    patrolPages(services),
    crimeDataRoutes(services),
    crimeDataPages(services),
  ],
  runPage: hotspotRunPage,
  start: hotspotStart,
  reviewAmendment: dropCellsAmendment,
  publicForecasts: hotspotPublicForecasts,
  async demo({ db, config, runs, forceId }) {
    await seedDemoForecasts(runs, forceId);
    await seedDemoCrimeData(db, config, forceId);
  },
};
