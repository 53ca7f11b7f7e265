import { tokenize } from '../text/tokens.ts';

/**
 * Features of a text for the intent classifier: words (w:), word pairs (b:) and character
 * n-grams of 3 to 5 letters inside each word padded with spaces (c:), which carry typos,
 * dialect spellings and Welsh mutations ("nghartref" shares "artre" with "cartref").
 */
export interface FeatureOptions {
  charMin: number;
  charMax: number;
  bigrams: boolean;
}

export const DEFAULT_FEATURES: FeatureOptions = { charMin: 3, charMax: 5, bigrams: true };

export function featureNames(text: string, options: FeatureOptions = DEFAULT_FEATURES): string[] {
  const tokens = tokenize(text);
  const out = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    out.add(`w:${token}`);
    if (options.bigrams && i + 1 < tokens.length) out.add(`b:${token}_${tokens[i + 1]}`);
    const padded = ` ${token} `;
    for (let n = options.charMin; n <= options.charMax; n++) {
      for (let k = 0; k + n <= padded.length; k++) out.add(`c:${padded.slice(k, k + n)}`);
    }
  }
  return [...out];
}

/** The words of a text a feature came from (for explanations): "c:nif" -> "knife". */
export function wordsOfFeature(feature: string, tokens: readonly string[]): string[] {
  const kind = feature.slice(0, 2);
  const body = feature.slice(2);
  if (kind === 'w:') return [body];
  if (kind === 'b:') return [body.replace('_', ' ')];
  return tokens.filter((t) => ` ${t} `.includes(body));
}
