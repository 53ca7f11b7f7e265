import type { Command } from 'commander';
import { withDatabase } from '../cli-support.ts';

/** `bluelamp forces list`: every force and whether it is onboarded (public). */
export function register(program: Command): void {
  const forces = program
    .command('forces')
    .description('police forces; a force is onboarded (public) once it has an administrator');
  forces
    .command('list')
    .description(
      'every force: slug, name, kind and when it was onboarded (onboard one with `users add --role admin`)',
    )
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withDatabase(async ({ database }) => {
        const rows = await database.db
          .selectFrom('forces')
          .select(['slug', 'name', 'kind', 'onboarded_at'])
          .orderBy('kind')
          .orderBy('name')
          .execute();
        if (opts.json) {
          const out = rows.map((r) => ({ ...r, onboarded_at: r.onboarded_at?.toISOString() ?? null }));
          console.log(JSON.stringify(out, null, 2));
          return;
        }
        for (const r of rows)
          console.log(
            `${r.slug.padEnd(30)} ${r.onboarded_at ? `onboarded ${r.onboarded_at.toISOString().slice(0, 10)}` : 'not onboarded'.padEnd(20)}  ${r.name}`,
          );
      }),
    );
}
