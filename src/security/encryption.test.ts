import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bindDataKey, dataKeyOf, decrypt, decryptBytes, encrypt } from './encryption.ts';

describe('AES-256-GCM at rest', () => {
  const key = randomBytes(32);
  it('round-trips and hides the plaintext', () => {
    const sealed = encrypt(key, 'John Smith, DOB 1990-01-01', 'run:1');
    expect(sealed.toString('latin1')).not.toContain('John');
    expect(decrypt(key, sealed, 'run:1')).toBe('John Smith, DOB 1990-01-01');
  });
  it('fails on another context, another key, or a flipped bit', () => {
    const sealed = encrypt(key, 'secret', 'run:1');
    expect(() => decrypt(key, sealed, 'run:2')).toThrow();
    expect(() => decrypt(randomBytes(32), sealed, 'run:1')).toThrow();
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => decrypt(key, flipped, 'run:1')).toThrow();
  });
});

describe('deflated values', () => {
  it('deflates before sealing when asked, opens both forms, and still hides the plaintext', () => {
    const key = randomBytes(32);
    const text = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ time: '2023-01-01T12:00', x: i })));
    const small = encrypt(key, text, 'run-input:R-1', { compress: true });
    const large = encrypt(key, text, 'run-input:R-1');
    expect(small.length).toBeLessThan(large.length / 4);
    expect(small[0]).toBe(2);
    expect(large[0]).toBe(1);
    expect(decrypt(key, small, 'run-input:R-1')).toBe(text);
    expect(decrypt(key, large, 'run-input:R-1')).toBe(text);
    expect(() => decrypt(key, small, 'run-input:R-2')).toThrow();
    const unknown = Buffer.from(small);
    unknown[0] = 3;
    expect(() => decrypt(key, unknown, 'run-input:R-1')).toThrow(/unknown encryption version/);
  });
});

describe('bytes and bound keys', () => {
  it('seals bytes and opens them as bytes', () => {
    const key = randomBytes(32);
    const data = Uint8Array.from([0, 255, 1, 254, 0xc3, 0x28]);
    const sealed = encrypt(key, data, 'blob:1');
    expect([...decryptBytes(key, sealed, 'blob:1')]).toEqual([...data]);
  });
  it('finds the key bound to a handle and fails clearly without one', () => {
    const key = randomBytes(32);
    const handle = {};
    bindDataKey(handle, key);
    expect(dataKeyOf(handle)).toBe(key);
    expect(() => dataKeyOf({})).toThrow(/No data encryption key is bound/);
  });
});
