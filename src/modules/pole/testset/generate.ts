import { mulberry32 } from '../../../random.ts';
import { luhn } from '../extract/checksums.ts';

/** Kinds of structured identifier the generated set checks. */
export const IDENTIFIER_KINDS = [
  'registration-mark',
  'postcode',
  'phone',
  'imei',
  'email',
  'payment-card',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface GoldIdentifier {
  kind: IdentifierKind;
  start: number;
  end: number;
  value: string;
}

export interface GeneratedDocument {
  id: string;
  text: string;
  gold: GoldIdentifier[];
}

type Random = () => number;

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const digits = (r: Random, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const letters = (r: Random, n: number, from: string) =>
  Array.from({ length: n }, () => pick(r, [...from])).join('');

const NO_IQ = 'ABCDEFGHJKLMNOPRSTUVWXYZ';
const MEMORY_FIRST = 'ABCDEFGHKLMNOPRSVWY';
const MEMORY_SECOND = 'ABCDEFGHJKLMNOPRSTUVWXY';
const AGE_LETTERS = 'ABCDEFGHJKLMNPRSTVWXY';
const SERIAL = 'ABCDEFGHJKLMNPRSTUVWXY';

/** A registration mark as written and its normalised value, in one of the four formats. */
function registrationMark(r: Random): { written: string; value: string; needsContext: boolean } {
  const space = r() < 0.7 ? ' ' : '';
  const format = pick(r, ['current', 'current', 'prefix', 'suffix', 'dateless'] as const);
  let a: string;
  let b: string;
  if (format === 'current') {
    const age = pick(r, [
      ...Array.from({ length: 23 }, (_, i) => i + 2),
      ...Array.from({ length: 24 }, (_, i) => i + 51),
    ]);
    a = letters(r, 1, MEMORY_FIRST) + letters(r, 1, MEMORY_SECOND) + String(age).padStart(2, '0');
    b = letters(r, 3, NO_IQ.replace('Z', ''));
  } else if (format === 'prefix') {
    a = letters(r, 1, AGE_LETTERS) + String(1 + Math.floor(r() * 999));
    b = letters(r, 3, SERIAL);
  } else if (format === 'suffix') {
    a = letters(r, 3, SERIAL);
    b = String(1 + Math.floor(r() * 999)) + letters(r, 1, AGE_LETTERS);
  } else {
    const l = letters(r, 2 + Math.floor(r() * 2), 'BCFGHKLRTVWXY');
    const n = String(1 + Math.floor(r() * 9999));
    [a, b] = r() < 0.5 ? [l, n] : [n, l];
  }
  const written = format === 'dateless' ? `${a} ${b}` : `${a}${space}${b}`;
  return { written, value: `${a}${b}`, needsContext: format === 'dateless' };
}

const AREAS =
  'AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SY TA TD TF TN TQ TR TS TW UB WA WD WF WN WR WS WV YO ZE'.split(
    ' ',
  );
const INWARD = 'ABDEFGHJLNPQRSTUWXYZ';

function postcode(r: Random): { written: string; value: string } {
  const area = pick(r, AREAS);
  const district = String(1 + Math.floor(r() * (area.length === 1 ? 99 : 29)));
  const outward = area + district;
  const inward = digits(r, 1) + letters(r, 2, INWARD);
  return { written: r() < 0.85 ? `${outward} ${inward}` : outward + inward, value: `${outward} ${inward}` };
}

/** A phone number as written and its E.164 value. */
function phone(r: Random): { written: string; value: string } {
  const kind = pick(r, ['mobile', 'mobile', 'leeds', 'london', 'international'] as const);
  if (kind === 'mobile') {
    const n = `7${pick(r, ['4', '5', '7', '8', '9'])}${digits(r, 8)}`;
    const written = pick(r, [
      `0${n.slice(0, 4)} ${n.slice(4)}`,
      `0${n}`,
      `+44 ${n.slice(0, 4)} ${n.slice(4)}`,
      `+44 (0)${n.slice(0, 4)} ${n.slice(4)}`,
      `0${n.slice(0, 4)}-${n.slice(4)}`,
    ]);
    return { written, value: `+44${n}` };
  }
  if (kind === 'leeds') {
    const rest = `${pick(r, ['2', '3', '4'])}${digits(r, 6)}`;
    return {
      written: pick(r, [`0113 ${rest.slice(0, 3)} ${rest.slice(3)}`, `(0113) ${rest}`, `+44 113 ${rest}`]),
      value: `+44113${rest}`,
    };
  }
  if (kind === 'london') {
    const rest = `${pick(r, ['7', '8'])}${digits(r, 7)}`;
    return {
      written: pick(r, [
        `020 ${rest.slice(0, 4)} ${rest.slice(4)}`,
        `+44 20 ${rest.slice(0, 4)} ${rest.slice(4)}`,
      ]),
      value: `+4420${rest}`,
    };
  }
  const [written, value] = pick(r, [
    [`+33 1 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`, '+331'],
    [`+1 202 555 01${digits(r, 2)}`, '+1202'],
    [`+353 1 ${digits(r, 3)} ${digits(r, 4)}`, '+3531'],
  ] as const);
  return { written, value: `${value}${written.replace(/\D/g, '').slice(value.length - 1)}` };
}

/** A number with its Luhn check digit appended. */
function withCheckDigit(body: string): string {
  for (let d = 0; d < 10; d++) if (luhn(body + d)) return body + d;
  throw new Error('unreachable');
}

function imei(r: Random): { written: string; value: string } {
  const value = withCheckDigit(pick(r, ['35', '86', '01', '99']) + digits(r, 12));
  const written = pick(r, [
    value,
    `${value.slice(0, 2)}-${value.slice(2, 8)}-${value.slice(8, 14)}-${value[14]}`,
    `${value.slice(0, 2)} ${value.slice(2, 8)} ${value.slice(8, 14)} ${value[14]}`,
  ]);
  return { written, value };
}

function card(r: Random): { digits: string; written: string } {
  const scheme = pick(r, ['visa', 'visa', 'mastercard', 'amex'] as const);
  const d =
    scheme === 'visa'
      ? withCheckDigit(`4${digits(r, 14)}`)
      : scheme === 'mastercard'
        ? withCheckDigit(`5${1 + Math.floor(r() * 5)}${digits(r, 13)}`)
        : withCheckDigit(`3${pick(r, ['4', '7'])}${digits(r, 12)}`);
  const groups = d.length === 15 ? [d.slice(0, 4), d.slice(4, 10), d.slice(10)] : d.match(/.{4}/g)!;
  return { digits: d, written: pick(r, [groups.join(' '), groups.join('-'), d]) };
}

const masked = (d: string) => ('*'.repeat(d.length - 4) + d.slice(-4)).replace(/(.{4})(?=.)/g, '$1 ');

const FIRST = ['james', 'sarah', 'mo', 'priya', 'tom', 'j', 'kelly', 'daniel', 'aisha', 'wei'];
const DOMAINS = ['example.com', 'example.co.uk', 'mail.example.org', 'police.example.uk', 'example.net'];

function email(r: Random): { written: string; value: string } {
  const local = `${pick(r, FIRST)}${pick(r, ['.', '_', '', '-'])}${pick(r, ['smith', 'khan', 'jones', 'obrien', 'lee'])}${r() < 0.4 ? digits(r, 2) : ''}`;
  const written = `${r() < 0.2 ? local.toUpperCase() : local}@${pick(r, DOMAINS)}`;
  return { written, value: written.toLowerCase() };
}

/** Things that look like identifiers and are not: each must not be found. */
function distractor(r: Random): string {
  const bad = card(r).digits;
  const flipped = bad.slice(0, -1) + String((Number(bad.at(-1)) + 1 + Math.floor(r() * 8)) % 10);
  const badImei = imei(r).value;
  return pick(r, [
    `A payment card ${flipped} was declined.`,
    `The handset label read ${badImei.slice(0, -1)}${(Number(badImei.at(-1)) + 5) % 10}.`,
    `PC ${digits(r, 4)} attended at ${digits(r, 2).replace(/^[3-9]/, '1')}:${pick(r, ['00', '15', '30', '45'])}.`,
    `Crime reference ${digits(r, 2)}/${digits(r, 6)}/24 was issued on ${1 + Math.floor(r() * 28)}/0${1 + Math.floor(r() * 9)}/2024.`,
    `He paid £${digits(r, 3)} for the phone and was ${18 + Math.floor(r() * 50)} years old.`,
    `The caller gave the code QV${digits(r, 1)} 1AA, which is not a postcode.`,
    `She wrote to john.smith@ but the address was incomplete.`,
    `Sort code ${digits(r, 2)}-${digits(r, 2)}-${digits(r, 2)} and account ${digits(r, 8)} were given.`,
    `The time was ${digits(r, 1)}${digits(r, 1).replace(/[4-9]/, '2')}00hrs and the unit was number ${digits(r, 3)}.`,
    `Version 1.2.3 of the app was installed on ${1 + Math.floor(r() * 28)} March.`,
  ]);
}

/** One sentence carrying an identifier, with the identifier's place in it. */
function carrier(r: Random): {
  sentence: string;
  kind: IdentifierKind;
  offset: number;
  written: string;
  value: string;
} {
  const kind = pick(r, IDENTIFIER_KINDS);
  let written: string;
  let value: string;
  let frames: string[];
  switch (kind) {
    case 'registration-mark': {
      const mark = registrationMark(r);
      written = mark.written;
      value = mark.value;
      frames = mark.needsContext
        ? [
            'The car, registration {x}, was parked outside.',
            'A van with reg {x} drove off.',
            'The vehicle index {x} was checked on PNC.',
          ]
        : [
            'A silver Ford Focus {x} was seen on Church Lane.',
            'ANPR shows {x} on the M62 at junction 27.',
            'The suspect drove off in {x} towards the town centre.',
            'Vehicle {x} is registered to the witness.',
          ];
      break;
    }
    case 'postcode': {
      ({ written, value } = postcode(r));
      frames = [
        'He lives at 14 Albion Street, Leeds {x}.',
        'The offence took place near {x} last week.',
        'Her home postcode is {x}.',
      ];
      break;
    }
    case 'phone': {
      ({ written, value } = phone(r));
      frames = [
        'Call the witness on {x} after six.',
        'The suspect phoned from {x} twice.',
        'Contact number: {x}.',
      ];
      break;
    }
    case 'imei': {
      ({ written, value } = imei(r));
      frames = [
        'The handset IMEI {x} was seized.',
        'A phone with IMEI number {x} was recovered.',
        'IMEI: {x}.',
      ];
      break;
    }
    case 'email': {
      ({ written, value } = email(r));
      frames = ['She e-mailed {x} on Monday.', 'Messages came from {x}.', 'Reply to {x} please.'];
      break;
    }
    case 'payment-card': {
      const c = card(r);
      written = c.written;
      value = masked(c.digits);
      frames = [
        'The card {x} was used at a cash machine.',
        'A bank card ending in {x} was found in his wallet.',
        'Card number {x} was reported stolen.',
      ];
      break;
    }
  }
  const frame = pick(r, frames);
  return { sentence: frame.replace('{x}', written), kind, offset: frame.indexOf('{x}'), written, value };
}

/**
 * A seeded set of short documents, each a few sentences with structured identifiers at known
 * offsets, mixed with near misses that must not be found (failed Luhn checks, dates, times,
 * collar numbers, sort codes, invalid postcodes, incomplete e-mail addresses).
 */
export function generateIdentifierSet(count: number, seed: number): GeneratedDocument[] {
  const r = mulberry32(seed);
  const out: GeneratedDocument[] = [];
  for (let d = 0; d < count; d++) {
    let text = '';
    const gold: GoldIdentifier[] = [];
    const sentences = 3 + Math.floor(r() * 4);
    for (let s = 0; s < sentences; s++) {
      if (text) text += r() < 0.2 ? '\n' : ' ';
      if (r() < 0.35) {
        text += distractor(r);
        continue;
      }
      const c = carrier(r);
      const start = text.length + c.offset;
      gold.push({ kind: c.kind, start, end: start + c.written.length, value: c.value });
      text += c.sentence;
    }
    out.push({ id: `generated-${seed}-${d + 1}`, text, gold });
  }
  return out;
}
