import type { ModulePlugin } from '../contract.ts';
import { register } from './cli.ts';

/** The `triage` commands of the `bluelamp` command line. */
export const triagePlugin: ModulePlugin = { moduleIds: ['triage'], cli: register };
