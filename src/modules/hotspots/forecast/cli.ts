import { type Command, InvalidArgumentError } from 'commander';
import { type ForecastCommandOptions, formatReport, runForecastCommand } from './run-forecast.ts';
import { DEFAULT_RURAL } from './rural.ts';

const share = (name: string) => (value: string) => {
  const v = Number(value);
  if (!(v >= 0 && v <= 1))
    throw new InvalidArgumentError(`${name} must be a share between 0 and 1, e.g. 0.05`);
  return v;
};
const positive = (name: string) => (value: string) => {
  const v = Number(value);
  if (!(v > 0)) throw new InvalidArgumentError(`${name} must be a positive number`);
  return v;
};
const whole = (name: string) => (value: string) => {
  const v = Number(value);
  if (!(Number.isInteger(v) && v >= 0)) throw new InvalidArgumentError(`${name} must be a whole number`);
  return v;
};

/** Adds `forecast` under the `hotspots` command: `bluelamp hotspots forecast ...`. */
export function addForecastCommand(hotspots: Command): void {
  hotspots
    .command('forecast')
    .description('forecast crime hot spots for a period, with the coverage cap, patrol floors and notices')
    .requiredOption('--data <files>', 'crime CSV file(s), comma-separated (.csv, .csv.gz or .zip)')
    .option('--format <format>', 'police-uk or csv', 'police-uk')
    .option('--mapping <json>', 'column mapping for --format csv: JSON text or a JSON file')
    .option('--crs <epsg>', 'grid CRS (default EPSG:27700 for police.uk, else the mapping CRS)')
    .requiredOption('--at <date>', 'start of the forecast period, YYYY-MM-DD')
    .requiredOption(
      '--method <name>',
      'forecasting method: naive, retro, prospective, kde, seppexp, bluelamp',
    )
    .option('--period <duration>', 'forecast period, ISO 8601 (P1M, P7D)', 'P1M')
    .option('--train <duration>', 'training window before --at, ISO 8601', 'P12M')
    .option('--crime-types <list>', 'crime types to use, comma-separated (default: all)')
    .option('--coverage <share>', 'share of the study area to mark as hot spots', share('--coverage'), 0.05)
    .option('--cap <share>', "the force's coverage cap, from its authorised settings", share('--cap'), 0.05)
    .option(
      '--min-outside <share>',
      'minimum share of patrol time outside hot spots',
      share('--min-outside'),
      0.2,
    )
    .option('--min-rural <share>', 'minimum share of patrol time in rural cells', share('--min-rural'), 0.05)
    .option(
      '--rural-density <n>',
      'rural = fewer recorded events than this per km² per year nearby (all types; set on Northumbria)',
      positive('--rural-density'),
      DEFAULT_RURAL.maxDensity,
    )
    .option(
      '--rural-radius <metres>',
      'neighbourhood for the rural density',
      positive('--rural-radius'),
      DEFAULT_RURAL.radius,
    )
    .option('--cell-size <metres>', 'grid cell size', positive('--cell-size'), 150)
    .option('--svg <file>', 'write the map as SVG')
    .option('--geojson <file>', 'write the hot spot cells as GeoJSON (WGS84)')
    .option('--all-cells', 'GeoJSON: include every study-area cell, not only hot spots')
    .option('--public', 'public version: coarse cells, past periods only, no hot spot outlines')
    .option(
      '--public-cell-size <metres>',
      'public cell size (at least 500)',
      positive('--public-cell-size'),
      500,
    )
    .option(
      '--public-delay <days>',
      'days after the period ends before it may be published',
      whole('--public-delay'),
      28,
    )
    .option('--today <date>', 'date used for the publication delay (default: today)')
    .option('--label-column <name>', 'column with place names for map labels (police.uk default: Location)')
    .option('--top <n>', 'number of top cells to list', whole('--top'), 10)
    .option('--json', 'print the report as JSON')
    .action(async (opts: ForecastCommandOptions) => {
      if (opts.format !== 'police-uk' && opts.format !== 'csv') {
        throw new Error(`--format: '${opts.format}' is not police-uk or csv`);
      }
      const report = await runForecastCommand(opts, {
        progress: (line) => process.stderr.write(`${line}\n`),
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(`${formatReport(report).join('\n')}\n`);
    });
}
