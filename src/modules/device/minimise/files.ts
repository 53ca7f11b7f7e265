import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detect } from './detect.ts';
import { formatSpans, LineError, MAX_FILE_BYTES, parseGold, parseMessages } from './jsonl.ts';
import { scoreTokens, type TokenScores } from './score.ts';

/** An input file that cannot be read: missing, or larger than the limit. */
export class InputError extends Error {}

/** A JSON Lines file's content, refused when missing or over MAX_FILE_BYTES. */
export function readInput(file: string): string {
  if (!existsSync(file)) throw new InputError(`no such file: ${file}`);
  const size = statSync(file).size;
  if (size > MAX_FILE_BYTES)
    throw new InputError(`${file} is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes`);
  return readFileSync(file, 'utf8');
}

/** The output of `minimise detect` for a JSON Lines file of messages: one line of spans per message. */
export function detectFile(file: string): string {
  const messages = parseMessages(readInput(file), file);
  return messages.map((m) => `${formatSpans(m.id, detect(m.text))}\n`).join('');
}

/** Scores `detect` against a gold JSON Lines file, token level. */
export function evaluateFile(file: string): TokenScores {
  const gold = parseGold(readInput(file), file);
  return scoreTokens(gold.map((g) => ({ text: g.text, gold: g.spans, predicted: detect(g.text) })));
}

/** Writes a whole file or nothing: to a temporary name beside it, then renamed into place. */
export function writeWhole(file: string, content: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

export { LineError };
