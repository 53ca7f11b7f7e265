import { spansFromTags } from '../conll/tags.ts';
import type { NerModel } from '../ner/model-file.ts';
import { decodeDocument, defaultModel } from '../ner/tagger.ts';
import { type Sentence, sentences } from '../text/tokenize.ts';
import { findDates, findTimes } from './dates.ts';
import { findMoney } from './money.ts';
import { findEmails, findIpAddresses } from './network.ts';
import { findBankDetails, findImeisAndCards, findPhones } from './numbers.ts';
import { findLexiconObjects } from './objects.ts';
import { offenceCategory } from './offences.ts';
import { birthDetails, findTitledNames, roleOf } from './people.ts';
import { findAddresses, findCoordinates, findGridReferences, findPostcodes } from './places.ts';
import type { Found, PoleDocument, PoleEntity } from './types.ts';
import { findRegistrationMarks } from './vehicles.ts';

export interface ExtractOptions {
  model?: NerModel;
}

/** Structured identifiers, most certain first: a later finding overlapping an earlier one is dropped. */
export function findIdentifiers(text: string): Found[] {
  return [
    ...findEmails(text),
    ...findIpAddresses(text),
    ...findImeisAndCards(text),
    ...findBankDetails(text),
    ...findPhones(text),
    ...findPostcodes(text),
    ...findRegistrationMarks(text),
    ...findGridReferences(text),
    ...findCoordinates(text),
    ...findMoney(text),
  ];
}

function keepFirst(found: readonly Found[]): Found[] {
  const kept: Found[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && f.end > k.start)) kept.push(f);
  return kept;
}

function sentenceOf(all: readonly Sentence[], offset: number): Sentence | undefined {
  return all.find((s) => offset >= s.start && offset < s.end);
}

/**
 * Names from the recogniser in the document's sentences, as character spans with the model's
 * confidence; the same name is given the same type throughout the document (ner/document.ts).
 */
function names(
  model: NerModel,
  all: readonly Sentence[],
): Array<{ type: string; start: number; end: number; confidence: number }> {
  const decoded = decodeDocument(
    all.map((sentence) => sentence.tokens.map((t) => t.text)),
    model,
  );
  return all.flatMap((sentence, k) =>
    spansFromTags(decoded[k]!.tags).map((s) => ({
      type: s.type,
      start: sentence.tokens[s.start]!.start,
      end: sentence.tokens[s.end - 1]!.end,
      confidence: Math.min(...decoded[k]!.confidence.slice(s.start, s.end)),
    })),
  );
}

function people(text: string, all: readonly Sentence[], model: NerModel, documentDate: Date | null): Found[] {
  const version = `model:${model.info.version}`;
  const out: Found[] = [];
  const titled = findTitledNames(text);
  const recognised = names(model, all);
  const persons = recognised.filter((r) => r.type === 'PER');
  const used = new Set<number>();
  for (const t of titled) {
    const overlapping = persons.findIndex((p) => p.start < t.end && p.end > t.nameStart);
    if (overlapping >= 0) used.add(overlapping);
    const p = persons[overlapping];
    const end = p ? Math.max(p.end, t.end) : t.end;
    out.push(
      person(
        text,
        all,
        t.start,
        end,
        t.nameStart,
        p ? `${version}+rule:title` : 'rule:title-name',
        p ? Math.max(p.confidence, 0.9) : 0.85,
        documentDate,
        {
          title: t.title,
          ...(t.rank ? { rank: t.rank } : {}),
          ...(t.collarNumber ? { collarNumber: t.collarNumber } : {}),
        },
      ),
    );
  }
  persons.forEach((p, i) => {
    if (!used.has(i))
      out.push(person(text, all, p.start, p.end, p.start, version, p.confidence, documentDate, {}));
  });
  for (const r of recognised) {
    if (r.type === 'PER') continue;
    out.push({
      category: r.type === 'ORG' ? 'person' : 'location',
      kind: r.type === 'ORG' ? 'organisation' : 'place',
      text: text.slice(r.start, r.end),
      value: text.slice(r.start, r.end).replace(/\s+/g, ' '),
      start: r.start,
      end: r.end,
      confidence: round(r.confidence),
      foundBy: version,
      attributes: {},
    });
  }
  return out;
}

function person(
  text: string,
  all: readonly Sentence[],
  start: number,
  end: number,
  nameStart: number,
  foundBy: string,
  confidence: number,
  documentDate: Date | null,
  attributes: Record<string, string>,
): Found {
  const sentence = sentenceOf(all, start);
  const sentenceText = sentence ? text.slice(sentence.start, sentence.end) : '';
  const offset = sentence?.start ?? 0;
  const role = attributes.rank ? 'officer' : roleOf(sentenceText, start - offset, end - offset);
  const name = text
    .slice(nameStart, end)
    .replace(/\s+/g, ' ')
    .replace(/['’]s$/, '');
  return {
    category: 'person',
    kind: 'person',
    text: text.slice(start, end),
    value: name,
    start,
    end,
    confidence: round(confidence),
    foundBy,
    attributes: { ...attributes, role, ...birthDetails(text, nameStart, end, documentDate) },
  };
}

function events(text: string, all: readonly Sentence[], documentDate: Date | null): Found[] {
  const dates = findDates(text, documentDate).filter(
    (d) =>
      !/\b(DOB|D\.O\.B\.?|date of birth|born(?: on)?)[:\s]*$/i.test(
        text.slice(Math.max(0, d.start - 20), d.start),
      ),
  );
  const times = findTimes(text).filter((t) => !dates.some((d) => t.start < d.end && t.end > d.start));
  const out: Found[] = [];
  const usedTimes = new Set<number>();
  for (const d of dates) {
    const sentence = sentenceOf(all, d.start);
    const near = times.findIndex(
      (t, i) =>
        !usedTimes.has(i) &&
        sentenceOf(all, t.start) === sentence &&
        (Math.abs(t.start - d.end) < 30 || Math.abs(d.start - t.end) < 30),
    );
    const time = near >= 0 ? times[near] : undefined;
    if (time) usedTimes.add(near);
    out.push(
      event(
        text,
        sentence,
        Math.min(d.start, time?.start ?? d.start),
        Math.max(d.end, time?.end ?? d.end),
        d.date,
        time?.time,
        {
          relative: d.relative,
          ...(time?.approximate ? { approximate: true } : {}),
        },
      ),
    );
  }
  times.forEach((t, i) => {
    if (usedTimes.has(i)) return;
    const base = documentDate ? documentDate.toISOString().slice(0, 10) : null;
    out.push(
      event(text, sentenceOf(all, t.start), t.start, t.end, base, t.time, {
        dateFromDocument: base !== null,
        ...(t.approximate ? { approximate: true } : {}),
      }),
    );
  });
  return out;
}

function event(
  text: string,
  sentence: Sentence | undefined,
  start: number,
  end: number,
  date: string | null,
  time: string | undefined,
  attributes: Record<string, string | boolean>,
): Found {
  const sentenceText = sentence ? text.slice(sentence.start, sentence.end) : text.slice(start, end);
  const offence = offenceCategory(sentenceText);
  return {
    category: 'event',
    kind: 'datetime',
    text: text.slice(start, end),
    value: date ? (time ? `${date}T${time}` : date) : time ? `T${time}` : '',
    start,
    end,
    confidence: date ? 0.9 : 0.6,
    foundBy: 'rule:datetime',
    attributes: {
      ...attributes,
      sentence: sentenceText,
      sentenceStart: sentence?.start ?? start,
      sentenceEnd: sentence?.end ?? end,
      ...(offence ? { offenceCategory: offence } : {}),
    },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * POLE extraction over one document's text: people (names from Bluelamp's recogniser, with ranks,
 * titles, dates of birth, ages and roles), objects (vehicles and registration marks, phones,
 * IMEIs, e-mail and IP addresses, bank details, payment cards, weapons, drugs, money), locations
 * (postcodes, street addresses, place names, grid references, coordinates) and events (dates and
 * times in ISO 8601 with their sentence and offence category). Pure: no I/O beyond the committed
 * model, read once.
 */
export function extract(document: PoleDocument, options: ExtractOptions = {}): PoleEntity[] {
  const { text } = document;
  const model = options.model ?? defaultModel();
  const documentDate = document.date
    ? new Date(document.date.length === 10 ? `${document.date}T12:00:00Z` : document.date)
    : null;
  if (documentDate && Number.isNaN(documentDate.getTime()))
    throw new Error(`document ${document.id}: date "${document.date}" is not ISO 8601`);
  const all = sentences(text);
  const identifiers = keepFirst(findIdentifiers(text));
  const addresses = findAddresses(text);
  const timeline = events(text, all, documentDate);
  const lexical = all.flatMap((s) => findLexiconObjects(text, s));
  const named = people(text, all, model, documentDate);
  // identifiers win over everything; dates over addresses and names; addresses over place names
  const ranked = keepFirst([
    ...identifiers,
    ...timeline,
    ...named.filter((n) => n.kind === 'person'),
    ...addresses,
    ...lexical,
    ...named.filter((n) => n.kind !== 'person'),
  ]);
  return ranked
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((f) => ({ ...f, documentId: document.id }));
}
