import { assistantModule } from './assistant/module.ts';
import type { AiModule } from './contract.ts';
import { deviceModule } from './device/module.ts';
import { fairnessModule } from './fairness/index.ts';
import { hotspotsModule } from './hotspots/module.ts';
import { poleModule } from './pole/index.ts';
import { logisticRiskModule, ogrs3Module } from './risk/index.ts';
import { triageModule } from './triage/index.ts';

/** The AI modules Bluelamp ships. A register entry chooses one by id, with its settings. */
export const MODULES: ReadonlyMap<string, AiModule> = new Map<string, AiModule>(
  [
    hotspotsModule,
    ogrs3Module,
    logisticRiskModule,
    fairnessModule,
    triageModule,
    assistantModule,
    poleModule,
    deviceModule,
  ].map((m) => [m.id, m as unknown as AiModule]),
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

/** What each monitored value measures, in words, for the drift table and chart. */
const MONITORED_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  hotspots: {
    'input.events': 'Crimes in the input data',
    'output.topRisk': 'Risk score of the highest-ranked cell',
  },
  'risk.ogrs3': { 'output.twoYear': 'Two-year reoffending probability' },
  'risk.logistic': { 'output.twoYear': 'Two-year reoffending probability' },
};

/** A monitored value's label from its module; the key itself when the module names none. */
export function monitoredLabel(moduleId: string | null, key: string): string {
  return (moduleId ? MONITORED_LABELS[moduleId]?.[key] : undefined) ?? key;
}
