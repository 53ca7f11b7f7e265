import type { ModulePlugin } from '../contract.ts';
import { register } from './cli.ts';

/** The `pole` commands of the `bluelamp` command line (POLE extraction is not yet an AI module of the register). */
export const polePlugin: ModulePlugin = { moduleIds: [], cli: register };
