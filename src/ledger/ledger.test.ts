import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';
import { naiveRoot, verifyConsistency, verifyInclusion } from './merkle.ts';
import { entryFromRow, hashEntry } from './model.ts';
import { appendEntries, appendEntry, rootAt, treeSize } from './service.ts';
import { verifyTreeHead } from './tree-head.ts';
import { issueTreeHead } from './tree-heads.ts';
import { rawEd25519PublicKey, verifyLedger } from './verify.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (let i = 0; i < 40; i++) {
    await db.transaction().execute((trx) =>
      appendEntry(trx, {
        forceId: t.demoForceId,
        actorId: null,
        action: 'test.appended',
        subjectType: 'test',
        subjectId: String(i),
        payload: { i, nested: { b: 2, a: [1, 'x', null] }, ratio: 0.1 + 0.2 },
      }),
    );
  }
});
afterAll(() => t.close());

async function leafHashes() {
  const rows = await t.database.db.selectFrom('ledger_entries').selectAll().orderBy('seq').execute();
  return rows.map((r) => hashEntry(entryFromRow(r)).leaf);
}

describe('ledger', () => {
  it('keeps the stored Merkle tree equal to a naive recomputation at every size', async () => {
    const leaves = await leafHashes();
    expect(leaves.length).toBe(await treeSize(t.database.db));
    for (const n of [1, 2, 3, 17, 32, leaves.length]) {
      expect((await rootAt(t.database.db, n)).toString('hex')).toBe(
        naiveRoot(leaves.slice(0, n)).toString('hex'),
      );
    }
  });

  it('appends in batches with the same chain and tree as one by one', async () => {
    const db = t.database.db;
    const before = await treeSize(db);
    await db.transaction().execute((trx) =>
      appendEntries(
        trx,
        Array.from({ length: 37 }, (_, i) => ({
          forceId: null,
          actorId: null,
          action: 'bulk',
          subjectType: 'test',
          subjectId: `b${i}`,
          payload: { i },
        })),
      ),
    );
    expect(await treeSize(db)).toBe(before + 37);
    const leaves = await leafHashes();
    expect((await rootAt(db, leaves.length)).equals(naiveRoot(leaves))).toBe(true);
    expect((await verifyLedger(db)).ok).toBe(true);
  });

  it('rolls back the entry with the change when the transaction fails', async () => {
    const before = await treeSize(t.database.db);
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await appendEntry(trx, {
          forceId: null,
          actorId: null,
          action: 'x',
          subjectType: 'x',
          subjectId: 'x',
          payload: {},
        });
        throw new Error('the governed change failed');
      }),
    ).rejects.toThrow('the governed change failed');
    expect(await treeSize(t.database.db)).toBe(before);
  });

  it('serves inclusion and consistency proofs that verify against signed tree heads', async () => {
    const old = await t.app.inject({ method: 'GET', url: '/api/ledger/tree-head' });
    expect(old.statusCode).toBe(200);
    const first = old.json();
    const key = rawEd25519PublicKey(first.publicKey);
    const head = (h: { treeSize: number; rootHash: string; timestamp: number }) => ({
      treeSize: h.treeSize,
      rootHash: Buffer.from(h.rootHash, 'hex'),
      timestamp: h.timestamp,
    });
    expect(verifyTreeHead(head(first), Buffer.from(first.signature, 'base64'), key)).toBe(true);

    await t.database.db.transaction().execute((trx) =>
      appendEntry(trx, {
        forceId: null,
        actorId: null,
        action: 'later',
        subjectType: 't',
        subjectId: 'z',
        payload: {},
      }),
    );
    const { cookie, csrfToken } = await t.login('officer');
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/ledger/tree-heads',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(issued.statusCode).toBe(200);
    const second = issued.json();
    expect(second.treeSize).toBeGreaterThan(first.treeSize);

    const consistency = await t.app.inject({
      method: 'GET',
      url: `/api/ledger/proofs/consistency?first=${first.treeSize}&second=${second.treeSize}`,
    });
    const path = consistency.json().consistencyPath.map((h: string) => Buffer.from(h, 'hex'));
    expect(
      verifyConsistency(
        first.treeSize,
        second.treeSize,
        Buffer.from(first.rootHash, 'hex'),
        Buffer.from(second.rootHash, 'hex'),
        path,
      ),
    ).toBe(true);

    for (const seq of [0, 7, second.treeSize - 1]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/ledger/proofs/inclusion?seq=${seq}&treeSize=${second.treeSize}`,
      });
      const proof = res.json();
      expect(
        verifyInclusion(
          Buffer.from(proof.leafHash, 'hex'),
          seq,
          second.treeSize,
          proof.auditPath.map((h: string) => Buffer.from(h, 'hex')),
          Buffer.from(second.rootHash, 'hex'),
        ),
      ).toBe(true);
    }
  });

  it('refuses a proof for an entry beyond the tree, as a problem naming the field', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/ledger/proofs/inclusion?seq=999999' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'invalid-input', detail: expect.stringContaining('seq') });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on every ledger table', async () => {
    const db = t.database.db;
    for (const table of ['ledger_entries', 'ledger_nodes', 'ledger_tree_heads']) {
      await expect(
        sql`UPDATE ${sql.table(table)} SET ${sql.ref(table === 'ledger_nodes' ? 'hash' : table === 'ledger_entries' ? 'action' : 'public_key')} = ${table === 'ledger_nodes' ? Buffer.alloc(32) : 'x'}`.execute(
          db,
        ),
      ).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM ${sql.table(table)}`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`TRUNCATE ${sql.table(table)}`.execute(db)).rejects.toThrow(/append-only/);
    }
  });

  it('verifies an intact ledger, then names the first altered entry even with the triggers disabled', async () => {
    await issueTreeHead(t.database.db, t.services.keys);
    const intact = await verifyLedger(t.database.db);
    expect(intact).toMatchObject({ ok: true, entries: await treeSize(t.database.db) });
    expect(intact.treeHeads).toBeGreaterThanOrEqual(2);

    await sql`
      ALTER TABLE ledger_entries DISABLE TRIGGER USER;
      UPDATE ledger_entries SET payload = '{"i": 1000}' WHERE seq = 23;
      UPDATE ledger_entries SET action = 'rewritten' WHERE seq = 31;
      ALTER TABLE ledger_entries ENABLE TRIGGER USER;
    `.execute(t.database.db);
    const tampered = await verifyLedger(t.database.db);
    expect(tampered.ok).toBe(false);
    expect(tampered.problem).toMatchObject({ seq: 23, message: expect.stringContaining('altered') });
  });
});
