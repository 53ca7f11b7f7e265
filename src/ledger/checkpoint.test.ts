import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  COSIGNATURE_V1,
  checkpointBody,
  ED25519,
  formatNote,
  keyId,
  parseCheckpointBody,
  parseNote,
  parseVerifierKey,
  signNote,
  verifiedSignature,
  verifierKey,
} from './checkpoint.ts';
import { generateSigningKeyPem, loadSigningKeys, parseKeyList } from './keys.ts';

describe('C2SP signed notes and checkpoints', () => {
  it('verifies the published signed-note example (golang.org/x/mod/sumdb/note)', () => {
    const key = parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    const text =
      "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n" +
      '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
    expect(verifiedSignature(parseNote(text), key)).toEqual({});
    expect(verifiedSignature(parseNote(text.replace('cryptography', 'Cryptography')), key)).toBeUndefined();
    expect(() =>
      parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).toThrow(/key ID does not match/);
  });

  it('writes a checkpoint as origin, size and base64 root, signs it and reads it back', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = { name: 'police.example/ledger', publicKey, type: ED25519 } as const;
    const rootHash = Buffer.alloc(32, 7);
    const body = checkpointBody({ origin: key.name, treeSize: 1334, rootHash });
    expect(body).toBe(`police.example/ledger\n1334\n${rootHash.toString('base64')}\n`);
    const text = formatNote({ body, signatures: [signNote(body, key, privateKey)] });
    expect(text).toMatch(
      /^police\.example\/ledger\n1334\n[A-Za-z0-9+/=]{44}\n\n\u2014 police\.example\/ledger [A-Za-z0-9+/=]+\n$/u,
    );
    const note = parseNote(text);
    expect(parseCheckpointBody(note.body)).toEqual({ origin: key.name, treeSize: 1334, rootHash });
    expect(verifiedSignature(note, parseVerifierKey(verifierKey(key)))).toEqual({});
    // The same key under another name or signature type does not verify.
    expect(verifiedSignature(note, { ...key, name: 'other' })).toBeUndefined();
    expect(verifiedSignature(note, { ...key, type: COSIGNATURE_V1 })).toBeUndefined();
    expect(() => parseCheckpointBody('origin\n01\nAAAA\n')).toThrow(/not a decimal/);
  });

  it('cosigns with a timestamp (tlog-cosignature v1) that is part of what is signed', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const witness = { name: 'witness.example/w1', publicKey, type: COSIGNATURE_V1 } as const;
    const body = checkpointBody({ origin: 'log.example', treeSize: 3, rootHash: Buffer.alloc(32, 1) });
    const at = new Date('2026-12-03T08:00:00Z');
    const cosig = signNote(body, witness, privateKey, at);
    expect(cosig.keyId).toEqual(keyId(witness));
    expect(cosig.signature.length).toBe(8 + 64);
    expect(cosig.signature.readBigUInt64BE(0)).toBe(BigInt(at.getTime() / 1000));
    const note = { body, signatures: [cosig] };
    expect(verifiedSignature(note, witness)).toEqual({ time: at });
    const moved = Buffer.from(cosig.signature);
    moved.writeBigUInt64BE(BigInt(at.getTime() / 1000 + 1));
    expect(
      verifiedSignature({ body, signatures: [{ ...cosig, signature: moved }] }, witness),
    ).toBeUndefined();
  });

  it('reads a trusted key list of PEM, raw base64 and verifier keys, naming a bad line', () => {
    const [a, b, c] = [1, 2, 3].map(() => loadSigningKeys(generateSigningKeyPem()));
    const text = `# earlier keys\n${a!.publicKeyPem}\n${b!.publicKeyBase64}\n\n${c!.verifierKey}\n`;
    const keys = parseKeyList(text, 'keys.txt');
    expect(keys.map((k) => k.export({ format: 'jwk' }).x)).toEqual(
      [a, b, c].map((k) => k!.publicKey.export({ format: 'jwk' }).x),
    );
    expect(() => parseKeyList(`${b!.publicKeyBase64}\nnot-a-key\n`, 'keys.txt')).toThrow(/keys\.txt line 2/);
  });
});
