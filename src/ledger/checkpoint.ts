/**
 * Checkpoints in the C2SP formats that transparency-log witnesses read:
 *
 * - tlog-checkpoint (c2sp.org/tlog-checkpoint): a note whose body is the origin line, the tree
 *   size in decimal and the base64 root hash, each ending in a newline.
 * - signed-note (c2sp.org/signed-note): the body, a blank line, then one line per signature,
 *   `— <key name> <base64(4-byte key ID || signature)>`. For Ed25519 (type 0x01) the key ID is
 *   SHA-256(name || "\n" || 0x01 || 32-byte public key)[:4] and the signature covers the body.
 *   A verifier key is written `<name>+<hex key ID>+<base64(0x01 || public key)>`.
 * - tlog-cosignature (c2sp.org/tlog-cosignature) v1: a witness's note signature with type 0x04,
 *   whose signature is a big-endian uint64 POSIX timestamp followed by the Ed25519 signature of
 *   "cosignature/v1\ntime <timestamp>\n" || body.
 */
import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { exportPublicKeyRaw, importPublicKeyRaw } from './tree-head.ts';

const DASH = '\u2014';
export const ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;

export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
}

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

export interface SignedNote {
  /** The note text, ending in a newline, without the blank line and signatures. */
  body: string;
  signatures: NoteSignature[];
}

/** A party that signs notes: the log (type 0x01) or a witness (type 0x04). */
export interface NoteKey {
  name: string;
  publicKey: KeyObject;
  type: typeof ED25519 | typeof COSIGNATURE_V1;
}

export class NoteError extends Error {}

function assertKeyName(name: string): void {
  if (!/^[^\s+\u2014]+$/u.test(name)) {
    throw new NoteError(`a note key name must be non-empty, without spaces or "+": "${name}"`);
  }
}

export function keyId(key: NoteKey): Buffer {
  assertKeyName(key.name);
  const raw = Buffer.from(exportPublicKeyRaw(key.publicKey), 'base64');
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${key.name}\n`), Buffer.from([key.type]), raw]))
    .digest()
    .subarray(0, 4);
}

/** The verifier key string `<name>+<hex key ID>+<base64(type || public key)>`. */
export function verifierKey(key: NoteKey): string {
  const raw = Buffer.from(exportPublicKeyRaw(key.publicKey), 'base64');
  return `${key.name}+${keyId(key).toString('hex')}+${Buffer.concat([Buffer.from([key.type]), raw]).toString('base64')}`;
}

/** `<name>+<8 hex digits>+<base64>`: the name holds no '+', the base64 may. */
export const VERIFIER_KEY = /^([^\s+\u2014]+)\+([0-9a-fA-F]{8})\+([A-Za-z0-9+/]+={0,2})$/u;

/** Parses a verifier key string; its key ID must match the name, type and key it carries. */
export function parseVerifierKey(text: string): NoteKey {
  const m = VERIFIER_KEY.exec(text.trim());
  if (!m) throw new NoteError(`not a verifier key (name+keyid+key): "${text.trim().slice(0, 120)}"`);
  const [, name, hex, b64] = m as unknown as [string, string, string, string];
  const bytes = Buffer.from(b64, 'base64');
  const type = bytes[0];
  if (bytes.length !== 33 || (type !== ED25519 && type !== COSIGNATURE_V1)) {
    throw new NoteError(`verifier key "${name}": expected an Ed25519 key of type 0x01 or 0x04`);
  }
  const key: NoteKey = { name, type, publicKey: importPublicKeyRaw(bytes.subarray(1).toString('base64')) };
  if (keyId(key).toString('hex') !== hex.toLowerCase()) {
    throw new NoteError(`verifier key "${name}": its key ID does not match its name and key`);
  }
  return key;
}

export function checkpointBody(c: Checkpoint): string {
  if (!c.origin || c.origin.includes('\n')) throw new NoteError('a checkpoint origin is one non-empty line');
  if (!Number.isSafeInteger(c.treeSize) || c.treeSize < 0) throw new NoteError('bad checkpoint tree size');
  if (c.rootHash.length !== 32) throw new NoteError('a checkpoint root hash is 32 bytes');
  return `${c.origin}\n${c.treeSize}\n${c.rootHash.toString('base64')}\n`;
}

export function parseCheckpointBody(body: string): Checkpoint {
  const lines = body.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') {
    throw new NoteError(
      'a checkpoint body is origin, tree size and root hash lines, each ending in a newline',
    );
  }
  const [origin, size, root] = lines as [string, string, string];
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteError(`checkpoint tree size "${size}" is not a decimal number`);
  }
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) {
    throw new NoteError('checkpoint root hash is not 32 bytes of base64');
  }
  if (!origin) throw new NoteError('checkpoint origin line is empty');
  return { origin, treeSize: Number(size), rootHash };
}

export function parseNote(text: string): SignedNote {
  const at = text.lastIndexOf('\n\n');
  if (at < 0) throw new NoteError('a signed note needs a blank line between its text and its signatures');
  const body = text.slice(0, at + 1);
  const signatures: NoteSignature[] = [];
  for (const line of text.slice(at + 2).split('\n')) {
    if (line === '') continue;
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!m) throw new NoteError(`not a note signature line: "${line.slice(0, 80)}"`);
    const bytes = Buffer.from(m[2]!, 'base64');
    if (bytes.length < 5) throw new NoteError(`note signature of "${m[1]}" is too short`);
    signatures.push({ name: m[1]!, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) });
  }
  if (signatures.length === 0) throw new NoteError('the note carries no signatures');
  return { body, signatures };
}

export function formatNote(note: SignedNote): string {
  const lines = note.signatures.map(
    (s) => `${DASH} ${s.name} ${Buffer.concat([s.keyId, s.signature]).toString('base64')}\n`,
  );
  return `${note.body}\n${lines.join('')}`;
}

function cosignedMessage(body: string, timestamp: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`);
}

/** Signs `body` as `key` (the private key of `key.publicKey`). */
export function signNote(body: string, key: NoteKey, privateKey: KeyObject, now = new Date()): NoteSignature {
  if (key.type === ED25519) {
    return { name: key.name, keyId: keyId(key), signature: sign(null, Buffer.from(body), privateKey) };
  }
  const timestamp = BigInt(Math.floor(now.getTime() / 1000));
  const head = Buffer.alloc(8);
  head.writeBigUInt64BE(timestamp);
  const sig = sign(null, cosignedMessage(body, timestamp), privateKey);
  return { name: key.name, keyId: keyId(key), signature: Buffer.concat([head, sig]) };
}

/**
 * The signature of `key` on the note, verified: for a cosignature, also its time. Undefined when
 * the note carries no valid signature by that key (lines of other keys are ignored, as the
 * signed-note format requires).
 */
export function verifiedSignature(note: SignedNote, key: NoteKey): { time?: Date } | undefined {
  const id = keyId(key);
  for (const s of note.signatures) {
    if (s.name !== key.name || !s.keyId.equals(id)) continue;
    if (key.type === ED25519) {
      if (s.signature.length === 64 && verify(null, Buffer.from(note.body), key.publicKey, s.signature))
        return {};
    } else if (s.signature.length === 72) {
      const timestamp = s.signature.readBigUInt64BE(0);
      const ok = verify(null, cosignedMessage(note.body, timestamp), key.publicKey, s.signature.subarray(8));
      if (ok) return { time: new Date(Number(timestamp) * 1000) };
    }
  }
  return undefined;
}
