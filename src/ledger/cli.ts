import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, withDatabase } from '../cli-support.ts';
import { type NoteKey, parseVerifierKey } from './checkpoint.ts';
import { parseKeyList } from './keys.ts';
import { describeCounts, describeDisagreement, verifyState } from './state.ts';
import { importPublicKeyRaw } from './tree-head.ts';
import { issueTreeHead, LedgerForkError, lastSignedCheckpoint, presentTreeHead } from './tree-heads.ts';
import { type TrustedTree, verifyLedger } from './verify.ts';
import {
  fetchLogKeys,
  openWitness,
  serveWitness,
  trustedCheckpoint,
  WITNESS_CHECKPOINT,
  WitnessError,
  witnessOnce,
} from './witness.ts';

interface VerifyOpts {
  json?: boolean;
  trustedKeys?: string;
  log?: string;
  checkpoint?: string;
  witnessKey?: string;
  witnessState?: string;
  witness?: string;
  state?: boolean;
}

/** A verifier key given inline or as the path of a file holding it. */
function readWitnessKey(value: string): NoteKey {
  const text = existsSync(value) ? readFileSync(value, 'utf8') : value;
  try {
    return parseVerifierKey(text);
  } catch (error) {
    throw new CliError(`--witness-key: ${(error as Error).message}`, 2);
  }
}

function readFileOption(option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${option}: cannot read ${file}`, 2);
  }
}

async function fetchText(url: string, option: string): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`answered ${res.status}`);
    return await res.text();
  } catch (error) {
    throw new CliError(`${option}: ${url}: ${(error as Error).message}`, 2);
  }
}

export function register(program: Command): void {
  const ledger = program.command('ledger').description('the tamper-evident audit ledger');
  ledger
    .command('verify')
    .description(
      'recompute every hash, the chain, the Merkle tree and each signed tree head, checked against trusted keys and checkpoints',
    )
    .option('--json', 'print the result as JSON')
    .option(
      '--trusted-keys <file>',
      'earlier published ledger keys (PEM, base64 or verifier keys, one a line)',
    )
    .option('--log <url>', 'also trust the keys a running service publishes at <url>/api/ledger/public-key')
    .option('--checkpoint <file>', 'a checkpoint kept earlier: the ledger must extend it')
    .option('--witness-state <dir>', "a witness's state directory: the ledger must extend what it cosigned")
    .option('--witness <url>', 'a witness server: the ledger must extend the checkpoint it cosigned')
    .option(
      '--witness-key <key>',
      "the witness's verifier key (or a file holding it): its cosignature is required",
    )
    .option(
      '--state',
      'also replay the ledger and compare the governed tables (register, evidence, runs, reviews, incidents, challenges, people and roles) with it',
    )
    .action((opts: VerifyOpts) =>
      withDatabase(async ({ database, services }) => {
        const keys: KeyObject[] = [services.keys.publicKey, ...services.keys.previousKeys];
        const keySources = [
          services.keys.previousKeys.length
            ? 'the configured signing key and earlier keys'
            : 'the configured signing key',
        ];
        if (opts.trustedKeys) {
          try {
            keys.push(...parseKeyList(readFileOption('--trusted-keys', opts.trustedKeys), opts.trustedKeys));
          } catch (error) {
            throw new CliError(`--trusted-keys: ${(error as Error).message}`, 2);
          }
          keySources.push(opts.trustedKeys);
        }
        if (opts.log) {
          try {
            keys.push(...(await fetchLogKeys(opts.log)).publicKeys.map(importPublicKeyRaw));
          } catch (error) {
            throw new CliError(`--log: ${(error as Error).message}`, 2);
          }
          keySources.push(opts.log);
        }
        const witnessKey = opts.witnessKey ? readWitnessKey(opts.witnessKey) : undefined;
        const trees: TrustedTree[] = [];
        let own: ReturnType<typeof lastSignedCheckpoint>;
        try {
          own = lastSignedCheckpoint(services.keys);
        } catch (error) {
          throw new CliError(`Ledger verification FAILED: ${(error as Error).message}`, 3);
        }
        if (own)
          trees.push({
            ...own.checkpoint,
            source: `the service's last signed checkpoint (${services.keys.stateFile})`,
          });
        const checkpoints: Array<[string, string]> = [];
        if (opts.checkpoint)
          checkpoints.push([readFileOption('--checkpoint', opts.checkpoint), opts.checkpoint]);
        if (opts.witnessState) {
          const file = path.join(opts.witnessState, WITNESS_CHECKPOINT);
          checkpoints.push([readFileOption('--witness-state', file), `the witness checkpoint ${file}`]);
        }
        if (opts.witness) {
          const url = `${opts.witness.replace(/\/$/, '')}/checkpoint`;
          checkpoints.push([await fetchText(url, '--witness'), `the witness checkpoint at ${url}`]);
        }
        if (witnessKey && checkpoints.length === 0) {
          throw new CliError('--witness-key needs --witness-state, --witness or --checkpoint', 2);
        }
        for (const [text, source] of checkpoints) {
          try {
            trees.push({ ...trustedCheckpoint(text, source, keys, witnessKey), source });
          } catch (error) {
            throw new CliError(`Ledger verification FAILED: ${(error as Error).message}`, 3);
          }
        }
        const onProgress = process.stderr.isTTY
          ? (done: number, total: number) => process.stderr.write(`\rverifying ${done}/${total} entries`)
          : undefined;
        const result = await verifyLedger(database.db, {
          trustedKeys: keys,
          trustedTrees: trees,
          onProgress,
        });
        if (onProgress) process.stderr.write('\n');
        const state = result.ok && opts.state ? await verifyState(database.db) : undefined;
        if (opts.json) console.log(JSON.stringify({ ...result, state }, null, 2));
        if (!result.ok) {
          throw new CliError(
            `Ledger verification FAILED at seq ${result.problem!.seq}: ${result.problem!.message}`,
            3,
          );
        }
        if (state?.disagreements.length) {
          throw new CliError(
            `The tables disagree with the ledger (${state.disagreements.length}):\n${state.disagreements.map((d) => `  ${describeDisagreement(d)}`).join('\n')}`,
            3,
          );
        }
        if (!opts.json) {
          console.log(
            `Ledger intact: ${result.entries} entries, ${result.nodes} Merkle nodes and ${result.treeHeads} signed tree heads verified against ${keySources.join(', ')}; extends ${trees.length} trusted checkpoint${trees.length === 1 ? '' : 's'}.\nRoot: ${result.root}${state ? `\nState: ${describeCounts(state.counts)} agree with the ledger.` : ''}`,
          );
        }
      }),
    );
  ledger
    .command('tree-head')
    .description('issue (if the ledger grew) and print the signed tree head')
    .action(() =>
      withDatabase(async ({ database, services }) => {
        try {
          console.log(
            JSON.stringify(presentTreeHead(await issueTreeHead(database.db, services.keys)), null, 2),
          );
        } catch (error) {
          if (error instanceof LedgerForkError) throw new CliError(error.message, 3);
          throw error;
        }
      }),
    );
  ledger
    .command('witness')
    .description("follow a ledger's checkpoints, check each extends the last one seen, and cosign it")
    .requiredOption('--log <url>', 'the Bluelamp service, e.g. https://bluelamp.example.police.uk')
    .requiredOption(
      '--state <dir>',
      "the witness's own directory: its key and the last checkpoint it cosigned",
    )
    .option(
      '--log-key <key>',
      "the log's checkpoint verifier key (default: fetched and pinned on first contact); after the log's key changes, the new key, once confirmed with the log's operator",
    )
    .option('--name <name>', "the witness's name in its cosignatures (set on first use)")
    .option('--once', 'check and cosign once, then exit')
    .option('--interval <seconds>', 'seconds between checks', (v) => Number.parseInt(v, 10), 60)
    .option('--listen <port>', 'serve GET /checkpoint and GET /key on this port', (v) =>
      Number.parseInt(v, 10),
    )
    .action(
      async (opts: {
        log: string;
        state: string;
        logKey?: string;
        name?: string;
        once?: boolean;
        interval: number;
        listen?: number;
      }) => {
        if (!Number.isInteger(opts.interval) || opts.interval < 1)
          throw new CliError('--interval: a whole number of seconds, at least 1.', 2);
        if (
          opts.listen !== undefined &&
          !(Number.isInteger(opts.listen) && opts.listen >= 0 && opts.listen < 65536)
        )
          throw new CliError('--listen: a port number.', 2);
        const witness = openWitness(opts.state, opts.name);
        console.log(`Witness ${witness.key.name}, verifier key ${witness.verifierKey}`);
        const round = async () => {
          const step = await witnessOnce(opts.log, witness, opts.logKey);
          console.log(
            `${new Date().toISOString()} cosigned ${step.checkpoint.origin} at ${step.checkpoint.treeSize} entries${step.previous === undefined ? ' (first checkpoint seen)' : ` (consistent with ${step.previous})`}`,
          );
        };
        const failed = (error: unknown) =>
          new CliError(`Witness ALARM: ${(error as Error).message}`, error instanceof WitnessError ? 3 : 1);
        try {
          await round();
        } catch (error) {
          throw failed(error);
        }
        if (opts.once) return;
        const server = opts.listen !== undefined ? await serveWitness(witness, opts.listen) : undefined;
        if (server) {
          const address = server.address();
          console.log(
            `Serving cosignatures on port ${typeof address === 'object' && address ? address.port : opts.listen}`,
          );
        }
        await new Promise<void>((_resolve, reject) => {
          const timer = setInterval(() => {
            round().catch((error) => {
              clearInterval(timer);
              server?.close();
              reject(failed(error));
            });
          }, opts.interval * 1000);
        });
      },
    );
}
