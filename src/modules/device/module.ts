import { z } from 'zod';
import { type AiModule, SILENT } from '../contract.ts';
import { DATA_KINDS, type DeviceRecord } from './extraction/records.ts';
import { summarise } from './summary/summarise.ts';

export const DEVICE_MODULE_VERSION = '1.0.0';
/** The most records one summary reads. */
export const MAX_RECORDS = 200_000;

const recordSchema = z
  .object({
    id: z.string().min(1).max(20),
    kind: z.enum(['message', 'call', 'location', 'image']),
    at: z.string().min(10).max(40),
    source: z.object({ file: z.string().max(500), position: z.string().max(100) }),
  })
  .passthrough();

const lineOfEnquirySchema = z.object({
  id: z.string().min(1).max(40),
  label: z.string().trim().min(1).max(200),
  terms: z.array(z.string().trim().min(1).max(100)).min(1).max(100),
  /** `away`: could point away from the suspect (disclosure needs both). */
  direction: z.enum(['towards', 'away', 'neutral']),
});

export const deviceInputSchema = z.object({
  case: z.object({ id: z.string().uuid(), reference: z.string().min(1).max(100) }),
  extractionId: z.string().uuid(),
  /** The authorisation the records were imported under: the summary states the scope it covers. */
  authorisation: z.object({
    id: z.string().uuid(),
    device: z.string().max(200),
    owner: z.string().max(120),
    ownerRole: z.enum(['suspect', 'victim', 'witness', 'other']),
    purpose: z.string().max(2000),
    from: z.string(),
    to: z.string(),
    kinds: z.array(z.enum(DATA_KINDS)),
    authorisedBy: z.string().max(200),
  }),
  /** Every party, numbered for the extraction; `subject` names a case subject the officer named. */
  parties: z
    .array(
      z.object({
        key: z.string().max(300),
        name: z.string().max(300).optional(),
        contact: z.number().int().min(1),
        subject: z.string().max(120).nullable(),
      }),
    )
    .max(MAX_RECORDS),
  records: z.array(recordSchema).max(MAX_RECORDS),
  /** Records left out at import, by reason. */
  excluded: z.record(z.string(), z.number().int().nonnegative()),
  lines: z.array(lineOfEnquirySchema).max(50).default([]),
  /** Each image's PDQ hash and its matches against the force's known-image lists. */
  images: z
    .array(
      z.object({
        record: z.string(),
        pdq: z.string().regex(/^[0-9a-f]{64}$/),
        quality: z.number().int().min(0).max(100),
        matches: z.array(z.object({ list: z.string(), source: z.string(), distance: z.number().int() })),
      }),
    )
    .default([]),
});

export const deviceSettingsSchema = z.object({
  /** Contacts drawn in the network picture (the rest are in its table). */
  networkContacts: z.number().int().min(5).max(100).default(25),
  /** A burst: at least this many messages and calls ... */
  burstRecords: z.number().int().min(3).max(1000).default(10),
  /** ... each within this many minutes of the one before. */
  burstGapMinutes: z.number().min(1).max(120).default(5),
  /** A gap: no messages or calls for at least this many hours. */
  gapHours: z
    .number()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** A stay point: within this many metres ... */
  stayMetres: z.number().min(20).max(5000).default(200),
  /** ... for at least this many minutes (Li et al. 2008). */
  stayMinutes: z
    .number()
    .min(1)
    .max(24 * 60)
    .default(20),
  /** Known-image matches at this Hamming distance or less (PDQ's usual threshold). */
  matchDistance: z.number().int().min(0).max(64).default(31),
});

const cite = z.object({ at: z.string(), record: z.string() });

export const deviceOutputSchema = z.object({
  case: z.object({ id: z.string(), reference: z.string() }),
  extractionId: z.string(),
  /** The scope the summary covers, in words and as data. */
  scope: z.object({
    statement: z.string(),
    device: z.string(),
    owner: z.string(),
    ownerRole: z.string(),
    purpose: z.string(),
    from: z.string(),
    to: z.string(),
    kinds: z.array(z.string()),
    authorisedBy: z.string(),
    excluded: z.record(z.string(), z.number()),
  }),
  counts: z.object({
    messages: z.number().int(),
    calls: z.number().int(),
    locations: z.number().int(),
    images: z.number().int(),
  }),
  /** Every party: a subject by the name the officer gave, anyone else as "Contact N", masked. */
  contacts: z.array(
    z.object({
      contact: z.number().int(),
      label: z.string(),
      subject: z.boolean(),
      /** The number or address as it may be shown: in full for a subject, masked for a third party. */
      shown: z.string(),
      messagesIn: z.number().int(),
      messagesOut: z.number().int(),
      callsIn: z.number().int(),
      callsOut: z.number().int(),
      callsMissed: z.number().int(),
      callSeconds: z.number(),
      channels: z.array(z.string()),
      first: cite,
      last: cite,
      /** Messages and calls by hour of day, Europe/London. */
      hours: z.array(z.number().int()).length(24),
      records: z.array(z.string()),
    }),
  ),
  networkSvg: z.string(),
  timeline: z.object({
    days: z.array(z.object({ date: z.string(), messages: z.number().int(), calls: z.number().int() })),
    bursts: z.array(
      z.object({ from: z.string(), to: z.string(), count: z.number().int(), records: z.array(z.string()) }),
    ),
    newContacts: z.array(
      z.object({ contact: z.number().int(), label: z.string(), at: z.string(), record: z.string() }),
    ),
    gaps: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        hours: z.number(),
        after: z.string(),
        before: z.string(),
      }),
    ),
    deletions: z.array(
      z.object({ at: z.string(), record: z.string(), contact: z.number().int(), label: z.string() }),
    ),
    rules: z.string(),
  }),
  timelineSvg: z.string(),
  /** Messages and calls in time order: content only where a subject wrote it, others' data masked. */
  entries: z.array(
    z.object({
      record: z.string(),
      at: z.string(),
      kind: z.enum(['message', 'call']),
      channel: z.string(),
      direction: z.string(),
      contact: z.number().int(),
      label: z.string(),
      /** The text as shown (personal data of others masked), or null when hidden (a third party wrote it). */
      text: z.string().nullable(),
      masked: z.number().int(),
      media: z.number().int(),
      deleted: z.boolean(),
      durationSeconds: z.number().optional(),
      source: z.string(),
    }),
  ),
  movements: z.object({
    stays: z.array(
      z.object({
        n: z.number().int(),
        arrival: z.string(),
        departure: z.string(),
        minutes: z.number(),
        lat: z.number(),
        lon: z.number(),
        easting: z.number(),
        northing: z.number(),
        place: z.string().optional(),
        records: z.array(z.string()),
      }),
    ),
    journeys: z.array(
      z.object({
        from: z.number().int(),
        to: z.number().int(),
        start: z.string(),
        end: z.string(),
        metres: z.number(),
        minutes: z.number(),
      }),
    ),
    fixes: z.number().int(),
    rules: z.string(),
  }),
  movementsSvg: z.string(),
  enquiry: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      direction: z.string(),
      terms: z.array(z.string()),
      hits: z.array(
        z.object({
          record: z.string(),
          at: z.string(),
          contact: z.number().int(),
          label: z.string(),
          term: z.string(),
          /** The sentence around the hit as shown, or null when a third party wrote it. */
          context: z.string().nullable(),
        }),
      ),
    }),
  ),
  /** POLE entities in subjects' messages; other people's personal data is counted, not shown. */
  entities: z.array(
    z.object({ kind: z.string(), category: z.string(), value: z.string(), records: z.array(z.string()) }),
  ),
  maskedPersonalData: z.record(z.string(), z.number().int()),
  images: z.object({
    total: z.number().int(),
    matched: z.array(
      z.object({
        record: z.string(),
        pdq: z.string(),
        matches: z.array(z.object({ list: z.string(), source: z.string(), distance: z.number().int() })),
      }),
    ),
    unmatched: z.number().int(),
    lowQuality: z.number().int(),
  }),
  /** The summary in sentences, each citing the records it rests on. */
  statements: z.array(z.object({ text: z.string(), records: z.array(z.string()) })),
  method: z.object({ module: z.string(), minimiser: z.string(), recogniser: z.string() }),
});

export type DeviceInput = z.infer<typeof deviceInputSchema>;

/** What people see of a summary's input: its scope and counts, never its records. */
export function presentDeviceInput(input: DeviceInput) {
  const count = (kind: string) => input.records.filter((r) => r.kind === kind).length;
  return {
    case: input.case,
    extractionId: input.extractionId,
    authorisation: input.authorisation,
    records: {
      messages: count('message'),
      calls: count('call'),
      locations: count('location'),
      images: input.images.length,
    },
    parties: input.parties.length,
    subjects: [...new Set(input.parties.flatMap((p) => (p.subject ? [p.subject] : [])))],
    lines: input.lines,
    excluded: input.excluded,
    sealed: "The records themselves (with third parties' numbers and words) are sealed and not shown.",
  };
}
export type PresentedDeviceInput = ReturnType<typeof presentDeviceInput>;
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;
export type DeviceOutput = z.infer<typeof deviceOutputSchema>;

/**
 * Device evidence as an oversight-runtime module: a summary of one extraction (messages, calls,
 * locations and images imported under an authorisation) with third parties pseudonymised and
 * their messages hidden, subjects' messages shown with other people's personal data masked, and
 * every statement citing its records. Pure: the records arrive in the input.
 */
export const deviceModule: AiModule<
  typeof deviceInputSchema,
  typeof deviceSettingsSchema,
  typeof deviceOutputSchema
> = {
  id: 'device',
  version: DEVICE_MODULE_VERSION,
  title: 'Device evidence: minimised summaries and known-image matching',
  personalData: true,
  sealsOutput: true,
  execution: { kind: 'job' },
  // Released only after a named reviewer (a supervisor) has checked it.
  review: { sampling: 'never', decisionMaker: false },
  inputSchema: deviceInputSchema,
  settingsSchema: deviceSettingsSchema,
  outputSchema: deviceOutputSchema,
  run(input, settings, context = SILENT) {
    const output = summarise(
      { ...input, records: input.records as unknown as DeviceRecord[] },
      settings,
      (share, stage) => context.progress(share, stage),
    );
    const explanation = [
      output.scope.statement,
      `Third parties (${output.contacts.filter((c) => !c.subject).length}) are shown as "Contact N" with their numbers masked and their messages hidden (counts and times only); subjects' messages are shown with other people's personal data masked (${Object.values(output.maskedPersonalData).reduce((a, b) => a + b, 0)} items).`,
      `Every statement cites the records it rests on; nothing is generated. Images are matched by PDQ hash against the force's known-image lists (${output.images.matched.length} matched of ${output.images.total}); matched images are never shown.`,
    ].join('\n');
    return { output, explanation, risky: true };
  },
  presentInput: presentDeviceInput,
  monitored: (input, output) => ({
    'input.records': input.records.length,
    'output.contacts': output.contacts.length,
    'output.third-parties': output.contacts.filter((c) => !c.subject).length,
    'output.images-matched': output.images.matched.length,
  }),
};
