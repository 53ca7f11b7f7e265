import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for personal data at rest. Layout: version byte (1), 12-byte IV, 16-byte tag,
 * ciphertext. `context` is bound as additional authenticated data, so a value copied to
 * another row (another context) fails to decrypt.
 */
const VERSION = 1;

/** Seals text (UTF-8) or bytes. */
export function encrypt(key: Buffer, plaintext: string | Uint8Array, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** Opens what `encrypt` sealed, as bytes. */
export function decryptBytes(key: Buffer, sealed: Buffer, context: string): Buffer {
  if (sealed[0] !== VERSION) throw new Error('unknown encryption version');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(13, 29));
  return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
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
