import { Command, CommanderError } from 'commander';
import { CliError } from './cli-support.ts';
import { register as registerDb } from './db/cli.ts';
import { register as registerUsers } from './identity/cli.ts';
import { register as registerForces } from './identity/forces-cli.ts';
import { register as registerLedger } from './ledger/cli.ts';
import { PLUGINS } from './modules/plugins.ts';
import { register as registerOutcomes } from './monitoring/cli.ts';
import { register as registerRuns } from './oversight/cli.ts';
import { register as registerLifecycle } from './register/cli.ts';
import { register as registerAtrs } from './transparency/cli.ts';

/**
 * The `bluelamp` command line. Each domain adds its commands through a `register(program)`
 * function in its own `cli.ts`; this file only composes them.
 */
const program = new Command('bluelamp')
  .description('Bluelamp: accountable AI for UK policing')
  .showHelpAfterError()
  .exitOverride();

program
  .command('start')
  .description('start Bluelamp (embedded database unless DATABASE_URL is set)')
  .option('--demo', 'seed demo data on an empty database (default for npm start)')
  .action(async (opts: { demo?: boolean }) => {
    const { start } = await import('./main.ts');
    await start(opts.demo ? { BLUELAMP_DEMO: 'true' } : {});
  });

program
  .command('worker')
  .description(
    'execute queued runs from the PostgreSQL database in DATABASE_URL (start several, on any machine)',
  )
  .option('--concurrency <n>', 'runs executed at once (worker threads)', (v) => Number.parseInt(v, 10), 2)
  .action(async (opts: { concurrency: number }) => {
    if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1 || opts.concurrency > 64)
      throw new CliError('--concurrency: a whole number from 1 to 64.', 2);
    const { work } = await import('./main.ts');
    await work(opts);
  });

const registrations: Array<(program: Command) => void> = [
  registerDb,
  registerLedger,
  registerUsers,
  registerForces,
  registerLifecycle,
  registerRuns,
  registerAtrs,
  registerOutcomes,
];

for (const register of registrations) register(program);
// Each module adds its own commands through its plug-in.
for (const plugin of PLUGINS) plugin.cli?.(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode;
  else if (error instanceof CliError) {
    console.error(error.message);
    process.exitCode = error.exitCode;
  } else {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
