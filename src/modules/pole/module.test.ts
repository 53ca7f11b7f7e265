import { describe, expect, it } from 'vitest';
import { poleModule } from './module.ts';
import { generateIdentifierSet } from './testset/generate.ts';

const CASE = { id: '00000000-0000-4000-8000-000000000001', reference: 'T/500' };

describe('the case-file module', () => {
  it('analyses a 500-document case with progress, every line and mention quoted from its document', () => {
    const docs = generateIdentifierSet(500, 7).map((d, i) => ({
      id: d.id,
      name: `doc-${i}.txt`,
      text: d.text,
    }));
    const input = poleModule.inputSchema.parse({ case: CASE, documents: docs });
    const progress: Array<[number, string]> = [];
    const { output, explanation, risky } = poleModule.run(input, poleModule.settingsSchema.parse({}), {
      progress: (share, stage) => progress.push([share, stage]),
    });
    expect(poleModule.outputSchema.safeParse(output).success).toBe(true);
    expect(risky).toBe(true);
    expect(explanation).toContain('Read 500 documents of case T/500');
    expect(progress.map(([s]) => s)).toEqual([...progress.map(([s]) => s)].sort((a, b) => a - b));
    expect(new Set(progress.map(([, stage]) => stage))).toEqual(
      new Set(['extracting', 'resolving', 'summarising']),
    );
    const text = new Map(docs.map((d) => [d.id, d.text]));
    expect(output.documentSummaries).toHaveLength(500);
    expect(output.caseSummary).toHaveLength(10);
    for (const l of [...output.caseSummary, ...output.documentSummaries.flatMap((d) => d.lines)])
      expect(text.get(l.documentId)!.slice(l.start, l.end)).toBe(l.text);
    for (const m of output.entities.flatMap((e) => e.mentions))
      expect(text.get(m.documentId)!.slice(m.start, m.end)).toBe(m.text);
    // The same phone written in several documents is one entity, found in each.
    const shared = output.entities.filter((e) => e.kind === 'phone' && e.documents.length > 1);
    for (const e of shared) expect(e.reasons.map((r) => r.rule)).toContain('same-value');
  }, 120_000);

  it('summarises the body of an e-mail, not its header, and no table', () => {
    const mail =
      'From: CCTV Control Room <cctv@example.com>\nTo: PC Jamie Lewis <jamie.lewis@example.com>\nSubject: Footage of the silver Ford Focus on Queen Street tonight\n\nCamera QS-04 recorded the silver Ford Focus stopping outside the shop at 23:28.';
    const rows = 'Row 1: date: 2026-03-06; from: 07700 900456; to: 07700 900789; seconds: 48';
    const input = poleModule.inputSchema.parse({
      case: CASE,
      documents: [
        { id: 'm', name: 'mail.eml', text: mail, kind: 'eml' },
        { id: 'c', name: 'calls.csv', text: rows, kind: 'csv' },
      ],
    });
    const { output } = poleModule.run(input, poleModule.settingsSchema.parse({}));
    expect(output.documentSummaries.map((d) => d.documentId)).toEqual(['m']);
    const lines = output.documentSummaries[0]!.lines;
    expect(lines.map((l) => l.text)).toEqual([
      'Camera QS-04 recorded the silver Ford Focus stopping outside the shop at 23:28.',
    ]);
    expect(mail.slice(lines[0]!.start, lines[0]!.end)).toBe(lines[0]!.text);
    expect(output.entities.some((e) => e.documents.includes('c'))).toBe(true);
  });

  it('names the documents it could not read, and keeps an officer’s split', () => {
    const text = 'Call 07700 900111 now. John Smith said to call 07700 900111 again.';
    const input = poleModule.inputSchema.parse({
      case: CASE,
      documents: [{ id: 'a', name: 'a.txt', text }],
      skipped: [{ id: 'b', name: 'scan.pdf', reason: 'no text layer (a scan): it needs OCR' }],
      splits: [
        { key: 'phone:+447700900111', mentions: [{ documentId: 'a', start: text.lastIndexOf('07700') }] },
      ],
    });
    const { output, explanation } = poleModule.run(input, poleModule.settingsSchema.parse({}));
    expect(explanation).toContain('scan.pdf: no text layer');
    expect(output.skipped.map((s) => s.name)).toEqual(['scan.pdf']);
    expect(output.entities.filter((e) => e.kind === 'phone').map((e) => e.mentions.length)).toEqual([1, 1]);
  });
});
