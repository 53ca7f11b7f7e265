import { type Dataset, prepareDataset } from './dataset.ts';
import { type EvaluateOptions, evaluateMethod, type MethodResult } from './evaluate.ts';
import type { IngestReport } from './ingest/read-events.ts';
import { loadProtocolEvents, readProtocol } from './load.ts';
import { allMethods, type MethodName, methodNames } from './methods/index.ts';
import type { Protocol } from './protocol.ts';

export interface ProtocolRun {
  protocol: Protocol;
  dataPath: string;
  ingest: IngestReport;
  dataset: Dataset;
  results: MethodResult[];
}

export interface RunOptions {
  methods?: readonly string[];
  onLoadProgress?: (rows: number) => void;
  onPeriod?: EvaluateOptions['onPeriod'];
  onRisk?: EvaluateOptions['onRisk'];
  periods?: readonly number[];
  /** Called once the data set is built, before any forecast. */
  onDataset?: (dataset: Dataset, protocol: Protocol) => void;
}

/** Checks method names against the known methods. */
export function parseMethods(names: readonly string[]): MethodName[] {
  return names.map((name) => {
    if (!(methodNames as string[]).includes(name)) {
      throw new Error(`unknown method '${name}' (known: ${methodNames.join(', ')})`);
    }
    return name as MethodName;
  });
}

/** Loads a protocol's data and evaluates the chosen methods on it. */
export async function runProtocol(file: string, options: RunOptions = {}): Promise<ProtocolRun> {
  const methods = parseMethods(options.methods ?? methodNames);
  const { protocol, dataPath } = readProtocol(file);
  const { events, report } = await loadProtocolEvents(protocol, dataPath, options.onLoadProgress);
  const dataset = prepareDataset(events, protocol);
  options.onDataset?.(dataset, protocol);
  const results = methods.map((m) =>
    evaluateMethod(dataset, m, allMethods[m], {
      coverages: protocol.coverages,
      ...(options.periods ? { periods: options.periods } : {}),
      ...(options.onPeriod ? { onPeriod: options.onPeriod } : {}),
      ...(options.onRisk ? { onRisk: options.onRisk } : {}),
    }),
  );
  return { protocol, dataPath, ingest: report, dataset, results };
}
