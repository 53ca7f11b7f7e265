import { effectiveOutput } from '../../../oversight/presenters.ts';
import type { RunPageContext, RunPageView } from '../../contract.ts';
import { deviceOutputSchema, type PresentedDeviceInput } from '../module.ts';
import { busiestHours } from './present.ts';

/** Entries shown on the run page (the reviewer samples them; the case page pages through all). */
const RUN_PAGE_ENTRIES = 300;

/** What the run page shows of a summary's input (as the module presents it): scope and counts. */
function inputRows(input: unknown) {
  const i = input as PresentedDeviceInput | null;
  if (!i?.authorisation) return { kind: 'hidden' };
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  const a = i.authorisation;
  return {
    kind: 'rows',
    rows: [
      row('Case', i.case.reference),
      row('Device', `${a.device}, of ${a.owner} (${a.ownerRole})`),
      row('Authorised', `${a.from} to ${a.to}: ${a.kinds.join(', ')}, by ${a.authorisedBy}`),
      row(
        'Records',
        `${i.records.messages} messages, ${i.records.calls} calls, ${i.records.locations} locations, ${i.records.images} images; ${i.sealed}`,
      ),
      row('Parties', `${i.parties}; named as subjects: ${i.subjects.join(', ') || 'none'}`),
      row(
        'Lines of enquiry',
        i.lines.map((l) => `${l.label} (${l.direction}): ${l.terms.join(', ')}`).join('; ') || 'none',
      ),
    ],
  };
}

/** A device summary on the run and review pages: as the case will show it, nothing revealed. */
export async function deviceRunPage({ run }: RunPageContext): Promise<RunPageView> {
  const output = effectiveOutput(run);
  const parsed = output === null ? null : deviceOutputSchema.safeParse(output);
  if (!parsed?.success) return { input: inputRows(run.input) };
  const o = parsed.data;
  return {
    input: inputRows(run.input),
    output: {
      kind: 'device',
      template: 'device/run-output.njk',
      view: {
        o: {
          ...o,
          contacts: o.contacts.map((c) => ({ ...c, revealed: false, busiest: busiestHours(c.hours) })),
        },
        entries: {
          items: o.entries.slice(0, RUN_PAGE_ENTRIES),
          total: o.entries.length,
          prev: null,
          next: null,
        },
        kase: { id: o.case.id, role: null },
      },
    },
  };
}
