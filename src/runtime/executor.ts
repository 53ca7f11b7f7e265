import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import {
  type ModuleTask,
  type ModuleTaskFailure,
  type ModuleTaskResult,
  runModuleTask,
} from './module-task.ts';

export type Progress = (share: number, stage: string) => void;

/** Runs module code away from the event loop (worker threads) or, for interactive modules, inline. */
export interface Executor {
  run(task: Omit<ModuleTask, 'port'>, onProgress: Progress): Promise<ModuleTaskResult | ModuleTaskFailure>;
  close(): Promise<void>;
}

/**
 * A pool of worker threads (Piscina). Module code is CPU-bound and pure, so it runs here and the
 * HTTP event loop stays free; progress comes back over a MessagePort.
 */
export function threadExecutor(threads: number): Executor {
  const pool = new Piscina({
    filename: new URL('./thread-entry.js', import.meta.url).href,
    minThreads: 0,
    maxThreads: Math.max(1, threads),
    idleTimeout: 60_000,
  });
  return {
    async run(task, onProgress) {
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (m: { share: number; stage: string }) => onProgress(m.share, m.stage));
      try {
        return (await pool.run({ ...task, port: port2 }, { transferList: [port2] })) as
          | ModuleTaskResult
          | ModuleTaskFailure;
      } catch (error) {
        // The thread itself died (out of memory, a native crash): a failed run, not a crashed service.
        return {
          ok: false,
          reason: `The worker running this module stopped: ${error instanceof Error ? error.message : String(error)}`,
        };
      } finally {
        port1.close();
      }
    },
    close: () => pool.destroy(),
  };
}

/** Runs a module on the calling thread: for interactive modules, which answer within a time budget. */
export const inlineExecutor: Executor = {
  async run(task) {
    return runModuleTask(task);
  },
  async close() {},
};
