import type { ModulePlugin } from '../contract.ts';
import { register } from './cli.ts';

/** The `fairness` commands of the `bluelamp` command line. */
export const fairnessPlugin: ModulePlugin = { moduleIds: ['fairness-audit'], cli: register };
