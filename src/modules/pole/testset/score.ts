import type { PoleEntity } from '../extract/types.ts';
import { type GeneratedDocument, IDENTIFIER_KINDS, type IdentifierKind } from './generate.ts';

export interface KindScore {
  gold: number;
  found: number;
  correct: number;
  precision: number;
  recall: number;
}

/** Precision and recall per identifier kind: a finding is correct when its span and value match. */
export function scoreIdentifiers(
  documents: readonly GeneratedDocument[],
  extractOne: (document: GeneratedDocument) => readonly PoleEntity[],
): Record<IdentifierKind, KindScore> & { errors: string[] } {
  const counts = Object.fromEntries(
    IDENTIFIER_KINDS.map((k) => [k, { gold: 0, found: 0, correct: 0 }]),
  ) as Record<IdentifierKind, { gold: number; found: number; correct: number }>;
  const errors: string[] = [];
  for (const document of documents) {
    const key = (k: string, s: number, e: number, v: string) => `${k}|${s}|${e}|${v}`;
    const gold = new Set(document.gold.map((g) => key(g.kind, g.start, g.end, g.value)));
    for (const g of document.gold) counts[g.kind].gold++;
    const found = extractOne(document).filter((e) =>
      (IDENTIFIER_KINDS as readonly string[]).includes(e.kind),
    );
    const foundKeys = new Set(found.map((f) => key(f.kind, f.start, f.end, f.value)));
    for (const f of found) {
      const c = counts[f.kind as IdentifierKind];
      c.found++;
      if (gold.has(key(f.kind, f.start, f.end, f.value))) c.correct++;
      else errors.push(`${document.id}: extra ${f.kind} "${f.text}" -> ${f.value}`);
    }
    for (const g of document.gold)
      if (!foundKeys.has(key(g.kind, g.start, g.end, g.value)))
        errors.push(`${document.id}: missed ${g.kind} "${document.text.slice(g.start, g.end)}" (${g.value})`);
  }
  const out = Object.fromEntries(
    IDENTIFIER_KINDS.map((k) => {
      const c = counts[k];
      return [
        k,
        { ...c, precision: c.found ? c.correct / c.found : 1, recall: c.gold ? c.correct / c.gold : 1 },
      ];
    }),
  ) as Record<IdentifierKind, KindScore>;
  return Object.assign(out, { errors });
}
