/** The labels the statistical recogniser predicts (IOB2 over names of people, places, organisations). */
export const LABELS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG'] as const;
export type Label = (typeof LABELS)[number];
export const LABEL_COUNT = LABELS.length;

const INDEX = new Map<string, number>(LABELS.map((l, i) => [l, i]));

/** Index of a label, O for any tag the recogniser does not predict. */
export function labelIndex(tag: string): number {
  return INDEX.get(tag) ?? 0;
}

/**
 * Whether label `to` may follow label `from` in IOB2 (`from` -1 is the sentence start):
 * I-X only after B-X or I-X.
 */
export function allowed(from: number, to: number): boolean {
  const t = LABELS[to]!;
  if (!t.startsWith('I-')) return true;
  if (from < 0) return false;
  const f = LABELS[from]!;
  return f !== 'O' && f.slice(2) === t.slice(2);
}
