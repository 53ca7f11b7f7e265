import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoadedModel, loadModelFile } from './classifier/model-file.ts';
import { type LabelledContact, labelledContactSchema, parseJsonl } from './data.ts';

/** Files of the triage module: its data splits and its committed model. */
export const TRIAGE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(TRIAGE_DIR, 'data');
export const MODEL_PATH = path.join(TRIAGE_DIR, 'model.json');

/** `former-test` is the first test split, reported once and since retired from testing: it now
 * joins validation for choosing the classifier's thresholds. */
export type Split = 'train' | 'validation' | 'former-test' | 'test';

export const splitPath = (split: Split): string => path.join(DATA_DIR, `${split}.jsonl`);

export function readSplit(split: Split): LabelledContact[] {
  const file = splitPath(split);
  return parseJsonl(readFileSync(file, 'utf8'), labelledContactSchema, path.relative(process.cwd(), file));
}

let cached: LoadedModel | null = null;

/** The committed model (read once). */
export function committedModel(): LoadedModel {
  cached ??= loadModelFile(JSON.parse(readFileSync(MODEL_PATH, 'utf8')));
  return cached;
}
