/**
 * The text of a message that recent iOS keeps only in `attributedBody`: an NSAttributedString
 * archived in Apple's typedstream format (the `streamtyped` header of NSArchiver). The string
 * is the first object of class NSString: after its class name come the class version and the
 * type code `+` (a C string of bytes), then its length as a typedstream integer (one byte below
 * 0x80; 0x81 then two bytes or 0x82 then four, little-endian) and the UTF-8 bytes.
 */

const HEADER = new TextEncoder().encode('streamtyped');
const NSSTRING = new TextEncoder().encode('NSString');
const utf8 = new TextDecoder('utf-8', { fatal: true });

function indexOf(b: Uint8Array, what: Uint8Array, from = 0, to = b.length): number {
  outer: for (let i = from; i + what.length <= to; i++) {
    for (let k = 0; k < what.length; k++) if (b[i + k] !== what[k]) continue outer;
    return i;
  }
  return -1;
}

/** The archived text, or undefined when the bytes are not a typedstream string this reads. */
export function archivedText(b: Uint8Array): string | undefined {
  if (indexOf(b, HEADER, 0, Math.min(b.length, 32)) < 0) return undefined;
  const cls = indexOf(b, NSSTRING);
  if (cls < 0) return undefined;
  // The type code '+' follows the class version within a few bytes.
  let at = cls + NSSTRING.length;
  const stop = Math.min(b.length, at + 8);
  while (at < stop && b[at] !== 0x2b) at++;
  if (at >= stop) return undefined;
  at++;
  let length = b[at];
  if (length === undefined) return undefined;
  at++;
  if (length === 0x81) {
    length = (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
    at += 2;
  } else if (length === 0x82) {
    length =
      ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
    at += 4;
  } else if (length >= 0x80) return undefined;
  if (at + length > b.length) return undefined;
  try {
    return utf8.decode(b.subarray(at, at + length));
  } catch {
    return undefined;
  }
}
