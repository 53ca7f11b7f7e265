import { z } from 'zod';
import { SPAN_TYPES, type Span } from './detect.ts';

/** Largest input file read, in bytes, and the longest message text accepted, in characters. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
export const MAX_MESSAGE = 1_000_000;

/** A line of an input file that is not what it should be. */
export class LineError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}: line ${line}: ${reason}`);
  }
}

const Message = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string().max(MAX_MESSAGE),
});

const GoldSpan = z.object({
  type: z.enum(SPAN_TYPES),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string().optional(),
});

const GoldMessage = Message.extend({ spans: z.array(GoldSpan) });

/** A message to read: its id and text. */
export type MessageLine = z.infer<typeof Message>;
/** A message with its gold spans. */
export type GoldLine = z.infer<typeof GoldMessage>;

function parseLines<T>(
  content: string,
  file: string,
  schema: z.ZodType<T>,
): Array<{ line: number; value: T }> {
  const out: Array<{ line: number; value: T }> = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new LineError(file, i + 1, 'not valid JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LineError(file, i + 1, `${issue.path.join('.') || 'record'}: ${issue.message}`);
    }
    out.push({ line: i + 1, value: parsed.data });
  });
  return out;
}

/** Lines `{"id","text"}` of a JSON Lines file; blank lines are skipped. */
export function parseMessages(content: string, file: string): MessageLine[] {
  return parseLines(content, file, Message).map((l) => l.value);
}

/** Lines `{"id","text","spans"}`; every span must lie inside its text and spans must not overlap. */
export function parseGold(content: string, file: string): GoldLine[] {
  return parseLines(content, file, GoldMessage).map(({ line, value }) => {
    const spans = [...value.spans].sort((a, b) => a.start - b.start);
    spans.forEach((s, k) => {
      if (s.end <= s.start || s.end > value.text.length)
        throw new LineError(file, line, `span ${k}: [${s.start}, ${s.end}) is outside the text`);
      if (k > 0 && s.start < spans[k - 1]!.end)
        throw new LineError(file, line, `span ${k}: overlaps the one before`);
    });
    return value;
  });
}

/** One output line: the message id and its spans. */
export function formatSpans(id: string | number, spans: readonly Span[]): string {
  return JSON.stringify({
    id,
    spans: spans.map(({ type, start, end, text }) => ({ type, start, end, text })),
  });
}
