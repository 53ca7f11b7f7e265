import type { Command } from 'commander';
import { registerLogisticCommands } from './logistic/commands.ts';
import { registerOgrs3Command } from './ogrs3/command.ts';

/** `bluelamp risk ...`: advisory reoffending risk scores and transparent models. */
export function register(program: Command): void {
  const risk = program
    .command('risk')
    .description('Reoffending risk: advisory scores with explanation and audit');
  registerOgrs3Command(risk);
  registerLogisticCommands(risk);
}
