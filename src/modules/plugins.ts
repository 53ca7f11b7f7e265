import { assistantPlugin } from './assistant/plugin.ts';
import type { ModulePlugin, RunPageContext, RunPageView } from './contract.ts';
import { devicePlugin } from './device/plugin.ts';
import { fairnessPlugin } from './fairness/plugin.ts';
import { hotspotsPlugin } from './hotspots/plugin.ts';
import { polePlugin } from './pole/plugin.ts';
import { ogrs3Plugin, riskPlugin } from './risk/plugin.ts';
import { triagePlugin } from './triage/plugin.ts';

/**
 * The modules' plug-ins: their pages, API routes, commands, start forms, run-page views, public
 * maps and demo data. With `registry.ts` (their cores), the only place that names the modules;
 * adding a module adds one line to each (a folder holding two modules, as risk does, may give
 * each its own plug-in). Workers load only the registry.
 */
export const PLUGINS: readonly ModulePlugin[] = [
  riskPlugin,
  ogrs3Plugin,
  fairnessPlugin,
  hotspotsPlugin,
  triagePlugin,
  assistantPlugin,
  polePlugin,
  devicePlugin,
];

/** The plug-in that presents a module, if any. */
export const pluginFor = (moduleId: string): ModulePlugin | undefined =>
  PLUGINS.find((p) => p.moduleIds.includes(moduleId));

/** A module's presentation of a run; empty (plain JSON) for a module without one. */
export async function moduleRunPage(context: RunPageContext): Promise<RunPageView> {
  const runPage = pluginFor(context.row.module_id)?.runPage;
  return runPage ? runPage(context) : {};
}
