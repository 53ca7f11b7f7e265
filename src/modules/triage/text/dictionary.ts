import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

/**
 * English dictionary words (the word-list package, about 274,000 words, MIT). A token that is
 * itself a dictionary word is never read as a typo of a risk word: "alright" is not "alight",
 * "racing" is not "raping". Loaded once, on first use.
 */
let words: ReadonlySet<string> | null = null;

export function isEnglishWord(token: string): boolean {
  words ??= new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  return words.has(token);
}
