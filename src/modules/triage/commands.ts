import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { sharedDir } from '../../shared-data.ts';
import { type ClincResult, runClinc } from './clinc/benchmark.ts';
import { CLINC_FILE, readClinc } from './clinc/data.ts';
import { parseJsonl, turnsOf } from './data.ts';
import { AIMS, aimsMet, measureByLanguage, type TriageMetrics } from './evaluate.ts';
import { committedModel, readSplit, type Split } from './files.ts';
import { Triage } from './triage.ts';
import type { Decision } from './types.ts';

/** The pure work behind `bluelamp triage ...`: each returns what the command prints. */

export const classifyLineSchema = z
  .object({
    id: z.union([z.string(), z.number()]),
    text: z.string().min(1).optional(),
    turns: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((l) => (l.text === undefined) !== (l.turns === undefined), {
    message: 'give "text" (or "turns", a list of messages)',
    path: ['text'],
  });

export interface ClassifiedLine {
  id: string | number;
  route: Decision['route'];
  topic: Decision['topic'];
  lang: string;
  reasons: string[];
}

let shared: Triage | null = null;
/** Triage with the committed model and lexicons (built once). */
export const defaultTriage = (): Triage => {
  shared ??= new Triage(committedModel());
  return shared;
};

export function classifyJsonl(text: string, file: string, triage = defaultTriage()): ClassifiedLine[] {
  return parseJsonl(text, classifyLineSchema, file).map((line) => {
    const d = triage.classifyContact(turnsOf(line));
    return {
      id: line.id,
      route: d.route,
      topic: d.topic,
      lang: d.lang,
      reasons: d.reasons.map((r) => r.text),
    };
  });
}

export const classifyFile = (file: string): ClassifiedLine[] =>
  classifyJsonl(readFileSync(file, 'utf8'), file);

export interface EvaluationReport {
  split: Split;
  versions: Decision['versions'];
  groups: Record<string, TriageMetrics>;
  aims: typeof AIMS;
}

export function evaluateSplit(split: Split, triage = defaultTriage()): EvaluationReport {
  const outcomes = readSplit(split).map((contact) => {
    const d = triage.classifyContact(turnsOf(contact));
    return { contact, route: d.route, topic: d.topic, interpreter: d.interpreter };
  });
  return { split, versions: triage.versions, groups: measureByLanguage(outcomes), aims: AIMS };
}

const pct = (v: number | null): string => (v === null ? '-' : `${(100 * v).toFixed(1)}%`);

export function formatEvaluation(report: EvaluationReport): string {
  const rows: Array<[string, keyof typeof AIMS, string, string]> = [
    ['emergency + urgent -> emergency or urgent', 'escalationRecall', '>=', 'escalationCount'],
    ['emergency -> emergency', 'emergencyRecall', '>=', 'emergencyCount'],
    ['routine escalated', 'routineEscalated', '<=', 'routineCount'],
    ['routine with the right topic', 'topicAccuracy', '>=', 'routineCount'],
    ['requests for a person honoured', 'humanHonoured', '>=', 'humanCount'],
  ];
  const groups = Object.entries(report.groups).filter(([, m]) => m.contacts > 0);
  const lines = [
    `Triage on the ${report.split} split (${report.versions.lexiconEn}, ${report.versions.lexiconCy}, ${report.versions.model})`,
    [
      'aim'.padEnd(44),
      'target'.padEnd(10),
      ...groups.map(([g, m]) => `${g} (${m.contacts})`.padEnd(24)),
    ].join(''),
  ];
  for (const [label, key, op, count] of rows) {
    const cells = groups.map(([, m]) => {
      const value = m[key] as number | null;
      const met = aimsMet(m)[key];
      return `${pct(value)} of ${m[count as keyof TriageMetrics]}${met === false ? ' MISSED' : ''}`.padEnd(
        24,
      );
    });
    lines.push([label.padEnd(44), `${op} ${pct(AIMS[key])}`.padEnd(10), ...cells].join(''));
  }
  return lines.join('\n');
}

export const defaultClincDir = (): string => `${sharedDir}/data/triage/clinc150`;

export function clincBenchmark(dir: string): ClincResult {
  return runClinc(readClinc(dir));
}

export function formatClinc(r: ClincResult, dir: string): string {
  return [
    `CLINC150 "full" (${dir}/${CLINC_FILE}): ${r.intents} intents, ${r.features} features, trained in ${r.trainSeconds.toFixed(1)} s`,
    `out-of-scope threshold chosen on val: ${r.threshold.toFixed(2)}`,
    `val:  in-scope accuracy ${pct(r.val.inScopeAccuracy)} of ${r.val.inScope}, out-of-scope recall ${pct(r.val.oosRecall)} of ${r.val.outOfScope}`,
    `test: in-scope accuracy ${pct(r.test.inScopeAccuracy)} of ${r.test.inScope}, out-of-scope recall ${pct(r.test.oosRecall)} of ${r.test.outOfScope}`,
    'aims on test: in-scope accuracy >= 91%, out-of-scope recall >= 60% (published: SVM 91.0 / 14.5, FastText 89.0 / 9.7, BERT 96.9 / 40.3)',
  ].join('\n');
}
