import type { AuditRecord, Datasheet, DatasheetOptions } from './types.ts';

export function datasheet(_records: Iterable<AuditRecord>, _options: DatasheetOptions): Datasheet {
  throw new Error('datasheet: not yet available');
}
