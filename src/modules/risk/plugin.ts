import type { ModulePlugin } from '../contract.ts';
import { register } from './cli.ts';
import { ogrs3RunPage } from './ogrs3/run-page-view.ts';
import { OGRS3_VIEWS, ogrs3StartForm } from './ogrs3/start-form.ts';

/** Reoffending risk outside its cores: the `risk` commands (OGRS3 and the logistic models). */
export const riskPlugin: ModulePlugin = {
  moduleIds: ['risk.logistic'],
  cli: register,
};

/** OGRS3 outside its core: its fields of the start form and its score on a run page. */
export const ogrs3Plugin: ModulePlugin = {
  moduleIds: ['risk.ogrs3'],
  viewFolders: [OGRS3_VIEWS],
  runPage: ogrs3RunPage,
  start: { form: ogrs3StartForm },
};
