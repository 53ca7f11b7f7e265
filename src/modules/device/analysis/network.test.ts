import { describe, expect, it } from 'vitest';
import { AnalysisError } from './common.ts';
import { network, networkSvg } from './network.ts';
import { call, message } from './testing.ts';

describe('network', () => {
  const records = [
    message('2024-03-30T23:30:00Z', '+447700900001', { id: 'a1', direction: 'out' }),
    // 01:30 UTC on 31 March 2024 is after the change to BST at 01:00 UTC: 02:30 local.
    message('2024-03-31T01:30:00Z', '+447700900001', { id: 'a2', channel: 'whatsapp' }),
    call('2024-03-31T00:30:00Z', '+447700900001', { id: 'a3', durationSeconds: 125 }),
    call('2024-04-02T12:00:00Z', '+447700900001', { id: 'a4', direction: 'missed', durationSeconds: 0 }),
    message('2024-04-01T09:00:00Z', '+447700900002', { id: 'b1', deleted: true, body: '' }),
    message('2024-04-01T10:00:00Z', '+447700900002', { id: 'b2' }),
    message('2024-04-01T11:00:00Z', 'name:Zed', { id: 'c1', party: { key: 'name:Zed', name: 'Zed' } }),
    message('2024-04-01T11:00:00Z', 'name:Amy', { id: 'd1' }),
    {
      id: 'x1',
      kind: 'location' as const,
      type: 'fix' as const,
      lat: 51,
      lon: 0,
      at: '2024-04-01T11:00:00Z',
      source: { file: 'f', position: 'entry 1' },
    },
  ];

  it('counts each party by direction, channel and hour, citing first and last record', () => {
    const { contacts, totals } = network(records);
    const a = contacts[0]!;
    expect(a).toMatchObject({
      key: '+447700900001',
      contactNumber: 1,
      messagesIn: 1,
      messagesOut: 1,
      callsIn: 0,
      callsOut: 1,
      callsMissed: 1,
      callSeconds: 125,
      volume: 4,
      channels: { phone: 2, sms: 1, whatsapp: 1 },
      first: { at: '2024-03-30T23:30:00.000Z', recordId: 'a1' },
      last: { at: '2024-04-02T12:00:00.000Z', recordId: 'a4' },
      recordIds: ['a1', 'a3', 'a2', 'a4'],
    });
    // GMT before the change: 23:30 and 00:30; BST after it: 02:30 and 13:00.
    expect(a.hours[23]).toBe(1);
    expect(a.hours[0]).toBe(1);
    expect(a.hours[2]).toBe(1);
    expect(a.hours[13]).toBe(1);
    expect(a.hours.reduce((s, n) => s + n, 0)).toBe(4);
    // Local days 30 March, 31 March and 2 April.
    expect(a.daysActive).toBe(3);
    expect(totals).toEqual({
      contacts: 4,
      messagesIn: 4,
      messagesOut: 1,
      deletedMessages: 1,
      callsIn: 0,
      callsOut: 1,
      callsMissed: 1,
      callSeconds: 125,
      records: 8,
    });
  });

  it('numbers contacts by descending volume, then by key', () => {
    const { contacts } = network(records);
    expect(contacts.map((c) => [c.contactNumber, c.key])).toEqual([
      [1, '+447700900001'],
      [2, '+447700900002'],
      [3, 'name:Amy'],
      [4, 'name:Zed'],
    ]);
    expect(contacts[1]).toMatchObject({ deletedMessages: 1, messagesIn: 1 });
    expect(contacts[3]!.name).toBe('Zed');
  });

  it('names the record when a time is not a date', () => {
    expect(() => network([message('yesterday', 'x', { id: 'bad' })])).toThrow(AnalysisError);
    expect(() => network([message('yesterday', 'x', { id: 'bad' })])).toThrow(
      /record bad \(test.csv, line \d+\)/,
    );
  });

  it('takes 100,000 records', () => {
    const many = Array.from({ length: 100_000 }, (_, i) =>
      message(
        new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
        `+4477009${String(i % 500).padStart(5, '0')}`,
      ),
    );
    const { contacts } = network(many);
    expect(contacts).toHaveLength(500);
    expect(contacts[0]!.volume).toBe(200);
  });
});

describe('networkSvg', () => {
  it('is accessible, deterministic, escapes hostile names and summarises contacts beyond the limit', () => {
    const records = [
      message('2024-04-01T10:00:00Z', 'name:<script>alert(1)</script>', { id: 'h1' }),
      message('2024-04-01T10:01:00Z', 'name:<script>alert(1)</script>', { id: 'h2' }),
      message('2024-04-01T10:02:00Z', 'b', { id: 'h3', channel: 'whatsapp' }),
      message('2024-04-01T10:03:00Z', 'c', { id: 'h4' }),
    ];
    const { contacts } = network(records);
    const label = (c: (typeof contacts)[number]) =>
      c.contactNumber === 1 ? c.key : `Contact ${c.contactNumber}`;
    const svg = networkSvg(contacts, label, { maxContacts: 2 });
    expect(svg).toBe(networkSvg(contacts, label, { maxContacts: 2 }));
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/<title id="device-network-title">/);
    expect(svg).toMatch(/<desc id="device-network-desc">[^<]*1 further contact not drawn, with 1 record/);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('name:&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('Contact 2');
    expect(svg).not.toContain('Contact 3<');
    // Edge widths: the largest contact 8 px, a contact with half its volume 1 + 7 * sqrt(0.5).
    expect(svg).toContain('stroke-width="8"');
    expect(svg).toContain('stroke-width="5.95"');
    // WhatsApp is drawn green.
    expect(svg).toContain('stroke="#00703c"');
  });
});
