import type { Queue } from '../engine.ts';

/** Queues in order of precedence: emergencies first, then urgent contacts, then the rest. */
export const QUEUE_RANK: Record<Queue, number> = { emergency: 3, priority: 2, interpreter: 1, person: 1 };

/** The higher of two queues (a conversation never moves down the queue). */
export const higherQueue = (a: Queue | null, b: Queue): Queue =>
  a && QUEUE_RANK[a] >= QUEUE_RANK[b] ? a : b;

export interface Waiting {
  id: string;
  queue: Queue;
  queuedAt: Date;
}

/** Waiting conversations in the order a handler should take them: precedence, then time waited. */
export function inQueueOrder<T extends Waiting>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) => QUEUE_RANK[b.queue] - QUEUE_RANK[a.queue] || a.queuedAt.getTime() - b.queuedAt.getTime(),
  );
}

/** A conversation's place in the queue (1 = next) and the expected wait in whole minutes. */
export function placeOf(
  rows: readonly Waiting[],
  id: string,
  minutesPerContact: number,
): { position: number; minutes: number } | null {
  const index = inQueueOrder(rows).findIndex((r) => r.id === id);
  if (index < 0) return null;
  return { position: index + 1, minutes: Math.max(1, Math.round(index * minutesPerContact)) };
}

/** Whether a person answers the chat at this moment (London time, `opens` to `closes`). */
export function openAt(now: Date, opens: string, closes: string): boolean {
  const hm = now.toLocaleTimeString('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return opens <= closes ? hm >= opens && hm < closes : hm >= opens || hm < closes;
}

/** Figures for one language: contained and handed over, time to a person, ratings, flags. */
export interface LanguageFigures {
  lang: string;
  conversations: number;
  contained: number;
  handedOver: number;
  medianSecondsToPerson: number | null;
  ratings: number;
  meanRating: number | null;
  wrongAnswersFlagged: number;
}

export function figuresByLanguage(
  rows: ReadonlyArray<{
    lang: string;
    handedOver: boolean;
    queuedAt: Date | null;
    takenAt: Date | null;
    rating: number | null;
    flags: number;
  }>,
): LanguageFigures[] {
  const groups = new Map<string, typeof rows extends ReadonlyArray<infer R> ? R[] : never>();
  for (const r of rows) groups.set(r.lang, [...(groups.get(r.lang) ?? []), r]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([lang, rs]) => {
      const waits = rs
        .filter((r) => r.queuedAt && r.takenAt)
        .map((r) => (r.takenAt!.getTime() - r.queuedAt!.getTime()) / 1000)
        .sort((a, b) => a - b);
      const rated = rs.filter((r) => r.rating !== null);
      const handedOver = rs.filter((r) => r.handedOver).length;
      return {
        lang,
        conversations: rs.length,
        contained: rs.length - handedOver,
        handedOver,
        medianSecondsToPerson: waits.length ? Math.round(waits[Math.floor((waits.length - 1) / 2)]!) : null,
        ratings: rated.length,
        meanRating: rated.length
          ? Math.round((rated.reduce((s, r) => s + r.rating!, 0) / rated.length) * 100) / 100
          : null,
        wrongAnswersFlagged: rs.reduce((s, r) => s + r.flags, 0),
      };
    });
}
