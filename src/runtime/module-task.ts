import { createHash } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import { canonicalJson } from '../ledger/merkle.ts';
import { findModule, monitoredValues } from '../modules/registry.ts';
import { decrypt } from '../security/encryption.ts';

/** A run input as stored: sealed with the data key (opened by the worker), or plain. */
export type TaskInput = { plain: unknown } | { sealed: Uint8Array; key: Uint8Array; context: string };

export const UNREADABLE_INPUT =
  "Its input could not be decrypted with this worker's data key: every process must share the service's DATA_ENCRYPTION_KEY.";

/** The latest audit a risk output is shown with (see `latestAudit` in the risk modules). */
export interface LatestAudit {
  auditedAt: string;
  summary: string;
  reportRef: string;
}

/**
 * What a worker is asked to do: open one run's input, run its module with its settings, check
 * the output against the module's declared form and prepare what is stored. All of it happens
 * on the worker's thread, so the event loop that answers HTTP never parses, clones or hashes a
 * whole input or output.
 */
export interface ModuleTask {
  moduleId: string;
  input: TaskInput;
  settings: unknown;
  /** Attached to outputs that carry an empty `latestAudit` field (risk modules). */
  latestAudit?: LatestAudit | null;
  /** Progress messages `{share, stage}` go here (worker threads); absent runs silently. */
  port?: MessagePort;
}

export interface ModuleTaskResult {
  ok: true;
  /** The output checked against the module's output schema, as JSON text. */
  outputJson: string;
  /** SHA-256 (hex) of the output's canonical JSON, for the ledger. */
  outputSha256: string;
  /** The values monitoring follows for this run, as JSON text. */
  monitoredJson: string;
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
  const input = openInput(task.input);
  if (!input.ok) return input;
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
    const result = module.run(input.value, task.settings, context);
    const durationMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const checked = module.outputSchema.safeParse(result.output);
    if (!checked.success) {
      const why = checked.error.issues.map((i) => `${i.path.join('.') || 'output'}: ${i.message}`).join('; ');
      return {
        ok: false,
        reason: `The module's output did not match its declared form, so it was not stored (${why}).`,
      };
    }
    const output = checked.data as unknown;
    attachLatestAudit(output, task.latestAudit ?? null);
    const outputJson = JSON.stringify(output);
    return {
      ok: true,
      outputJson,
      outputSha256: createHash('sha256')
        .update(canonicalJson(JSON.parse(outputJson)))
        .digest('hex'),
      monitoredJson: JSON.stringify(monitoredValues(module.id, input.value, output)),
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

function openInput(input: TaskInput): { ok: true; value: unknown } | ModuleTaskFailure {
  if ('plain' in input) return { ok: true, value: input.plain };
  let text: string;
  try {
    text = decrypt(Buffer.from(input.key), Buffer.from(input.sealed), input.context);
  } catch {
    return { ok: false, reason: UNREADABLE_INPUT };
  }
  return { ok: true, value: JSON.parse(text) };
}

/** A risk output is always shown with the latest audit of the model (an empty field is filled). */
function attachLatestAudit(output: unknown, audit: LatestAudit | null) {
  const o = output as Record<string, unknown>;
  if (!o || typeof o !== 'object' || !('latestAudit' in o) || o.latestAudit) return;
  o.latestAudit = audit;
}

export default runModuleTask;
