import { detect, detectWithRules, type Span, type SpanType } from './detect.ts';

/** How spans are masked. */
export interface MaskOptions {
  /** Types to mask; all types when absent. */
  types?: readonly SpanType[];
  /** The placeholder for a span; `[TYPE]` when absent. */
  placeholder?: (span: Span) => string;
}

/** One masked span: what was hidden, where it was, and where its placeholder now stands. */
export interface Masked {
  type: SpanType;
  start: number;
  end: number;
  text: string;
  placeholder: string;
  /** Offsets [maskedStart, maskedEnd) of the placeholder in the masked text. */
  maskedStart: number;
  maskedEnd: number;
}

/** A masked text and the list of what was hidden in it. */
export interface MaskResult {
  text: string;
  masked: Masked[];
}

/** A span outside the text or overlapping another one. */
export class MaskError extends Error {}

/**
 * Replaces each span of `text` by a placeholder such as "[PHONE]", for showing a message with
 * personal data hidden. Spans must lie inside the text and not overlap (as `detect` returns them).
 */
export function mask(text: string, spans: readonly Span[], options: MaskOptions = {}): MaskResult {
  const wanted = options.types ? new Set(options.types) : null;
  const label = options.placeholder ?? ((s: Span) => `[${s.type}]`);
  const sorted = [...spans].filter((s) => !wanted || wanted.has(s.type)).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const masked: Masked[] = [];
  for (const s of sorted) {
    if (s.start < at || s.end > text.length || s.start >= s.end)
      throw new MaskError(`span ${s.type} [${s.start}, ${s.end}) lies outside the text or overlaps another`);
    out += text.slice(at, s.start);
    const placeholder = label(s);
    masked.push({
      type: s.type,
      start: s.start,
      end: s.end,
      text: text.slice(s.start, s.end),
      placeholder,
      maskedStart: out.length,
      maskedEnd: out.length + placeholder.length,
    });
    out += placeholder;
    at = s.end;
  }
  return { text: out + text.slice(at), masked };
}

/** A value compared without case, spacing or punctuation ("Dave  Smith" = "dave smith"). */
export function normalValue(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Masks every span except those whose value is in `allowed` (e.g. the case subjects' own names
 * and numbers), compared without case, spacing or punctuation. A name allowed whole also allows
 * each of its words written alone ("Dave Smith" allows "dave").
 */
export function maskExcept(
  text: string,
  spans: readonly Span[],
  allowed: readonly string[],
  options: MaskOptions = {},
): MaskResult {
  const keep = new Set<string>();
  for (const value of allowed) {
    keep.add(normalValue(value));
    for (const word of value.split(/\s+/)) if (normalValue(word).length > 1) keep.add(normalValue(word));
  }
  keep.delete('');
  return mask(
    text,
    spans.filter((s) => !keep.has(normalValue(s.text))),
    options,
  );
}

/** A message as it may be shown: its masked text, how many spans were hidden, and how many of each type. */
export interface Minimised {
  text: string;
  masked: number;
  types: Partial<Record<SpanType, number>>;
  spans: Masked[];
}

/**
 * The spans of personal data to hide in a message shown as evidence: everything `detect` finds,
 * except dates and times that are not dates of birth (when something happened is what an
 * investigator reads a message for; a birth date identifies someone).
 */
export function evidenceSpans(text: string): Span[] {
  return detectWithRules(text)
    .filter((s) => s.type !== 'DATE' || s.foundBy === 'rule:date-of-birth')
    .map(({ foundBy: _by, ...span }) => span);
}

/**
 * A message with other people's personal data hidden: everything found is masked except the
 * values in `allowed` (the case subjects' own names, numbers or addresses). With `keepEventDates`
 * dates other than dates of birth stay (see `evidenceSpans`).
 */
export function maskOthers(
  text: string,
  allowed: readonly string[],
  options: MaskOptions & { keepEventDates?: boolean } = {},
): Minimised {
  const spans = options.keepEventDates ? evidenceSpans(text) : detect(text);
  const result = maskExcept(text, spans, allowed, options);
  const types: Partial<Record<SpanType, number>> = {};
  for (const m of result.masked) types[m.type] = (types[m.type] ?? 0) + 1;
  return { text: result.text, masked: result.masked.length, types, spans: result.masked };
}
