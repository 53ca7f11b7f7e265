import { type RougeScores, rouge } from './rouge.ts';
import { summariseDocument } from './summarise.ts';
import type { SummaryMethod } from './types.ts';

/** One meeting of QMSum (Zhong et al. 2021), the fields used here. */
export interface QmsumMeeting {
  meeting_transcripts: { speaker: string; content: string }[];
  general_query_list: { query: string; answer: string }[];
  specific_query_list?: { query: string; answer: string; relevant_text_span?: string[][] }[];
}

export function parseQmsum(jsonl: string, file: string): QmsumMeeting[] {
  return jsonl
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => line.trim())
    .map(([line, i]) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
      const m = value as QmsumMeeting;
      if (!Array.isArray(m?.meeting_transcripts) || !Array.isArray(m.general_query_list))
        throw new Error(`${file}:${i + 1}: missing meeting_transcripts or general_query_list`);
      return m;
    });
}

export const METHODS: SummaryMethod[] = ['lead', 'textrank', 'bluelamp'];

export interface QmsumResult {
  meetings: number;
  queries: number;
  /** Word budget rule, the same for all methods. */
  budget: string;
  scorer: string;
  scores: Record<SummaryMethod, RougeScores>;
  /** Share of Bluelamp's chosen sentences lying inside a turn of a relevant_text_span. */
  bluelampInSpans: number;
}

/**
 * For each general query, a whole-meeting summary per method with at most as many words as the
 * reference answer (sentences taken in rank order while they fit; a sentence that would exceed
 * the budget is skipped), scored by ROUGE-1/2/L F1 and averaged over queries.
 */
export function evaluateQmsum(meetings: QmsumMeeting[]): QmsumResult {
  const totals = Object.fromEntries(METHODS.map((m) => [m, { rouge1: 0, rouge2: 0, rougeL: 0 }])) as Record<
    SummaryMethod,
    RougeScores
  >;
  let queries = 0;
  let inside = 0;
  let chosen = 0;
  meetings.forEach((meeting, index) => {
    const turnStarts: number[] = [];
    let text = '';
    for (const turn of meeting.meeting_transcripts) {
      if (text) text += '\n';
      turnStarts.push(text.length);
      text += turn.content;
    }
    const relevant = new Set<number>();
    for (const q of meeting.specific_query_list ?? [])
      for (const [a, b] of q.relevant_text_span ?? [])
        for (let t = Number(a); t <= Number(b); t++) relevant.add(t);
    const turnOf = (offset: number) => {
      let t = 0;
      while (t + 1 < turnStarts.length && turnStarts[t + 1]! <= offset) t++;
      return t;
    };
    for (const q of meeting.general_query_list) {
      const words = q.answer.split(/\s+/).filter(Boolean).length;
      queries++;
      for (const method of METHODS) {
        const summary = summariseDocument({ id: `meeting-${index}`, text }, { method, words });
        const scores = rouge(summary.lines.map((l) => l.text).join('\n'), q.answer);
        for (const k of ['rouge1', 'rouge2', 'rougeL'] as const) totals[method][k] += scores[k];
        if (method === 'bluelamp')
          for (const l of summary.lines) {
            chosen++;
            if (relevant.has(turnOf(l.start))) inside++;
          }
      }
    }
  });
  for (const m of METHODS)
    for (const k of ['rouge1', 'rouge2', 'rougeL'] as const) totals[m][k] /= queries || 1;
  return {
    meetings: meetings.length,
    queries,
    budget: 'reference answer word count; sentences taken in rank order while they fit, others skipped',
    scorer:
      'ROUGE F1 (Lin 2004), rouge-score defaults: lower-case, non-alphanumerics to spaces, Porter stemmer (npm stemmer 2.0.1) on tokens over 3 characters, ROUGE-L single LCS',
    scores: totals,
    bluelampInSpans: chosen ? inside / chosen : 0,
  };
}

export function formatQmsum(r: QmsumResult): string {
  const pct = (v: number) => (100 * v).toFixed(2);
  return [
    `${r.meetings} meetings, ${r.queries} general queries`,
    'method     ROUGE-1  ROUGE-2  ROUGE-L',
    ...METHODS.map(
      (m) =>
        `${m.padEnd(10)} ${pct(r.scores[m].rouge1).padStart(7)}  ${pct(r.scores[m].rouge2).padStart(7)}  ${pct(r.scores[m].rougeL).padStart(7)}`,
    ),
    `bluelamp sentences inside relevant spans: ${pct(r.bluelampInSpans)}%`,
    `scorer: ${r.scorer}`,
    `budget: ${r.budget}`,
  ].join('\n');
}
