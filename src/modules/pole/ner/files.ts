import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The committed recogniser model (written by `npm run train:ner`). */
export const MODEL_PATH = path.join(here, 'model.bin.gz');

/** Sentences written for training, names marked in brackets: police-style, and web-style (e-mails, reviews, questions). */
export const WRITTEN_PATHS = [
  path.join(here, 'data', 'police-sentences.txt'),
  path.join(here, 'data', 'web-sentences.txt'),
  path.join(here, 'data', 'web-sentences-2.txt'),
];
