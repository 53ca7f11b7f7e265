import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readExtraction } from './read.ts';
import type { LocationRecord, MessageRecord } from './records.ts';

const demo = path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo');
const files = readdirSync(demo)
  .filter((f) => !f.endsWith('.ts'))
  .sort()
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(demo, name))) }));

describe('the demo extraction', async () => {
  const read = await readExtraction(files, { owner: 'Jordan Pike' });

  it('reads every demo file', () => {
    expect(read.files.map((f) => [f.name, f.kind, f.records])).toEqual([
      ['2024_JUNE.json', 'takeout-semantic', 55],
      ['WhatsApp Chat with Quayside.txt', 'whatsapp', 34],
      ['calllog.db', 'android', 9],
      ['mmssms.db', 'android', 11],
    ]);
    expect(read.skipped).toEqual({ 'WhatsApp system message': 6, 'SMS draft message (never sent)': 1 });
  });

  it('holds the group chat, a week in Newcastle and numbers from the drama range', () => {
    const chat = read.records.filter(
      (r): r is MessageRecord => r.kind === 'message' && r.channel === 'whatsapp',
    );
    expect(new Set(chat.map((m) => m.group))).toEqual(new Set(['Quayside']));
    expect(chat.filter((m) => m.direction === 'out')).toHaveLength(15);
    const places = read.records.filter((r): r is LocationRecord => r.kind === 'location');
    expect(places[0]!.at.slice(0, 10)).toBe('2024-06-09');
    expect(places.at(-1)!.until!.slice(0, 10)).toBe('2024-06-16');
    for (const p of places) {
      expect(p.lat).toBeGreaterThan(54.96);
      expect(p.lat).toBeLessThan(54.99);
    }
    const numbers = read.records.flatMap((r) =>
      'party' in r && r.party.key.startsWith('+') ? [r.party.key] : [],
    );
    expect(numbers.length).toBeGreaterThan(20);
    for (const n of numbers) expect(n).toMatch(/^\+447700900\d{3}$/);
  });
});
