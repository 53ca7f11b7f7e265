import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { CliError, findSystemByRef, principalByEmail, withDatabase } from '../../cli-support.ts';
import { AppError } from '../../http/errors.ts';
import { attachBiasAudit } from '../../register/bias-audits.ts';
import type { AuditReport } from './types.ts';

/** SHA-256 of a file's bytes, read as a stream. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * `bluelamp fairness audit ... --attach-to SYSTEM --as EMAIL`: attaches the audit just run to a
 * system in the register, pinned to the model it names now, and says what was recorded.
 */
export async function attachAudit(
  report: AuditReport,
  input: string,
  opts: { attachTo: string; as: string },
): Promise<string> {
  const dataSha256 = await fileSha256(input);
  return withDatabase(async ({ database }) => {
    const db = database.db;
    const system = await findSystemByRef(db, opts.attachTo);
    const principal = await principalByEmail(db, '--as', opts.as, system.force_id);
    try {
      const audit = await attachBiasAudit(db, principal, system.id, {
        report,
        dataSha256,
        source: path.basename(input),
      });
      return `Attached the fairness audit of ${audit.model.name} ${audit.model.version} (${audit.rows} records, data sha256 ${dataSha256}) to ${system.reference}; ledger entry ${audit.ledgerSeq}.\n`;
    } catch (error) {
      if (error instanceof AppError) throw new CliError(`${system.reference}: ${error.detail}`, 2);
      throw error;
    }
  });
}
