/** A token of a text with its character offsets [start, end). */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Abbreviations that keep their full stop ("Mr.", "St.", "Insp."). */
export const ABBREVIATIONS = new Set(
  'mr mrs ms dr st jr sr prof insp sgt det supt ch rd ave no nos co ltd inc corp dept est approx vs etc mt ft gen col capt lt cpl pte rev hon cllr ss para paras sch tel'.split(
    ' ',
  ),
);

const CLITICS = new Set(['s', 're', 'll', 've', 'm', 'd']);

const PATTERN = new RegExp(
  [
    String.raw`https?://[^\s<>"]+|www\.[^\s<>"]+`, // links
    String.raw`[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`, // e-mail addresses
    String.raw`[@#][\p{L}\p{N}_]+`, // handles and hashtags
    String.raw`(?:\p{Lu}\.){2,}`, // U.K., U.S.A.
    String.raw`\d+(?:[.,:/]\d+)*(?:\p{L}+)?`, // numbers, times, dates, 2300hrs, 1st
    String.raw`[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*\.?`, // words, with inner hyphens and apostrophes
    String.raw`\S`,
  ].join('|'),
  'gu',
);

function pushWord(out: Token[], text: string, start: number): void {
  let word = text;
  let stop = '';
  if (word.endsWith('.') && word.length > 1) {
    const bare = word.slice(0, -1);
    if (!ABBREVIATIONS.has(bare.toLowerCase()) && !/^\p{L}$/u.test(bare) && !bare.includes('.')) {
      word = bare;
      stop = '.';
    }
  }
  const negation = /^(.+)(n['’]t)$/iu.exec(word);
  const clitic = /^(.+)(['’])(\p{L}+)$/u.exec(word);
  if (negation && negation[1]!.length > 1) {
    out.push({ text: negation[1]!, start, end: start + negation[1]!.length });
    out.push({ text: negation[2]!, start: start + negation[1]!.length, end: start + word.length });
  } else if (clitic && CLITICS.has(clitic[3]!.toLowerCase())) {
    const cut = clitic[1]!.length;
    out.push({ text: word.slice(0, cut), start, end: start + cut });
    out.push({ text: word.slice(cut), start: start + cut, end: start + word.length });
  } else out.push({ text: word, start, end: start + word.length });
  if (stop) out.push({ text: stop, start: start + word.length, end: start + word.length + 1 });
}

/**
 * Splits text into tokens in the style of the English treebanks: punctuation apart, clitics
 * ("'s", "n't") apart, links, e-mail addresses, handles, numbers and abbreviations whole.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(PATTERN)) {
    let value = m[0];
    const start = m.index;
    if (/^(https?:|www\.)/.test(value)) {
      const trimmed = value.replace(/[.,;:!?)\]}'"]+$/, '');
      out.push({ text: trimmed, start, end: start + trimmed.length });
      for (let k = trimmed.length; k < value.length; k++)
        out.push({ text: value[k]!, start: start + k, end: start + k + 1 });
      continue;
    }
    if (/^[\p{L}\p{M}\p{N}]/u.test(value) && !/^\d/.test(value)) pushWord(out, value, start);
    else {
      if (/^\d/.test(value) && value.endsWith('.')) value = value.slice(0, -1);
      out.push({ text: value, start, end: start + value.length });
    }
  }
  return out;
}

/** A sentence: its character span and its tokens. */
export interface Sentence {
  start: number;
  end: number;
  tokens: Token[];
}

const CLOSERS = new Set(['"', "'", '’', '”', ')', ']']);

/**
 * Sentences of a text: a sentence ends after ".", "!" or "?" (and any closing quote or bracket)
 * when the next token starts with a capital, a digit or an opening quote, and at every blank line
 * or line break followed by another line.
 */
export function sentences(text: string): Sentence[] {
  const tokens = tokenize(text);
  const out: Sentence[] = [];
  let current: Token[] = [];
  const flush = () => {
    if (current.length)
      out.push({ start: current[0]!.start, end: current[current.length - 1]!.end, tokens: current });
    current = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const previous = current[current.length - 1];
    if (previous && text.slice(previous.end, t.start).includes('\n')) flush();
    current.push(t);
    if (t.text === '.' || t.text === '!' || t.text === '?') {
      while (
        i + 1 < tokens.length &&
        CLOSERS.has(tokens[i + 1]!.text) &&
        tokens[i + 1]!.start === tokens[i]!.end
      )
        current.push(tokens[++i]!);
      const next = tokens[i + 1];
      if (!next || /^[\p{Lu}\d"“‘'(]/u.test(next.text)) flush();
    }
  }
  flush();
  return out;
}
