/**
 * Worker thread for the Poisson bootstrap: tallies replicates [from, to) over the batches the
 * main thread shares with it, and returns the counts when asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BootstrapTally } from './bootstrap.ts';

interface Init {
  seed: number;
  from: number;
  to: number;
}

type Message =
  | { type: 'batch'; buffer: SharedArrayBuffer; length: number; firstRow: number }
  | { type: 'finish'; cells: number };

const init = (workerData as { init: Init }).init;
const tally = new BootstrapTally(init.seed, init.from, init.to);
const port = parentPort!;

port.on('message', (message: Message) => {
  if (message.type === 'batch') {
    const cells = new Int32Array(message.buffer, 0, message.length);
    const kinds = new Uint8Array(message.buffer, message.length * 4, message.length);
    tally.addBatch(cells, kinds, message.length, message.firstRow);
    port.postMessage({ type: 'done' });
  } else {
    const reps = tally.byReplicate(message.cells);
    port.postMessage(
      { type: 'result', replicates: reps },
      reps.map((r) => r.buffer as ArrayBuffer),
    );
  }
});
port.postMessage({ type: 'ready' });
