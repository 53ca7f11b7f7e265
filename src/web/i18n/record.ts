import { en } from './en.ts';
import type { Translate } from './index.ts';

/**
 * Sentences of the public record that the service writes itself (not the force): found in a
 * record's text by their English wording and given in the language of `t`. What the force wrote
 * around them stays as written.
 */
const APPEAL = new RegExp(
  `^${en['record.appeal']
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{(system|force|email|reference)\}/g, '(?<$1>.+?)')}$`,
);

export function generatedText(s: string | null | undefined, t: Translate): string | null | undefined {
  if (!s) return s;
  if (s === en['record.reviewText']) return t('record.reviewText');
  if (s.endsWith(` ${en['record.advisory']}`))
    return `${s.slice(0, -en['record.advisory'].length - 1)} ${t('record.advisory')}`;
  const appeal = APPEAL.exec(s);
  if (appeal?.groups) return t('record.appeal', appeal.groups);
  return s;
}
