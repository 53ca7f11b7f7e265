import { z } from 'zod';
import { type AiModule, SILENT } from '../contract.ts';
import { extract } from './extract/extract.ts';
import type { PoleEntity } from './extract/types.ts';
import { defaultModel } from './ner/tagger.ts';
import { coMentions, timeline } from './patterns/patterns.ts';
import { type ResolvedEntity, resolveEntities } from './resolve/resolve.ts';
import { VERSION as SUMMARY_VERSION, summariseDocuments } from './summarise/summarise.ts';
import type { SummaryLine } from './summarise/types.ts';

export const POLE_MODULE_VERSION = '1.0.0';
/** The most documents one analysis reads (a case holds at most this many). */
export const MAX_DOCUMENTS = 1000;

const splitSchema = z.object({
  key: z.string(),
  mentions: z.array(z.object({ documentId: z.string(), start: z.number().int().nonnegative() })).min(1),
});

export const poleInputSchema = z.object({
  case: z.object({ id: z.string().uuid(), reference: z.string().min(1).max(100) }),
  documents: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1).max(300),
        text: z.string().max(5_000_000),
        /** When the document was written (ISO 8601): relative dates resolve against it. */
        date: z.string().optional(),
        /** What the file was: an e-mail's header block and a table's rows are not summarised. */
        kind: z.enum(['text', 'docx', 'pdf', 'eml', 'csv']).optional(),
      }),
    )
    .max(MAX_DOCUMENTS),
  /** Documents of the case that could not be read (a scan with no text layer), counted and named. */
  skipped: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string() })).default([]),
  /** Officers' splits of wrong merges, so an analysis never merges them back. */
  splits: z.array(splitSchema).default([]),
});

export const poleSettingsSchema = z.object({
  /** Lines of the case summary (key points across documents). */
  caseSummaryLines: z.number().int().min(1).max(50).default(10),
  /** Lines of each document's summary. */
  documentSummaryLines: z.number().int().min(1).max(10).default(3),
  /** Entities found by the recogniser below this confidence are left out (rules are near 1). */
  minConfidence: z.number().min(0).max(1).default(0.5),
});

const mentionSchema = z.object({
  documentId: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  confidence: z.number(),
  foundBy: z.string(),
});

const lineSchema = z.object({
  text: z.string(),
  documentId: z.string(),
  paragraph: z.number().int(),
  start: z.number().int(),
  end: z.number().int(),
  sentence: z.number().int(),
  date: z.string().optional(),
  scores: z.record(z.string(), z.number()),
});

export const poleOutputSchema = z.object({
  case: z.object({ id: z.string(), reference: z.string() }),
  entities: z.array(
    z.object({
      key: z.string(),
      category: z.enum(['person', 'object', 'location', 'event']),
      kind: z.string(),
      label: z.string(),
      value: z.string(),
      documents: z.array(z.string()),
      mentions: z.array(mentionSchema).min(1),
      reasons: z.array(z.object({ rule: z.string(), detail: z.string() })),
      attributes: z.record(z.string(), z.unknown()),
    }),
  ),
  caseSummary: z.array(lineSchema),
  documentSummaries: z.array(z.object({ documentId: z.string(), lines: z.array(lineSchema) })),
  timeline: z.array(
    z.object({
      when: z.string(),
      documentId: z.string(),
      start: z.number().int(),
      end: z.number().int(),
      text: z.string(),
      sentence: z.object({ start: z.number().int(), end: z.number().int(), text: z.string() }),
      offence: z.string().optional(),
      approximate: z.boolean().optional(),
      relative: z.boolean().optional(),
    }),
  ),
  /** Who and what are named in the same sentence (the 40 most mentioned, datetimes left out). */
  network: z.object({
    nodes: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        kind: z.string(),
        category: z.string(),
        mentions: z.number().int(),
      }),
    ),
    edges: z.array(
      z.object({ a: z.string(), b: z.string(), weight: z.number().int(), documents: z.array(z.string()) }),
    ),
  }),
  documents: z.array(z.object({ id: z.string(), name: z.string(), entities: z.number().int() })),
  skipped: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string() })),
  method: z.object({
    extractor: z.string(),
    recogniser: z.string(),
    summariser: z.string(),
    minConfidence: z.number(),
  }),
  /** What the reviewer changed: entities rejected or relabelled, summary lines struck out. */
  corrections: z
    .array(
      z.object({
        target: z.enum(['entity', 'summary-line']),
        key: z.string(),
        kind: z.string(),
        action: z.enum(['rejected', 'corrected']),
        from: z.string(),
        to: z.string().optional(),
      }),
    )
    .default([]),
});

export type PoleInput = z.infer<typeof poleInputSchema>;
export type PoleSettings = z.infer<typeof poleSettingsSchema>;
export type PoleOutput = z.infer<typeof poleOutputSchema>;
export type PoleLine = z.infer<typeof lineSchema>;

/** A resolved entity as the output holds it (its mentions without the finders' attributes). */
export const entityOutput = (r: ResolvedEntity): PoleOutput['entities'][number] => ({
  key: r.key,
  category: r.category,
  kind: r.kind,
  label: r.label,
  value: r.value,
  documents: r.documents,
  mentions: r.mentions.map(({ documentId, start, end, text, confidence, foundBy }) => ({
    documentId,
    start,
    end,
    text,
    confidence,
    foundBy,
  })),
  reasons: r.reasons,
  attributes: r.attributes,
});

/** The identity of a summary line, as reviewers and pages name it. */
export const lineKey = (l: Pick<SummaryLine, 'documentId' | 'start'>) => `${l.documentId}:${l.start}`;

/**
 * Case summary from the documents' own summaries: each document's best sentences are the
 * candidates for the key points across the case (a 500-document case stays a few thousand
 * candidates, not every sentence against every other).
 */
/**
 * The prose of a document, for its summary: a table (CSV) has none; an e-mail's header block
 * (From, To, Date, Subject) is blanked out, so offsets still point into the document.
 */
export function prose(d: PoleInput['documents'][number]): string | null {
  if (d.kind === 'csv') return null;
  if (d.kind !== 'eml') return d.text;
  const body = d.text.indexOf('\n\n');
  return body < 0 ? d.text : d.text.slice(0, body).replace(/[^\n]/g, ' ') + d.text.slice(body);
}

function summaries(input: PoleInput, settings: PoleSettings, progress: (share: number) => void) {
  const documentSummaries: Array<{ documentId: string; lines: SummaryLine[] }> = [];
  input.documents.forEach((d, i) => {
    const text = prose(d);
    if (text === null) return;
    const s = summariseDocuments([{ id: d.id, text, ...(d.date ? { date: d.date } : {}) }], {
      sentences: settings.documentSummaryLines,
    });
    documentSummaries.push({ documentId: d.id, lines: s.lines });
    progress(i / Math.max(1, input.documents.length));
  });
  const caseLines = caseSummary(input, documentSummaries, settings.caseSummaryLines);
  return { documentSummaries, caseSummary: caseLines };
}

function caseSummary(
  input: PoleInput,
  perDocument: Array<{ documentId: string; lines: SummaryLine[] }>,
  lines: number,
): SummaryLine[] {
  if (input.documents.length <= 1) return perDocument[0]?.lines.slice(0, lines) ?? [];
  // The chosen sentences of every document, each a one-sentence "document" at its own offsets,
  // summarised together; offsets are restored to the source document afterwards.
  const candidates = perDocument.flatMap((d) => d.lines);
  const docDate = new Map(input.documents.map((d) => [d.id, d.date]));
  const pseudo = candidates.map((l, i) => ({
    id: String(i),
    text: l.text,
    ...(l.date ? { date: l.date } : docDate.get(l.documentId) ? { date: docDate.get(l.documentId)! } : {}),
  }));
  const chosen = summariseDocuments(pseudo, { sentences: lines });
  return chosen.lines.map((c) => {
    const source = candidates[Number(c.documentId)]!;
    return { ...source, scores: c.scores };
  });
}

const recogniserName = () => {
  try {
    return `pole-ner ${defaultModel().info.version}`;
  } catch {
    return 'pole-ner';
  }
};

/**
 * Case files as an oversight-runtime module: POLE extraction (rules and Bluelamp's own entity
 * recogniser) over every readable document of a case, entities resolved across documents with
 * the reason for each merge, extractive summaries whose every line is a sentence of a document
 * with its offsets, and a timeline of dated events. Pure: the documents arrive in the input.
 */
export const poleModule: AiModule<
  typeof poleInputSchema,
  typeof poleSettingsSchema,
  typeof poleOutputSchema
> = {
  id: 'pole',
  version: POLE_MODULE_VERSION,
  title: 'Case files: POLE index and grounded summaries',
  personalData: true,
  // Its outputs are the case's names, numbers and quoted sentences: stored sealed.
  sealsOutput: true,
  execution: { kind: 'job' },
  // Nothing is released before a named person reviews it.
  review: { sampling: 'never', decisionMaker: false },
  inputSchema: poleInputSchema,
  settingsSchema: poleSettingsSchema,
  outputSchema: poleOutputSchema,
  run(input, settings, context = SILENT) {
    const found: PoleEntity[] = [];
    const perDocument = new Map<string, number>();
    input.documents.forEach((d, i) => {
      const entities = extract({ id: d.id, text: d.text, ...(d.date ? { date: d.date } : {}) }).filter(
        (e) => e.confidence >= settings.minConfidence,
      );
      perDocument.set(d.id, entities.length);
      found.push(...entities);
      if (i % 10 === 0) context.progress((0.6 * i) / Math.max(1, input.documents.length), 'extracting');
    });
    context.progress(0.6, 'resolving');
    const resolved = resolveEntities(found, { splits: input.splits });
    const rows = timeline(found, input.documents);
    context.progress(0.65, 'summarising');
    const { documentSummaries, caseSummary: caseLines } = summaries(input, settings, (share) =>
      context.progress(0.65 + 0.35 * share, 'summarising'),
    );
    const output: PoleOutput = {
      case: input.case,
      entities: resolved.map(entityOutput),
      caseSummary: caseLines,
      documentSummaries,
      timeline: rows,
      network: coMentions(resolved, input.documents, { window: 'sentence' }),
      documents: input.documents.map((d) => ({
        id: d.id,
        name: d.name,
        entities: perDocument.get(d.id) ?? 0,
      })),
      skipped: input.skipped,
      method: {
        extractor: `pole rules ${POLE_MODULE_VERSION}`,
        recogniser: recogniserName(),
        summariser: `bluelamp extractive ${SUMMARY_VERSION}`,
        minConfidence: settings.minConfidence,
      },
      corrections: [],
    };
    const byCategory = (c: string) => output.entities.filter((e) => e.category === c).length;
    const explanation = [
      `Read ${input.documents.length} document${input.documents.length === 1 ? '' : 's'} of case ${input.case.reference}${input.skipped.length ? `; ${input.skipped.length} could not be read (${input.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})` : ''}.`,
      `Found ${found.length} mentions by rules (identifiers checked by format and checksum) and by Bluelamp's entity recogniser (confidence at least ${settings.minConfidence}), resolved into ${output.entities.length} entities: ${byCategory('person')} people, ${byCategory('object')} objects, ${byCategory('location')} locations, ${byCategory('event')} events. Each merge of mentions names its reason.`,
      `Summaries are sentences quoted verbatim from the documents, each cited by document, paragraph and character offsets; nothing is generated or paraphrased. The case summary picks ${caseLines.length} key points from the documents' own summaries.`,
    ].join('\n');
    return { output, explanation, risky: true };
  },
  monitored: (input, output) => ({
    'input.documents': input.documents.length,
    'output.entities': output.entities.length,
    'output.people': output.entities.filter((e) => e.category === 'person').length,
  }),
};
