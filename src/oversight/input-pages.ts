/**
 * A run's input, a page at a time: its top-level lists are counted (the summary) and only a
 * window of each is returned, so an input of 184,000 crimes is read 1,000 at a time instead of
 * as one 20 MB answer. Anything that is not a top-level list is returned as it is.
 */
export interface InputPage {
  /** Every top-level list of the input and how many items it holds. */
  lists: Record<string, number>;
  offset: number;
  limit: number;
  /** The input with each top-level list cut to items [offset, offset + limit). */
  input: unknown;
}

export const MAX_PAGE = 5_000;

export function inputPage(input: unknown, offset: number, limit: number): InputPage {
  const lists: Record<string, number> = {};
  if (Array.isArray(input)) {
    return { lists: { '': input.length }, offset, limit, input: input.slice(offset, offset + limit) };
  }
  if (input === null || typeof input !== 'object') return { lists, offset, limit, input };
  const page: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (Array.isArray(value)) {
      lists[key] = value.length;
      page[key] = value.slice(offset, offset + limit);
    } else page[key] = value;
  }
  return { lists, offset, limit, input: page };
}
