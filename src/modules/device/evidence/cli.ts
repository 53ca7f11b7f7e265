import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../../../cli-support.ts';
import { asPerson, caseByReference, who } from '../../pole/services.ts';
import { startDeviceAnalysis } from './analyses.ts';
import { recordAuthorisation } from './authorisations.ts';
import { importExtraction } from './extractions.ts';
import { loadHashList } from './hash-lists.ts';
import { parseLines, parseSubjects } from './request-text.ts';

const filesOf = (files: string[]) =>
  files.map((f) => {
    if (!existsSync(f)) throw new CliError(`${f}: no such file`, 2);
    if (!statSync(f).isFile()) throw new CliError(`${f}: not a file`, 2);
    return { name: path.basename(f), bytes: readFileSync(f) };
  });
const collect = (value: string, previous: string[]) => [...previous, value];

/** `bluelamp device ...`: device evidence from the command line. */
export function registerDevice(program: Command): void {
  const device = program
    .command('device')
    .description('device evidence: authorise, import, summarise; known-image hash lists');
  who(
    device
      .command('authorise')
      .description('record the authorisation to read a device (before anything on it is read)')
      .argument('<case>', 'the case reference')
      .requiredOption('--device <text>', 'make, model and exhibit number')
      .requiredOption('--owner <name>', 'whose device it is')
      .requiredOption('--owner-role <role>', 'suspect, victim, witness or other')
      .requiredOption('--purpose <text>', 'why reading it is necessary and proportionate')
      .requiredOption('--from <date>', 'first day authorised, YYYY-MM-DD')
      .requiredOption('--to <date>', 'last day authorised, YYYY-MM-DD')
      .requiredOption('--kinds <list>', 'kinds of data, comma-separated: messages,calls,locations,images')
      .requiredOption('--authorised-by <email>', 'the supervisor of the case who authorised it')
      .requiredOption('--retain-until <date>', 'keep what is extracted until, YYYY-MM-DD'),
  ).action(async (reference: string, opts: Record<string, string> & { force: string; as: string }) => {
    await asPerson(opts, async ({ services }, p) => {
      const c = await caseByReference(services.db, p, reference);
      const a = await recordAuthorisation(services.db, services.config.dataEncryptionKey, p, c.id, {
        device: opts.device,
        owner: opts.owner,
        ownerRole: opts.ownerRole,
        purpose: opts.purpose,
        from: opts.from,
        to: opts.to,
        kinds: (opts.kinds ?? '')
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
        authorisedBy: opts.authorisedBy,
        retainUntil: opts.retainUntil,
      });
      console.log(`${a.id}\t${a.scope.from}..${a.scope.to}\t${a.scope.kinds.join(',')}`);
    });
  });
  who(
    device
      .command('import')
      .description("import a device's files under an authorisation, all or nothing")
      .argument('<case>', 'the case reference')
      .argument('<authorisation>', 'the authorisation id')
      .argument(
        '<files...>',
        'WhatsApp .txt, mmssms.db, calllog.db, sms.db, CSV, Takeout JSON, zip of images',
      )
      .option('--owner-name <name>', "the owner's WhatsApp display name")
      .option('--mappings <file.json>', 'CSV column mappings by file name ("*" for any CSV)'),
  ).action(
    async (
      reference: string,
      authorisation: string,
      files: string[],
      opts: { force: string; as: string; ownerName?: string; mappings?: string },
    ) => {
      const read = filesOf(files);
      const mappings = opts.mappings
        ? Buffer.from(filesOf([opts.mappings])[0]!.bytes).toString('utf8')
        : undefined;
      await asPerson(opts, async ({ services }, p) => {
        const c = await caseByReference(services.db, p, reference);
        const x = await importExtraction(
          services.db,
          services.config.dataEncryptionKey,
          p,
          c.id,
          authorisation,
          read,
          {
            ...(opts.ownerName ? { owner: opts.ownerName } : {}),
            ...(mappings ? { csvMappings: mappings } : {}),
          },
        );
        console.log(`${x.id}\t${x.records} records\t${x.images} images (${x.matchedImages} matched)`);
        for (const [reason, n] of Object.entries(x.excluded)) console.log(`  left out: ${n} ${reason}`);
      });
    },
  );
  who(
    device
      .command('summarise')
      .description("queue a summary of an extraction (a run of the force's device-evidence system)")
      .argument('<case>', 'the case reference')
      .argument('<extraction>', 'the extraction id')
      .option('--subject <key=name>', 'a case subject among the contacts (repeatable)', collect, [])
      .option('--line <label|direction|terms>', 'a line of enquiry (repeatable)', collect, []),
  ).action(
    async (
      reference: string,
      extraction: string,
      opts: { force: string; as: string; subject: string[]; line: string[] },
    ) => {
      await asPerson(opts, async ({ services }, p) => {
        const c = await caseByReference(services.db, p, reference);
        const run = await startDeviceAnalysis(services.runs, p, c.id, extraction, {
          subjects: parseSubjects(opts.subject.join('\n')),
          lines: parseLines(opts.line.join('\n')),
        });
        console.log(`${run.reference}\t${run.status}\t/runs/${run.id}`);
      });
    },
  );
  const lists = device.command('hash-list').description("the force's known-image hash lists");
  who(
    lists
      .command('load')
      .description('load (or replace, by name) a list of PDQ hashes: one 64-hex hash a line')
      .argument('<file>', 'the list file')
      .option('--name <name>', 'the list name (else its "# name:" line)')
      .option('--source <source>', 'where it comes from (else its "# source:" line)'),
  ).action(async (file: string, opts: { force: string; as: string; name?: string; source?: string }) => {
    const [read] = filesOf([file]);
    await asPerson(opts, async ({ services }, p) => {
      const l = await loadHashList(
        services.db,
        p,
        { name: read!.name, text: Buffer.from(read!.bytes).toString('utf8') },
        { ...(opts.name ? { name: opts.name } : {}), ...(opts.source ? { source: opts.source } : {}) },
      );
      console.log(`${l.id}\t${l.name}\t${l.hashes} hashes\tsha256 ${l.sha256}`);
    });
  });
}
