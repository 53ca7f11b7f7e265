/**
 * Signed tree heads: an Ed25519 signature (RFC 8032) over a fixed binary serialisation of
 * (timestamp, tree size, root hash), so anyone holding the published public key can check that a
 * tree head was issued by this ledger and, with consistency proofs, that later heads extend it.
 *
 * Signed bytes (52 bytes, all integers big-endian), version 1:
 *
 *   offset  size  field
 *   0       1     version = 0x01
 *   1       8     timestamp: milliseconds since 1970-01-01T00:00:00Z, uint64
 *   9       8     tree_size: number of leaves, uint64
 *   17      1     length of root_hash = 32
 *   18      32    root_hash: MTH of the first tree_size leaves (RFC 9162 section 2.1.1)
 *   50      2     length of extensions = 0
 *
 * After the version byte this is the TLS-style encoding (RFC 8446 section 3) of RFC 9162's
 * TreeHeadDataV2 (section 4.9): uint64 timestamp, uint64 tree_size, opaque NodeHash<32..2^8-1>,
 * Extension sth_extensions<0..2^16-1> (empty). The version byte lets the format change later
 * without any signature being valid under two readings.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

/** A tree head before signing. */
export interface TreeHead {
  /** Number of leaves (ledger entries) covered. */
  treeSize: number;
  /** MTH of those leaves: 32 bytes. */
  rootHash: Buffer;
  /** When the head was issued, milliseconds since the Unix epoch. */
  timestamp: number;
}

/** The serialisation version written as the first signed byte. */
export const TREE_HEAD_VERSION = 1;
/** Length of the signed serialisation. */
export const TREE_HEAD_BYTES = 52;
/** Length of an Ed25519 signature. */
export const SIGNATURE_BYTES = 64;

const ROOT_HASH_BYTES = 32;
const RAW_PUBLIC_KEY_BYTES = 32;

/**
 * One field of the signed bytes: an unsigned big-endian integer (a constant, or a tree head
 * field), or raw bytes taken from a tree head field. `from` names the field both in `TreeHead`
 * and in the published JSON (`GET /api/ledger/tree-head`, where `rootHash` is hex).
 */
export type SignedField = { name: string; offset: number; size: number } & (
  | { type: 'uint'; value: number }
  | { type: 'uint'; from: 'timestamp' | 'treeSize' }
  | { type: 'bytes'; from: 'rootHash' }
);

/**
 * The signed layout as data, field by field, in the order `serialiseTreeHead` writes them. The
 * public ledger page renders its verification recipe from this table.
 */
export const SIGNED_TREE_HEAD_LAYOUT: readonly SignedField[] = [
  { name: 'version', offset: 0, size: 1, type: 'uint', value: TREE_HEAD_VERSION },
  { name: 'timestamp', offset: 1, size: 8, type: 'uint', from: 'timestamp' },
  { name: 'tree_size', offset: 9, size: 8, type: 'uint', from: 'treeSize' },
  { name: 'root_hash length', offset: 17, size: 1, type: 'uint', value: ROOT_HASH_BYTES },
  { name: 'root_hash', offset: 18, size: ROOT_HASH_BYTES, type: 'bytes', from: 'rootHash' },
  { name: 'extensions length', offset: 50, size: 2, type: 'uint', value: 0 },
];

function assertUint64(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`tree head ${field} must be a non-negative safe integer, got ${value}`);
  }
}

/** The exact bytes that are signed for a tree head (layout in the module comment). */
export function serialiseTreeHead(head: TreeHead): Buffer {
  assertUint64(head.timestamp, 'timestamp');
  assertUint64(head.treeSize, 'treeSize');
  if (!Buffer.isBuffer(head.rootHash) || head.rootHash.length !== ROOT_HASH_BYTES) {
    throw new RangeError(`tree head rootHash must be ${ROOT_HASH_BYTES} bytes`);
  }
  const out = Buffer.alloc(TREE_HEAD_BYTES);
  out.writeUInt8(TREE_HEAD_VERSION, 0);
  out.writeBigUInt64BE(BigInt(head.timestamp), 1);
  out.writeBigUInt64BE(BigInt(head.treeSize), 9);
  out.writeUInt8(ROOT_HASH_BYTES, 17);
  head.rootHash.copy(out, 18);
  out.writeUInt16BE(0, 50);
  return out;
}

function assertEd25519(key: KeyObject, type: 'private' | 'public'): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(
      `expected an Ed25519 ${type} key, got a ${key.type} key of type ${key.asymmetricKeyType ?? 'unknown'}`,
    );
  }
}

/** Signs a tree head with an Ed25519 private key; returns the 64-byte signature. */
export function signTreeHead(head: TreeHead, privateKey: KeyObject): Buffer {
  assertEd25519(privateKey, 'private');
  return sign(null, serialiseTreeHead(head), privateKey);
}

/**
 * Whether `signature` is a valid Ed25519 signature of `head` under `publicKey`. A malformed head
 * or signature gives false; a key that is not an Ed25519 public key throws (a setup error).
 */
export function verifyTreeHead(head: TreeHead, signature: Buffer, publicKey: KeyObject): boolean {
  assertEd25519(publicKey, 'public');
  if (!Buffer.isBuffer(signature) || signature.length !== SIGNATURE_BYTES) return false;
  let data: Buffer;
  try {
    data = serialiseTreeHead(head);
  } catch {
    return false;
  }
  return verify(null, data, publicKey, signature);
}

/** A new Ed25519 key pair for signing tree heads. */
export function generateSigningKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

/** The private key as PKCS#8 PEM (keep secret). */
export function exportPrivateKeyPem(privateKey: KeyObject): string {
  assertEd25519(privateKey, 'private');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** An Ed25519 private key from PKCS#8 PEM. */
export function importPrivateKeyPem(pem: string): KeyObject {
  const key = createPrivateKey({ key: pem, format: 'pem' });
  assertEd25519(key, 'private');
  return key;
}

/** The public key as SPKI PEM. */
export function exportPublicKeyPem(publicKey: KeyObject): string {
  assertEd25519(publicKey, 'public');
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** An Ed25519 public key from SPKI PEM (a private key PEM is refused). */
export function importPublicKeyPem(pem: string): KeyObject {
  if (pem.includes('PRIVATE KEY')) throw new TypeError('expected a public key PEM, got a private key');
  const key = createPublicKey({ key: pem, format: 'pem' });
  assertEd25519(key, 'public');
  return key;
}

/** The public key of a private key. */
export function publicKeyOf(privateKey: KeyObject): KeyObject {
  assertEd25519(privateKey, 'private');
  return createPublicKey(privateKey);
}

/** The raw 32-byte Ed25519 public key (RFC 8032 section 5.1.5 encoding), base64, for publication. */
export function exportPublicKeyRaw(publicKey: KeyObject): string {
  assertEd25519(publicKey, 'public');
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new TypeError('Ed25519 public key has no x coordinate');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

/** An Ed25519 public key from its raw 32 bytes in base64 (as published). */
export function importPublicKeyRaw(base64: string): KeyObject {
  const trimmed = base64.trim();
  const raw = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || raw.length !== RAW_PUBLIC_KEY_BYTES) {
    throw new TypeError(`expected a base64 raw Ed25519 public key of ${RAW_PUBLIC_KEY_BYTES} bytes`);
  }
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}
