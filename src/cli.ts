import { Command } from 'commander';
import { register as registerFairness } from './modules/fairness/cli.ts';
import { register as registerRisk } from './modules/risk/cli.ts';

/**
 * The `bluelamp` command line. Each domain adds its commands through a `register(program)`
 * function in its own `cli.ts`; this file only composes them.
 */
const program = new Command('bluelamp')
  .description('Bluelamp: accountable AI for UK policing')
  .showHelpAfterError()
  .exitOverride();

const registrations: Array<(program: Command) => void> = [registerRisk, registerFairness];

for (const register of registrations) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { exitCode?: number }).exitCode;
  if (typeof code === 'number') process.exitCode = code;
  else {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
