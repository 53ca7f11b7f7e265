/**
 * One extraction's records in a single shape, whatever they came from (a WhatsApp export, an
 * Android or iPhone database, a CSV, a Google location history, a zip of images). Every record
 * keeps where it came from (`source`), so each statement a summary makes can cite it.
 */

/** The kinds of data an authorisation can cover, and that a record belongs to. */
export const DATA_KINDS = ['messages', 'calls', 'locations', 'images'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/** Where a record came from: the uploaded file's name and its place in it. */
export interface RecordSource {
  /** File name as uploaded (inside a zip: `zip name/entry name`). */
  file: string;
  /** Human-readable position: "line 12", "sms row 34", "calls row 7", "record 5", "entry 3". */
  position: string;
}

/** A party to a message or call, as the device knows it. */
export interface Party {
  /**
   * A stable key for the party within the extraction: a phone number in E.164 when it parses
   * (`+447700900123`), else an e-mail, a WhatsApp display name (`name:Dave B`), or a handle.
   */
  key: string;
  /** The name the device shows for them, if any (contact name, WhatsApp display name). */
  name?: string;
}

interface Base {
  /** Unique within the extraction: `r1`, `r2`, ... in import order. */
  id: string;
  source: RecordSource;
  /** ISO 8601 instant in UTC (`2024-03-12T21:15:03Z`). */
  at: string;
}

/** A message sent or received (SMS, MMS, iMessage, WhatsApp, a CSV row). */
export interface MessageRecord extends Base {
  kind: 'message';
  channel: 'sms' | 'mms' | 'imessage' | 'whatsapp' | 'other';
  /** `out`: sent by the device's owner; `in`: received. */
  direction: 'in' | 'out';
  /** The other party (for `in`, the sender; for `out`, the recipient; a group's sender for `in`). */
  party: Party;
  /** A group chat's name, when the message was in one. */
  group?: string;
  /** Text as written; empty for media only. */
  body: string;
  /** Attached media file names (as the export lists them), if any. */
  media?: string[];
  /** True for a deletion marker ("This message was deleted") rather than a message. */
  deleted?: boolean;
}

/** A call made, received or missed. */
export interface CallRecord extends Base {
  kind: 'call';
  channel: 'phone' | 'whatsapp' | 'other';
  direction: 'in' | 'out' | 'missed' | 'rejected';
  party: Party;
  durationSeconds: number;
}

/**
 * A place the device was: a raw fix (`fix`), or a visit to a named place (`visit`, from
 * Semantic Location History, with its end). WGS84 degrees.
 */
export interface LocationRecord extends Base {
  kind: 'location';
  type: 'fix' | 'visit';
  lat: number;
  lon: number;
  /** Accuracy radius in metres, when given. */
  accuracyMetres?: number;
  /** For a visit: when it ended (ISO 8601 UTC). */
  until?: string;
  /** For a visit: the place's name or address, when given. */
  place?: string;
}

/** An image found in the extraction (from a zip of images); its bytes are kept apart. */
export interface ImageRecord extends Base {
  kind: 'image';
  /** File name inside the zip. */
  name: string;
  /** SHA-256 of the image bytes, hex. */
  sha256: string;
  bytes: number;
  /** Where `at` comes from: the camera's EXIF capture time, or the zip entry's modification time. */
  timeFrom: 'camera' | 'zip';
}

export type DeviceRecord = MessageRecord | CallRecord | LocationRecord | ImageRecord;

/** The data kind a record belongs to. */
export function kindOf(record: DeviceRecord): DataKind {
  switch (record.kind) {
    case 'message':
      return 'messages';
    case 'call':
      return 'calls';
    case 'location':
      return 'locations';
    case 'image':
      return 'images';
  }
}

/** What an authorisation lets an import take: a period (inclusive, ISO dates) and data kinds. */
export interface ExtractionScope {
  /** First day authorised, `YYYY-MM-DD` (UTC). */
  from: string;
  /** Last day authorised, `YYYY-MM-DD` (UTC), inclusive. */
  to: string;
  kinds: DataKind[];
}

/** Why a record was left out of an import; counted, never kept. */
export type ExclusionReason =
  | 'before the authorised period'
  | 'after the authorised period'
  | `kind not authorised: ${DataKind}`;

/** Records inside the scope, and a count of those left out by reason. */
export interface Scoped {
  records: DeviceRecord[];
  excluded: Partial<Record<ExclusionReason, number>>;
}

/**
 * Keeps the records an authorisation covers, counting the rest by reason. Images are taken by
 * kind alone (their time is the zip's, not the photograph's).
 */
export function applyScope(records: readonly DeviceRecord[], scope: ExtractionScope): Scoped {
  const from = `${scope.from}T00:00:00Z`;
  const to = `${scope.to}T23:59:59.999Z`;
  const kinds = new Set(scope.kinds);
  const kept: DeviceRecord[] = [];
  const excluded: Partial<Record<ExclusionReason, number>> = {};
  const count = (reason: ExclusionReason) => {
    excluded[reason] = (excluded[reason] ?? 0) + 1;
  };
  for (const record of records) {
    const kind = kindOf(record);
    const at = new Date(record.at).toISOString();
    if (!kinds.has(kind)) count(`kind not authorised: ${kind}`);
    // An image's time is the zip entry's (when it was copied), not when it was taken, so the
    // period cannot place it: images are kept or left out by kind alone.
    else if (kind === 'images') kept.push(record);
    else if (at < new Date(from).toISOString()) count('before the authorised period');
    else if (at > new Date(to).toISOString()) count('after the authorised period');
    else kept.push(record);
  }
  return { records: kept, excluded };
}
