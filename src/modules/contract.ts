import type { z } from 'zod';

/**
 * The contract every AI module honours so the oversight runtime can run it: an id and version,
 * schemas for input, settings and output, a pure `run` that explains itself, and `evaluate`
 * that measures it on data. Modules do no I/O inside `run` or `evaluate`.
 */
export interface ModuleRunResult<Output> {
  output: Output;
  /** Plain-English account of how the output was reached, shown to the reviewer. */
  explanation: string;
  /** True when the output should always go to a human reviewer even under sampled review. */
  risky?: boolean;
}

export interface AiModule<
  Input extends z.ZodType = z.ZodType,
  Settings extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
> {
  id: string;
  version: string;
  title: string;
  /** True when inputs usually carry personal data, so the runtime encrypts them at rest. */
  personalData: boolean;
  /**
   * True when inputs must be encrypted at rest although they are not personal data as such (for
   * example exact times and places of crimes, which can point to a victim's home). Personal data
   * is always encrypted; see `encryptsInput`.
   */
  sensitiveInput?: boolean;
  inputSchema: Input;
  settingsSchema: Settings;
  outputSchema: Output;
  run(input: z.infer<Input>, settings: z.infer<Settings>): ModuleRunResult<z.infer<Output>>;
  evaluate?(data: unknown, settings: z.infer<Settings>): Record<string, number>;
}

/** Whether the runtime stores a module's run inputs encrypted: personal data, or sensitive input. */
export const encryptsInput = (module: Pick<AiModule, 'personalData' | 'sensitiveInput'>): boolean =>
  module.personalData || module.sensitiveInput === true;
