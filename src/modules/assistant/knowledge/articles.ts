import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { z } from 'zod';
import { canonicalJson } from '../../../ledger/merkle.ts';
import { radicalCandidates, TOPICS, tokenize } from '../../triage/index.ts';
import type { ChatLang } from '../phrases.ts';

/**
 * The force's knowledge base: the only content the assistant may show, word for word. Each
 * article has a topic (one of triage's routine topics), a kind (an answer, a service the chat
 * runs, or a signpost to another body), example questions and keywords for retrieval, and
 * English and Welsh versions with the same facts.
 */
const side = z.object({
  title: z.string().trim().min(3).max(120),
  body: z.string().trim().min(20).max(2000),
  questions: z.array(z.string().trim().min(3).max(300)).min(1).max(20),
});

export const ARTICLE_KINDS = ['answer', 'service', 'signpost'] as const;

export const articleContentSchema = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens')
    .max(80),
  topic: z.enum(TOPICS),
  kind: z.enum(ARTICLE_KINDS),
  keywords: z.object({
    en: z.array(z.string().trim().min(2).max(60)).max(60),
    cy: z.array(z.string().trim().min(2).max(60)).max(60),
  }),
  en: side,
  cy: side,
});
export type ArticleContent = z.infer<typeof articleContentSchema>;

/** The SHA-256 of an article's content (canonical JSON): what an approval in the ledger names. */
export const contentHash = (content: ArticleContent): string =>
  createHash('sha256').update(canonicalJson(content)).digest('hex');

/** An approved article as the assistant holds it: content with its slug and version. */
export interface LiveArticle {
  id: string;
  version: number;
  content: ArticleContent;
}

/** A retrieved article offered to the assistant, with its score and the words that matched. */
export interface Candidate {
  article: string;
  version: number;
  topic: string;
  kind: (typeof ARTICLE_KINDS)[number];
  title: string;
  body: string;
  score: number;
  matched: string[];
  /** Share of the question's words (stop words aside) that matched this article, 0 to 1. */
  coverage: number;
}

/** Common words that carry no topic, so a question is never matched on them alone. */
const STOP: Record<ChatLang, ReadonlySet<string>> = {
  en: new Set(
    'a about after all am an and any are as at be been but by can could did do does doing for from get got had has have how i if in into is it its just me my no not of on or our please so some that the their them then there they this to up was we were what when where which who why will with would you your hi hello thanks thank want need know tell help'.split(
      ' ',
    ),
  ),
  cy: new Set(
    'a ac am ar at beth be ble bod dw dwi dy ei eich ein eu fe fi fy gan gen gyda hi hwn hyn i mae mi nhw ni o oes os pa pam pan pwy sut ti wedi y ydw ydych ydy yn yr ym a’r gwneud wneud helo diolch gallaf gallwch allwch hoffwn isio eisiau angen gwybod rhaid ga ges gaf'.split(
      ' ',
    ),
  ),
};

/** Terms of a text for one language: tokens, stop words dropped, stemmed (English) or with each
 * radical a Welsh mutated word may come from. */
export function termsOf(text: string, lang: ChatLang): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (STOP[lang].has(token) || token.length < 2) continue;
    if (lang === 'en') out.push(stemmer(token));
    else out.push(...radicalCandidates(token));
  }
  return out;
}

interface Doc {
  id: string;
  title: string;
  keywords: string;
  questions: string;
  body: string;
}

/**
 * Retrieval over the approved articles of one language with MiniSearch (BM25 over title,
 * keywords, example questions and body, with prefix and fuzzy matching for misspellings). Only
 * the best few are offered; the assistant decides whether the best is good enough.
 */
export class ArticleIndex {
  private readonly search: MiniSearch<Doc>;
  private readonly byId = new Map<string, LiveArticle>();

  constructor(
    articles: readonly LiveArticle[],
    readonly lang: ChatLang,
  ) {
    this.search = new MiniSearch<Doc>({
      fields: ['title', 'keywords', 'questions', 'body'],
      tokenize: (text) => [text],
      processTerm: (term) => {
        const terms = termsOf(term, lang);
        return terms.length ? terms : null;
      },
      searchOptions: {
        boost: { title: 2, keywords: 3, questions: 2, body: 0.5 },
        prefix: (term) => term.length >= 5,
        fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
        combineWith: 'OR',
      },
    });
    for (const a of articles) {
      const side = a.content[lang];
      this.byId.set(a.content.slug, a);
      this.search.add({
        id: a.content.slug,
        title: side.title,
        keywords: a.content.keywords[lang].join(' \n '),
        questions: side.questions.join(' \n '),
        body: side.body,
      });
    }
  }

  get size(): number {
    return this.byId.size;
  }

  /** The best `limit` articles for a question, best first. */
  find(question: string, limit = 3): Candidate[] {
    if (termsOf(question, this.lang).length === 0) return [];
    // Each word of the question, as the terms it may match (a Welsh word: each possible radical).
    const words = [...new Set(tokenize(question))]
      .map((w) => termsOf(w, this.lang))
      .filter((terms) => terms.length > 0);
    return this.search
      .search(question)
      .slice(0, limit)
      .map((hit) => {
        const matched = new Set(hit.queryTerms);
        const a = this.byId.get(String(hit.id))!;
        const side = a.content[this.lang];
        return {
          article: a.content.slug,
          version: a.version,
          topic: a.content.topic,
          kind: a.content.kind,
          title: side.title,
          body: side.body,
          score: Math.round(hit.score * 1000) / 1000,
          matched: hit.terms,
          coverage: words.filter((terms) => terms.some((t) => matched.has(t))).length / words.length,
        };
      });
  }
}
