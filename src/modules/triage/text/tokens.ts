/**
 * Tokens for matching and features: lower case, accents removed (â -> a, ŵ -> w), split on
 * anything that is not a letter or digit. Apostrophes split too, so Welsh clitics stay apart
 * ("cloi'r drws" -> cloi r drws, "mae'n" -> mae n), but English contractions are joined back into
 * the form people also type without the apostrophe ("he's" -> hes, "can't" -> cant, "I'm" -> im),
 * and the Welsh clitics 'n and 'r are written out as yn and yr.
 */
const ENGLISH_CLITICS = new Set(['s', 't', 'm', 're', 'll', 've', 'd']);
/** Welsh clitics written out: "mae'n" -> mae yn, "i'r" -> i yr. */
const WELSH_CLITICS: Readonly<Record<string, string>> = { n: 'yn', r: 'yr' };

export function tokenize(text: string): string[] {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2019\u2018`´]/g, "'");
  const out: string[] = [];
  for (const chunk of plain.split(/[^\p{L}\p{N}']+/u)) {
    const parts = chunk.split("'").filter((p) => p.length > 0);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = out.length - 1;
      if (i > 0 && ENGLISH_CLITICS.has(part) && last >= 0) out[last] += part;
      else out.push(i > 0 ? (WELSH_CLITICS[part] ?? part) : part);
    }
  }
  return out;
}
