import { type Span, tagsFromSpans } from '../conll/tags.ts';
import { tokenize } from '../text/tokenize.ts';
import type { TaggedSentence } from './corpora.ts';
import { withoutTitle } from './names.ts';

const MARK = /\[(PER|LOC|ORG) ([^\]]+)\]/g;

/**
 * Sentences written with names marked in brackets ("[PER Daniel Marsh] was seen in [LOC Leeds]"),
 * tokenised as Bluelamp tokenises text; `#` lines are comments. A bad line is reported by number.
 */
export function parseWritten(text: string, file: string): TaggedSentence[] {
  const out: TaggedSentence[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const tokens: string[] = [];
    const spans: Span[] = [];
    let last = 0;
    const words = (part: string) => tokens.push(...tokenize(part).map((t) => t.text));
    for (const m of line.matchAll(MARK)) {
      words(line.slice(last, m.index));
      const start = tokens.length;
      words(m[2]!);
      const span = withoutTitle(tokens, { start, end: tokens.length, type: m[1]! });
      if (span) spans.push(span);
      last = m.index + m[0].length;
    }
    const rest = line.slice(last);
    if (/[[\]]/.test(rest.replace(MARK, '')))
      throw new Error(`${file}, line ${index + 1}: unbalanced or unknown [TYPE ...] mark`);
    words(rest);
    out.push({ tokens, tags: tagsFromSpans(spans, tokens.length), source: 'written' });
  });
  return out;
}
