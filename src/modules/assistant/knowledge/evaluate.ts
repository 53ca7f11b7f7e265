import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defaultTriage } from '../../triage/index.ts';
import { bestArticle, DEFAULT_THRESHOLDS, type Thresholds } from '../engine.ts';
import type { ChatLang } from '../phrases.ts';
import { ArticleIndex, articleContentSchema, type LiveArticle } from './articles.ts';

/**
 * How well retrieval answers questions people ask, on a file of questions with the article that
 * answers each (or null when no article does). An answer is right when it quotes that article;
 * a question passed to a person (triage escalated it, or no article scored enough) is not wrong,
 * but counts against resolution; quoting another article is wrong, the one failure that matters.
 */
export const questionSchema = z.object({
  lang: z.enum(['en', 'cy']),
  text: z.string().min(1),
  article: z.string().nullable(),
});
export type Question = z.infer<typeof questionSchema>;

export interface Figures {
  questions: number;
  answerable: number;
  right: number;
  toPerson: number;
  wrong: number;
  unanswerable: number;
  declined: number;
  /** (right + unanswerable declined) / questions: the register's "routine-resolution". */
  resolution: number;
  /** Share of answered questions that quoted the wrong article. */
  wrongShare: number;
}

export function readQuestions(file: string): Question[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = questionSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file} line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export const articlesFromFile = (file: string): LiveArticle[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as unknown[]).map((a, i) => ({
    id: String(i),
    version: 1,
    content: articleContentSchema.parse(a),
  }));

export function evaluateQuestions(
  articles: readonly LiveArticle[],
  questions: readonly Question[],
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Record<'all' | ChatLang, Figures> & { misses: Array<Question & { got: string | null }> } {
  const index = { en: new ArticleIndex(articles, 'en'), cy: new ArticleIndex(articles, 'cy') };
  const triage = defaultTriage();
  const empty = (): Figures => ({
    questions: 0,
    answerable: 0,
    right: 0,
    toPerson: 0,
    wrong: 0,
    unanswerable: 0,
    declined: 0,
    resolution: 0,
    wrongShare: 0,
  });
  const groups = { all: empty(), en: empty(), cy: empty() };
  const misses: Array<Question & { got: string | null }> = [];
  for (const q of questions) {
    const decision = triage.classifyContact([q.text], q.lang);
    const got =
      decision.route === 'routine' && !decision.interpreter
        ? (bestArticle(index[q.lang].find(q.text), decision.topic, thresholds)?.article ?? null)
        : null;
    for (const g of [groups.all, groups[q.lang]]) {
      g.questions++;
      if (q.article) {
        g.answerable++;
        if (got === q.article) g.right++;
        else if (got === null) g.toPerson++;
        else g.wrong++;
      } else {
        g.unanswerable++;
        if (got === null) g.declined++;
        else g.wrong++;
      }
    }
    if (got !== q.article) misses.push({ ...q, got });
  }
  for (const g of Object.values(groups)) {
    g.resolution = g.questions ? (g.right + g.declined) / g.questions : 0;
    const answered = g.right + g.wrong;
    g.wrongShare = answered ? g.wrong / answered : 0;
  }
  return { ...groups, misses };
}
