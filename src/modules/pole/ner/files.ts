import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The committed recogniser model (written by `npm run train:ner`). */
export const MODEL_PATH = path.join(here, 'model.bin.gz');

/** Police-style sentences written for training, names marked in brackets. */
export const WRITTEN_PATH = path.join(here, 'data', 'police-sentences.txt');
