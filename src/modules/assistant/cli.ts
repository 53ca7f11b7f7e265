import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, principalByEmail, withDatabase } from '../../cli-support.ts';
import { AppError } from '../../http/errors.ts';
import { purgeExpired } from './conversations/service.ts';
import { DEMO_ARTICLES } from './demo.ts';
import { articlesFromFile, evaluateQuestions, type Figures, readQuestions } from './knowledge/evaluate.ts';
import { approveArticle, draftArticles } from './knowledge/service.ts';

async function forceIdOf(db: Parameters<typeof purgeExpired>[0], slug: string): Promise<number> {
  const f = await db.selectFrom('forces').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!f) throw new CliError(`--force: no force "${slug}".`, 2);
  return f.id;
}

const explain = (e: unknown): never => {
  if (e instanceof AppError) {
    const issues = (e.extra.issues as Array<{ path: string; message: string }> | undefined) ?? [];
    throw new CliError(issues.length ? issues.map((i) => `${i.path}: ${i.message}`).join('\n') : e.detail, 1);
  }
  throw e;
};

/** `bluelamp assistant ...`: the 101 assistant's knowledge base and transcript retention. */
export function register(program: Command): void {
  const assistant = program
    .command('assistant')
    .description('101 web chat assistant: knowledge base and retention');
  const articles = assistant.command('articles').description('knowledge-base articles');
  articles
    .command('add')
    .description('add draft versions of the articles in a JSON file (all or nothing); each needs approval')
    .argument('<file>', 'JSON array of articles (see src/modules/assistant/README.md)')
    .requiredOption('--force <slug>', 'the force')
    .requiredOption('--as <email>', 'the person writing them')
    .action(async (file: string, opts: { force: string; as: string }) => {
      if (!existsSync(file)) throw new CliError(`no such file: ${file}`, 2);
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new CliError(`${file}: not JSON (${(e as Error).message})`, 1);
      }
      await withDatabase(async ({ database }) => {
        const forceId = await forceIdOf(database.db, opts.force);
        const p = await principalByEmail(database.db, '--as', opts.as, forceId);
        const drafts = await draftArticles(database.db, p, data).catch(explain);
        for (const d of drafts) console.log(`${d.id}\t${d.slug}\tversion ${d.version}\tdraft`);
      });
    });
  articles
    .command('approve')
    .description('approve draft articles by id (ledger entry with each SHA-256)')
    .argument('<ids...>', 'article version ids, as `add` printed them')
    .requiredOption('--force <slug>', 'the force')
    .requiredOption('--as <email>', 'the approver (not the writer)')
    .action(async (ids: string[], opts: { force: string; as: string }) => {
      await withDatabase(async ({ database }) => {
        const forceId = await forceIdOf(database.db, opts.force);
        const p = await principalByEmail(database.db, '--as', opts.as, forceId);
        for (const id of ids) {
          await approveArticle(database.db, p, id).catch(explain);
          console.log(`${id}\tapproved`);
        }
      });
    });
  assistant
    .command('evaluate')
    .description(
      'measure retrieval on questions (JSONL lines {"lang","text","article"}; article null when none answers)',
    )
    .requiredOption('--questions <file>', 'JSONL questions')
    .option('--articles <file>', 'JSON articles (default: the demo knowledge base)', DEMO_ARTICLES)
    .option(
      '--sweep',
      'also show the figures at other score thresholds (choose them on validation questions only)',
    )
    .option('--json', 'print JSON')
    .action((opts: { questions: string; articles: string; sweep?: boolean; json?: boolean }) => {
      for (const f of [opts.questions, opts.articles])
        if (!existsSync(f)) throw new CliError(`no such file: ${f}`, 2);
      let questions: ReturnType<typeof readQuestions>;
      let articles: ReturnType<typeof articlesFromFile>;
      try {
        questions = readQuestions(opts.questions);
        articles = articlesFromFile(opts.articles);
      } catch (e) {
        throw new CliError((e as Error).message, 1);
      }
      const result = evaluateQuestions(articles, questions);
      const sweep = opts.sweep
        ? [1, 2]
            .flatMap((topicBoost) =>
              [20, 30, 40, 50].flatMap((min) =>
                [5, 10, 15, 20, 1000].map((fullMatch) => ({ min, fullMatch, topicBoost })),
              ),
            )
            .map((t) => ({ ...t, ...evaluateQuestions(articles, questions, t).all }))
        : undefined;
      if (opts.json) {
        console.log(JSON.stringify({ ...result, ...(sweep ? { sweep } : {}) }, null, 2));
        return;
      }
      const line = (name: string, f: Figures) =>
        `${name.padEnd(4)} ${String(f.questions).padStart(4)} questions: right ${f.right}/${f.answerable}, to a person ${f.toPerson}, unanswerable declined ${f.declined}/${f.unanswerable}, wrong ${f.wrong} (${(100 * f.wrongShare).toFixed(1)}% of answers); resolution ${(100 * f.resolution).toFixed(1)}%`;
      console.log([line('all', result.all), line('en', result.en), line('cy', result.cy)].join('\n'));
      for (const m of result.misses)
        console.log(`  miss [${m.lang}] want ${m.article ?? 'none'}, got ${m.got ?? 'none'}: ${m.text}`);
      for (const s of sweep ?? [])
        console.log(
          `  boost ${s.topicBoost} min ${s.min} (full match ${s.fullMatch}): right ${s.right}/${s.answerable}, declined ${s.declined}/${s.unanswerable}, wrong ${s.wrong}, resolution ${(100 * s.resolution).toFixed(1)}%`,
        );
    });
  assistant
    .command('purge')
    .description('destroy the transcripts of chats past their retention date (figures and ledger stay)')
    .action(async () => {
      await withDatabase(async ({ database, services }) => {
        const n = await purgeExpired(database.db, services.config.dataEncryptionKey);
        console.log(`${n} transcript${n === 1 ? '' : 's'} destroyed`);
      });
    });
}
