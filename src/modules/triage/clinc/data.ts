import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * CLINC150 (Larson et al. 2019, "An Evaluation Dataset for Intent Classification and
 * Out-of-Scope Prediction", CC BY 3.0), the "full" variant: data_full.json with train, val and
 * test in scope and oos_train, oos_val, oos_test out of scope. Each example is [text, intent].
 */
export const OOS = 'oos';
const example = z.tuple([z.string(), z.string()]);
const fileSchema = z.object({
  train: z.array(example),
  val: z.array(example),
  test: z.array(example),
  oos_train: z.array(example),
  oos_val: z.array(example),
  oos_test: z.array(example),
});

export interface IntentExample {
  text: string;
  intent: string;
}

export interface ClincData {
  train: IntentExample[];
  val: IntentExample[];
  test: IntentExample[];
}

export const CLINC_FILE = 'data_full.json';

export function readClinc(dir: string): ClincData {
  const file = path.join(dir, CLINC_FILE);
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field "${issue.path.join('.')}": ${issue.message}`);
  }
  const d = parsed.data;
  const rows = (xs: Array<[string, string]>, oos: boolean) =>
    xs.map(([text, intent]) => ({ text, intent: oos ? OOS : intent }));
  return {
    train: [...rows(d.train, false), ...rows(d.oos_train, true)],
    val: [...rows(d.val, false), ...rows(d.oos_val, true)],
    test: [...rows(d.test, false), ...rows(d.oos_test, true)],
  };
}

/** The same data restricted to the first `intents` intents (sorted) and the out-of-scope queries. */
export function subsetOf(data: ClincData, intents: number): ClincData {
  const keep = new Set(
    [...new Set(data.train.map((e) => e.intent).filter((i) => i !== OOS))].sort().slice(0, intents),
  );
  const pick = (xs: IntentExample[]) => xs.filter((e) => e.intent === OOS || keep.has(e.intent));
  return { train: pick(data.train), val: pick(data.val), test: pick(data.test) };
}
