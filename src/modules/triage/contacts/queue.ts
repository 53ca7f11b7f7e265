import type { Route } from '../types.ts';

/**
 * The handlers' queues: emergencies go to the top (999 advice is shown and a person takes over at
 * once), urgent contacts to the priority queue, requests for a person to the person queue, and a
 * contact in another language to a person with an interpreter. Routine contacts stay with the
 * assistant and are in no queue.
 */
export type ContactQueue = 'emergency' | 'priority' | 'person' | 'interpreter';

export function queueOf(route: Route, interpreter: string | null): ContactQueue | null {
  if (route === 'emergency') return 'emergency';
  if (route === 'urgent') return 'priority';
  if (interpreter) return 'interpreter';
  if (route === 'human') return 'person';
  return null;
}

export const QUEUE_NAMES: Record<ContactQueue, string> = {
  emergency: 'Emergency: transfer now',
  priority: 'Priority handler now',
  person: 'A person',
  interpreter: 'A person with an interpreter',
};

/** ISO 8601 week of a date (UTC), as `2026-W49`. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface WeekFigures {
  week: string;
  lang: string;
  contacts: number;
  escalated: number;
  missed: number;
  falseAlarms: number;
  /** Escalations that stood, over those plus the misses handlers flagged; null with none. */
  recall: number | null;
  /** False alarms flagged over escalations; null with no escalation. */
  falseAlarmRate: number | null;
}

/**
 * Recall and false-alarm rate per ISO week and language, from the contacts and handlers' flags.
 * A flagged miss counts against recall; an escalation flagged as a false alarm counts against
 * precision and not towards recall.
 */
export function weeklyFigures(
  contacts: ReadonlyArray<{ id: string; createdAt: Date; lang: string | null; route: Route }>,
  flags: ReadonlyArray<{ contactId: string; kind: 'missed' | 'false_alarm' }>,
): WeekFigures[] {
  const flagged = new Map<string, Set<string>>();
  for (const f of flags) flagged.set(f.contactId, (flagged.get(f.contactId) ?? new Set()).add(f.kind));
  const groups = new Map<string, WeekFigures>();
  for (const c of contacts) {
    const week = isoWeek(c.createdAt);
    const lang = c.lang ?? 'unknown';
    const key = `${week} ${lang}`;
    const g = groups.get(key) ?? {
      week,
      lang,
      contacts: 0,
      escalated: 0,
      missed: 0,
      falseAlarms: 0,
      recall: null,
      falseAlarmRate: null,
    };
    g.contacts++;
    const kinds = flagged.get(c.id);
    if (c.route !== 'routine') g.escalated++;
    if (kinds?.has('missed')) g.missed++;
    if (kinds?.has('false_alarm')) g.falseAlarms++;
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => {
      const stood = g.escalated - g.falseAlarms;
      return {
        ...g,
        recall: stood + g.missed > 0 ? stood / (stood + g.missed) : null,
        falseAlarmRate: g.escalated > 0 ? g.falseAlarms / g.escalated : null,
      };
    })
    .sort((a, b) => b.week.localeCompare(a.week) || a.lang.localeCompare(b.lang));
}
