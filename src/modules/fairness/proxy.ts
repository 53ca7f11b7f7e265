import type { AuditRecord, ProxyFinding, ProxyOptions } from './types.ts';

export function proxyCheck(
  _rows: Iterable<AuditRecord>,
  _features: string[],
  _protectedAttributes: string[],
  _options: ProxyOptions = {},
): ProxyFinding[] {
  throw new Error('proxyCheck: not yet available');
}
