import type { AiModule } from './contract.ts';
import { fairnessModule } from './fairness/index.ts';
import { hotspotsModule } from './hotspots/module.ts';
import { logisticRiskModule, ogrs3Module } from './risk/index.ts';
import { triageModule } from './triage/index.ts';

/** The AI modules Bluelamp ships. A register entry chooses one by id, with its settings. */
export const MODULES: ReadonlyMap<string, AiModule> = new Map<string, AiModule>(
  [hotspotsModule, ogrs3Module, logisticRiskModule, fairnessModule, triageModule].map((m) => [
    m.id,
    m as unknown as AiModule,
  ]),
);

export function findModule(id: string | null | undefined): AiModule | undefined {
  return id ? MODULES.get(id) : undefined;
}

/**
 * Numbers watched for drift (population stability index) per module: a few values that
 * summarise each run's input and output.
 */
export function monitoredValues(moduleId: string, input: unknown, output: unknown): Record<string, number> {
  const own = findModule(moduleId)?.monitored;
  if (own) return own(input, output);
  const o = output as Record<string, unknown>;
  const i = input as Record<string, unknown>;
  switch (moduleId) {
    case 'hotspots': {
      const top = (o.topCells as Array<{ risk: number }> | undefined) ?? [];
      return {
        'input.events': (i.events as unknown[] | undefined)?.length ?? 0,
        'output.topRisk': top[0]?.risk ?? 0,
      };
    }
    case 'risk.ogrs3':
    case 'risk.logistic':
      return { 'output.twoYear': Number(o.twoYear ?? o.probability ?? 0) };
    default:
      return {};
  }
}
