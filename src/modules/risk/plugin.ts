import type { ModulePlugin } from '../contract.ts';
import { register } from './cli.ts';
import { ogrs3RunPage } from './ogrs3/run-page-view.ts';

/** Reoffending risk outside its core: the `risk` commands and the OGRS3 score on a run page. */
export const riskPlugin: ModulePlugin = {
  moduleIds: ['risk.ogrs3', 'risk.logistic'],
  cli: register,
  runPage: async (context) => (context.row.module_id === 'risk.ogrs3' ? ogrs3RunPage(context) : {}),
};
