import type { Found } from './types.ts';

/**
 * UK registration marks (DVLA, "Vehicle registration numbers and number plates", INF104):
 * current (2001-): two-letter memory tag, two-digit age identifier, three random letters
 *   ("AB12 CDE"); memory tags never use I, Q or Z second, random letters never I or Q;
 * prefix (1983-2001): age letter, 1-3 digits, three letters ("A123 BCD");
 * suffix (1963-1983): three letters, 1-3 digits, age letter ("ABC 123D");
 * dateless (before 1963, and Northern Ireland): 1-3 letters and 1-4 digits either way round
 *   ("ABC 123", "1234 AB", "ABZ 1234"), found only where the sentence speaks of a vehicle.
 * Age letters never use I, O, Q, U or Z. Marks are normalised to capitals without spaces.
 */
const B = '(?<![A-Za-z0-9])';
const E = '(?![A-Za-z0-9])';

const CURRENT = new RegExp(`${B}([A-HJ-PR-Y][A-HJ-PR-Y])(\\d{2}) ?([A-HJ-PR-Z]{3})${E}`, 'gi');
const PREFIX = new RegExp(`${B}([A-HJ-NP-TV-Y])(\\d{1,3}) ?([A-HJ-PR-Y]{3})${E}`, 'g');
const SUFFIX = new RegExp(`${B}([A-HJ-PR-Y]{3}) ?(\\d{1,3}) ?([A-HJ-NP-TV-Y])${E}`, 'g');
const DATELESS = new RegExp(`${B}(?:([A-Z]{1,3}) ?(\\d{1,4})|(\\d{1,4}) ?([A-Z]{1,3}))${E}`, 'g');

const VEHICLE_CONTEXT =
  /\b(reg(istration)?|registered|index|vrm|plates?|number ?plate|vehicle|car|van|motorbike|motorcycle|lorry|taxi|driving|drove|driven|private plate|cherished)\b/i;

/** Ranks and other letter-number pairs that are not marks ("PC 1234", "A 1"). */
const NOT_MARKS = /^(PC|PCSO|DC|DS|PS|DI|DCI|SGT|INSP|ID|NO|REF|CAD|URN|CRN|ROOM|FLAT|UNIT|A|I|M|J|B)$/;

function ageOk(age: number): boolean {
  return (age >= 2 && age <= 29) || (age >= 51 && age <= 79);
}

export function findRegistrationMarks(text: string): Found[] {
  const out: Found[] = [];
  const taken: Array<[number, number]> = [];
  const add = (m: RegExpMatchArray, rule: string, confidence: number, format: string) => {
    const start = m.index!;
    const end = start + m[0].length;
    if (taken.some(([s, e]) => start < e && end > s)) return;
    taken.push([start, end]);
    out.push({
      category: 'object',
      kind: 'registration-mark',
      text: m[0],
      value: m[0].replace(/\s/g, '').toUpperCase(),
      start,
      end,
      confidence,
      foundBy: `rule:${rule}`,
      attributes: { format },
    });
  };
  for (const m of text.matchAll(CURRENT)) {
    const lowerCase = m[0] !== m[0].toUpperCase();
    if (lowerCase && m[0] !== m[0].toLowerCase()) continue;
    if (ageOk(Number(m[2]))) add(m, 'vrm-current', lowerCase ? 0.85 : 0.97, 'current');
  }
  for (const m of text.matchAll(SUFFIX)) add(m, 'vrm-suffix', 0.9, 'suffix');
  for (const m of text.matchAll(PREFIX)) add(m, 'vrm-prefix', 0.9, 'prefix');
  for (const m of text.matchAll(DATELESS)) {
    const letters = m[1] ?? m[4]!;
    if (NOT_MARKS.test(letters)) continue;
    const start = m.index!;
    const end = start + m[0].length;
    const sentenceBefore = text
      .slice(Math.max(0, start - 60), start)
      .split(/[.!?\n]/)
      .pop()!;
    if (!VEHICLE_CONTEXT.test(sentenceBefore)) continue;
    // part of a longer code ("QV7 1AA", "AB 12 34")
    if (
      /^ [A-Z0-9]{1,4}\b/.test(text.slice(end, end + 6)) ||
      /\b[A-Z0-9]{1,4} $/.test(text.slice(Math.max(0, start - 6), start))
    )
      continue;
    add(m, 'vrm-dateless', 0.75, 'dateless');
  }
  return out.sort((a, b) => a.start - b.start);
}
