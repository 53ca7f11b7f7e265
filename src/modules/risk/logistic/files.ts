import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { type ModelCard, modelCardSchema } from './card.ts';
import { renderModelCardHtml } from './card-html.ts';

/** Reads a CSV with a header row; returns its rows and the sha256 of the file's bytes. */
export function readTrainingCsv(file: string): { rows: Record<string, string>[]; sha256: string } {
  if (!existsSync(file)) throw new Error(`${file}: file not found`);
  const bytes = readFileSync(file);
  try {
    const rows = parse(bytes, { columns: true, skip_empty_lines: true, bom: true }) as Record<
      string,
      string
    >[];
    return { rows, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const CARD_JSON = 'model-card.json';
export const CARD_HTML = 'model-card.html';

/** Writes model-card.json and model-card.html into `dir` (created if needed). */
export function writeModelCard(dir: string, card: ModelCard): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, CARD_JSON);
  const html = path.join(dir, CARD_HTML);
  writeFileSync(json, `${JSON.stringify(card, null, 2)}\n`);
  writeFileSync(html, renderModelCardHtml(card));
  return { json, html };
}

/** Reads and validates `dir/model-card.json` (or a card file given directly). */
export function readModelCard(dirOrFile: string): ModelCard {
  const file = dirOrFile.endsWith('.json') ? dirOrFile : path.join(dirOrFile, CARD_JSON);
  if (!existsSync(file))
    throw new Error(`${file}: model card not found (train one with \`bluelamp risk train\`)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = modelCardSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${file}: not a model card: ${first?.path.join('.') || '(root)'}: ${first?.message}`);
  }
  return parsed.data;
}

/** A JSON object given inline (`{"a": 1}`) or as a file path. */
export function readJsonObject(text: string): Record<string, unknown> {
  const inline = text.trim().startsWith('{');
  const source = inline ? 'the --input JSON' : text;
  if (!inline && !existsSync(text)) throw new Error(`${text}: file not found`);
  let value: unknown;
  try {
    value = JSON.parse(inline ? text : readFileSync(text, 'utf8'));
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${source}: expected one JSON object with a field per feature`);
  }
  return value as Record<string, unknown>;
}
