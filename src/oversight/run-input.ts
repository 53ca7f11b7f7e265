import type { Selectable } from 'kysely';
import type { RunsTable } from '../db/schema.ts';
import { decrypt } from '../security/encryption.ts';

/** What is needed of a run's row to read its input. */
export type StoredInput = Pick<Selectable<RunsTable>, 'reference' | 'input' | 'input_encrypted'>;

/**
 * A run's input as the module received it: decrypted when it was stored encrypted (personal or
 * sensitive input), else the plain JSON (modules without either, and hot spot runs recorded before
 * their input was encrypted). Callers decide who may see it.
 */
export function storedRunInput(key: Buffer, row: StoredInput): unknown {
  return row.input_encrypted
    ? JSON.parse(decrypt(key, row.input_encrypted, `run-input:${row.reference}`))
    : row.input;
}
