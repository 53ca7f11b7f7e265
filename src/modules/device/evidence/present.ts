import type { DeviceRecord } from '../extraction/records.ts';
import { maskOthers } from '../minimise/mask.ts';
import type { DeviceOutput } from '../module.ts';
import type { ExtractionContent } from './extractions.ts';

/**
 * A released summary as one officer may see it now: third parties stay "Contact N" unless a
 * reveal of them stands (pending review or upheld), in which case their name, number and
 * messages are shown, other people's personal data in those messages still masked.
 */

export type PresentedContact = DeviceOutput['contacts'][number] & { revealed: boolean; busiest: string };
export type PresentedSummary = Omit<DeviceOutput, 'contacts'> & { contacts: PresentedContact[] };

/** The three busiest hours of a contact, as "21:00, 22:00, 09:00" (Europe/London). */
export function busiestHours(hours: readonly number[]): string {
  return hours
    .map((n, h) => ({ n, h }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.h - b.h)
    .slice(0, 3)
    .map((x) => `${String(x.h).padStart(2, '0')}:00`)
    .join(', ');
}

export function presentSummary(
  output: DeviceOutput,
  content: ExtractionContent | null,
  revealed: ReadonlySet<number>,
): PresentedSummary {
  const parties = new Map(content?.parties.map((p) => [p.contact, p]) ?? []);
  const shownNow = (contact: number) => revealed.has(contact) && parties.has(contact);
  const labelOf = new Map<number, string>();
  const contacts = output.contacts.map((c): PresentedContact => {
    const open = !c.subject && shownNow(c.contact);
    const p = parties.get(c.contact);
    const label = open ? `${p!.name ?? p!.key.replace(/^name:/, '')} (Contact ${c.contact})` : c.label;
    labelOf.set(c.contact, label);
    return {
      ...c,
      label,
      shown: open ? p!.key.replace(/^name:/, '') : c.shown,
      revealed: open,
      busiest: busiestHours(c.hours),
    };
  });
  if (!content || !revealed.size) return { ...output, contacts };
  const records = new Map<string, DeviceRecord>(content.records.map((r) => [r.id, r]));
  // Still masked in a revealed contact's messages: personal data of anyone but them, the owner
  // and the named subjects.
  const named = [
    output.scope.owner,
    ...output.contacts.filter((c) => c.subject).flatMap((c) => [c.label, c.shown]),
  ];
  const allowed = (contact: number) => {
    const p = parties.get(contact);
    return p ? [...named, p.key.replace(/^name:/, ''), ...(p.name ? [p.name] : [])] : named;
  };
  const bodyOf = (id: string, contact: number) => {
    const r = records.get(id);
    return r?.kind === 'message' ? maskOthers(r.body, allowed(contact), { keepEventDates: true }) : null;
  };
  const relabel = <T extends { contact: number; label: string }>(x: T): T =>
    labelOf.has(x.contact) ? { ...x, label: labelOf.get(x.contact)! } : x;
  return {
    ...output,
    contacts,
    entries: output.entries.map((e) => {
      if (e.text !== null || e.kind !== 'message' || !shownNow(e.contact)) return relabel(e);
      const body = bodyOf(e.record, e.contact);
      return relabel({ ...e, text: body?.text ?? null, masked: body?.masked ?? 0 });
    }),
    enquiry: output.enquiry.map((l) => ({
      ...l,
      hits: l.hits.map((h) =>
        h.context === null && shownNow(h.contact)
          ? relabel({ ...h, context: bodyOf(h.record, h.contact)?.text ?? null })
          : relabel(h),
      ),
    })),
    timeline: {
      ...output.timeline,
      newContacts: output.timeline.newContacts.map(relabel),
      deletions: output.timeline.deletions.map(relabel),
    },
  };
}
