import { errors } from '../../../http/errors.ts';

/**
 * The summary form's two text boxes read into a request: subjects ("07700 900123 = Ryan Cole",
 * one a line) and lines of enquiry ("Alibi | away | cinema, film, ticket", one a line). A line
 * that does not fit is named by its number.
 */

export function parseSubjects(text: string): Array<{ key: string; name: string }> {
  const out: Array<{ key: string; name: string }> = [];
  const problems: Array<{ path: string; message: string }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    const name = eq < 0 ? '' : line.slice(eq + 1).trim();
    if (!key || !name)
      problems.push({
        path: 'subjects',
        message: `line ${i + 1}: write the number or name, then = and their name`,
      });
    else out.push({ key, name });
  });
  if (problems.length) throw errors.validation(problems);
  return out;
}

const DIRECTIONS = ['towards', 'away', 'neutral'] as const;

export function parseLines(
  text: string,
): Array<{ label: string; direction: (typeof DIRECTIONS)[number]; terms: string[] }> {
  const out: Array<{ label: string; direction: (typeof DIRECTIONS)[number]; terms: string[] }> = [];
  const problems: Array<{ path: string; message: string }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const [label = '', direction = '', terms = ''] = line.split('|').map((s) => s.trim());
    const d = DIRECTIONS.find((x) => x === direction.toLowerCase());
    const list = terms
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (!label || !d || !list.length)
      problems.push({
        path: 'lines',
        message: `line ${i + 1}: write a label | towards, away or neutral | terms separated by commas`,
      });
    else out.push({ label, direction: d, terms: list });
  });
  if (problems.length) throw errors.validation(problems);
  return out;
}
