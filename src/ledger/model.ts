import { canonicalJsonBytes, chainHash, leafHash } from './merkle.ts';

/** What a governed change records. `payload` holds no personal data: ids and decisions only. */
export interface LedgerInput {
  forceId: number | null;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

export interface LedgerEntry extends LedgerInput {
  seq: number;
  at: Date;
  prevHash: Buffer;
  entryHash: Buffer;
}

/**
 * The exact bytes hashed for an entry: canonical JSON of every field, the previous entry's hash
 * included, so the chain and the Merkle leaf both commit to the whole row.
 */
export function entryBytes(e: Omit<LedgerEntry, 'entryHash'>): Buffer {
  return canonicalJsonBytes({
    seq: e.seq,
    forceId: e.forceId,
    at: e.at.toISOString(),
    actorId: e.actorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    payload: e.payload,
    prevHash: e.prevHash.toString('hex'),
  });
}

export function hashEntry(e: Omit<LedgerEntry, 'entryHash'>): { entryHash: Buffer; leaf: Buffer } {
  const bytes = entryBytes(e);
  return { entryHash: chainHash(e.prevHash, bytes), leaf: leafHash(bytes) };
}

/** Payloads are stored as jsonb: normalise first, so what is hashed is what reads back. */
export function normalisePayload(payload: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
}
