import type { EntityKind, PoleCategory, PoleEntity } from '../extract/types.ts';

/**
 * Entity resolution across the documents of one case: which mentions, in which documents, name
 * the same person, vehicle, phone or place. Pure and deterministic: the same entities in any order
 * give the same entities back, each with the reasons its mentions were put together.
 */

/** Why two groups of mentions were put together. */
export type ReasonRule =
  | 'same-value'
  | 'name-variant'
  | 'title-surname'
  | 'date-of-birth'
  | 'co-identifier'
  | 'split';

export interface Reason {
  rule: ReasonRule;
  detail: string;
}

/** One place an entity is mentioned. */
export interface Mention {
  documentId: string;
  start: number;
  end: number;
  text: string;
  confidence: number;
  foundBy: string;
}

/** One person, object, location or event, with every mention of it across the case. */
export interface ResolvedEntity {
  /** Stable id: "registration-mark:AB12CDE", "person:john-smith". */
  key: string;
  category: PoleCategory;
  kind: EntityKind;
  /** Best display form: the longest full name of a person, the normalised value of an identifier. */
  label: string;
  value: string;
  /** Sorted by document, then offset. */
  mentions: Mention[];
  /** Distinct, sorted. */
  documents: string[];
  reasons: Reason[];
  /** Every value each attribute took across the mentions, distinct and sorted (role "unknown" left out). */
  attributes: Record<string, Array<string | number | boolean>>;
}

/**
 * An officer's correction of a wrong merge: the listed mentions leave the entity `key` and become
 * an entity of their own, never to be merged back with the rest of `key`.
 */
export interface Split {
  key: string;
  mentions: Array<{ documentId: string; start: number }>;
}

export interface ResolveOptions {
  splits?: readonly Split[];
}

/** The id of a mention within a case: document and offset. */
export function mentionId(m: { documentId: string; start: number }): string {
  return `${m.documentId}:${m.start}`;
}

/** Kinds whose extracted `value` is already a normalised identifier. */
const IDENTIFIER_KINDS = new Set<EntityKind>([
  'registration-mark',
  'phone',
  'email',
  'imei',
  'payment-card',
  'ip-address',
  'postcode',
  'account-number',
  'sort-code',
  'grid-reference',
  'coordinates',
]);
/** Identifiers beside which two name mentions are taken as the same person (with the same surname). */
const CO_IDENTIFIER_KINDS = new Set<EntityKind>(['registration-mark', 'phone', 'email', 'imei']);
const CO_IDENTIFIER_REACH = 100;
const NAMED_KINDS = new Set<EntityKind>(['organisation', 'place', 'address']);
const VALUE_KINDS = new Set<EntityKind>(['money', 'weapon', 'drug']);
const PER_MENTION_ATTRIBUTES = new Set(['sentence', 'sentenceStart', 'sentenceEnd']);
const CATEGORY_ORDER: Record<PoleCategory, number> = { person: 0, object: 1, location: 2, event: 3 };

const KIND_NAMES: Partial<Record<EntityKind, string>> = {
  'registration-mark': 'registration mark',
  phone: 'phone number',
  email: 'e-mail address',
  imei: 'IMEI',
  'payment-card': 'payment card',
  'ip-address': 'IP address',
  'account-number': 'account number',
  'sort-code': 'sort code',
  'grid-reference': 'grid reference',
};
const kindName = (kind: EntityKind) => KIND_NAMES[kind] ?? kind;

/** Words written before a name that are not part of it: titles, ranks and their abbreviations. */
const TITLE_WORDS = new Set(
  'mr mrs ms miss mx dr prof sir dame lady lord pc dc ds di ps ci dci dsu supt insp sgt pcso police detective chief constable sergeant inspector superintendent'.split(
    ' ',
  ),
);
const GENDER_OF_TITLE: Record<string, string> = {
  mr: 'male',
  sir: 'male',
  lord: 'male',
  mrs: 'female',
  ms: 'female',
  miss: 'female',
  dame: 'female',
  lady: 'female',
};

/** A person's name taken apart: lower-case words without titles, ranks, collar numbers or stops. */
interface NameParts {
  /** "john smith", "j smith", "smith". */
  normalised: string;
  surname: string;
  /** First forename written in full, or null for "J. Smith" and "Smith". */
  forename: string | null;
  /** First initial, from the forename or the initial written. */
  initial: string | null;
  form: 'full' | 'initial' | 'surname';
}

export function nameParts(name: string): NameParts | null {
  let words = name
    .replace(/[’`]/g, "'")
    .replace(/'s$/i, '')
    .toLowerCase()
    .split(/[\s.,;:()]+/)
    .map((w) => w.replace(/^['-]+|['-]+$/g, ''))
    .filter((w) => w !== '' && !/^\d+$/.test(w));
  while (words.length > 1 && TITLE_WORDS.has(words[0]!)) words = words.slice(1);
  if (words.length === 0) return null;
  const surname = words[words.length - 1]!;
  if (surname.length < 2) return null;
  const given = words.slice(0, -1);
  const first = given[0];
  const form = !first ? 'surname' : first.length === 1 ? 'initial' : 'full';
  return {
    normalised: words.join(' '),
    surname,
    forename: form === 'full' ? first! : null,
    initial: first ? first[0]! : null,
    form,
  };
}

/** Organisation and place names: case, punctuation, spacing and a leading "the" ignored. */
function normaliseName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the\s+/, '');
}

function compareMentions(a: PoleEntity, b: PoleEntity): number {
  return (
    cmp(a.documentId, b.documentId) ||
    a.start - b.start ||
    a.end - b.end ||
    cmp(a.kind, b.kind) ||
    cmp(a.value, b.value) ||
    cmp(a.text, b.text) ||
    cmp(a.foundBy, b.foundBy)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a group of mentions already says about who or what it is; two groups that disagree never join. */
interface Profile {
  surnames: Set<string>;
  forenames: Set<string>;
  initials: Set<string>;
  datesOfBirth: Set<string>;
  collarNumbers: Set<string>;
  genders: Set<string>;
  /** For each split: which side ("out" or "rest") of it the group's mentions are on. */
  sides: Map<number, Set<'out' | 'rest'>>;
}

const union = <T>(a: Set<T>, b: Set<T>) => new Set([...a, ...b]);

/** Union-find whose unions are refused when the groups disagree (cannot-link), recording why each was made. */
class Groups {
  private readonly parent: number[];
  private readonly profiles: Profile[];
  private readonly reasons: Reason[][];

  constructor(profiles: Profile[]) {
    this.parent = profiles.map((_, i) => i);
    this.profiles = profiles;
    this.reasons = profiles.map(() => []);
  }

  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root]!;
    let at = i;
    while (this.parent[at] !== root) {
      const next = this.parent[at]!;
      this.parent[at] = root;
      at = next;
    }
    return root;
  }

  profile(i: number): Profile {
    return this.profiles[this.find(i)]!;
  }

  reasonsOf(i: number): Reason[] {
    return this.reasons[this.find(i)]!;
  }

  canJoin(i: number, j: number): boolean {
    const a = this.profile(i);
    const b = this.profile(j);
    const one = (x: Set<string>, y: Set<string>) => union(x, y).size <= 1;
    if (
      !one(a.surnames, b.surnames) ||
      !one(a.forenames, b.forenames) ||
      !one(a.initials, b.initials) ||
      !one(a.datesOfBirth, b.datesOfBirth) ||
      !one(a.collarNumbers, b.collarNumbers) ||
      !one(a.genders, b.genders)
    )
      return false;
    for (const [split, sides] of a.sides) {
      const other = b.sides.get(split);
      if (other && union(sides, other).size > 1) return false;
    }
    return true;
  }

  /** Joins the groups of i and j unless they are one already or disagree; true when joined. */
  join(i: number, j: number, reason: Reason): boolean {
    const a = this.find(i);
    const b = this.find(j);
    if (a === b || !this.canJoin(a, b)) return false;
    const [root, child] = a < b ? [a, b] : [b, a];
    this.parent[child] = root;
    const p = this.profiles[root]!;
    const q = this.profiles[child]!;
    const sides = new Map(p.sides);
    for (const [split, s] of q.sides) sides.set(split, union(sides.get(split) ?? new Set(), s));
    this.profiles[root] = {
      surnames: union(p.surnames, q.surnames),
      forenames: union(p.forenames, q.forenames),
      initials: union(p.initials, q.initials),
      datesOfBirth: union(p.datesOfBirth, q.datesOfBirth),
      collarNumbers: union(p.collarNumbers, q.collarNumbers),
      genders: union(p.genders, q.genders),
      sides,
    };
    this.reasons[root] = [...this.reasons[root]!, ...this.reasons[child]!, reason];
    return true;
  }

  /** The groups, each as its members' indices in ascending order, ordered by their first member. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    this.parent.forEach((_, i) => {
      const root = this.find(i);
      const members = byRoot.get(root);
      if (members) members.push(i);
      else byRoot.set(root, [i]);
    });
    return [...byRoot.values()];
  }
}

/** A split as mention indices: those taken out, and the rest of the entity they were taken from. */
interface Constraint {
  key: string;
  out: number[];
  rest: number[];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The attribute of a mention as a string, if it has one. */
function attr(e: PoleEntity, name: string): string | null {
  const v = e.attributes[name];
  return v === undefined || v === '' ? null : String(v);
}

/** The key under which mentions of the same thing are grouped by value, or null to leave it alone. */
function valueKey(e: PoleEntity): string | null {
  if (IDENTIFIER_KINDS.has(e.kind)) {
    if (e.kind === 'payment-card') return attr(e, 'fingerprint') ?? e.value;
    if (e.kind === 'email') return e.value.toLowerCase();
    if (e.kind === 'postcode' || e.kind === 'registration-mark' || e.kind === 'grid-reference')
      return e.value.replace(/\s+/g, '').toUpperCase();
    return e.value;
  }
  if (NAMED_KINDS.has(e.kind)) return normaliseName(e.value) || null;
  if (VALUE_KINDS.has(e.kind)) return e.value.toLowerCase().trim() || null;
  if (e.kind === 'vehicle') return e.attributes.make ? e.value.toLowerCase().trim() : null;
  if (e.kind === 'datetime') return /^\d{4}-\d{2}-\d{2}/.test(e.value) ? e.value : null;
  return null;
}

function describeValue(e: PoleEntity): string {
  if (IDENTIFIER_KINDS.has(e.kind)) return `same normalised ${kindName(e.kind)} ${e.value}`;
  if (NAMED_KINDS.has(e.kind)) return `same ${kindName(e.kind)} name '${normaliseName(e.value)}'`;
  if (e.kind === 'datetime') return `same date and time ${e.value}`;
  return `same ${kindName(e.kind)} '${e.value.toLowerCase()}'`;
}

function profileOf(e: PoleEntity, name: NameParts | null, index: number, constraints: Constraint[]): Profile {
  const sides = new Map<number, Set<'out' | 'rest'>>();
  constraints.forEach((c, k) => {
    if (c.out.includes(index)) sides.set(k, new Set(['out']));
    else if (c.rest.includes(index)) sides.set(k, new Set(['rest']));
  });
  const set = (v: string | null | undefined) => new Set(v ? [v] : []);
  if (!name) {
    const none = new Set<string>();
    return {
      surnames: none,
      forenames: none,
      initials: none,
      datesOfBirth: none,
      collarNumbers: none,
      genders: none,
      sides,
    };
  }
  const title = attr(e, 'title')?.toLowerCase();
  return {
    surnames: set(name.surname),
    forenames: set(name.forename),
    initials: set(name.initial),
    datesOfBirth: set(attr(e, 'dateOfBirth')),
    collarNumbers: set(attr(e, 'collarNumber')),
    genders: set(title ? GENDER_OF_TITLE[title] : undefined),
    sides,
  };
}

/** How a person mention is shown in a reason: as written, title and all. */
const quoted = (e: PoleEntity) => `'${e.text.replace(/\s+/g, ' ').trim()}'`;

/** Puts the mentions into groups, one per entity, under the given splits. */
function cluster(
  entities: readonly PoleEntity[],
  constraints: Constraint[],
): { groups: number[][]; reasons: (i: number) => Reason[] } {
  const names = entities.map((e) => (e.kind === 'person' ? nameParts(e.value || e.text) : null));
  const g = new Groups(entities.map((e, i) => profileOf(e, names[i]!, i, constraints)));
  const all = entities.map((_, i) => i);

  // Officers' splits: the mentions taken out stay together as one entity.
  constraints.forEach((c) => {
    for (const i of c.out.slice(1))
      g.join(c.out[0]!, i, { rule: 'split', detail: `split out of ${c.key} by an officer` });
  });

  // Identifiers, names of places and organisations, objects and dates: the same normalised value.
  for (const members of groupBy(all, (i) => {
    const e = entities[i]!;
    if (e.kind === 'person') return null;
    const v = valueKey(e);
    return v === null ? null : `${e.kind}\u0000${v}`;
  }).values())
    for (const i of members.slice(1))
      g.join(members[0]!, i, { rule: 'same-value', detail: describeValue(entities[members[0]!]!) });

  const people = all.filter((i) => names[i]);
  const name = (i: number) => names[i]!;

  // The same full name, ignoring case, punctuation, titles and ranks. When the case holds the name
  // with two dates of birth, a mention without one joins only the one born in the same document.
  for (const members of groupBy(
    people.filter((i) => name(i).form === 'full'),
    (i) => name(i).normalised,
  ).values()) {
    const detail = `same name '${entities[members[0]!]!.value}'`;
    const dob = (i: number) => attr(entities[i]!, 'dateOfBirth');
    const dated = groupBy(members, dob);
    for (const same of dated.values())
      for (const i of same.slice(1)) g.join(same[0]!, i, { rule: 'same-value', detail });
    const undated = members.filter((i) => !dob(i));
    if (dated.size <= 1) {
      const anchor = members[0]!;
      for (const i of members) g.join(anchor, i, { rule: 'same-value', detail });
      continue;
    }
    for (const inDocument of groupBy(undated, (i) => entities[i]!.documentId).values()) {
      const datedHere = groupBy(
        members.filter((i) => dob(i) && entities[i]!.documentId === entities[inDocument[0]!]!.documentId),
        dob,
      );
      const anchor = datedHere.size === 1 ? [...datedHere.values()][0]![0]! : inDocument[0]!;
      for (const i of inDocument) g.join(anchor, i, { rule: 'same-value', detail });
    }
  }

  // The same date of birth and surname (forenames, where given, must agree).
  for (const members of groupBy(people, (i) => {
    const dob = attr(entities[i]!, 'dateOfBirth');
    return dob ? `${name(i).surname}\u0000${dob}` : null;
  }).values())
    for (const i of members.slice(1))
      g.join(members[0]!, i, {
        rule: 'date-of-birth',
        detail: `${quoted(entities[members[0]!]!)} and ${quoted(entities[i]!)} both born ${attr(entities[i]!, 'dateOfBirth')}`,
      });

  // Groups seen as one person: the roots of the people's groups, with what their names say.
  const personGroups = () => {
    const out = new Map<number, number[]>();
    for (const i of people) {
      const r = g.find(i);
      out.set(r, [...(out.get(r) ?? []), i]);
    }
    return [...out.entries()].sort((a, b) => a[0] - b[0]);
  };
  const fullNameOf = (members: number[]) =>
    members
      .filter((i) => name(i).form === 'full')
      .map((i) => entities[i]!.value)
      .sort((a, b) => b.length - a.length || cmp(a, b))[0];

  // "J. Smith" and the one full name in the case with that initial and surname.
  {
    const snapshot = personGroups();
    const joins: Array<[number, number, Reason]> = [];
    const unmatched: number[] = [];
    for (const [root, members] of snapshot) {
      const p = g.profile(root);
      if (p.forenames.size > 0 || p.initials.size !== 1 || p.surnames.size !== 1) continue;
      const [initial] = p.initials;
      const [surname] = p.surnames;
      const matches = snapshot.filter(([other]) => {
        const o = g.profile(other);
        return other !== root && o.surnames.has(surname!) && [...o.forenames].some((f) => f[0] === initial);
      });
      if (matches.length === 1) {
        const form = members.find((i) => name(i).form === 'initial')!;
        const [other, otherMembers] = matches[0]!;
        joins.push([
          root,
          other,
          {
            rule: 'name-variant',
            detail: `'${entities[form]!.value}' is an initial form of '${fullNameOf(otherMembers)}'`,
          },
        ]);
      } else if (matches.length === 0) unmatched.push(root);
    }
    for (const same of groupBy(unmatched, (r) =>
      [...g.profile(r).initials, ...g.profile(r).surnames].join(' '),
    ).values())
      for (const r of same.slice(1))
        joins.push([
          same[0]!,
          r,
          {
            rule: 'same-value',
            detail: `same name '${entities[r]!.value}', and no full name in the case to match it`,
          },
        ]);
    for (const [a, b, reason] of joins) g.join(a, b, reason);
  }

  // "Mr Smith" and the one person in the case with that surname and a forename or initial.
  {
    const snapshot = personGroups();
    const joins: Array<[number, number, Reason]> = [];
    const unmatched: number[] = [];
    for (const [root, members] of snapshot) {
      const p = g.profile(root);
      if (p.forenames.size > 0 || p.initials.size > 0 || p.surnames.size !== 1) continue;
      const [surname] = p.surnames;
      const matches = snapshot.filter(([other]) => {
        const o = g.profile(other);
        return other !== root && o.surnames.has(surname!) && o.initials.size > 0;
      });
      if (matches.length === 1) {
        const [other, otherMembers] = matches[0]!;
        const fuller =
          fullNameOf(otherMembers) ?? entities[otherMembers.find((i) => name(i).form === 'initial')!]!.value;
        joins.push([
          root,
          other,
          {
            rule: 'title-surname',
            detail: `${quoted(entities[members[0]!]!)} taken as '${fuller}', the only person named ${entities[members[0]!]!.value.replace(/['’]s$/, '')} in the case`,
          },
        ]);
      } else if (matches.length === 0) unmatched.push(root);
    }
    for (const same of groupBy(unmatched, (r) => [...g.profile(r).surnames][0]!).values())
      for (const r of same.slice(1))
        joins.push([
          same[0]!,
          r,
          {
            rule: 'title-surname',
            detail: `${quoted(entities[same[0]!]!)} and ${quoted(entities[r]!)}: the same surname, and no fuller name in the case`,
          },
        ]);
    for (const [a, b, reason] of joins) g.join(a, b, reason);
  }

  // Named beside the same phone, e-mail address, registration mark or IMEI in different documents:
  // evidence that settles what the names alone left open.
  const beside = new Map<string, Array<{ person: number; identifier: number }>>();
  for (const i of all) {
    const e = entities[i]!;
    if (!CO_IDENTIFIER_KINDS.has(e.kind)) continue;
    const k = `${e.kind}\u0000${valueKey(e)}`;
    for (const p of people) {
      const q = entities[p]!;
      const gap = Math.max(q.start, e.start) - Math.min(q.end, e.end);
      if (q.documentId === e.documentId && gap <= CO_IDENTIFIER_REACH)
        beside.set(k, [...(beside.get(k) ?? []), { person: p, identifier: i }]);
    }
  }
  for (const [, list] of [...beside].sort((a, b) => cmp(a[0], b[0]))) {
    // Beside two people of one surname with different forenames (John and James Smith): no evidence.
    const forenames = groupBy(list, (x) => name(x.person).surname);
    const ambiguous = new Set(
      [...forenames]
        .filter(([, xs]) => new Set(xs.flatMap((x) => [...g.profile(x.person).forenames])).size > 1)
        .map(([surname]) => surname),
    );
    for (const a of list)
      for (const b of list) {
        const p = entities[a.person]!;
        const q = entities[b.person]!;
        if (b.person <= a.person || p.documentId === q.documentId) continue;
        if (name(a.person).surname !== name(b.person).surname || ambiguous.has(name(a.person).surname))
          continue;
        const id = entities[a.identifier]!;
        g.join(a.person, b.person, {
          rule: 'co-identifier',
          detail: `${quoted(p)} and ${quoted(q)} both named beside ${kindName(id.kind)} ${id.value}`,
        });
      }
  }

  return { groups: g.groups(), reasons: (i) => g.reasonsOf(i) };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[’']/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'unnamed'
  );
}

function mostFrequent(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || cmp(a[0], b[0]))[0]![0];
}

function labelOf(members: PoleEntity[]): { label: string; value: string; base: string } {
  const first = members[0]!;
  if (first.kind === 'person') {
    const forms = members.map((e) => ({ e, name: nameParts(e.value || e.text) }));
    const rank = { full: 0, initial: 1, surname: 2 } as const;
    const best = forms
      .map(({ e, name }) => ({ text: (e.value || e.text).replace(/\s+/g, ' ').trim(), name }))
      .sort(
        (a, b) =>
          (a.name ? rank[a.name.form] : 3) - (b.name ? rank[b.name.form] : 3) ||
          b.text.length - a.text.length ||
          cmp(a.text, b.text),
      )[0]!;
    return { label: best.text, value: best.text, base: `person:${slug(best.name?.normalised ?? best.text)}` };
  }
  const v = valueKey(first);
  if (IDENTIFIER_KINDS.has(first.kind))
    return { label: first.value, value: first.value, base: `${first.kind}:${v ?? first.value}` };
  if (first.kind === 'datetime' && v)
    return { label: first.value, value: first.value, base: `datetime:${first.value}` };
  const label = mostFrequent(members.map((e) => e.value.replace(/\s+/g, ' ').trim() || e.text));
  const base = v === null ? `${first.kind}:${mentionId(first)}` : `${first.kind}:${slug(v)}`;
  return { label, value: label, base };
}

function mergeAttributes(members: PoleEntity[]): Record<string, Array<string | number | boolean>> {
  const out = new Map<string, Set<string | number | boolean>>();
  for (const e of members)
    for (const [k, v] of Object.entries(e.attributes)) {
      if (PER_MENTION_ATTRIBUTES.has(k) || (k === 'role' && v === 'unknown')) continue;
      out.set(k, (out.get(k) ?? new Set()).add(v));
    }
  const sorted: Record<string, Array<string | number | boolean>> = {};
  for (const k of [...out.keys()].sort(cmp))
    sorted[k] = [...out.get(k)!].sort((a, b) =>
      typeof a === 'number' && typeof b === 'number' ? a - b : cmp(String(a), String(b)),
    );
  return sorted;
}

function build(entities: readonly PoleEntity[], constraints: Constraint[]): ResolvedEntity[] {
  const { groups, reasons } = cluster(entities, constraints);
  const built = groups.map((members) => {
    const es = members.map((i) => entities[i]!);
    const { label, value, base } = labelOf(es);
    const seen = new Set<string>();
    const why = reasons(members[0]!).filter((r) => {
      const k = `${r.rule}\u0000${r.detail}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return {
      base,
      entity: {
        key: base,
        category: es[0]!.category,
        kind: es[0]!.kind,
        label,
        value,
        mentions: es.map((e) => ({
          documentId: e.documentId,
          start: e.start,
          end: e.end,
          text: e.text,
          confidence: e.confidence,
          foundBy: e.foundBy,
        })),
        documents: [...new Set(es.map((e) => e.documentId))].sort(cmp),
        reasons: why,
        attributes: mergeAttributes(es),
      } satisfies ResolvedEntity,
    };
  });
  // Two entities with the same key (a split, or two people of one name): the larger keeps it.
  for (const same of groupBy(built, (b) => b.base).values()) {
    same.sort(
      (a, b) =>
        b.entity.mentions.length - a.entity.mentions.length ||
        cmp(mentionId(a.entity.mentions[0]!), mentionId(b.entity.mentions[0]!)),
    );
    same.forEach((b, n) => {
      if (n > 0) b.entity.key = `${b.base}~${n + 1}`;
    });
  }
  return built
    .map((b) => b.entity)
    .sort(
      (a, b) =>
        CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] ||
        b.documents.length - a.documents.length ||
        cmp(a.label, b.label) ||
        cmp(a.key, b.key),
    );
}

/**
 * Resolves the entities found in a case's documents into one entity per person, object, location
 * or event. Identifiers join on their normalised value; people on their name (full, initial form,
 * or title and surname when only one person in the case fits), date of birth, or a shared phone,
 * e-mail or registration mark; never two dates of birth, collar numbers or forenames in one
 * person. Officers' splits are kept apart for good.
 */
export function resolveEntities(
  entities: readonly PoleEntity[],
  options: ResolveOptions = {},
): ResolvedEntity[] {
  const seen = new Set<string>();
  const sorted = [...entities].sort(compareMentions).filter((e) => {
    const k = `${mentionId(e)}:${e.end}:${e.kind}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const indexOf = new Map<string, number[]>();
  sorted.forEach((e, i) => {
    indexOf.set(mentionId(e), [...(indexOf.get(mentionId(e)) ?? []), i]);
  });
  const constraints: Constraint[] = [];
  for (const split of options.splits ?? []) {
    const current = build(sorted, constraints);
    const out = [...new Set(split.mentions.flatMap((m) => indexOf.get(mentionId(m)) ?? []))].sort(
      (a, b) => a - b,
    );
    if (out.length === 0) continue;
    const outIds = new Set(out.map((i) => mentionId(sorted[i]!)));
    const overlap = (r: ResolvedEntity) => r.mentions.filter((m) => outIds.has(mentionId(m))).length;
    const from =
      current.find((r) => r.key === split.key) ??
      [...current].filter((r) => overlap(r) > 0).sort((a, b) => overlap(b) - overlap(a))[0];
    if (!from) continue;
    const rest = from.mentions
      .filter((m) => !outIds.has(mentionId(m)))
      .flatMap((m) => indexOf.get(mentionId(m)) ?? []);
    if (rest.length === 0) continue;
    constraints.push({ key: split.key, out, rest });
  }
  return build(sorted, constraints);
}
