import type { EscalatedRoute } from '../types.ts';
import type { SourceId } from './sources.ts';

export const RISK_CATEGORIES = [
  'threat_to_life',
  'weapon',
  'serious_injury',
  'medical',
  'violence_in_progress',
  'crime_in_progress',
  'fire',
  'duress',
  'domestic_abuse',
  'stalking_harassment',
  'hate',
  'suicide_self_harm',
  'missing_person',
  'child_at_risk',
  'exploitation',
  'vulnerable_adult',
  'fear',
  'person_requested',
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

/**
 * One rule of a lexicon. Patterns are written in a small language over tokens (see
 * rules/pattern.ts): words in order, `a|b` alternatives, `stem*` prefixes, `~` (up to three
 * words between) or `~N`, and `word?` optional. Welsh patterns are written in radical forms.
 */
export interface Rule {
  id: string;
  route: EscalatedRoute;
  category: RiskCategory;
  source: SourceId;
  /** What the rule looks for, in plain words for the public record. */
  description: string;
  patterns: readonly string[];
  /**
   * When true, a negation word up to three words before the match ("nobody hurt", "neb wedi
   * brifo") means the rule does not fire for that match. Only rules about injury or weapons that
   * people rule out when reporting (a bump with no one hurt) are negatable.
   */
  negatable?: boolean;
  /** Phrases that, when they share a word with the match, mean something else ("firearms licence"). */
  unless?: readonly string[];
  /**
   * Phrases that, anywhere in the same message, rule the risk out ("nobody hurt" in a report of a
   * bump). Kept for collisions, where callers say so in their own words.
   */
  notWith?: readonly string[];
  /**
   * Patterns that fire only when they are the whole message: a bare "person" or "swyddog" asks
   * for one, while the same word inside a longer message usually says something else.
   */
  alone?: readonly string[];
}

export interface Lexicon {
  lang: 'en' | 'cy';
  version: string;
  negators: readonly string[];
  rules: readonly Rule[];
}
