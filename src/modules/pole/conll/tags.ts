/**
 * Entity types and tag schemes. Spans are read from tags the way CoNLL's conlleval does, which
 * reads IOB1, IOB2 and IO alike: a chunk starts at B-X, or at I-X after O or another type, and
 * ends before O, B-anything or a different type.
 */

export const ENTITY_TYPES = ['PER', 'LOC', 'ORG', 'VEH', 'WEA'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** The types micro-averaged scores are taken over (names of people, places and organisations). */
export const NAME_TYPES: readonly EntityType[] = ['PER', 'LOC', 'ORG'];

const TYPE_NAMES: Record<string, EntityType> = {
  per: 'PER',
  pers: 'PER',
  person: 'PER',
  people: 'PER',
  loc: 'LOC',
  location: 'LOC',
  gpe: 'LOC',
  fac: 'LOC',
  facility: 'LOC',
  geo: 'LOC',
  place: 'LOC',
  org: 'ORG',
  organization: 'ORG',
  organisation: 'ORG',
  corporation: 'ORG',
  company: 'ORG',
  group: 'ORG',
  veh: 'VEH',
  vehicle: 'VEH',
  wea: 'WEA',
  weapon: 'WEA',
};

/** The Bluelamp type a corpus's type name stands for ("PERSON", "GPE", "corporation"), or null. */
export function canonicalType(name: string): EntityType | null {
  return TYPE_NAMES[name.toLowerCase()] ?? null;
}

/** A chunk of tokens [start, end) of one type. */
export interface Span {
  start: number;
  end: number;
  type: string;
}

/** True for a tag of the forms O, B-X, I-X, E-X, S-X, L-X, U-X. */
export function isTag(value: string): boolean {
  return value === 'O' || /^[BIESLU]-\S+$/.test(value);
}

function split(tag: string): { prefix: string; type: string } {
  if (tag === 'O' || tag.length < 3 || tag[1] !== '-') return { prefix: 'O', type: '' };
  return { prefix: tag[0]!, type: tag.slice(2) };
}

/** Chunks of a tag sequence, read as conlleval reads it (IOB1, IOB2, IO; BIOES/BILOU too). */
export function spansFromTags(tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  let previousPrefix = 'O';
  for (let i = 0; i < tags.length; i++) {
    const { prefix, type } = split(tags[i]!);
    const starts =
      prefix === 'B' ||
      prefix === 'S' ||
      prefix === 'U' ||
      (prefix !== 'O' &&
        (open === null ||
          open.type !== type ||
          previousPrefix === 'E' ||
          previousPrefix === 'S' ||
          previousPrefix === 'L' ||
          previousPrefix === 'U'));
    if (open && (prefix === 'O' || starts)) {
      open.end = i;
      spans.push(open);
      open = null;
    }
    if (starts) open = { start: i, end: i + 1, type };
    previousPrefix = prefix;
  }
  if (open) {
    open.end = tags.length;
    spans.push(open);
  }
  return spans;
}

/** IOB2 tags for spans over `length` tokens (spans must not overlap). */
export function tagsFromSpans(spans: readonly Span[], length: number): string[] {
  const tags = new Array<string>(length).fill('O');
  for (const span of spans) {
    for (let i = span.start; i < span.end; i++) tags[i] = `${i === span.start ? 'B' : 'I'}-${span.type}`;
  }
  return tags;
}

/** Tags with every type mapped to a Bluelamp type; unknown types become O. Output is IOB2. */
export function canonicalTags(tags: readonly string[]): string[] {
  const spans: Span[] = [];
  for (const span of spansFromTags(tags)) {
    const type = canonicalType(span.type);
    if (type) spans.push({ ...span, type });
  }
  return tagsFromSpans(spans, tags.length);
}
