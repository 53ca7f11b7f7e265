import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { assertCan } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { appendEntry } from '../ledger/service.ts';
import { FORMS } from './forms.ts';
import type { BiasAuditState, ModelId } from './gates.ts';
import { hashForm, systemInForce } from './service.ts';

/** What a fairness audit attached to a system says, for the gates and the system page. */
export interface AttachedBiasAudit extends BiasAuditState {
  id: string;
  dataSha256: string;
  source: string;
  rows: number;
  createdAt: Date;
  ledgerSeq: number;
}

/** The part of a fairness audit report (`bluelamp fairness audit`) the register reads. */
export interface AuditReportLike {
  population: { rowsKept: number };
  groups: readonly unknown[];
  findings: readonly string[];
}

/** An audit to attach: its report, the SHA-256 of the data it read, and that data's file name. */
export interface BiasAuditInput {
  report: AuditReportLike;
  dataSha256: string;
  source: string;
}

/**
 * Attaches a fairness audit to a system, as evidence for its validation report: the audit is
 * pinned to the model the register names now, and its report and data by SHA-256 in the ledger.
 * Written by those who may write the validation report.
 */
export async function attachBiasAudit(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  audit: BiasAuditInput,
): Promise<AttachedBiasAudit> {
  assertCan(principal, 'evidence.write', { form: FORMS['validation-report'] });
  if (!/^[0-9a-f]{64}$/.test(audit.dataSha256)) {
    throw errors.validation([{ path: 'dataSha256', message: 'must be the SHA-256 of the audited data' }]);
  }
  if (audit.report.population.rowsKept === 0 || audit.report.groups.length === 0) {
    throw errors.validation([
      { path: 'report', message: 'the audit read no records in any group; audit the system’s predictions' },
    ]);
  }
  const report = JSON.parse(JSON.stringify(audit.report));
  const reportSha256 = hashForm(report);
  return db.transaction().execute(async (trx) => {
    const system = await systemInForce(trx, principal, systemId);
    if (system.stage === 'retired') {
      throw errors.conflict('retired', 'This system is retired; no more evidence can be added.');
    }
    const model = system.model as unknown as ModelId;
    const id = randomUUID();
    const { seq } = await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'system.bias-audit-attached',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: {
        auditId: id,
        model: { name: model.name, version: model.version },
        dataSha256: audit.dataSha256,
        reportSha256,
        source: audit.source,
        rows: report.population.rowsKept,
      },
    });
    await trx
      .insertInto('bias_audits')
      .values({
        id,
        force_id: principal.forceId,
        system_id: systemId,
        model_name: model.name,
        model_version: model.version,
        data_sha256: audit.dataSha256,
        source: audit.source,
        report: JSON.stringify(report),
        report_sha256: reportSha256,
        ledger_seq: seq,
        created_by: principal.personId,
      })
      .execute();
    return (await latestBiasAudit(trx, systemId))!;
  });
}

/**
 * The latest fairness audit attached to a system, or null. Its integrity is read from the
 * ledger, not from the row: the report must hash to the hash its ledger entry recorded, for the
 * same system and model.
 */
export async function latestBiasAudit(
  db: Kysely<DB> | Transaction<DB>,
  systemId: string,
): Promise<AttachedBiasAudit | null> {
  const row = await db
    .selectFrom('bias_audits')
    .selectAll()
    .where('system_id', '=', systemId)
    .orderBy('ledger_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const entry = await db
    .selectFrom('ledger_entries')
    .select(['action', 'subject_id', 'payload'])
    .where('seq', '=', Number(row.ledger_seq))
    .executeTakeFirst();
  const recorded = entry?.payload as
    | { auditId?: string; reportSha256?: string; dataSha256?: string; model?: ModelId }
    | undefined;
  const report = (typeof row.report === 'string' ? JSON.parse(row.report) : row.report) as AuditReportLike;
  const intact =
    entry?.action === 'system.bias-audit-attached' &&
    entry.subject_id === systemId &&
    recorded?.auditId === row.id &&
    recorded.reportSha256 === hashForm(report) &&
    recorded.dataSha256 === row.data_sha256 &&
    recorded.model?.name === row.model_name &&
    recorded.model?.version === row.model_version;
  return {
    id: row.id,
    model: { name: row.model_name, version: row.model_version },
    intact,
    dataSha256: row.data_sha256,
    source: row.source,
    rows: report.population.rowsKept,
    createdAt: new Date(row.created_at as unknown as string),
    ledgerSeq: Number(row.ledger_seq),
  };
}
