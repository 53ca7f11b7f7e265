import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * AES-256-GCM for personal data at rest. Layout: version byte, 12-byte IV, 16-byte tag,
 * ciphertext. `context` is bound as additional authenticated data, so a value copied to
 * another row (another context) fails to decrypt. Version 1 seals the bytes as they are;
 * version 2 deflates them first (for large values whose length tells an onlooker nothing, such
 * as run inputs: a tenth of the bytes to store and to pass to the database).
 */
const PLAIN = 1;
const DEFLATED = 2;

/** Seals text (UTF-8) or bytes, deflated first with `compress`. */
export function encrypt(
  key: Buffer,
  plaintext: string | Uint8Array,
  context: string,
  options: { compress?: boolean } = {},
): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const data = options.compress ? deflateRawSync(bytes, { level: 1 }) : bytes;
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([Buffer.from([options.compress ? DEFLATED : PLAIN]), iv, cipher.getAuthTag(), body]);
}

/** Opens what `encrypt` sealed, as bytes. */
export function decryptBytes(key: Buffer, sealed: Buffer, context: string): Buffer {
  const { version, opened } = open(key, sealed, context);
  return version === DEFLATED ? inflateRawSync(opened) : opened;
}

/**
 * Whether `key` opens what was sealed for `context` (its tag checks), without inflating or
 * decoding it: cheap enough for the event loop, where opening a large value is not.
 */
export function opens(key: Buffer, sealed: Buffer, context: string): boolean {
  try {
    open(key, sealed, context);
    return true;
  } catch {
    return false;
  }
}

function open(key: Buffer, sealed: Buffer, context: string): { version: number; opened: Buffer } {
  const version = sealed[0];
  if (version !== PLAIN && version !== DEFLATED) throw new Error('unknown encryption version');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(13, 29));
  return { version, opened: Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]) };
}

/** Opens what `encrypt` sealed, as text. */
export function decrypt(key: Buffer, sealed: Buffer, context: string): string {
  return decryptBytes(key, sealed, context).toString('utf8');
}

const boundKeys = new WeakMap<object, Buffer>();

/**
 * Binds the data key to a database handle when the services are built, so that a reader given
 * only the handle (`loadCrimeEvents(db, ...)`) can open what was sealed with it.
 */
export function bindDataKey(db: object, key: Buffer): void {
  boundKeys.set(db, key);
}

/** The data key bound to a database handle; fails clearly when none was bound. */
export function dataKeyOf(db: object): Buffer {
  const key = boundKeys.get(db);
  if (!key) throw new Error('No data encryption key is bound to this database handle (see bindDataKey).');
  return key;
}
