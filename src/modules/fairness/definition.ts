import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AuditOptions } from './types.ts';

/** Column mapping: which columns hold the prediction, outcome, groups and score. */
export const mappingSchema = z.strictObject({
  prediction: z.string().min(1),
  positive: z.array(z.string()).min(1).optional(),
  threshold: z.number().optional(),
  outcome: z.string().min(1),
  outcomePositive: z.array(z.string()).min(1).optional(),
  groups: z.array(z.string().min(1)).min(1),
  score: z.string().min(1).optional(),
});

/** A saved audit definition (JSON): the same settings as the command line. */
export const auditDefinitionSchema = z.strictObject({
  title: z.string().optional(),
  input: z.string().optional(),
  mapping: mappingSchema,
  filter: z.string().optional(),
  reference: z.record(z.string(), z.string()).optional(),
  tau: z.number().gt(0).lte(1).optional(),
  bootstrap: z.number().int().min(0).max(100_000).optional(),
  seed: z.number().int().optional(),
  bootstrapMethod: z.enum(['rows', 'cells']).optional(),
  intersections: z.boolean().optional(),
  favourable: z.enum(['negative', 'positive']).optional(),
  minGroupSize: z.number().int().min(1).optional(),
  format: z.enum(['json', 'html']).optional(),
  out: z.string().optional(),
});

export type AuditDefinition = z.infer<typeof auditDefinitionSchema>;

/** Reads and validates a definition file; relative `input` and `out` resolve against its folder. */
export function loadDefinition(file: string): AuditDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the audit definition (${(error as Error).message})`);
  }
  const parsed = auditDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field '${issue.path.join('.') || '(root)'}': ${issue.message}`);
  }
  const dir = path.dirname(file);
  const def = parsed.data;
  if (def.input) def.input = path.resolve(dir, def.input);
  if (def.out) def.out = path.resolve(dir, def.out);
  return def;
}

/** Audit options from a definition. */
export function optionsFromDefinition(def: AuditDefinition): AuditOptions {
  const { input: _input, format: _format, out: _out, ...options } = def;
  return options;
}
