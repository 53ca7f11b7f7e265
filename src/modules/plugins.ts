import type { ModulePlugin, RunPageContext, RunPageView } from './contract.ts';
import { fairnessPlugin } from './fairness/plugin.ts';
import { hotspotsPlugin } from './hotspots/plugin.ts';
import { polePlugin } from './pole/plugin.ts';
import { riskPlugin } from './risk/plugin.ts';
import { triagePlugin } from './triage/plugin.ts';

/**
 * The modules' plug-ins: their pages, API routes, commands, run-page views and demo data. With
 * `registry.ts` (their cores), the only place that names the modules; adding a module adds one
 * line to each. Workers load only the registry.
 */
export const PLUGINS: readonly ModulePlugin[] = [
  riskPlugin,
  fairnessPlugin,
  hotspotsPlugin,
  triagePlugin,
  polePlugin,
];

/** The plug-in that presents a module, if any. */
export const pluginFor = (moduleId: string): ModulePlugin | undefined =>
  PLUGINS.find((p) => p.moduleIds.includes(moduleId));

/** A module's presentation of a run; empty (plain JSON) for a module without one. */
export async function moduleRunPage(context: RunPageContext): Promise<RunPageView> {
  const runPage = pluginFor(context.row.module_id)?.runPage;
  return runPage ? runPage(context) : {};
}
