import { createHash, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  exportPublicKeyRaw,
  generateSigningKey,
  importPrivateKeyPem,
  importPublicKeyPem,
  importPublicKeyRaw,
  publicKeyOf,
  SIGNATURE_BYTES,
  serialiseTreeHead,
  signTreeHead,
  type TreeHead,
  verifyTreeHead,
} from './tree-head.ts';

const root = createHash('sha256').update('root').digest();
const head: TreeHead = { treeSize: 1234, rootHash: root, timestamp: Date.UTC(2025, 5, 1, 12, 0, 0) };
const keys = generateSigningKey();

describe('tree head serialisation', () => {
  it('lays out version, timestamp, size, root and empty extensions as documented', () => {
    const bytes = serialiseTreeHead({ treeSize: 0x0102030405, rootHash: root, timestamp: 0x0a0b0c0d0e0f });
    expect(bytes.length).toBe(52);
    expect(bytes.subarray(0, 18).toString('hex')).toBe('01' + '00000a0b0c0d0e0f' + '0000000102030405' + '20');
    expect(bytes.subarray(18, 50)).toEqual(root);
    expect(bytes.subarray(50).toString('hex')).toBe('0000');
  });

  it('encodes sizes up to 2^53 - 1 exactly', () => {
    const bytes = serialiseTreeHead({ treeSize: Number.MAX_SAFE_INTEGER, rootHash: root, timestamp: 0 });
    expect(bytes.readBigUInt64BE(9)).toBe(2n ** 53n - 1n);
  });

  it('refuses malformed heads', () => {
    expect(() => serialiseTreeHead({ ...head, treeSize: -1 })).toThrow(
      /treeSize must be a non-negative safe integer/,
    );
    expect(() => serialiseTreeHead({ ...head, timestamp: 1.5 })).toThrow(/timestamp/);
    expect(() => serialiseTreeHead({ ...head, rootHash: root.subarray(1) })).toThrow(
      /rootHash must be 32 bytes/,
    );
  });
});

describe('signing and verifying tree heads', () => {
  it('round-trips', () => {
    const signature = signTreeHead(head, keys.privateKey);
    expect(signature.length).toBe(SIGNATURE_BYTES);
    expect(verifyTreeHead(head, signature, keys.publicKey)).toBe(true);
    // Ed25519 is deterministic (RFC 8032 section 5.1.6).
    expect(signTreeHead(head, keys.privateKey)).toEqual(signature);
  });

  it('fails for any tampered field or signature', () => {
    const signature = signTreeHead(head, keys.privateKey);
    fc.assert(
      fc.property(fc.nat(255), fc.integer({ min: 1, max: 1000 }), (bit, delta) => {
        const flipped = Buffer.from(root);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        expect(verifyTreeHead({ ...head, rootHash: flipped }, signature, keys.publicKey)).toBe(false);
        expect(verifyTreeHead({ ...head, treeSize: head.treeSize + delta }, signature, keys.publicKey)).toBe(
          false,
        );
        expect(
          verifyTreeHead({ ...head, timestamp: head.timestamp - delta }, signature, keys.publicKey),
        ).toBe(false);
        const badSig = Buffer.from(signature);
        badSig[bit % SIGNATURE_BYTES]! ^= 1 << (bit & 7);
        expect(verifyTreeHead(head, badSig, keys.publicKey)).toBe(false);
      }),
      { numRuns: 50 },
    );
    expect(verifyTreeHead(head, signature.subarray(1), keys.publicKey)).toBe(false);
    expect(verifyTreeHead({ ...head, treeSize: -5 }, signature, keys.publicKey)).toBe(false);
  });

  it('fails under another key, and refuses keys that are not Ed25519', () => {
    const signature = signTreeHead(head, keys.privateKey);
    expect(verifyTreeHead(head, signature, generateSigningKey().publicKey)).toBe(false);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signTreeHead(head, ec.privateKey)).toThrow(/expected an Ed25519 private key/);
    expect(() => verifyTreeHead(head, signature, ec.publicKey)).toThrow(/expected an Ed25519 public key/);
    expect(() => signTreeHead(head, keys.publicKey as never)).toThrow(/expected an Ed25519 private key/);
  });
});

describe('key import and export', () => {
  it('round-trips the private key through PKCS#8 PEM', () => {
    const pem = exportPrivateKeyPem(keys.privateKey);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const imported = importPrivateKeyPem(pem);
    expect(verifyTreeHead(head, signTreeHead(head, imported), keys.publicKey)).toBe(true);
    expect(exportPublicKeyRaw(publicKeyOf(imported))).toBe(exportPublicKeyRaw(keys.publicKey));
  });

  it('round-trips the public key through SPKI PEM and raw base64', () => {
    const signature = signTreeHead(head, keys.privateKey);
    const pem = exportPublicKeyPem(keys.publicKey);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(verifyTreeHead(head, signature, importPublicKeyPem(pem))).toBe(true);
    const raw = exportPublicKeyRaw(keys.publicKey);
    expect(Buffer.from(raw, 'base64').length).toBe(32);
    // The raw key is the last 32 bytes of the SPKI DER encoding (RFC 8410 section 4).
    const der = keys.publicKey.export({ type: 'spki', format: 'der' });
    expect(raw).toBe(der.subarray(der.length - 32).toString('base64'));
    expect(verifyTreeHead(head, signature, importPublicKeyRaw(raw))).toBe(true);
  });

  it('refuses malformed or wrong-kind keys with a clear message', () => {
    expect(() => importPublicKeyRaw('AAAA')).toThrow(/raw Ed25519 public key of 32 bytes/);
    expect(() => importPublicKeyRaw(`${'A'.repeat(43)}!`)).toThrow(/raw Ed25519 public key/);
    expect(() => importPublicKeyPem(exportPrivateKeyPem(keys.privateKey))).toThrow(/got a private key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => importPrivateKeyPem(ecPem)).toThrow(
      /expected an Ed25519 private key, got a private key of type ec/,
    );
  });
});
