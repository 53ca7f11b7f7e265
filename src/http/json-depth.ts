/**
 * The deepest nesting of arrays and objects in a JSON text, counted without parsing it, stopping
 * as soon as `limit` is passed (so a hostile text costs one pass at most). Brackets inside strings
 * do not count.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** No request body of Bluelamp's nests deeper than this. */
export const MAX_JSON_DEPTH = 64;
