import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoadedModel, loadModelFile } from './classifier/model-file.ts';
import { type LabelledContact, labelledContactSchema, parseJsonl } from './data.ts';

/** Files of the triage module: its data splits and its committed model. */
export const TRIAGE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(TRIAGE_DIR, 'data');
export const MODEL_PATH = path.join(TRIAGE_DIR, 'model.json');

/**
 * The spent test splits, oldest first: `former-test` (the first test split, run once with version
 * 1.1.0) and `former-test-2` to `former-test-9` (run once with 1.2.0 to 1.9.0; each was
 * `test.jsonl` until then). They are read like validation, for diagnosis and for training.
 */
export const FORMER_TEST_SPLITS = [
  'former-test',
  'former-test-2',
  'former-test-3',
  'former-test-4',
  'former-test-5',
  'former-test-6',
  'former-test-7',
  'former-test-8',
  'former-test-9',
] as const;

/**
 * The splits of the hand-written contacts. `test` is the current test split, written by others
 * and run once by the lead; it is never read to train, to choose thresholds or to change a rule,
 * and may be absent (see readSplit).
 */
export const SPLITS = ['train', 'validation', ...FORMER_TEST_SPLITS, 'test'] as const;
export type Split = (typeof SPLITS)[number];

export const isSplit = (name: string): name is Split => (SPLITS as readonly string[]).includes(name);

export const splitPath = (split: Split): string => path.join(DATA_DIR, `${split}.jsonl`);

/** A split whose file is not there (the current test split before it is written). */
export class MissingSplitError extends Error {
  constructor(
    readonly split: Split,
    readonly file: string,
  ) {
    super(
      split === 'test'
        ? `the test split ${file} is not there: it is being written independently and is run once by the lead; ` +
            'use --split validation or a former test split meanwhile'
        : `the ${split} split ${file} is not there`,
    );
  }
}

export const splitExists = (split: Split): boolean => existsSync(splitPath(split));

/**
 * The splits the classifier is trained on: train and the spent test splits (their contacts
 * are known, so they are better used to train than kept to measure). Validation stays out.
 */
export const TRAINING_SPLITS = ['train', ...FORMER_TEST_SPLITS] as const satisfies readonly Split[];

/** The training contacts and what they were read from (files and their text, for the hash). */
export function trainingSource(): { contacts: LabelledContact[]; file: string; text: string } {
  return {
    contacts: TRAINING_SPLITS.flatMap((s) => readSplit(s)),
    file: TRAINING_SPLITS.map((s) => `data/${s}.jsonl`).join(' + '),
    text: TRAINING_SPLITS.map((s) => readFileSync(splitPath(s), 'utf8')).join(''),
  };
}

export function readSplit(split: Split): LabelledContact[] {
  const file = splitPath(split);
  const shown = path.relative(process.cwd(), file);
  if (!existsSync(file)) throw new MissingSplitError(split, shown);
  return parseJsonl(readFileSync(file, 'utf8'), labelledContactSchema, shown);
}

let cached: LoadedModel | null = null;

/** The committed model (read once). */
export function committedModel(): LoadedModel {
  cached ??= loadModelFile(JSON.parse(readFileSync(MODEL_PATH, 'utf8')));
  return cached;
}
