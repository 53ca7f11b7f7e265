import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { ED25519, type NoteKey, parseVerifierKey, VERIFIER_KEY, verifierKey } from './checkpoint.ts';
import { importPublicKeyRaw } from './tree-head.ts';

/** A new Ed25519 private key as PKCS#8 PEM, for signing tree heads. */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
}

export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key, base64, as published. */
  publicKeyBase64: string;
  publicKeyPem: string;
  /** The checkpoint origin line and note key name of this ledger. */
  origin: string;
  /** The signed-note verifier key (`origin+keyid+key`) that checks this ledger's checkpoints. */
  verifierKey: string;
  /**
   * The file, outside the database, holding the last checkpoint this service signed: a new
   * tree head is signed only if it extends that one. Absent: nothing is remembered.
   */
  stateFile?: string;
  /** Earlier signing keys, published and still trusted for what they signed. */
  previousKeys: KeyObject[];
  previousKeysBase64: string[];
}

export function loadSigningKeys(
  pem: string,
  options: { origin?: string; stateFile?: string; previousKeys?: readonly string[] } = {},
): SigningKeys {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const raw = der.subarray(der.length - 32);
  const origin =
    options.origin ?? `bluelamp/ledger-${createHash('sha256').update(raw).digest('hex').slice(0, 8)}`;
  const noteKey: NoteKey = { name: origin, publicKey, type: ED25519 };
  return {
    privateKey,
    publicKey,
    publicKeyBase64: raw.toString('base64'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString().trim(),
    origin,
    verifierKey: verifierKey(noteKey),
    stateFile: options.stateFile,
    previousKeys: (options.previousKeys ?? []).map(importPublicKeyRaw),
    previousKeysBase64: [...(options.previousKeys ?? [])],
  };
}

/** The note key that signs this ledger's checkpoints. */
export function logNoteKey(keys: Pick<SigningKeys, 'origin' | 'publicKey'>): NoteKey {
  return { name: keys.origin, publicKey: keys.publicKey, type: ED25519 };
}

/** The state file, in the data directory, holding the last checkpoint this service signed. */
export const LEDGER_CHECKPOINT_FILE = 'ledger-checkpoint';

/**
 * Ed25519 public keys from a key list: PEM blocks, raw 32-byte keys in base64, or signed-note
 * verifier keys (`name+keyid+key`), one a line; lines starting with # are comments.
 */
export function parseKeyList(text: string, source: string): KeyObject[] {
  const keys: KeyObject[] = [];
  const pems = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  for (const pem of pems) keys.push(createPublicKey(pem));
  // Blank out PEM blocks line for line, so errors name the line in the file.
  const rest = text.replace(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g, (pem) =>
    pem.replace(/[^\n]/g, ''),
  );
  for (const [i, raw] of rest.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    try {
      keys.push(VERIFIER_KEY.test(line) ? parseVerifierKey(line).publicKey : importPublicKeyRaw(line));
    } catch (error) {
      throw new TypeError(`${source} line ${i + 1}: ${(error as Error).message}`);
    }
  }
  if (keys.some((k) => k.asymmetricKeyType !== 'ed25519'))
    throw new TypeError(`${source}: only Ed25519 keys are accepted`);
  return keys;
}
