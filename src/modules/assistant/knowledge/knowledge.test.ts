import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { TOPICS } from '../../triage/index.ts';
import { DEMO_ARTICLES } from '../demo.ts';
import { ArticleIndex, articleContentSchema } from './articles.ts';
import { articlesFromFile, evaluateQuestions, readQuestions } from './evaluate.ts';

const VALIDATION = path.join(path.dirname(DEMO_ARTICLES), 'validation.jsonl');

describe("the demo force's knowledge base", () => {
  const articles = articlesFromFile(DEMO_ARTICLES);

  it('covers every routine topic triage gives, in English and Welsh', () => {
    const topics = new Set(articles.map((a) => a.content.topic));
    expect(TOPICS.filter((t) => !topics.has(t))).toEqual([]);
    for (const a of articles) {
      expect(articleContentSchema.safeParse(a.content).success, a.content.slug).toBe(true);
      expect(a.content.cy.body, a.content.slug).not.toBe(a.content.en.body);
      // The same paragraphs in both languages.
      expect(a.content.cy.body.split('\n\n').length, a.content.slug).toBe(
        a.content.en.body.split('\n\n').length,
      );
    }
  });

  it('finds each article from its own example questions, and nothing for words it has no article on', () => {
    for (const lang of ['en', 'cy'] as const) {
      const index = new ArticleIndex(articles, lang);
      for (const a of articles)
        for (const q of a.content[lang].questions)
          expect(index.find(q)[0]?.article, `${lang}: ${q}`).toBe(a.content.slug);
      expect(index.find('the and of')).toEqual([]);
    }
  });

  it('holds the figures its README gives on the validation questions (the test split is run by hand, once)', () => {
    const r = evaluateQuestions(articles, readQuestions(VALIDATION));
    expect(r.all.resolution).toBeGreaterThanOrEqual(0.85);
    expect(r.all.wrong).toBeLessThanOrEqual(6);
    expect(r.all.wrongShare).toBeLessThanOrEqual(0.1);
    expect(r.all.declined / r.all.unanswerable).toBeGreaterThanOrEqual(0.88);
  });

  it('reports through the command line, and names the line of a bad question file', async () => {
    const ok = await runCli(['assistant', 'evaluate', '--questions', VALIDATION, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).all.questions).toBe(
      readFileSync(VALIDATION, 'utf8').trim().split('\n').length,
    );
    const bad = path.join(tmpdir(), `bad-questions-${process.pid}.jsonl`);
    writeFileSync(
      bad,
      '{"lang":"en","text":"hi","article":null}\n{"lang":"fr","text":"bonjour","article":null}\n',
    );
    const refused = await runCli(['assistant', 'evaluate', '--questions', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 2');
  });
});
