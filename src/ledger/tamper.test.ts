import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { checkpointBody, parseCheckpointBody, parseNote } from './checkpoint.ts';
import { generateSigningKeyPem, loadSigningKeys } from './keys.ts';
import { appendEntries } from './service.ts';
import { generateSigningKey, signTreeHead } from './tree-head.ts';
import { issueTreeHead, LedgerForkError, lastSignedCheckpoint } from './tree-heads.ts';
import { verifyLedger } from './verify.ts';
import { openWitness, trustedCheckpoint, WitnessError, witnessOnce } from './witness.ts';

/**
 * Attacks by someone with write access to the database (append-only triggers disabled): history
 * rewritten, re-chained, re-hashed and re-signed with their own key; the tail deleted. The
 * ledger is a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL), the witness talks
 * to the service over real HTTP.
 */
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function append(app: TestApp, count: number, tag = 'e') {
  await app.database.db.transaction().execute((trx) =>
    appendEntries(
      trx,
      Array.from({ length: count }, (_, i) => ({
        forceId: app.demoForceId,
        actorId: null,
        action: 'system.stage-changed',
        subjectType: 'ai_system',
        subjectId: `${tag}${i}`,
        payload: { to: 'pilot', i },
      })),
    ),
  );
}

async function withTriggersOff(app: TestApp, fn: () => Promise<void>) {
  const db = app.database.db;
  const tables = ['ledger_entries', 'ledger_nodes', 'ledger_tree_heads'];
  for (const table of tables) await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(db);
  try {
    await fn();
  } finally {
    for (const table of tables) await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(db);
  }
}

/**
 * Rewrites one entry's payload, re-chains and re-hashes every entry, rebuilds every Merkle node
 * and re-signs a tree head with a new key: internally the forged ledger is perfectly consistent.
 */
async function rewriteHistory(app: TestApp, seq: number) {
  const db = app.database.db;
  await withTriggersOff(app, async () => {
    const rows = await db.selectFrom('ledger_entries').selectAll().orderBy('seq').execute();
    await db.deleteFrom('ledger_tree_heads').execute();
    await db.deleteFrom('ledger_nodes').execute();
    await db.deleteFrom('ledger_entries').execute();
    await db.transaction().execute((trx) =>
      appendEntries(
        trx,
        rows.map((r) => ({
          forceId: r.force_id,
          actorId: r.actor_id,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          payload:
            Number(r.seq) === seq ? { to: 'live', forged: true } : (r.payload as Record<string, unknown>),
        })),
      ),
    );
    const { privateKey, publicKey } = generateSigningKey();
    const size = rows.length;
    const root = (await verifyLedger(db)).root;
    const rootHash = Buffer.from(root, 'hex');
    const issuedAt = new Date();
    await db
      .insertInto('ledger_tree_heads')
      .values({
        tree_size: size,
        root_hash: rootHash,
        issued_at: issuedAt,
        signature: signTreeHead({ treeSize: size, rootHash, timestamp: issuedAt.getTime() }, privateKey),
        public_key: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64'),
      })
      .execute();
  });
}

/** Deletes every entry from `keep` on, with the nodes and tree heads that cover them. */
async function truncate(app: TestApp, keep: number) {
  const db = app.database.db;
  await withTriggersOff(app, async () => {
    await db.deleteFrom('ledger_entries').where('seq', '>=', keep).execute();
    await sql`DELETE FROM ledger_nodes WHERE (idx + 1) * (1::bigint << level) > ${keep}`.execute(db);
    await db.deleteFrom('ledger_tree_heads').where('tree_size', '>', keep).execute();
  });
}

function trust(app: TestApp) {
  const own = lastSignedCheckpoint(app.services.keys)!;
  return {
    trustedKeys: [app.services.keys.publicKey],
    trustedTrees: [{ ...own.checkpoint, source: 'the kept checkpoint' }],
  };
}

describe('a ledger that does not trust its database', () => {
  it('catches history rewritten and re-signed with another key, and refuses to sign it', async () => {
    t = await createTestApp();
    const { db } = t.database;
    await append(t, 30);
    const head = await issueTreeHead(db, t.services.keys);
    const kept = trust(t);
    expect((await verifyLedger(db, kept)).ok).toBe(true);

    await rewriteHistory(t, 12);
    // Internally consistent: recomputing the database from itself finds nothing.
    expect((await verifyLedger(db)).ok).toBe(true);

    const byKey = await verifyLedger(db, { trustedKeys: kept.trustedKeys });
    expect(byKey.ok).toBe(false);
    expect(byKey.problem!.message).toContain(
      `tree head for size ${head.treeSize} is not signed by a trusted key`,
    );

    const byCheckpoint = await verifyLedger(db, { trustedTrees: kept.trustedTrees });
    expect(byCheckpoint.ok).toBe(false);
    expect(byCheckpoint.problem!.message).toContain('the ledger contradicts the kept checkpoint');

    await expect(issueTreeHead(db, t.services.keys)).rejects.toThrow(LedgerForkError);
    await expect(issueTreeHead(db, t.services.keys)).rejects.toThrow(
      /not a consistent extension of the signed tree of \d+ entries .*history was rewritten/,
    );
    // Nothing was signed with the service's key.
    const heads = await db.selectFrom('ledger_tree_heads').select('public_key').execute();
    expect(heads.map((h) => h.public_key)).not.toContain(t.services.keys.publicKeyBase64);
  }, 60_000);

  it('catches entries deleted after the last signed head, and refuses to sign the shorter tree', async () => {
    t = await createTestApp();
    const { db } = t.database;
    await append(t, 20);
    await issueTreeHead(db, t.services.keys);
    await append(t, 5, 'late');
    // The checkpoint issued while entries wait (the service does so at most a minute behind).
    await issueTreeHead(db, t.services.keys);
    const kept = trust(t);
    expect(kept.trustedTrees[0]!.treeSize).toBe(20 + 5 + (await countBefore(t)));

    await truncate(t, kept.trustedTrees[0]!.treeSize - 5);
    expect((await verifyLedger(db, { trustedKeys: kept.trustedKeys })).ok).toBe(true);
    const result = await verifyLedger(db, kept);
    expect(result.ok).toBe(false);
    expect(result.problem!.message).toMatch(
      /holds a tree of \d+ entries but the ledger has only \d+: entries were deleted/,
    );
    await expect(issueTreeHead(db, t.services.keys)).rejects.toThrow(/entries were deleted/);
  }, 60_000);

  it('keeps signing after the key is rotated when the earlier key is configured, and only then', async () => {
    t = await createTestApp();
    const { db } = t.database;
    const old = t.services.keys;
    await append(t, 4);
    await issueTreeHead(db, old);
    await append(t, 2, 'after');
    const pem = generateSigningKeyPem();
    const forgetful = loadSigningKeys(pem, { stateFile: old.stateFile });
    await expect(issueTreeHead(db, forgetful)).rejects.toThrow(/cannot be trusted/);
    const rotated = loadSigningKeys(pem, { stateFile: old.stateFile, previousKeys: [old.publicKeyBase64] });
    const head = await issueTreeHead(db, rotated);
    expect(head.publicKey).toBe(rotated.publicKeyBase64);
    expect((await verifyLedger(db, { trustedKeys: [rotated.publicKey, ...rotated.previousKeys] })).ok).toBe(
      true,
    );
    const newOnly = await verifyLedger(db, { trustedKeys: [rotated.publicKey] });
    expect(newOnly.problem!.message).toContain('is not signed by a trusted key');
  }, 60_000);

  it('refuses to sign when its own checkpoint file was altered', async () => {
    t = await createTestApp();
    await append(t, 3);
    await issueTreeHead(t.database.db, t.services.keys);
    const file = t.services.keys.stateFile!;
    const text = readFileSync(file, 'utf8');
    const c = parseCheckpointBody(parseNote(text).body);
    // The same signature line under a smaller tree size.
    writeFileSync(file, `${checkpointBody({ ...c, treeSize: c.treeSize - 1 })}\n${text.split('\n\n')[1]}`);
    await expect(issueTreeHead(t.database.db, t.services.keys)).rejects.toThrow(/cannot be trusted/);
  }, 60_000);

  it("a witness refuses a rotated key on the log's word, says what to pass, and follows it once pinned", async () => {
    const app = await createTestApp();
    t = app;
    const old = app.services.keys;
    const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-witness-'));
    const rotated = loadSigningKeys(generateSigningKeyPem(), {
      stateFile: old.stateFile,
      previousKeys: [old.publicKeyBase64],
    });
    const after = await buildApp({ ...app.services, keys: rotated });
    try {
      const witness = openWitness(dir, 'witness.example/board');
      await append(app, 5);
      const before = await witnessOnce(await app.app.listen({ port: 0, host: '127.0.0.1' }), witness);
      await append(app, 3, 'rotated');
      await issueTreeHead(app.database.db, rotated);
      const address = await after.listen({ port: 0, host: '127.0.0.1' });
      const pinFile = path.join(dir, 'log-key');
      const expected =
        `the checkpoint from ${address} (origin ${rotated.origin}) is not signed by the log key pinned in ${pinFile} (${old.verifierKey}). ` +
        `The log now publishes the key ${rotated.verifierKey} and lists the pinned key among its earlier keys (a key rotation, by its own account). ` +
        `The witness does not take a new key on the log's word alone: confirm the new key with the log's operator by another channel, then pin it with --log-key:\n` +
        `  bluelamp ledger witness --log ${address} --state ${dir} --log-key '${rotated.verifierKey}'`;
      await expect(witnessOnce(address, witness)).rejects.toThrow(new WitnessError(expected));
      expect(readFileSync(pinFile, 'utf8').trim()).toBe(old.verifierKey);

      const next = await witnessOnce(address, witness, rotated.verifierKey);
      expect(next.previous).toBe(before.checkpoint.treeSize);
      expect(next.checkpoint.treeSize).toBe(before.checkpoint.treeSize + 3);
      expect(readFileSync(pinFile, 'utf8').trim()).toBe(rotated.verifierKey);
    } finally {
      await after.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a witness over HTTP cosigns consistent checkpoints and raises the alarm at a fork or a rollback', async () => {
    const app = await createTestApp();
    t = app;
    const { db } = app.database;
    const address = await app.app.listen({ port: 0, host: '127.0.0.1' });
    const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-witness-'));
    try {
      const witness = openWitness(dir, 'witness.example/board');
      await append(app, 10);
      const first = await witnessOnce(address, witness);
      expect(first.previous).toBeUndefined();
      await append(app, 7, 'more');
      await issueTreeHead(db, app.services.keys);
      const second = await witnessOnce(address, witness);
      expect(second.previous).toBe(first.checkpoint.treeSize);
      expect(second.checkpoint.treeSize).toBe(first.checkpoint.treeSize + 7);
      // The cosigned checkpoint is what a verifier trusts: the log's signature and the witness's.
      const seen = trustedCheckpoint(
        second.cosigned,
        'the witness',
        [app.services.keys.publicKey],
        witness.key,
      );
      expect(() =>
        trustedCheckpoint(
          second.cosigned,
          'the witness',
          [app.services.keys.publicKey],
          openWitness(mkdtempSync(path.join(tmpdir(), 'bluelamp-other-'))).key,
        ),
      ).toThrow(/no valid cosignature/);
      const trustedTrees = [{ ...seen, source: 'the witness' }];
      expect((await verifyLedger(db, { trustedTrees })).ok).toBe(true);

      // The attacker also holds the data directory: the service's own record is gone, so it
      // signs the forged tree. The witness still remembers.
      await rewriteHistory(app, 3);
      rmSync(app.services.keys.stateFile!);
      await issueTreeHead(db, app.services.keys);
      await expect(witnessOnce(address, witness)).rejects.toThrow(WitnessError);
      await expect(witnessOnce(address, witness)).rejects.toThrow(/does not extend .* history was rewritten/);
      const forked = await verifyLedger(db, { trustedTrees });
      expect(forked.ok).toBe(false);
      expect(forked.problem!.message).toContain('contradicts the witness');

      // A rollback: back to fewer entries than the witness saw.
      await truncate(app, 12);
      rmSync(app.services.keys.stateFile!);
      await issueTreeHead(db, app.services.keys);
      await expect(witnessOnce(address, witness)).rejects.toThrow(/went back from \d+ entries .* to 12/);
      const behind = await verifyLedger(db, { trustedTrees });
      expect(behind.problem!.message).toMatch(
        /the witness holds a tree of \d+ entries but the ledger has only 12/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Entries the test app's own setup (demo people) appended before the test's. */
async function countBefore(app: TestApp): Promise<number> {
  const rows = await app.database.db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('subject_type', '!=', 'ai_system')
    .executeTakeFirstOrThrow();
  return Number(rows.n);
}
