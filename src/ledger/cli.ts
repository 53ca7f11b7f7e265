import type { Command } from 'commander';
import { CliError, withDatabase } from '../cli-support.ts';
import { issueTreeHead, presentTreeHead } from './tree-heads.ts';
import { verifyLedger } from './verify.ts';

export function register(program: Command): void {
  const ledger = program.command('ledger').description('the tamper-evident audit ledger');
  ledger
    .command('verify')
    .description('recompute every hash, the chain, the Merkle tree and each signed tree head')
    .option('--json', 'print the result as JSON')
    .action((opts: { json?: boolean }) =>
      withDatabase(async ({ database }) => {
        const progress = process.stderr.isTTY
          ? (done: number, total: number) => process.stderr.write(`\rverifying ${done}/${total} entries`)
          : undefined;
        const result = await verifyLedger(database.db, progress);
        if (progress) process.stderr.write('\n');
        if (opts.json) console.log(JSON.stringify(result, null, 2));
        if (!result.ok) {
          throw new CliError(
            `Ledger verification FAILED at seq ${result.problem!.seq}: ${result.problem!.message}`,
            3,
          );
        }
        if (!opts.json) {
          console.log(
            `Ledger intact: ${result.entries} entries, ${result.nodes} Merkle nodes and ${result.treeHeads} signed tree heads verified.\nRoot: ${result.root}`,
          );
        }
      }),
    );
  ledger
    .command('tree-head')
    .description('issue (if the ledger grew) and print the signed tree head')
    .action(() =>
      withDatabase(async ({ database, services }) => {
        console.log(
          JSON.stringify(presentTreeHead(await issueTreeHead(database.db, services.keys)), null, 2),
        );
      }),
    );
}
