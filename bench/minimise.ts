/**
 * The personal-data minimiser against a public, generated PII evaluation set, scored once.
 *
 *   npm run bench -- minimise --data FILE [--rounds 3]
 *
 * FILE: presidio-research's generated sentences (a JSON array of {full_text, spans: [{entity_type,
 * start_position, end_position}]}, offsets in Unicode code points). Their types are mapped to the
 * minimiser's; types with no counterpart are left out of scoring (their tokens are not counted).
 * Scores are token level as presidio-research's evaluator computes them (a token is PII when inside
 * any span), with recall per type. Throughput: messages per second for `detect` against tokenising
 * alone, in the same process, best of `rounds` after a warm-up pass.
 *
 * FILE may instead be Bluelamp's own gold JSON Lines ({"id","text","spans"} per line, UTF-16
 * offsets, the minimiser's types), e.g. `minimise/data/dev-intl.jsonl`; several may be given
 * separated by commas. Those sets were tuned on: their scores are optimistic, their speed is not.
 */
import { readFileSync } from 'node:fs';
import { detect } from '../src/modules/device/minimise/detect.ts';
import { formatScores, type ScoredMessage, scoreTokens } from '../src/modules/device/minimise/score.ts';
import { tokenize } from '../src/modules/pole/text/tokenize.ts';

/**
 * presidio-research entity types and the minimiser's type each maps to (the names of the current
 * generator and of its 2020 data, which writes EMAIL, IBAN and BIRTHDAY).
 */
const TYPE_MAP: Record<string, string> = {
  EMAIL: 'EMAIL',
  IBAN: 'IBAN',
  BIRTHDAY: 'DATE',
  PERSON: 'PERSON',
  STREET_ADDRESS: 'ADDRESS',
  GPE: 'LOCATION',
  LOCATION: 'LOCATION',
  ORGANIZATION: 'ORGANISATION',
  CREDIT_CARD: 'CARD',
  DATE_TIME: 'DATE',
  PHONE_NUMBER: 'PHONE',
  EMAIL_ADDRESS: 'EMAIL',
  ZIP_CODE: 'POSTCODE',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP',
  UK_NHS: 'NHS_NUMBER',
};

function option(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) {
    console.error(`usage: npm run bench -- minimise --data FILE [--rounds 3]`);
    process.exit(2);
  }
  return value;
}

interface PresidioSpan {
  entity_type: string;
  start_position: number;
  end_position: number;
}

/** UTF-16 offset of each code-point offset of a text (Python counts code points). */
function utf16Offsets(text: string): number[] {
  const out = [0];
  let at = 0;
  for (const c of text) {
    at += c.length;
    out.push(at);
  }
  return out;
}

const file = option('data');
const rounds = Number(option('rounds', '3'));
const left = new Map<string, number>();

/** Messages of Bluelamp's own gold JSON Lines files, offsets already in UTF-16. */
function ownGold(
  files: string[],
): Array<{ text: string; gold: ScoredMessage['gold'][number][]; ignored: [] }> {
  return files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const m = JSON.parse(line) as { text: string; spans: ScoredMessage['gold'][number][] };
        return { text: m.text, gold: m.spans, ignored: [] as [] };
      }),
  );
}

const items = file.endsWith('.jsonl') ? ownGold(file.split(',')) : presidio(file);

function presidio(path: string) {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Array<{ full_text: string; spans: PresidioSpan[] }>;
  return raw.map((r) => {
    const at = utf16Offsets(r.full_text);
    const gold: ScoredMessage['gold'][number][] = [];
    const ignored: Array<{ start: number; end: number }> = [];
    for (const s of r.spans) {
      const span = { start: at[s.start_position]!, end: at[s.end_position]! };
      const type = TYPE_MAP[s.entity_type];
      if (type) gold.push({ type: type as ScoredMessage['gold'][number]['type'], ...span });
      else {
        ignored.push(span);
        left.set(s.entity_type, (left.get(s.entity_type) ?? 0) + 1);
      }
    }
    return { text: r.full_text, gold, ignored };
  });
}

function best(run: () => void): number {
  run();
  let fastest = Number.POSITIVE_INFINITY;
  for (let k = 0; k < rounds; k++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest / 1000;
}

const predicted = items.map((i) => detect(i.text));
const scores = scoreTokens(items.map((i, k) => ({ ...i, predicted: predicted[k]! })));
const baseline = best(() => {
  for (const i of items) tokenize(i.text);
});
const detecting = best(() => {
  for (const i of items) detect(i.text);
});

console.log(`${file}: ${items.length} messages`);
console.log(
  `types mapped: ${Object.entries(TYPE_MAP)
    .map(([a, b]) => `${a}->${b}`)
    .join(', ')}`,
);
console.log(`left out of scoring: ${[...left].map(([t, n]) => `${t} (${n})`).join(', ') || 'none'}`);
console.log(formatScores(scores));
console.log(
  `throughput: detect ${Math.round(items.length / detecting)} messages/s; tokenising alone ${Math.round(items.length / baseline)} messages/s (detect takes ${(detecting / baseline).toFixed(1)}x as long)`,
);
