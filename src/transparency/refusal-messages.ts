/**
 * The public record's words for refused authorisations, keyed like the public pages' message
 * catalogue (`{name}` is filled in), so they can move into the English and Welsh catalogues.
 */
export const REFUSAL_MESSAGES = {
  'record.refusals': 'Authorisations refused',
  'record.refusal': '{date}: {decision} refused. Reasons: {reasons}',
} as const;

export type RefusalMessageKey = keyof typeof REFUSAL_MESSAGES;

/** A message with its `{name}` parameters filled in (plain text; the view escapes it). */
export function refusalMessage(key: RefusalMessageKey, params: Record<string, string> = {}): string {
  return REFUSAL_MESSAGES[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
