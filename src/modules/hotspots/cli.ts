import path from 'node:path';
import type { Command } from 'commander';
import { type CliProgress, cliProgressBar } from '../../cli-progress.ts';
import { RiskExporter } from './export-risk.ts';
import { addForecastCommand } from './forecast/cli.ts';
import { methodNames } from './methods/index.ts';
import { toJson, toText } from './report.ts';
import { parseMethods, runProtocol } from './run-protocol.ts';

interface EvaluateFlags {
  protocol: string;
  methods: string;
  exportRisk?: string;
  json?: boolean;
}

/**
 * `bluelamp hotspots evaluate` (run forecasting methods on a benchmark protocol and score them)
 * and `bluelamp hotspots forecast` (from forecast/).
 */
export function register(program: Command): void {
  const hotspots = program.command('hotspots').description('Crime hot spot forecasting');
  addForecastCommand(hotspots);
  hotspots
    .command('evaluate')
    .description('Evaluate hot spot methods on a benchmark protocol (hit rate and PAI per coverage)')
    .requiredOption('--protocol <file>', 'protocol JSON file (data paths are relative to it)')
    .option('--methods <list>', 'comma-separated methods', methodNames.join(','))
    .option('--export-risk <dir>', 'write each period risk per study cell as CSV into this folder')
    .option('--json', 'print the results as JSON')
    .action(async (flags: EvaluateFlags) => {
      const methods = parseMethods(
        flags.methods
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean),
      );
      let exporter: RiskExporter | undefined;
      let reading: CliProgress | undefined = cliProgressBar('Reading crimes');
      let evaluating: CliProgress | undefined;
      try {
        const run = await runProtocol(path.resolve(flags.protocol), {
          methods,
          onLoadProgress: (rows) => reading?.update(rows, 'rows'),
          onDataset: (dataset, protocol) => {
            reading?.stop();
            reading = undefined;
            evaluating = cliProgressBar('Evaluating', methods.length * dataset.periods.length);
            if (flags.exportRisk) exporter = new RiskExporter(flags.exportRisk, protocol.name, dataset);
          },
          onPeriod: (method, k, of) =>
            evaluating?.update(
              (methods as string[]).indexOf(method) * of + k + 1,
              `${method}, period ${k + 1} of ${of}`,
            ),
          onRisk: (method, k, risk) => exporter?.write(method, k, risk),
        });
        reading?.stop();
        evaluating?.stop();
        console.log(flags.json ? JSON.stringify(toJson(run), null, 2) : toText(run));
      } finally {
        reading?.stop();
        evaluating?.stop();
        exporter?.close();
      }
    });
}
