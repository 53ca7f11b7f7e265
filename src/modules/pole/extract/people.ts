import { parseDate } from './dates.ts';

/** Police ranks as written before a name, and the rank each stands for. */
const RANKS: Array<[string, string]> = [
  ['Chief Superintendent', 'Chief Superintendent'],
  ['Ch Supt', 'Chief Superintendent'],
  ['Detective Chief Inspector', 'Detective Chief Inspector'],
  ['Detective Inspector', 'Detective Inspector'],
  ['Detective Sergeant', 'Detective Sergeant'],
  ['Detective Constable', 'Detective Constable'],
  ['Chief Inspector', 'Chief Inspector'],
  ['Superintendent', 'Superintendent'],
  ['Inspector', 'Inspector'],
  ['Sergeant', 'Sergeant'],
  ['Constable', 'Police Constable'],
  ['PCSO', 'Police Community Support Officer'],
  ['DCI', 'Detective Chief Inspector'],
  ['DSU', 'Detective Superintendent'],
  ['Supt', 'Superintendent'],
  ['Insp', 'Inspector'],
  ['Sgt', 'Sergeant'],
  ['PC', 'Police Constable'],
  ['DC', 'Detective Constable'],
  ['DS', 'Detective Sergeant'],
  ['DI', 'Detective Inspector'],
  ['PS', 'Police Sergeant'],
  ['CI', 'Chief Inspector'],
];
const TITLES = ['Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Dr', 'Prof', 'Sir', 'Dame', 'Lady', 'Lord'];

const NAME_WORD = "[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?";
const RANKED = new RegExp(
  String.raw`(?<![\w])(${RANKS.map(([r]) => r.replace(' ', '\\s+')).join('|')})\.?\s+(?:(\d{2,6})\s+)?(${NAME_WORD}(?:\s+${NAME_WORD}){0,2})`,
  'g',
);
const TITLED = new RegExp(
  String.raw`(?<![\w])(${TITLES.join('|')})\.?\s+((?:[A-Z]\.?\s+)?${NAME_WORD}(?:\s+${NAME_WORD}){0,2})`,
  'g',
);

/** A person named with a rank or title, found by rule. */
export interface TitledName {
  start: number;
  end: number;
  nameStart: number;
  title: string;
  rank?: string;
  collarNumber?: string;
}

/** "PC 1234 Smith", "DS Jones", "Mr John Smith", "Dr A. Patel". */
export function findTitledNames(text: string): TitledName[] {
  const out: TitledName[] = [];
  for (const m of text.matchAll(RANKED)) {
    const rank = RANKS.find(([r]) => r === m[1]!.replace(/\s+/g, ' '))![1];
    out.push({
      start: m.index!,
      end: m.index! + m[0].length,
      nameStart: m.index! + m[0].length - m[3]!.length,
      title: m[1]!.replace(/\s+/g, ' '),
      rank,
      ...(m[2] ? { collarNumber: m[2] } : {}),
    });
  }
  for (const m of text.matchAll(TITLED)) {
    if (out.some((o) => m.index! < o.end && m.index! + m[0].length > o.start)) continue;
    out.push({
      start: m.index!,
      end: m.index! + m[0].length,
      nameStart: m.index! + m[0].length - m[2]!.length,
      title: m[1]!,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

const ROLE_WORDS: Array<[string, RegExp]> = [
  [
    'suspect',
    /\b(suspects?|offenders?|arrested|detained|accused|defendants?|charged|perpetrators?|wanted|remanded|d\/p|detained person)\b/gi,
  ],
  ['victim', /\b(victims?|injured party|complainants?|aggrieved|ip|survivor)\b/gi],
  ['witness', /\b(witness(es)?|eyewitness|saw|observed|informant|caller|reported seeing)\b/gi],
  ['officer', /\b(officers?|constable|attending officer|oic|arresting officer)\b/gi],
];

/**
 * The role the sentence gives a person: the role word nearest to the name within `reach`
 * characters (suspect, victim, witness, officer), or "unknown".
 */
export function roleOf(sentence: string, nameStart: number, nameEnd: number, reach = 60): string {
  let best = 'unknown';
  let distance = Number.POSITIVE_INFINITY;
  for (const [role, pattern] of ROLE_WORDS) {
    for (const m of sentence.matchAll(pattern)) {
      const s = m.index!;
      const e = s + m[0].length;
      const d = e <= nameStart ? nameStart - e : s >= nameEnd ? s - nameEnd : 0;
      if (d < distance && d <= reach) {
        distance = d;
        best = role;
      }
    }
  }
  return best;
}

const DOB = /^[\s,(]*(?:DOB|D\.O\.B\.?|date of birth|born(?: on)?)[:\s]*([^,;)]{6,30})/i;
const AGE =
  /^[\s,()]*(?:aged\s+(\d{1,3})|(\d{1,3})\s*(?:yrs|years?)(?:[\s-]old)?|\((\d{1,3})\)|(\d{1,3})(?=\s*[,)]))/i;
const AGE_BEFORE = /(?:^|\s)(\d{1,3})[\s-]year[\s-]old\s+$/i;

/** Date of birth and age written next to a name: just after it, or "34-year-old" just before. */
export function birthDetails(
  text: string,
  nameStart: number,
  nameEnd: number,
  documentDate: Date | null,
): { dateOfBirth?: string; age?: number } {
  const after = text.slice(nameEnd, nameEnd + 60);
  const out: { dateOfBirth?: string; age?: number } = {};
  let rest = after;
  for (let k = 0; k < 2; k++) {
    const dob = DOB.exec(rest);
    if (dob && !out.dateOfBirth) {
      const date = parseDate(dob[1]!, documentDate);
      if (date) {
        out.dateOfBirth = date;
        rest = rest.slice(dob[0].length);
        continue;
      }
    }
    const age = AGE.exec(rest);
    if (age && out.age === undefined) {
      const n = Number(age[1] ?? age[2] ?? age[3] ?? age[4]);
      if (n > 0 && n < 120) out.age = n;
      rest = rest.slice(age[0].length);
    }
  }
  if (out.age === undefined) {
    const before = AGE_BEFORE.exec(text.slice(Math.max(0, nameStart - 20), nameStart));
    if (before) out.age = Number(before[1]);
  }
  return out;
}
