import type { Selectable } from 'kysely';
import type { RunsTable } from '../db/schema.ts';
import { decrypt, encrypt } from '../security/encryption.ts';

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

/** What is needed of a run's row to read its output. */
export type StoredOutput = Pick<Selectable<RunsTable>, 'reference' | 'output' | 'output_encrypted'>;

const outputContext = (reference: string) => `run-output:${reference}`;
const amendedContext = (reference: string) => `run-amended-output:${reference}`;

/** An output as stored: sealed (JSON text, deflated) for modules that seal outputs, else plain JSON. */
export function outputColumns(key: Buffer, sealed: boolean, reference: string, json: string) {
  return sealed
    ? { output: null, output_encrypted: encrypt(key, json, outputContext(reference), { compress: true }) }
    : { output: json, output_encrypted: null };
}

/** A reviewer's amended output as stored, sealed as the run's own output is. */
export function amendedColumns(key: Buffer, sealed: boolean, reference: string, json: string | null) {
  if (json === null) return { amended_output: null, amended_output_encrypted: null };
  return sealed
    ? {
        amended_output: null,
        amended_output_encrypted: encrypt(key, json, amendedContext(reference), { compress: true }),
      }
    : { amended_output: json, amended_output_encrypted: null };
}

/** A run's output: opened when sealed, else the plain JSON (null while there is none). */
export function storedRunOutput(key: Buffer, row: StoredOutput): unknown {
  return row.output_encrypted
    ? JSON.parse(decrypt(key, row.output_encrypted, outputContext(row.reference)))
    : row.output;
}

/** A review's amended output, opened when sealed. */
export function storedAmendedOutput(
  key: Buffer,
  reference: string,
  review: { amended_output: unknown; amended_output_encrypted: Buffer | null },
): unknown {
  return review.amended_output_encrypted
    ? JSON.parse(decrypt(key, review.amended_output_encrypted, amendedContext(reference)))
    : review.amended_output;
}
