import type { MessagePort } from 'node:worker_threads';
import { findModule } from '../modules/registry.ts';

/** What a worker is asked to do: run one module on one validated input with its settings. */
export interface ModuleTask {
  moduleId: string;
  input: unknown;
  settings: unknown;
  /** Progress messages `{share, stage}` go here (worker threads); absent runs silently. */
  port?: MessagePort;
}

export interface ModuleTaskResult {
  ok: true;
  output: unknown;
  explanation: string;
  risky: boolean;
  durationMs: number;
  /** CPU time of the run, never more than its wall time (one thread runs one module). */
  cpuMs: number;
}

export interface ModuleTaskFailure {
  ok: false;
  /** Why the module could not produce an output, in words a person understands. */
  reason: string;
}

/** Progress is sent at most every 200 ms (and always for the last step), so it never floods. */
const PROGRESS_EVERY_MS = 200;

/**
 * Runs a module's pure `run`. A module that throws is a failed run with its message as the
 * reason, never a crashed worker. Used in worker threads and, for interactive modules, inline.
 */
export function runModuleTask(task: ModuleTask): ModuleTaskResult | ModuleTaskFailure {
  const module = findModule(task.moduleId);
  if (!module) return { ok: false, reason: `No AI module "${task.moduleId}" is installed here.` };
  let last = 0;
  const context = {
    progress(share: number, stage: string) {
      const now = Date.now();
      if (!task.port || (now - last < PROGRESS_EVERY_MS && share < 1)) return;
      last = now;
      task.port.postMessage({ share: Math.min(1, Math.max(0, share)), stage: stage.slice(0, 80) });
    },
  };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    const result = module.run(task.input, task.settings, context);
    const durationMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    return {
      ok: true,
      output: result.output,
      explanation: result.explanation,
      risky: Boolean(result.risky),
      durationMs,
      cpuMs: Math.min(durationMs, (cpu.user + cpu.system) / 1000),
    };
  } catch (error) {
    return {
      ok: false,
      reason: `The ${module.title} module could not produce an output: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    task.port?.close();
  }
}

export default runModuleTask;
