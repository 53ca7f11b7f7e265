import type { PoleEntity } from '../../pole/index.ts';
import { extract } from '../../pole/index.ts';
import {
  enquiryHits,
  movements,
  movementsSvg,
  network,
  networkSvg,
  timeline,
  timelineSvg,
} from '../analysis/index.ts';
import type { DeviceRecord, MessageRecord } from '../extraction/records.ts';
import { maskOthers } from '../minimise/mask.ts';
import type { DeviceInput, DeviceOutput, DeviceSettings } from '../module.ts';
import { DEVICE_MODULE_VERSION } from '../module.ts';

/**
 * One extraction summarised: the analyses (contacts, timeline, movements, lines of enquiry) run
 * over the records, then everything a person will see is minimised here, once: a party who is
 * not a named subject is "Contact N" with their number masked and their words hidden; in what
 * subjects wrote, other people's personal data is masked. Every statement cites its records.
 */

/** Kinds of POLE entity that are personal data of someone: counted when masked, never listed. */
const PERSONAL = new Set([
  'person',
  'phone',
  'email',
  'address',
  'postcode',
  'payment-card',
  'account-number',
  'sort-code',
  'imei',
  'ip-address',
  'registration-mark',
  'coordinates',
  'grid-reference',
]);

/** A third party's number or address as it may be shown: all but the last two digits hidden. */
export function maskedKey(key: string): string {
  if (/^\+\d{6,}$/.test(key)) return `${key.slice(0, 3)} •••• ••••${key.slice(-2)}`;
  const at = key.indexOf('@');
  if (at > 0) return `•••@${key.slice(at + 1)}`;
  return '•••';
}

const plural = (n: number, word: string, words = `${word}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? word : words}`;
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function summarise(
  input: Omit<DeviceInput, 'records'> & { records: DeviceRecord[] },
  settings: DeviceSettings,
  progress: (share: number, stage: string) => void,
): DeviceOutput {
  const records = [...input.records].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const parties = new Map(input.parties.map((p) => [p.key, p]));
  const contactOf = (key: string) => parties.get(key)?.contact ?? 0;
  const subjectOf = (key: string) => parties.get(key)?.subject ?? null;
  /** A subject by name; a group chat as "Group chat N"; anyone else as "Contact N". */
  const pseudonym = (key: string, n: number) =>
    key.startsWith('group:') ? `Group chat ${n}` : `Contact ${n}`;
  const label = (key: string) => subjectOf(key) ?? pseudonym(key, contactOf(key));
  const labelByContact = new Map(
    input.parties.map((p) => [p.contact, p.subject ?? pseudonym(p.key, p.contact)]),
  );
  const subjectNames = [
    input.authorisation.owner,
    ...input.parties.flatMap((p) => (p.subject ? [p.subject, p.key] : [])),
  ];
  const ownerIsSubject = true;

  progress(0.05, 'contacts');
  const net = network(records);
  const contacts: DeviceOutput['contacts'] = net.contacts.map((c) => {
    const subject = subjectOf(c.key) !== null;
    return {
      contact: contactOf(c.key),
      label: label(c.key),
      subject,
      shown: subject ? c.key.replace(/^name:/, '') : maskedKey(c.key),
      messagesIn: c.messagesIn,
      messagesOut: c.messagesOut,
      callsIn: c.callsIn,
      callsOut: c.callsOut,
      callsMissed: c.callsMissed,
      callSeconds: c.callSeconds,
      channels: Object.keys(c.channels),
      first: { at: c.first.at, record: c.first.recordId },
      last: { at: c.last.at, record: c.last.recordId },
      hours: c.hours,
      records: c.recordIds,
    };
  });
  contacts.sort((a, b) => a.contact - b.contact);

  progress(0.2, 'timeline');
  const tl = timeline(records, {
    burstMinRecords: settings.burstRecords,
    burstGapMinutes: settings.burstGapMinutes,
    gapHours: settings.gapHours,
  });

  progress(0.35, 'movements');
  const mv = movements(records, {
    distanceMetres: settings.stayMetres,
    minutesAtLeast: settings.stayMinutes,
  });

  progress(0.45, 'minimising');
  // What may be shown of each message: the words of the owner and of named subjects, with other
  // people's personal data masked; nothing of what a third party wrote.
  const masked: Record<string, number> = {};
  const visible = new Map<string, { text: string; masked: number }>();
  const entities = new Map<string, { kind: string; category: string; value: string; records: Set<string> }>();
  const messages = records.filter((r): r is MessageRecord => r.kind === 'message');
  messages.forEach((m, i) => {
    const wroteIt = m.direction === 'out' ? ownerIsSubject : subjectOf(m.party.key) !== null;
    if (!wroteIt || m.deleted || !m.body) return;
    const shown = maskOthers(m.body, subjectNames, { keepEventDates: true });
    visible.set(m.id, shown);
    for (const [type, n] of Object.entries(shown.types)) masked[type] = (masked[type] ?? 0) + n;
    for (const e of extract({ id: m.id, text: shown.text })) addEntity(entities, e, m.id);
    if (i % 500 === 0) progress(0.45 + (0.4 * i) / Math.max(1, messages.length), 'minimising');
  });

  progress(0.85, 'lines of enquiry');
  const hits = enquiryHits(records, input.lines);
  const byId = new Map(records.map((r) => [r.id, r]));
  const enquiry: DeviceOutput['enquiry'] = input.lines.map((line) => {
    const found = hits.find((h) => h.id === line.id)?.hits ?? [];
    return {
      id: line.id,
      label: line.label,
      direction: line.direction,
      terms: line.terms,
      hits: found.map((h) => {
        const r = byId.get(h.recordId) as MessageRecord;
        const shown = visible.get(h.recordId);
        return {
          record: h.recordId,
          at: r.at,
          contact: contactOf(r.party.key),
          label: label(r.party.key),
          term: h.term,
          context: shown ? shown.text : null,
        };
      }),
    };
  });

  const entries: DeviceOutput['entries'] = records.flatMap((r): DeviceOutput['entries'] => {
    if (r.kind !== 'message' && r.kind !== 'call') return [];
    const base = {
      record: r.id,
      at: r.at,
      kind: r.kind,
      channel: r.channel,
      direction: r.direction,
      contact: contactOf(r.party.key),
      label: label(r.party.key),
      source: `${r.source.file}, ${r.source.position}`,
    };
    if (r.kind === 'call')
      return [
        { ...base, text: null, masked: 0, media: 0, deleted: false, durationSeconds: r.durationSeconds },
      ];
    const shown = visible.get(r.id);
    return [
      {
        ...base,
        text: shown ? shown.text : null,
        masked: shown ? shown.masked : 0,
        media: r.media?.length ?? 0,
        deleted: r.deleted === true,
      },
    ];
  });

  const imageRecords = input.images;
  const matched = imageRecords
    .map((im) => ({ ...im, matches: im.matches.filter((m) => m.distance <= settings.matchDistance) }))
    .filter((im) => im.matches.length);
  const images: DeviceOutput['images'] = {
    total: imageRecords.length,
    matched: matched.map((m) => ({ record: m.record, pdq: m.pdq, matches: m.matches })),
    unmatched: imageRecords.length - matched.length,
    lowQuality: imageRecords.filter((im) => im.quality < 50).length,
  };

  const counts = {
    messages: messages.length,
    calls: records.filter((r) => r.kind === 'call').length,
    locations: records.filter((r) => r.kind === 'location').length,
    images: imageRecords.length,
  };
  const a = input.authorisation;
  const excludedText = Object.entries(input.excluded)
    .map(([reason, n]) => `${n} ${reason}`)
    .join('; ');
  const scopeStatement = `This summary covers the ${a.device} of ${a.owner} (${a.ownerRole}), from ${a.from} to ${a.to}, for ${a.kinds.join(', ')}, as authorised by ${a.authorisedBy}: ${plural(counts.messages, 'message')}, ${plural(counts.calls, 'call')}, ${plural(counts.locations, 'location record')} and ${plural(counts.images, 'image')}. ${excludedText ? `Left out at import and not stored: ${excludedText}.` : 'Nothing was left out at import.'}`;

  const output: DeviceOutput = {
    case: input.case,
    extractionId: input.extractionId,
    scope: {
      statement: scopeStatement,
      device: a.device,
      owner: a.owner,
      ownerRole: a.ownerRole,
      purpose: a.purpose,
      from: a.from,
      to: a.to,
      kinds: a.kinds,
      authorisedBy: a.authorisedBy,
      excluded: input.excluded,
    },
    counts,
    contacts,
    networkSvg: networkSvg(net.contacts, (c) => label(c.key), {
      maxContacts: settings.networkContacts,
      ownerLabel: `${a.owner} (device owner)`,
    }),
    timeline: {
      days: tl.days.map((d) => ({ date: d.day, messages: d.messages, calls: d.calls })),
      bursts: tl.bursts.map((b) => ({
        from: b.start.at,
        to: b.end.at,
        count: b.count,
        records: b.recordIds,
      })),
      // A contact is new when first seen after the data's first day (on it, everyone is "new").
      newContacts: tl.newContacts
        .filter((n) => n.day > (tl.days[0]?.day ?? ''))
        .map((n) => ({
          contact: contactOf(n.key),
          label: label(n.key),
          at: n.first.at,
          record: n.first.recordId,
        })),
      gaps: tl.gaps.map((g) => ({
        from: g.from.at,
        to: g.to.at,
        hours: g.hours,
        after: g.from.recordId,
        before: g.to.recordId,
      })),
      deletions: tl.deletions.map((d) => ({
        at: d.at,
        record: d.recordId,
        contact: contactOf(d.key),
        label: label(d.key),
      })),
      rules: `A burst: at least ${tl.rules.burstMinRecords} messages and calls, each within ${tl.rules.burstGapMinutes} minutes of the one before. A gap: no message or call for ${tl.rules.gapHours} hours or more. Days are Europe/London.`,
    },
    timelineSvg: timelineSvg(tl),
    entries,
    movements: {
      stays: mv.stays.map((st) => ({
        n: st.number,
        arrival: st.arrival.at,
        departure: st.departure.at,
        minutes: st.durationSeconds / 60,
        lat: st.lat,
        lon: st.lon,
        easting: st.easting,
        northing: st.northing,
        ...(st.place ? { place: st.place } : {}),
        records: st.recordIds,
      })),
      journeys: mv.journeys.map((j) => ({
        from: j.fromStay,
        to: j.toStay,
        start: j.start.at,
        end: j.end.at,
        metres: j.straightMetres,
        minutes: j.durationSeconds / 60,
      })),
      fixes: counts.locations,
      rules: `A stay: location fixes within ${mv.rules.distanceMetres} m of the first for at least ${mv.rules.minutesAtLeast} minutes (Li et al. 2008), and every visit a location history names. Fixes accurate only to more than ${mv.rules.maxAccuracyMetres.toLocaleString('en-GB')} m are not used${mv.impreciseRecordIds.length ? ` (${plural(mv.impreciseRecordIds.length, 'fix', 'fixes')} left out)` : ''}. Journeys link consecutive stays. Positions on the British National Grid (EPSG:27700).`,
    },
    movementsSvg: mv.stays.length ? movementsSvg(mv.stays, mv.journeys, (st) => `Stay ${st.number}`) : '',
    enquiry,
    entities: [...entities.values()]
      .map((e) => ({ kind: e.kind, category: e.category, value: e.value, records: [...e.records] }))
      .sort((x, y) => y.records.length - x.records.length || x.value.localeCompare(y.value)),
    maskedPersonalData: masked,
    images,
    statements: [],
    method: {
      module: `device ${DEVICE_MODULE_VERSION}`,
      minimiser: 'bluelamp minimise (rules and the POLE entity recogniser)',
      recogniser: 'pole-ner',
    },
  };
  output.statements = statements(output, labelByContact);
  progress(1, 'done');
  return output;
}

function addEntity(
  entities: Map<string, { kind: string; category: string; value: string; records: Set<string> }>,
  e: PoleEntity,
  record: string,
) {
  if (PERSONAL.has(e.kind) || e.text.startsWith('[')) return;
  const key = `${e.kind}:${e.value.toLowerCase()}`;
  const entry = entities.get(key) ?? {
    kind: e.kind,
    category: e.category,
    value: e.value,
    records: new Set<string>(),
  };
  entry.records.add(record);
  entities.set(key, entry);
}

/** The summary in sentences, each built from the figures above and citing their records. */
export function statements(o: DeviceOutput, labels: Map<number, string>): DeviceOutput['statements'] {
  const out: DeviceOutput['statements'] = [];
  const talk = o.contacts.filter(
    (c) => c.messagesIn + c.messagesOut + c.callsIn + c.callsOut + c.callsMissed > 0,
  );
  if (talk.length) {
    const first = talk.reduce((a, b) => (a.first.at <= b.first.at ? a : b)).first;
    const last = talk.reduce((a, b) => (a.last.at >= b.last.at ? a : b)).last;
    out.push({
      text: `${plural(o.counts.messages, 'message')} and ${plural(o.counts.calls, 'call')} with ${plural(talk.length, 'contact')} (${plural(talk.filter((c) => c.subject).length, 'subject')}), from ${when(first.at)} to ${when(last.at)}.`,
      records: [first.record, last.record],
    });
    const top = [...talk]
      .sort(
        (a, b) =>
          b.messagesIn +
          b.messagesOut +
          b.callsIn +
          b.callsOut -
          (a.messagesIn + a.messagesOut + a.callsIn + a.callsOut),
      )
      .slice(0, 3);
    for (const c of top)
      out.push({
        text: `${c.label}: ${plural(c.messagesIn + c.messagesOut, 'message')} and ${plural(c.callsIn + c.callsOut + c.callsMissed, 'call')} (${c.channels.join(', ')}), first ${when(c.first.at)}, last ${when(c.last.at)}.`,
        records: [c.first.record, c.last.record],
      });
  }
  const burst = [...o.timeline.bursts].sort((a, b) => b.count - a.count)[0];
  if (burst)
    out.push({
      text: `Busiest burst: ${plural(burst.count, 'message or call', 'messages and calls')} between ${when(burst.from)} and ${when(burst.to)}.`,
      records: burst.records,
    });
  const gap = [...o.timeline.gaps].sort((a, b) => b.hours - a.hours)[0];
  if (gap)
    out.push({
      text: `Longest silence: ${gap.hours.toFixed(1)} hours with no message or call, from ${when(gap.from)} to ${when(gap.to)}.`,
      records: [gap.after, gap.before],
    });
  if (o.timeline.newContacts.length)
    out.push({
      text: `${plural(o.timeline.newContacts.length, 'contact')} first appear after the first day of the data: ${o.timeline.newContacts
        .slice(0, 5)
        .map((n) => `${labels.get(n.contact) ?? n.label} on ${n.at.slice(0, 10)}`)
        .join(', ')}${o.timeline.newContacts.length > 5 ? ', and others' : ''}.`,
      records: o.timeline.newContacts.map((n) => n.record),
    });
  if (o.timeline.deletions.length)
    out.push({
      text: `${plural(o.timeline.deletions.length, 'deletion marker')} (messages deleted on the device or by the sender).`,
      records: o.timeline.deletions.map((d) => d.record),
    });
  const longest = [...o.movements.stays].sort((a, b) => b.minutes - a.minutes)[0];
  if (longest)
    out.push({
      text: `${plural(o.movements.stays.length, 'stay')} and ${plural(o.movements.journeys.length, 'journey')} from ${plural(o.movements.fixes, 'location record')}; the longest stay was ${Math.round(longest.minutes)} minutes${longest.place ? ` at ${longest.place}` : ''}, from ${when(longest.arrival)}.`,
      records: longest.records,
    });
  for (const l of o.enquiry)
    out.push({
      text: `Line of enquiry "${l.label}" (${l.direction === 'away' ? 'could point away from the suspect' : l.direction === 'towards' ? 'points towards the suspect' : 'neutral'}): ${plural(l.hits.length, 'hit')}${l.hits.length ? `, ${plural(l.hits.filter((h) => h.context === null).length, 'in a message', 'in messages')} a third party wrote (content hidden)` : ''}.`,
      records: l.hits.map((h) => h.record),
    });
  if (o.images.total)
    out.push({
      text: `${plural(o.images.total, 'image')}: ${plural(o.images.matched.length, 'matches', 'match')} a known-image list and ${o.images.matched.length === 1 ? 'is' : 'are'} not shown; ${o.images.unmatched} unmatched.`,
      records: o.images.matched.map((m) => m.record),
    });
  return out;
}
