import { z } from 'zod';

/**
 * Routes, in rising order of escalation. `emergency`: threat to life, serious injury, a crime in
 * progress, someone at immediate risk (999 advice, transfer to a person at once). `urgent`:
 * vulnerability or risk of harm without immediate danger (a priority human handler now). `human`:
 * the person asked for a person. `routine`: the 101 assistant may help, with a topic.
 */
export const ROUTES = ['routine', 'human', 'urgent', 'emergency'] as const;
export type Route = (typeof ROUTES)[number];
export type EscalatedRoute = Exclude<Route, 'routine'>;

export const TOPICS = [
  'lost_property',
  'found_property',
  'crime_update',
  'report_past_crime',
  'fraud_scam',
  'antisocial_behaviour',
  'noise_nuisance',
  'fly_tipping',
  'abandoned_vehicle',
  'parking',
  'road_collision_no_injury',
  'firearms_licensing',
  'other_agency',
  'general_enquiry',
] as const;
export type Topic = (typeof TOPICS)[number];

/** Rank of a route: a higher rank is more escalated. */
export const routeRank = (route: Route): number => ROUTES.indexOf(route);

/** The more escalated of two routes (escalation is monotone: it never goes down). */
export const higherRoute = (a: Route, b: Route): Route => (routeRank(b) > routeRank(a) ? b : a);

export const isRoute = (value: unknown): value is Route => ROUTES.includes(value as Route);
export const isTopic = (value: unknown): value is Topic => TOPICS.includes(value as Topic);

/** 'en' and 'cy' are served; any other language is an ISO 639-3 code and needs an interpreter. */
export type Lang = string;

export const reasonSchema = z.object({
  kind: z.enum(['rule', 'classifier', 'language', 'carried']),
  /** Rule id, classifier class, or language code. */
  id: z.string(),
  route: z.enum(ROUTES),
  /** Plain words for the reviewer: what fired and why. */
  text: z.string(),
  /** The words of the contact that fired the reason (rules) or contributed most (classifier). */
  words: z.array(z.string()),
  /** The turn (0-based) where the reason first appeared. */
  turn: z.number().int().nonnegative(),
  source: z.string().optional(),
  category: z.string().optional(),
  score: z.number().optional(),
});
export type Reason = z.infer<typeof reasonSchema>;

export const versionsSchema = z.object({
  module: z.string(),
  lexiconEn: z.string(),
  lexiconCy: z.string(),
  model: z.string(),
});
export type Versions = z.infer<typeof versionsSchema>;

export const decisionSchema = z.object({
  route: z.enum(ROUTES),
  topic: z.enum(TOPICS).nullable(),
  lang: z.string(),
  /** Set when the contact is in another language: the language a person's interpreter needs. */
  interpreter: z.string().nullable(),
  reasons: z.array(reasonSchema),
  versions: versionsSchema,
});
export type Decision = z.infer<typeof decisionSchema>;
