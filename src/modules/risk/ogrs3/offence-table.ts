import { parse } from 'csv-parse/sync';
import { type InputIssue, RiskInputError } from '../errors.ts';

/**
 * The OGRS3 offence weightings from the HMPPS offence-code mapping (Home Office offence group code
 * + sub-code). In that table a weighting of 999 marks a code too broad to score: the exact offence
 * (a specific sub-code) is needed. A blank weighting means OGRS3 has no weighting for the offence.
 */
export interface OffenceTable {
  /** Keyed by the 5-digit code (3-digit group + 2-digit sub-code), e.g. "00404". */
  weightings: ReadonlyMap<string, number | null>;
}

/** The weighting the published table uses to say "the exact offence is needed". */
export const NEEDS_EXACT_OFFENCE = 999;

const REQUIRED_COLUMNS = ['OFFENCE_GROUP_CODE', 'SUB_CODE', 'OGRS3_WEIGHTING'] as const;

/** Parses the mapping CSV text. Throws naming the line and column of any bad row. */
export function parseOffenceTable(csvText: string, source = 'offence-code-mapping.csv'): OffenceTable {
  const rows = parse(csvText, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  const first = rows[0];
  if (!first) throw new Error(`${source}: no rows`);
  for (const column of REQUIRED_COLUMNS) {
    if (!(column in first)) throw new Error(`${source}: missing column ${column}`);
  }
  const weightings = new Map<string, number | null>();
  rows.forEach((row, index) => {
    const line = index + 2;
    const group = row.OFFENCE_GROUP_CODE ?? '';
    const sub = row.SUB_CODE ?? '';
    if (!/^\d{3}$/.test(group) || !/^\d{2}$/.test(sub)) {
      throw new Error(`${source} line ${line}: offence code "${group}/${sub}" is not 3 + 2 digits`);
    }
    const raw = row.OGRS3_WEIGHTING ?? '';
    const weighting = raw === '' ? null : Number(raw);
    if (weighting !== null && !Number.isFinite(weighting)) {
      throw new Error(`${source} line ${line}: OGRS3_WEIGHTING "${raw}" is not a number`);
    }
    weightings.set(group + sub, weighting);
  });
  return { weightings };
}

/** "00404" -> "004/04", the way offence codes are usually written. */
export function formatOffenceCode(code: string): string {
  return `${code.slice(0, 3)}/${code.slice(3)}`;
}

/**
 * Normalises a user's offence code: "00404", "004/04", "004-04", "004.04" or "004 04" all give
 * "00404". Returns undefined when it is not a 3-digit group with a 2-digit sub-code.
 */
export function normaliseOffenceCode(text: string): string | undefined {
  const match = /^\s*(\d{3})\s*[/.\- ]?\s*(\d{2})\s*$/.exec(text);
  return match ? `${match[1]}${match[2]}` : undefined;
}

function issue(code: string, message: string): InputIssue {
  return { field: 'offenceCode', code, message };
}

/** The issue with an offence code, or the weighting to use. */
export function lookUpOffence(
  table: OffenceTable,
  text: string,
): { weighting: number; code: string } | { issue: InputIssue } {
  const code = normaliseOffenceCode(text);
  if (!code) {
    return {
      issue: issue(
        'offence_code_format',
        `"${text}" is not a Home Office offence code: give the 3-digit offence group and the 2-digit ` +
          'sub-code, e.g. 004/04 or 00404.',
      ),
    };
  }
  const shown = formatOffenceCode(code);
  if (code === '00000') {
    return { issue: issue('offence_code_not_allowed', `${shown} is a placeholder code, not an offence.`) };
  }
  if (!table.weightings.has(code)) {
    return {
      issue: issue('offence_code_unknown', `offence code ${shown} is not in the OGRS3 offence table.`),
    };
  }
  const weighting = table.weightings.get(code) ?? null;
  if (weighting === null) {
    return {
      issue: issue(
        'offence_code_unweighted',
        `offence code ${shown} has no OGRS3 weighting in the published table, so OGRS3 cannot be scored for it.`,
      ),
    };
  }
  if (weighting === NEEDS_EXACT_OFFENCE) {
    const group = code.slice(0, 3);
    const exact = [...table.weightings.entries()]
      .filter(
        ([other, w]) => other.startsWith(group) && other !== code && w !== null && w !== NEEDS_EXACT_OFFENCE,
      )
      .map(([other]) => formatOffenceCode(other));
    return {
      issue: issue(
        'offence_code_needs_exact_offence',
        `offence code ${shown} covers offences with different OGRS3 weightings; give the exact offence ` +
          `instead (one of ${exact.join(', ')}).`,
      ),
    };
  }
  return { weighting, code };
}

/** Like lookUpOffence, throwing a RiskInputError on any issue. */
export function offenceWeighting(table: OffenceTable, text: string): number {
  const found = lookUpOffence(table, text);
  if ('issue' in found) throw new RiskInputError([found.issue]);
  return found.weighting;
}
