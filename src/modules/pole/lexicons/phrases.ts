/** A lexicon of phrases matched word by word, case-insensitively, longest first. */
export class PhraseMatcher<T> {
  private readonly byFirst = new Map<string, Array<{ words: string[]; value: T }>>();

  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [phrase, value] of entries) {
      const words = phrase.toLowerCase().split(/\s+/);
      let list = this.byFirst.get(words[0]!);
      if (!list) {
        list = [];
        this.byFirst.set(words[0]!, list);
      }
      list.push({ words, value });
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** The longest phrase starting at token `i`, as [end, value], or null. */
  matchAt(lower: readonly string[], i: number): { end: number; value: T } | null {
    const list = this.byFirst.get(lower[i]!);
    if (!list) return null;
    for (const { words, value } of list) {
      if (i + words.length > lower.length) continue;
      let ok = true;
      for (let k = 1; k < words.length && ok; k++) ok = lower[i + k] === words[k];
      if (ok) return { end: i + words.length, value };
    }
    return null;
  }

  /** Every non-overlapping longest match, left to right. */
  matchAll(lower: readonly string[]): Array<{ start: number; end: number; value: T }> {
    const out: Array<{ start: number; end: number; value: T }> = [];
    for (let i = 0; i < lower.length; i++) {
      const m = this.matchAt(lower, i);
      if (m) {
        out.push({ start: i, ...m });
        i = m.end - 1;
      }
    }
    return out;
  }
}
