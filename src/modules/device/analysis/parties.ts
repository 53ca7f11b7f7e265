import type { DeviceRecord } from '../extraction/records.ts';

/**
 * The people a device's owner exchanged messages or calls with, numbered once per extraction so
 * that a third party is "Contact 7" on every page, export and API answer: by descending number
 * of messages and calls, then by key, so the same extraction always numbers them the same way.
 */
export interface Party {
  /** The party's key (E.164 number, e-mail, `name:` display name, handle). */
  key: string;
  /** The name the device shows for them, if any. */
  name?: string;
  /** Their number in this extraction: "Contact 7". */
  contact: number;
  /** Messages and calls with them. */
  volume: number;
}

export function numberParties(records: readonly DeviceRecord[]): Party[] {
  const byKey = new Map<string, { key: string; name?: string; volume: number }>();
  for (const r of records) {
    if (r.kind !== 'message' && r.kind !== 'call') continue;
    const entry = byKey.get(r.party.key) ?? { key: r.party.key, volume: 0 };
    entry.volume += 1;
    if (r.party.name && !entry.name) entry.name = r.party.name;
    byKey.set(r.party.key, entry);
  }
  return [...byKey.values()]
    .sort((a, b) => b.volume - a.volume || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((p, i) => ({ ...p, contact: i + 1 }));
}
