/** POLE categories: People, Objects, Locations, Events. */
export type PoleCategory = 'person' | 'object' | 'location' | 'event';

export type EntityKind =
  | 'person'
  | 'organisation'
  | 'registration-mark'
  | 'vehicle'
  | 'phone'
  | 'imei'
  | 'email'
  | 'ip-address'
  | 'sort-code'
  | 'account-number'
  | 'payment-card'
  | 'weapon'
  | 'drug'
  | 'money'
  | 'postcode'
  | 'address'
  | 'place'
  | 'grid-reference'
  | 'coordinates'
  | 'datetime';

/** One thing found in a document, with where and how it was found. */
export interface PoleEntity {
  category: PoleCategory;
  kind: EntityKind;
  /** The text as written. */
  text: string;
  /** The normalised value (e.g. "AB12CDE", "+447700900123", "2024-03-05T23:00"). */
  value: string;
  documentId: string;
  /** Character offsets [start, end) in the document text. */
  start: number;
  end: number;
  /** 0..1: rules with a checksum or strict format near 1; the recogniser's own score otherwise. */
  confidence: number;
  /** The rule id ("rule:vrm-current") or model ("model:pole-ner-...") that found it. */
  foundBy: string;
  /** Further facts: title, rank, role, date of birth, make, colour, offence category... */
  attributes: Record<string, string | number | boolean>;
}

/** A document to extract from: its id, its text, and the date it was written (ISO 8601). */
export interface PoleDocument {
  id: string;
  text: string;
  /** Date (and time) of the document, against which "yesterday" or "last Tuesday" resolve. */
  date?: string;
}

/** A match found by a rule before it becomes an entity. */
export type Found = Omit<PoleEntity, 'documentId'>;
