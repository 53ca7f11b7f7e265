import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { LedgerEntriesTable } from '../db/schema.ts';
import { canonicalJsonBytes, leafHash } from './merkle.ts';

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

/** Canonical JSON of what an entry records (everything but its position in the chain). */
export function contentBytes(e: LedgerInput & { at: Date }): Buffer {
  return canonicalJsonBytes({
    forceId: e.forceId,
    at: e.at.toISOString(),
    actorId: e.actorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    payload: e.payload,
  });
}

/**
 * The bytes an entry commits to: its sequence number (8 bytes, big-endian), the previous
 * entry's hash, and its canonical content. The chain hash is SHA-256 of these bytes and the
 * Merkle leaf is SHA-256(0x00 || these bytes) (RFC 9162 section 2.1.1). The database computes
 * the same in `bluelamp_ledger_append` (migration 0002), so one append is one round trip.
 */
export function entryBody(seq: number, prevHash: Buffer, content: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeBigUInt64BE(BigInt(seq));
  return Buffer.concat([head, prevHash, content]);
}

export function hashEntry(e: Omit<LedgerEntry, 'entryHash'>): { entryHash: Buffer; leaf: Buffer } {
  const body = entryBody(e.seq, e.prevHash, contentBytes(e));
  return { entryHash: createHash('sha256').update(body).digest(), leaf: leafHash(body) };
}

/** Payloads are stored as jsonb: normalise first, so what is hashed is what reads back. */
export function normalisePayload(payload: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
}

/** A stored row as the hashing functions see it. */
export function entryFromRow(r: Selectable<LedgerEntriesTable>): Omit<LedgerEntry, 'entryHash'> {
  return {
    seq: Number(r.seq),
    forceId: r.force_id,
    at: r.at,
    actorId: r.actor_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    payload: r.payload as Record<string, unknown>,
    prevHash: r.prev_hash,
  };
}
