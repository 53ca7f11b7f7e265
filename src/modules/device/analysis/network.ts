import type { CallRecord, DeviceRecord, MessageRecord } from '../extraction/records.ts';
import {
  AnalysisError,
  COLOURS,
  checkSize,
  escapeXml,
  HALO,
  inTimeOrder,
  londonDayHour,
  num,
  plural,
  type Stamp,
  svgOpen,
  svgText,
} from './common.ts';
import { numberParties } from './parties.ts';

/**
 * Who the device's owner was in touch with: one row per party (by `party.key`), counting
 * messages and calls each way, the channels used, first and last contact, the hours of the day
 * (UK local time) and the days with contact; every row lists the ids of the records it counts.
 */

/** A channel of contact: message channels, and `phone` for ordinary calls. */
export type ContactChannel = MessageRecord['channel'] | CallRecord['channel'];

/** One party the device was in touch with. */
export interface Contact {
  key: string;
  /** 1..n by descending volume, then by key: a stable ordinal for pseudonyms ("Contact 7"). */
  contactNumber: number;
  /** The first name the device showed for the party, if any. */
  name?: string;
  messagesIn: number;
  messagesOut: number;
  /** Deletion markers ("This message was deleted"): counted here, not as messages. */
  deletedMessages: number;
  callsIn: number;
  callsOut: number;
  /** Missed calls, and rejected ones (counted as missed). */
  callsMissed: number;
  /** Seconds of calls in and out. */
  callSeconds: number;
  /** Messages, deletion markers and calls together: the volume edges and ordinals rest on. */
  volume: number;
  /** Records per channel, channels in name order. */
  channels: Partial<Record<ContactChannel, number>>;
  first: Stamp;
  last: Stamp;
  /** Records per hour of the day, Europe/London local time (index 0 = 00:00 to 00:59). */
  hours: number[];
  /** Local days (Europe/London) with at least one record. */
  daysActive: number;
  /** Ids of every record counted in this row, in time order. */
  recordIds: string[];
}

/** Totals over all contacts. */
export interface NetworkTotals {
  contacts: number;
  messagesIn: number;
  messagesOut: number;
  deletedMessages: number;
  callsIn: number;
  callsOut: number;
  callsMissed: number;
  callSeconds: number;
  /** Records counted: messages, deletion markers and calls. */
  records: number;
}

/** The device owner's contacts, largest first, with totals. */
export interface Network {
  contacts: Contact[];
  totals: NetworkTotals;
}

type Communication = MessageRecord | CallRecord;

function isCommunication(record: DeviceRecord): record is Communication {
  return record.kind === 'message' || record.kind === 'call';
}

type Row = Contact & { days: Set<number>; lastMs: number; lastId: string };

function emptyContact(record: Communication, ms: number): Row {
  const stamp = { at: new Date(ms).toISOString(), recordId: record.id };
  return {
    key: record.party.key,
    contactNumber: 0,
    messagesIn: 0,
    messagesOut: 0,
    deletedMessages: 0,
    callsIn: 0,
    callsOut: 0,
    callsMissed: 0,
    callSeconds: 0,
    volume: 0,
    channels: {},
    first: stamp,
    last: stamp,
    hours: new Array<number>(24).fill(0),
    daysActive: 0,
    recordIds: [],
    days: new Set(),
    lastMs: ms,
    lastId: record.id,
  };
}

function countRecord(c: Contact, record: Communication): void {
  if (record.kind === 'message') {
    if (record.deleted) c.deletedMessages++;
    else if (record.direction === 'in') c.messagesIn++;
    else c.messagesOut++;
  } else {
    if (record.direction === 'in') c.callsIn++;
    else if (record.direction === 'out') c.callsOut++;
    else c.callsMissed++;
    if (record.direction === 'in' || record.direction === 'out') {
      c.callSeconds += Number.isFinite(record.durationSeconds) ? Math.max(0, record.durationSeconds) : 0;
    }
  }
  c.channels[record.channel] = (c.channels[record.channel] ?? 0) + 1;
  c.volume++;
}

function sortedChannels(channels: Contact['channels']): Contact['channels'] {
  const out: Contact['channels'] = {};
  for (const key of Object.keys(channels).sort() as ContactChannel[]) out[key] = channels[key];
  return out;
}

/**
 * The device owner's network: one row per party of a message or call, ordered by descending
 * volume then key: `contactNumber` is the party's number of `numberParties`, "Contact N" everywhere. Location and image records are ignored.
 */
export function network(records: readonly DeviceRecord[]): Network {
  checkSize(records, 'network');
  const rows = new Map<string, Row>();
  for (const { record, ms } of inTimeOrder(records.filter(isCommunication))) {
    const key = record.party?.key;
    if (typeof key !== 'string' || key === '') {
      throw new AnalysisError(
        `record ${record.id} (${record.source.file}, ${record.source.position}): no party key`,
      );
    }
    let row = rows.get(key);
    if (!row) {
      row = emptyContact(record, ms);
      rows.set(key, row);
    }
    if (row.name === undefined && record.party.name) row.name = record.party.name;
    countRecord(row, record);
    const local = londonDayHour(ms);
    row.hours[local.hour]!++;
    row.days.add(local.dayNo);
    row.lastMs = ms;
    row.lastId = record.id;
    row.recordIds.push(record.id);
  }
  const contacts = numberParties(records).map(({ key, contact }) => {
    const { days, lastMs, lastId, ...row } = rows.get(key)!;
    return {
      ...row,
      last: { at: new Date(lastMs).toISOString(), recordId: lastId },
      contactNumber: contact,
      daysActive: days.size,
      channels: sortedChannels(row.channels),
    };
  });
  return { contacts, totals: totalsOf(contacts) };
}

function totalsOf(contacts: readonly Contact[]): NetworkTotals {
  const totals: NetworkTotals = {
    contacts: contacts.length,
    messagesIn: 0,
    messagesOut: 0,
    deletedMessages: 0,
    callsIn: 0,
    callsOut: 0,
    callsMissed: 0,
    callSeconds: 0,
    records: 0,
  };
  for (const c of contacts) {
    totals.messagesIn += c.messagesIn;
    totals.messagesOut += c.messagesOut;
    totals.deletedMessages += c.deletedMessages;
    totals.callsIn += c.callsIn;
    totals.callsOut += c.callsOut;
    totals.callsMissed += c.callsMissed;
    totals.callSeconds += c.callSeconds;
    totals.records += c.volume;
  }
  return totals;
}

/** Colour of each channel in the network picture. */
export const CHANNEL_COLOURS: Record<ContactChannel, string> = {
  sms: COLOURS.blue,
  mms: COLOURS.purple,
  imessage: COLOURS.pink,
  whatsapp: COLOURS.green,
  phone: COLOURS.orange,
  other: COLOURS.grey,
};

/** The channel with the most records for a contact (ties: first by name). */
export function mainChannel(contact: Contact): ContactChannel {
  let best: ContactChannel = 'other';
  let most = -1;
  for (const [channel, n] of Object.entries(contact.channels) as Array<[ContactChannel, number]>) {
    if (n > most) {
      best = channel;
      most = n;
    }
  }
  return best;
}

/** Options of the network picture. */
export interface NetworkSvgOptions {
  /** Contacts drawn at most (largest first); the rest are summarised in the description. Default 25. */
  maxContacts?: number;
  /** Label of the centre node. Default "Device owner". */
  ownerLabel?: string;
}

const SIZE = 640;
const CENTRE = SIZE / 2;
const RADIUS = 230;

function describeNetwork(shown: readonly Contact[], all: readonly Contact[], label: (c: Contact) => string) {
  const rest = all.slice(shown.length);
  const restVolume = rest.reduce((s, c) => s + c.volume, 0);
  const parts = [
    `The device owner at the centre and ${plural(all.length, 'contact')} around.`,
    ...shown.map((c) => `${label(c)}: ${plural(c.volume, 'record')}, mostly ${mainChannel(c)}.`),
  ];
  if (rest.length > 0) {
    parts.push(
      `${plural(rest.length, 'further contact')} not drawn, with ${plural(restVolume, 'record')} between them.`,
    );
  }
  return parts.join(' ');
}

/**
 * An ego network as an accessible SVG: the device owner at the centre, the largest contacts
 * (by `contactNumber`) on a circle clockwise from the top, edge width by volume (square root,
 * 1 to 8 pixels), colour by main channel. `label` gives each contact's shown name (the caller
 * pseudonymises or masks); all text is escaped.
 */
export function networkSvg(
  contacts: readonly Contact[],
  label: (c: Contact) => string,
  options: NetworkSvgOptions = {},
): string {
  const max = Math.max(0, Math.floor(options.maxContacts ?? 25));
  const ordered = [...contacts].sort((a, b) => a.contactNumber - b.contactNumber);
  const shown = ordered.slice(0, max);
  const top = Math.max(1, ...shown.map((c) => c.volume));
  const desc = describeNetwork(shown, ordered, label);
  const out = [svgOpen('device-network', SIZE, SIZE + 40, 'Contact network of the device owner', desc)];
  const nodes: string[] = [];
  shown.forEach((c, i) => {
    const angle = (2 * Math.PI * i) / shown.length - Math.PI / 2;
    const x = CENTRE + RADIUS * Math.cos(angle);
    const y = CENTRE + RADIUS * Math.sin(angle);
    const width = 1 + 7 * Math.sqrt(c.volume / top);
    const colour = CHANNEL_COLOURS[mainChannel(c)];
    out.push(
      `<line x1="${CENTRE}" y1="${CENTRE}" x2="${num(x)}" y2="${num(y)}" stroke="${colour}" ` +
        `stroke-width="${num(width)}" stroke-opacity="0.8"><title>${escapeXml(`${label(c)}: ${plural(c.volume, 'record')}`)}</title></line>`,
    );
    const anchor = Math.abs(Math.cos(angle)) < 0.2 ? 'middle' : Math.cos(angle) > 0 ? 'start' : 'end';
    const lx = x + 14 * Math.cos(angle);
    const ly = y + 14 * Math.sin(angle) + 4;
    nodes.push(
      `<circle cx="${num(x)}" cy="${num(y)}" r="8" fill="${COLOURS.white}" stroke="${colour}" stroke-width="2"/>`,
    );
    nodes.push(svgText(lx, ly, label(c), `text-anchor="${anchor}" fill="${COLOURS.black}" ${HALO}`));
  });
  out.push(...nodes);
  out.push(`<circle cx="${CENTRE}" cy="${CENTRE}" r="14" fill="${COLOURS.black}"/>`);
  out.push(
    svgText(
      CENTRE,
      CENTRE + 30,
      options.ownerLabel ?? 'Device owner',
      `text-anchor="middle" font-weight="bold" ${HALO}`,
    ),
  );
  out.push(legend(shown));
  if (ordered.length > shown.length) {
    out.push(
      svgText(
        10,
        SIZE + 32,
        `${plural(ordered.length - shown.length, 'further contact')} not drawn`,
        `fill="${COLOURS.grey}"`,
      ),
    );
  }
  out.push('</svg>');
  return out.join('');
}

function legend(shown: readonly Contact[]): string {
  const used = [...new Set(shown.map(mainChannel))].sort();
  return used
    .map((channel, i) => {
      const x = 10 + i * 100;
      return (
        `<rect x="${x}" y="${SIZE + 2}" width="14" height="6" fill="${CHANNEL_COLOURS[channel]}"/>` +
        svgText(x + 18, SIZE + 10, channel)
      );
    })
    .join('');
}
