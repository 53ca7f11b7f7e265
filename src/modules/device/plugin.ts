import path from 'node:path';
import type { Command } from 'commander';
import { can } from '../../identity/abilities.ts';
import { projectRoot } from '../../shared-data.ts';
import type { ModulePlugin } from '../contract.ts';
import { deviceApi } from './evidence/api.ts';
import { registerDevice } from './evidence/cli.ts';
import { seedDeviceDemo } from './evidence/demo.ts';
import { destroyDue } from './evidence/extractions.ts';
import { hashListPages } from './evidence/hash-list-pages.ts';
import { devicePages } from './evidence/pages.ts';
import { deviceRunPage } from './evidence/review.ts';
import { deviceMethod } from './method.ts';
import { registerMinimise } from './minimise/cli.ts';
import { registerPdq } from './pdq/cli.ts';

/**
 * Device evidence outside its core: authorisations, imports, summaries, reveals and images on a
 * case's pages and API, the force's known-image hash lists, the `device`, `pdq` and `minimise`
 * commands, destruction at the end of retention, and the demo force's extraction.
 */
export const devicePlugin: ModulePlugin = {
  moduleIds: ['device'],
  cli(program: Command) {
    registerDevice(program);
    registerPdq(program);
    registerMinimise(program);
  },
  viewFolders: [path.join(projectRoot, 'src/modules/device/views')],
  navigation: (principal) =>
    can(principal, 'hash-list.load') ? [{ href: '/hash-lists', text: 'Known-image lists' }] : [],
  routes: (services) => [deviceApi(services), devicePages(services), hashListPages(services)],
  runPage: deviceRunPage,
  publicMethod: deviceMethod,
  demo: seedDeviceDemo,
  async housekeeping({ db }) {
    const n = await destroyDue(db);
    return n
      ? `Device evidence: ${n} extraction${n === 1 ? '' : 's'} past retention destroyed with their keys`
      : undefined;
  },
};
