import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, principalByEmail, withDatabase } from '../../../cli-support.ts';
import { AppError } from '../../../http/errors.ts';
import { startAnalysis } from './analyses.ts';
import { caseByReference, createCase, listCases, searchCase, uploadDocuments } from './service.ts';

const explain = (e: unknown): never => {
  if (e instanceof AppError) {
    const issues = (e.extra.issues as Array<{ path: string; message: string }> | undefined) ?? [];
    throw new CliError(issues.length ? issues.map((i) => `${i.path}: ${i.message}`).join('\n') : e.detail, 1);
  }
  throw e;
};

type Ctx = Parameters<Parameters<typeof withDatabase>[0]>[0];

/** Runs `fn` as the person `--as` names, in the force `--force` names; refusals become clear CLI errors. */
export async function asPerson<T>(
  opts: { force: string; as: string },
  fn: (ctx: Ctx, p: Awaited<ReturnType<typeof principalByEmail>>) => Promise<T>,
): Promise<T> {
  return withDatabase(async (ctx) => {
    const force = await ctx.database.db
      .selectFrom('forces')
      .select('id')
      .where('slug', '=', opts.force)
      .executeTakeFirst();
    if (!force) throw new CliError(`--force: no force "${opts.force}".`, 2);
    const p = await principalByEmail(ctx.database.db, '--as', opts.as, force.id);
    return fn(ctx, p).catch(explain);
  });
}

/** Adds the options every acting command needs: the force and the person acting. */
export const who = (c: Command) =>
  c.requiredOption('--force <slug>', 'the force').requiredOption('--as <email>', 'the officer acting');

/** `bluelamp case ...`: case files from the command line. */
export function registerCases(program: Command): void {
  const kase = program.command('case').description('case files: open a case, add documents, search, analyse');
  who(
    kase
      .command('open')
      .description('open a case (you become its first investigator)')
      .argument('<reference>', 'the case reference')
      .requiredOption('--title <text>', 'the case title (stored encrypted)')
      .requiredOption('--review-on <date>', 'retention review date, YYYY-MM-DD')
      .option('--supervisor <email>', 'an officer or analyst who supervises the case'),
  ).action(
    async (
      reference: string,
      opts: { force: string; as: string; title: string; reviewOn: string; supervisor?: string },
    ) => {
      await asPerson(opts, async ({ services }, p) => {
        const c = await createCase(services.db, services.config.dataEncryptionKey, p, {
          reference,
          title: opts.title,
          reviewOn: opts.reviewOn,
          ...(opts.supervisor ? { supervisor: opts.supervisor } : {}),
        });
        console.log(`${c.id}\t${c.reference}`);
      });
    },
  );
  who(
    kase
      .command('add')
      .description('add documents to a case, all or nothing (.txt, .docx, .pdf, .eml, .csv)')
      .argument('<reference>', 'the case reference')
      .argument('<files...>', 'the files'),
  ).action(async (reference: string, files: string[], opts: { force: string; as: string }) => {
    for (const f of files) {
      if (!existsSync(f)) throw new CliError(`${f}: no such file`, 2);
      if (!statSync(f).isFile()) throw new CliError(`${f}: not a file`, 2);
    }
    await asPerson(opts, async ({ services }, p) => {
      const c = await caseByReference(services.db, p, reference);
      const added = await uploadDocuments(
        services.db,
        services.config.dataEncryptionKey,
        p,
        c.id,
        files.map((f) => ({ name: path.basename(f), bytes: readFileSync(f) })),
      );
      for (const d of added.documents)
        console.log(
          `${d.id}\t${d.name}\t${d.kind}${d.status === 'ok' ? '' : ` (${d.status})`}\tsha256 ${d.sha256}${d.warnings.length ? `\t${d.warnings.join('; ')}` : ''}`,
        );
    });
  });
  who(kase.command('list').description('the cases you are on')).action(
    async (opts: { force: string; as: string }) => {
      await asPerson(opts, async ({ services }, p) => {
        for (const c of await listCases(services.db, services.config.dataEncryptionKey, p))
          console.log(`${c.reference}\t${c.role}\treview ${c.reviewOn}\t${c.title}`);
      });
    },
  );
  who(
    kase
      .command('search')
      .description(
        'documents of a case holding every word of the query (a phone or registration mark in any form)',
      )
      .argument('<reference>', 'the case reference')
      .argument('<query>', 'the words to find'),
  ).action(async (reference: string, query: string, opts: { force: string; as: string }) => {
    await asPerson(opts, async ({ services }, p) => {
      const c = await caseByReference(services.db, p, reference);
      const r = await searchCase(services.db, services.config.dataEncryptionKey, p, c.id, query);
      for (const h of r.hits) {
        console.log(h.name);
        for (const passage of h.passages)
          console.log(
            `  …${passage.parts
              .map((x) => (x.match ? `[${x.text}]` : x.text))
              .join('')
              .replace(/\s+/g, ' ')}…`,
          );
      }
      if (!r.hits.length) console.log('No document holds every word.');
    });
  });
  who(
    kase
      .command('analyse')
      .description(
        "queue an analysis of the case (a run of the force's case-file system, reviewed before use)",
      )
      .argument('<reference>', 'the case reference'),
  ).action(async (reference: string, opts: { force: string; as: string }) => {
    await asPerson(opts, async ({ services }, p) => {
      const c = await caseByReference(services.db, p, reference);
      const run = await startAnalysis(services.runs, p, c.id);
      console.log(`${run.reference}\t${run.status}\t/runs/${run.id}`);
    });
  });
}
