import { isTag } from './tags.ts';

/** One sentence of a CoNLL file: its tokens, the tags given for them, and where it starts. */
export interface ConllSentence {
  tokens: string[];
  tags: string[];
  /** 1-based line number of the sentence's first token. */
  line: number;
  /** The sentence starts a document: a `# newdoc` comment before it, or it is a `-DOCSTART-` line. */
  newDoc?: true;
}

/** A CoNLL file that cannot be read, naming the file, the line and what is wrong. */
export class ConllError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}, line ${line}: ${detail}`);
  }
}

interface Row {
  line: number;
  fields: string[];
}

function isComment(line: string): boolean {
  if (!line.startsWith('#') || line.includes('\t')) return false;
  return /^#\s*[\w.-]+\s*=/.test(line) || line.trim().split(/\s+/).length !== 2;
}

function fieldsOf(line: string): string[] {
  return line.includes('\t') ? line.split('\t').map((f) => f.trim()) : line.trim().split(/\s+/);
}

/**
 * The column holding each token: the first, unless every row starts with a whole number and has
 * at least three columns (CoNLL-U style: index, token, ...).
 */
function tokenColumn(rows: readonly Row[]): number {
  const indexed = rows.length > 0 && rows.every((r) => r.fields.length >= 3 && /^\d+$/.test(r.fields[0]!));
  return indexed ? 1 : 0;
}

/** The tag column: the last column whose every value is a tag (annotator columns are skipped). */
function tagColumn(rows: readonly Row[], token: number, file: string): number {
  const width = Math.min(...rows.map((r) => r.fields.length));
  for (let column = width - 1; column > token; column--) {
    if (rows.every((r) => isTag(r.fields[column]!))) return column;
  }
  const bad = rows.find((r) => r.fields.length <= token + 1 || !isTag(r.fields[r.fields.length - 1]!));
  throw new ConllError(
    file,
    bad?.line ?? 1,
    bad && bad.fields.length > token + 1
      ? `tag "${bad.fields[bad.fields.length - 1]}" is not O, B-TYPE or I-TYPE`
      : 'expected a token and a tag separated by a tab or spaces',
  );
}

/**
 * Sentences of a CoNLL file: one token a line, the token in the first column (or the second after
 * an index column), the tag in the last tag column, blank lines between sentences, `#` comment
 * lines skipped. With `tags: false` only tokens are read (tags come back as O).
 */
export function parseConll(text: string, file = 'input', options: { tags?: boolean } = {}): ConllSentence[] {
  const groups: Row[][] = [];
  const starts = new Set<number>();
  let group: Row[] = [];
  let newDoc = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      if (group.length) groups.push(group);
      group = [];
    } else if (isComment(line)) {
      if (/^#\s*newdoc\b/.test(line)) newDoc = true;
    } else {
      const fields = fieldsOf(line);
      if (fields[0] === '-DOCSTART-' || fields[1] === '-DOCSTART-') newDoc = true;
      if (!group.length && newDoc) {
        starts.add(groups.length);
        newDoc = false;
      }
      group.push({ line: i + 1, fields });
    }
  }
  if (group.length) groups.push(group);
  const rows = groups.flat();
  if (rows.length === 0) return [];
  const token = tokenColumn(rows);
  const tag = options.tags === false ? -1 : tagColumn(rows, token, file);
  return groups.map((g, i) => ({
    tokens: g.map((row) => row.fields[token]!),
    tags: g.map((row) => (tag >= 0 ? row.fields[tag]! : 'O')),
    line: g[0]!.line,
    ...(starts.has(i) ? { newDoc: true as const } : {}),
  }));
}

/**
 * The document of each sentence (0, 1, ...): a new one at each `newDoc` sentence, the sentences
 * before the first in a document of their own. A file without any document boundary has each
 * sentence as its own document.
 */
export function documentIndices(sentences: ReadonlyArray<{ newDoc?: true }>): number[] {
  if (!sentences.some((s) => s.newDoc)) return sentences.map((_, i) => i);
  let doc = 0;
  return sentences.map((s, i) => {
    if (s.newDoc && i > 0) doc++;
    return doc;
  });
}

/** CoNLL text of tokens and tags: token TAB tag, a blank line after each sentence. */
export function formatConll(
  sentences: ReadonlyArray<{ tokens: readonly string[]; tags: readonly string[] }>,
): string {
  const out: string[] = [];
  for (const s of sentences) {
    for (let i = 0; i < s.tokens.length; i++) out.push(`${s.tokens[i]}\t${s.tags[i]}`);
    out.push('');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
