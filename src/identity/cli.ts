import type { Command } from 'commander';
import { CliError, printOrWrite, withDatabase } from '../cli-support.ts';
import { AppError } from '../http/errors.ts';
import { abilitiesMarkdown } from './abilities.ts';
import { newPersonSchema } from './model.ts';
import { ROLES } from './roles.ts';
import { createPerson, forceIdBySlug } from './service.ts';

export function register(program: Command): void {
  program
    .command('abilities')
    .description('print who may do what as Markdown; with --out, write it to FILE')
    .option('--out <file>', 'write the Markdown to FILE')
    .action((opts: { out?: string }) => printOrWrite(abilitiesMarkdown(), opts.out));
  const users = program.command('users').description('people and their roles');
  users
    .command('add')
    .description('add a person with one or more roles in a force')
    .requiredOption('--email <email>', 'sign-in email address')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--force <slug>', 'force slug, e.g. northumbria')
    .requiredOption('--role <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
    .option('--password <password>', 'initial password (or set BLUELAMP_NEW_PASSWORD)')
    .action((opts: { email: string; name: string; force: string; role: string; password?: string }) =>
      withDatabase(async ({ database }) => {
        const parsed = newPersonSchema.safeParse({
          email: opts.email,
          name: opts.name,
          password: opts.password ?? process.env.BLUELAMP_NEW_PASSWORD ?? '',
          roles: opts.role.split(',').map((r) => r.trim()),
        });
        if (!parsed.success) {
          throw new CliError(
            parsed.error.issues
              .map((i) => `--${i.path[0] === 'roles' ? 'role' : String(i.path[0])}: ${i.message}`)
              .join('\n'),
            2,
          );
        }
        try {
          const forceId = await forceIdBySlug(database.db, opts.force);
          const person = await createPerson(database.db, parsed.data, forceId, null);
          console.log(
            `Added ${parsed.data.name} (${person.id}) to ${opts.force} as ${parsed.data.roles.join(', ')}.`,
          );
        } catch (error) {
          if (error instanceof AppError) throw new CliError(error.detail, 2);
          throw error;
        }
      }),
    );
}
