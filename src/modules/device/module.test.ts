import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { numberParties } from './analysis/parties.ts';
import { readExtraction } from './extraction/read.ts';
import type { DeviceRecord, MessageRecord } from './extraction/records.ts';
import { type DeviceInput, deviceInputSchema, deviceModule, deviceSettingsSchema } from './module.ts';

/** The device module over the demo extraction: what it shows, what it hides, what it cites. */
const DEMO = path.join(import.meta.dirname, 'extraction', 'demo');
const files = ['WhatsApp Chat with Quayside.txt', 'mmssms.db', 'calllog.db', '2024_JUNE.json'].map(
  (name) => ({
    name,
    bytes: readFileSync(path.join(DEMO, name)),
  }),
);
const read = await readExtraction(files, { owner: 'Jordan Pike' });
const KYLE = '+447700900121';

function inputWith(records: DeviceRecord[], extra: Partial<DeviceInput> = {}): DeviceInput {
  return deviceInputSchema.parse({
    case: { id: '00000000-0000-4000-8000-000000000001', reference: 'T/1' },
    extractionId: '00000000-0000-4000-8000-000000000002',
    authorisation: {
      id: '00000000-0000-4000-8000-000000000003',
      device: 'Samsung Galaxy A14',
      owner: 'Jordan Pike',
      ownerRole: 'suspect',
      purpose: 'To find who supplied the drugs.',
      from: '2024-06-10',
      to: '2024-06-16',
      kinds: ['messages', 'calls', 'locations', 'images'],
      authorisedBy: 'Nina Kowalski',
    },
    parties: numberParties(records).map((p) => ({
      key: p.key,
      contact: p.contact,
      subject: p.key === KYLE ? 'Kyle Dunn' : null,
    })),
    records,
    excluded: { 'before the authorised period': 2 },
    lines: [
      { id: 'line-1', label: 'Handover', terms: ['van', 'bridge'], direction: 'towards' },
      { id: 'line-2', label: 'Alibi', terms: ['tea'], direction: 'away' },
    ],
    ...extra,
  });
}
const run = (input: DeviceInput) => deviceModule.run(input, deviceSettingsSchema.parse({}));

describe('the device module', () => {
  const input = inputWith(read.records);
  const { output, explanation } = run(input);
  const byId = new Map(read.records.map((r) => [r.id, r]));

  it('states the scope it covers, and what was left out', () => {
    expect(output.scope.statement).toMatch(
      /^This summary covers the Samsung Galaxy A14 of Jordan Pike \(suspect\), from 2024-06-10 to 2024-06-16/,
    );
    expect(output.scope.statement).toContain(
      'Left out at import and not stored: 2 before the authorised period.',
    );
    expect(explanation).toContain('Every statement cites the records it rests on');
  });

  it('cites only records that exist, in every statement', () => {
    expect(output.statements.length).toBeGreaterThan(5);
    for (const s of output.statements)
      for (const r of s.records) expect(byId.has(r), `${s.text}: ${r}`).toBe(true);
  });

  it('never shows what a third party wrote, nor their number', () => {
    const body = JSON.stringify(output);
    const thirdParty = read.records.filter(
      (r): r is MessageRecord =>
        r.kind === 'message' && r.direction === 'in' && r.party.key !== KYLE && r.body.length > 8,
    );
    expect(thirdParty.length).toBeGreaterThan(5);
    for (const m of thirdParty) expect(body).not.toContain(JSON.stringify(m.body).slice(1, -1));
    expect(body).not.toMatch(/\+447700900(356|417|802)/);
    const kyle = output.contacts.find((c) => c.subject)!;
    expect(kyle).toMatchObject({ label: 'Kyle Dunn', shown: KYLE });
    expect(body).toContain('at the haymarket');
  });

  it('masks other people’s personal data in what subjects wrote, but keeps when things happened', () => {
    const records = [
      ...read.records,
      {
        id: 'x1',
        kind: 'message',
        channel: 'sms',
        direction: 'out',
        party: { key: KYLE },
        body: 'Dave Smith dob 04/05/1990 lives at 12 Mill Lane, ring him on 07700 900555 tomorrow at 6',
        at: '2024-06-12T10:00:00Z',
        source: { file: 'test', position: 'line 1' },
      } satisfies MessageRecord,
    ];
    const out = run(inputWith(records)).output;
    const shown = out.entries.find((e) => e.record === 'x1')!;
    expect(shown.text).not.toMatch(/Dave|Smith|1990|Mill Lane|900555/);
    expect(shown.text).toContain('tomorrow');
    expect(shown.masked).toBeGreaterThanOrEqual(4);
  });

  it('finds lines of enquiry both ways, hiding context where a third party wrote it', () => {
    const away = output.enquiry.find((l) => l.direction === 'away')!;
    expect(away.hits.length).toBeGreaterThan(0);
    expect(away.hits.every((h) => h.context === null)).toBe(true);
    const towards = output.enquiry.find((l) => l.direction === 'towards')!;
    expect(towards.hits.some((h) => h.context?.includes('van'))).toBe(true);
  });

  it('summarises movements on the British National Grid, one stay per visit', () => {
    const visits = read.records.filter((r) => r.kind === 'location' && r.type === 'visit').length;
    expect(output.movements.stays).toHaveLength(visits);
    for (const s of output.movements.stays) {
      expect(s.easting).toBeGreaterThan(420_000);
      expect(s.northing).toBeGreaterThan(560_000);
    }
    expect(output.movementsSvg).toMatch(/^<svg[^>]+role="img"/);
  });

  it('lists matched images by hash and list within the match distance only', () => {
    const images = [
      { record: 'i1', pdq: 'a'.repeat(64), quality: 90, matches: [{ list: 'L', source: 'S', distance: 12 }] },
      { record: 'i2', pdq: 'b'.repeat(64), quality: 90, matches: [{ list: 'L', source: 'S', distance: 40 }] },
      { record: 'i3', pdq: 'c'.repeat(64), quality: 20, matches: [] },
    ];
    const out = run(inputWith(read.records, { images })).output;
    expect(out.images).toEqual({
      total: 3,
      matched: [{ record: 'i1', pdq: 'a'.repeat(64), matches: [{ list: 'L', source: 'S', distance: 12 }] }],
      unmatched: 2,
      lowQuality: 1,
    });
  });
});
