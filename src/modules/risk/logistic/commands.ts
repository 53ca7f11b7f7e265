import path from 'node:path';
import type { Command } from 'commander';
import { cliError } from '../cli-errors.ts';
import { LOGISTIC_LIMITATIONS } from '../limitations.ts';
import { readJsonObject, readModelCard, readTrainingCsv, writeModelCard } from './files.ts';
import { explainLogisticScore, scoreWithCard } from './score.ts';
import { trainLogisticModel } from './train.ts';

const listOption = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function numberOption(name: string, value: string, check: (n: number) => boolean, rule: string): number {
  const n = Number(value);
  if (!check(n)) throw new Error(`${name}: "${value}" must be ${rule}`);
  return n;
}

interface TrainCliOptions {
  input: string;
  outcome: string;
  features: string[];
  categorical: string[];
  protected: string[];
  holdout: string;
  seed: string;
  l2: string;
  filter?: string;
  modelId?: string;
  modelVersion: string;
  bootstrap: string;
  proxyFlagAt?: string;
  out: string;
}

/** The first audit findings for the terminal; the model card has them all. */
function auditLines(findings: string[] | null): string[] {
  if (findings === null) return ['No protected attributes present: no bias audit.'];
  const shown = findings.slice(0, 6).map((f) => `Audit: ${f}`);
  if (findings.length > shown.length)
    shown.push(`Audit: ${findings.length - shown.length} more findings in the model card.`);
  return shown;
}

function runTrain(options: TrainCliOptions): void {
  const { rows, sha256 } = readTrainingCsv(options.input);
  const file = path.basename(options.input);
  const card = trainLogisticModel(rows, {
    source: { file, sha256 },
    outcome: options.outcome,
    features: options.features,
    categorical: options.categorical,
    protectedAttributes: options.protected,
    holdout: numberOption('--holdout', options.holdout, (n) => n > 0 && n < 1, 'between 0 and 1'),
    seed: numberOption('--seed', options.seed, Number.isInteger, 'an integer'),
    l2: numberOption('--l2', options.l2, (n) => n >= 0, 'zero or more'),
    ...(options.filter ? { filter: options.filter } : {}),
    modelId: options.modelId ?? `${file.replace(/\.[^.]+$/, '')}-${options.outcome}`,
    version: options.modelVersion,
    createdAt: new Date().toISOString(),
    bootstrap: numberOption(
      '--bootstrap',
      options.bootstrap,
      (n) => Number.isInteger(n) && n >= 0,
      'a whole number',
    ),
    ...(options.proxyFlagAt === undefined
      ? {}
      : {
          proxyFlagAt: numberOption(
            '--proxy-flag-at',
            options.proxyFlagAt,
            (n) => n > 0 && n <= 1,
            'in (0, 1]',
          ),
        }),
  });
  const written = writeModelCard(options.out, card);
  const v = card.validation;
  for (const flag of card.flaggedFeatures) console.warn(`warning: ${flag.feature}: ${flag.reason}`);
  for (const proxy of card.proxyWarnings) {
    console.warn(
      `warning: possible proxy: ${proxy.feature} is associated with ${proxy.attribute} (Cramér's V ${proxy.cramersV.toFixed(2)})`,
    );
  }
  console.log(
    [
      `Trained ${card.modelId} v${card.version} on ${card.training.trainRows} rows; held out ${v.n}.`,
      `Held-out AUC ${v.auc?.toFixed(3) ?? 'n/a'}, accuracy ${(v.accuracy * 100).toFixed(1)}%, Brier ${v.brier.toFixed(4)} (base-rate Brier ${v.brierBaseline.toFixed(4)}).`,
      `Coefficients (per standard deviation / vs reference level): ${card.model.coefficients
        .map((c) => `${c.column} ${c.coefficient >= 0 ? '+' : ''}${c.coefficient.toFixed(3)}`)
        .join(', ')}`,
      ...auditLines(card.biasAudit?.findings ?? null),
      `Model card: ${written.json} and ${written.html}`,
    ].join('\n'),
  );
}

function runScore(options: { model: string; input: string; json?: boolean }): void {
  const card = readModelCard(options.model);
  const score = scoreWithCard(card, readJsonObject(options.input));
  const result = {
    ...score,
    advisory: true as const,
    explanation: explainLogisticScore(card, score),
    limitations: [...LOGISTIC_LIMITATIONS],
    proxyWarnings: card.proxyWarnings.map((p) => `${p.feature} may stand in for ${p.attribute}`),
  };
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(
    [
      `ADVISORY: ${card.modelId} v${card.version} (not a decision; a named decision-maker must decide and record reasons)`,
      '',
      `  Probability of ${card.training.outcome}: ${result.percent}%`,
      '',
      'How the score was reached:',
      ...result.contributions.map((c) => `  - ${c.description}`),
      `  = log-odds ${result.logOdds.toFixed(2)} from a baseline of ${result.baselineLogOdds.toFixed(2)} (a person at the training average)`,
      '',
      `Held-out AUC of this model: ${card.validation.auc?.toFixed(3) ?? 'n/a'}; full model card: ${options.model}`,
      ...(result.proxyWarnings.length
        ? ['', 'Proxy warnings:', ...result.proxyWarnings.map((w) => `  - ${w}`)]
        : []),
      '',
      'Known limitations:',
      ...result.limitations.map((l) => `  - ${l}`),
    ].join('\n'),
  );
}

/** `bluelamp risk train` and `bluelamp risk score`. */
export function registerLogisticCommands(risk: Command): void {
  risk
    .command('train')
    .description('Train a transparent logistic-regression risk model and write its model card')
    .requiredOption('--input <csv>', 'training data CSV with a header row')
    .requiredOption('--outcome <column>', '0/1 outcome column')
    .requiredOption('--features <list>', 'comma-separated feature columns', listOption)
    .option('--categorical <list>', 'feature columns to one-hot encode', listOption, [])
    .option(
      '--protected <list>',
      'protected attributes beyond the default list (refused as features, audited)',
      listOption,
      [],
    )
    .option('--holdout <fraction>', 'share of rows held out for validation and audit', '0.3')
    .option('--seed <n>', 'seed for the train/held-out split', '1')
    .option('--l2 <lambda>', 'L2 penalty on the standardised weights', '1')
    .option('--filter <expression>', 'keep only rows matching this filter, e.g. "is_recid != -1"')
    .option('--model-id <id>', 'model id (default: file name and outcome)')
    .option('--model-version <version>', 'model version', '1')
    .option('--bootstrap <n>', 'bootstrap replicates for the bias audit intervals', '200')
    .option('--proxy-flag-at <v>', "flag a feature as a possible proxy at this Cramér's V (default 0.3)")
    .requiredOption('--out <dir>', 'folder for model-card.json and model-card.html')
    .action((options: TrainCliOptions) => {
      try {
        runTrain(options);
      } catch (error) {
        throw cliError(error, {});
      }
    });

  risk
    .command('score')
    .description('Score one person with a trained model (advisory)')
    .requiredOption('--model <dir>', 'folder holding model-card.json')
    .requiredOption('--input <json>', 'the person as a JSON object, inline or a file path')
    .option('--json', 'print JSON')
    .action((options: { model: string; input: string; json?: boolean }) => {
      try {
        runScore(options);
      } catch (error) {
        throw cliError(error, {});
      }
    });
}
