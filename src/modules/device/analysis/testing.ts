import type { CallRecord, LocationRecord, MessageRecord } from '../extraction/records.ts';

/** Builders of hand-made records for the analyses' tests: ids and sources filled in. */

let next = 0;

function base(id?: string) {
  next++;
  const ref = id ?? `t${next}`;
  return { id: ref, source: { file: 'test.csv', position: `line ${next}` } };
}

/** A message; defaults: SMS, received, body "hello". */
export function message(at: string, key: string, extra: Partial<MessageRecord> = {}): MessageRecord {
  return {
    ...base(extra.id),
    kind: 'message',
    channel: 'sms',
    direction: 'in',
    party: { key },
    body: 'hello',
    at,
    ...extra,
  };
}

/** A call; defaults: phone, outgoing, 60 seconds. */
export function call(at: string, key: string, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    ...base(extra.id),
    kind: 'call',
    channel: 'phone',
    direction: 'out',
    party: { key },
    durationSeconds: 60,
    at,
    ...extra,
  };
}

/** A location fix (or, with `type: 'visit'`, a visit). */
export function fix(
  at: string,
  lat: number,
  lon: number,
  extra: Partial<LocationRecord> = {},
): LocationRecord {
  return { ...base(extra.id), kind: 'location', type: 'fix', lat, lon, at, ...extra };
}

/** An ISO instant `minutes` after `start`. */
export function plus(start: string, minutes: number): string {
  return new Date(Date.parse(start) + minutes * 60_000).toISOString();
}
