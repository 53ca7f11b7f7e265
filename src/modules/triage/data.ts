import { z } from 'zod';
import { ROUTES, TOPICS } from './types.ts';

/** A labelled contact of the triage data sets (data/*.jsonl). */
export const labelledContactSchema = z
  .object({
    id: z.string().min(1),
    /** 'en', 'cy', or the ISO 639-3 code of another language. */
    lang: z.string().min(2),
    route: z.enum(ROUTES),
    topic: z.enum(TOPICS).nullable(),
    text: z.string().min(1).optional(),
    turns: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((c) => (c.text === undefined) !== (c.turns === undefined), {
    message: 'give exactly one of "text" and "turns"',
    path: ['text'],
  })
  .refine((c) => (c.route === 'routine') === (c.topic !== null), {
    message: 'a routine contact has a topic, any other has topic null',
    path: ['topic'],
  });
export type LabelledContact = z.infer<typeof labelledContactSchema>;

export const turnsOf = (c: { text?: string | undefined; turns?: string[] | undefined }): string[] =>
  c.turns ?? [c.text ?? ''];

/** A line of a JSONL file that could not be read: the error names the file, line and field. */
export class JsonlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string | null,
    problem: string,
  ) {
    super(`${file}:${line}${field ? `: field "${field}"` : ''}: ${problem}`);
  }
}

/** Parses JSONL text, each non-blank line with `schema`; blank lines are skipped. */
export function parseJsonl<T>(text: string, schema: z.ZodType<T>, file: string): T[] {
  const out: T[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new JsonlError(file, i + 1, null, 'not valid JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new JsonlError(file, i + 1, issue.path.join('.') || null, issue.message);
    }
    out.push(parsed.data);
  }
  return out;
}
