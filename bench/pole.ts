/**
 * Bluelamp's entity recogniser against compromise on the same held-out text, in the same process.
 *
 *   npm run bench -- pole [--conll FILE] [--rounds 3] [--documents 1000]
 *
 * Text: a CoNLL file (default WNUT 2017 test, never used in training). For each system the
 * sentences are tagged `rounds` times after one warm-up pass; tokens per second is total tokens
 * over the best round. Bluelamp tags the file's tokens; compromise reads each sentence joined by
 * spaces and its people, places and organisations are mapped back to tokens, so both are also
 * scored (exact spans, micro-F1 over PER/LOC/ORG). Then POLE extraction runs over generated
 * documents (documents per second and peak memory), and a whole case analysis of them end to end
 * as a worker runs it (extraction, resolution across documents, timeline, network and summaries),
 * against extraction alone in the same process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nlp from 'compromise';
import { parseConll } from '../src/modules/pole/conll/read.ts';
import { scoreTags } from '../src/modules/pole/conll/score.ts';
import { tagsFromSpans } from '../src/modules/pole/conll/tags.ts';
import { extract } from '../src/modules/pole/extract/extract.ts';
import { poleModule } from '../src/modules/pole/module.ts';
import { defaultModel, tag } from '../src/modules/pole/ner/tagger.ts';
import { generateIdentifierSet } from '../src/modules/pole/testset/generate.ts';
import { sharedDir } from '../src/shared-data.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const file = option('conll', path.join(sharedDir, 'data', 'ner', 'wnut17', 'test.conll'));
const rounds = Number(option('rounds', '3'));
const sentences = parseConll(readFileSync(file, 'utf8'), file);
const tokens = sentences.reduce((n, s) => n + s.tokens.length, 0);
const gold = sentences.map((s) => s.tags);

/** compromise's people, places and organisations as IOB2 tags over the sentence's tokens. */
function compromiseTags(words: readonly string[]): string[] {
  const text = words.join(' ');
  const starts: number[] = [];
  let at = 0;
  for (const w of words) {
    starts.push(at);
    at += w.length + 1;
  }
  const doc = nlp(text);
  const spans: Array<{ start: number; end: number; type: string }> = [];
  for (const [type, view] of [
    ['PER', doc.people()],
    ['LOC', doc.places()],
    ['ORG', doc.organizations()],
  ] as const) {
    for (const m of view.out('offset') as Array<{ offset: { start: number; length: number } }>) {
      const first = starts.findIndex((s, i) => s + words[i]!.length > m.offset.start);
      const endChar = m.offset.start + m.offset.length;
      let last = first;
      while (last + 1 < words.length && starts[last + 1]! < endChar) last++;
      if (first >= 0 && !spans.some((s) => first < s.end && last + 1 > s.start))
        spans.push({ start: first, end: last + 1, type });
    }
  }
  return tagsFromSpans(spans, words.length);
}

function time(run: () => string[][]): { seconds: number; tags: string[][] } {
  let tags = run();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    tags = run();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return { seconds: best, tags };
}

defaultModel();
const words = sentences.map((s) => s.tokens);
const ours = time(() => tag(words));
const theirs = time(() => words.map(compromiseTags));
const oursScore = scoreTags(gold, ours.tags);
const theirsScore = scoreTags(gold, theirs.tags);
const rate = (s: number) => Math.round(tokens / s);
console.log(
  `${path.relative(process.cwd(), file)}: ${sentences.length} sentences, ${tokens} tokens, best of ${rounds} rounds`,
);
console.log(
  `bluelamp    ${String(rate(ours.seconds)).padStart(9)} tokens/s   micro-F1 ${oursScore.micro.f1.toFixed(3)}`,
);
console.log(
  `compromise  ${String(rate(theirs.seconds)).padStart(9)} tokens/s   micro-F1 ${theirsScore.micro.f1.toFixed(3)}`,
);
console.log(`ratio       ${(theirs.seconds / ours.seconds).toFixed(1)}x faster`);

const documents = generateIdentifierSet(Number(option('documents', '1000')), 1);
const characters = documents.reduce((n, d) => n + d.text.length, 0);
extract(documents[0]!);
const started = performance.now();
let entities = 0;
for (const d of documents) entities += extract(d).length;
const seconds = (performance.now() - started) / 1000;
const memory = process.memoryUsage();
console.log(
  `extract     ${Math.round(documents.length / seconds)} documents/s (${documents.length} documents, ${characters} characters, ` +
    `${entities} entities), ${(memory.rss / 2 ** 20).toFixed(0)} MiB resident, ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB heap`,
);

const input = poleModule.inputSchema.parse({
  case: { id: '00000000-0000-4000-8000-000000000001', reference: 'BENCH/1' },
  documents: documents.map((d, i) => ({ id: d.id, name: `document-${i + 1}.txt`, text: d.text })),
});
const settings = poleModule.settingsSchema.parse({});
const caseStarted = performance.now();
const analysis = poleModule.run(input, settings);
const caseSeconds = (performance.now() - caseStarted) / 1000;
const after = process.memoryUsage();
console.log(
  `case        ${Math.round(documents.length / caseSeconds)} documents/s end to end (${analysis.output.entities.length} entities after resolution, ` +
    `${analysis.output.caseSummary.length} summary lines), ${(after.rss / 2 ** 20).toFixed(0)} MiB resident; ` +
    `${(caseSeconds / seconds).toFixed(1)}x the time of extraction alone`,
);
