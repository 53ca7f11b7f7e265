import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import { assertCan } from '../../../identity/abilities.ts';
import type { Principal } from '../../../identity/model.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { PdqIndex } from '../pdq/index.ts';
import { HashListError, parseHashList } from '../pdq/lists.ts';

/**
 * A force's lists of known-image hashes, as hash-sharing schemes (the Child Abuse Image Database
 * and others) provide them: PDQ hashes with a list name and source. Information security loads
 * them; every import of an extraction matches its images against all of them, so known images
 * are counted and listed, not looked at.
 */

export interface HashListView {
  id: string;
  name: string;
  source: string;
  hashes: number;
  sha256: string;
  loadedBy: string;
  loadedAt: Date;
}

/** The most hashes one force may hold across its lists. */
export const MAX_HASHES = 5_000_000;

/** Loads (or replaces, by name) a hash list from its text; all or nothing, with a ledger entry. */
export async function loadHashList(
  db: Kysely<DB>,
  principal: Principal,
  file: { name: string; text: string },
  given: { name?: string; source?: string } = {},
): Promise<HashListView> {
  assertCan(principal, 'hash-list.load');
  let parsed: ReturnType<typeof parseHashList>;
  try {
    parsed = parseHashList(file.text, file.name);
  } catch (e) {
    if (e instanceof HashListError) throw errors.validation([{ path: 'file', message: e.message }]);
    throw e;
  }
  const name = (given.name ?? parsed.name ?? '').trim();
  const source = (given.source ?? parsed.source ?? '').trim();
  const missing = [
    ...(name
      ? []
      : [{ path: 'name', message: 'is required: give the list a name (or a "# name:" line in the file)' }]),
    ...(source
      ? []
      : [{ path: 'source', message: 'is required: say where the list comes from (or a "# source:" line)' }]),
    ...(parsed.hashes.length ? [] : [{ path: 'file', message: `${file.name} holds no hashes` }]),
  ];
  if (missing.length) throw errors.validation(missing);
  const held = await db
    .selectFrom('hash_lists')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('hashes'), eb.lit(0)).as('n'))
    .where('force_id', '=', principal.forceId)
    .where('name', '!=', name)
    .executeTakeFirstOrThrow();
  if (Number(held.n) + parsed.hashes.length > MAX_HASHES)
    throw errors.validation([
      {
        path: 'file',
        message: `the force would hold more than ${MAX_HASHES.toLocaleString('en-GB')} hashes`,
      },
    ]);
  const sha256 = createHash('sha256').update(file.text).digest('hex');
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('hash_lists')
      .select('id')
      .where('force_id', '=', principal.forceId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (old) await trx.deleteFrom('hash_lists').where('id', '=', old.id).execute();
    await trx
      .insertInto('hash_lists')
      .values({
        id,
        force_id: principal.forceId,
        name,
        source,
        hashes: parsed.hashes.length,
        sha256,
        loaded_by: principal.personId,
      })
      .execute();
    for (let i = 0; i < parsed.hashes.length; i += 5000) {
      await trx
        .insertInto('hash_list_entries')
        .values(
          parsed.hashes.slice(i, i + 5000).map((h) => ({ list_id: id, pdq: h.hash, label: h.label ?? null })),
        )
        .execute();
    }
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'hash-list.loaded',
      subjectType: 'hash-list',
      subjectId: id,
      payload: { name, source, hashes: parsed.hashes.length, sha256, replaces: old?.id ?? null },
    });
  });
  return (await listHashLists(db, principal)).find((l) => l.id === id)!;
}

/** The force's lists (anyone in the force may see that they exist and what they hold in number). */
export async function listHashLists(db: Kysely<DB>, principal: Principal): Promise<HashListView[]> {
  const rows = await db
    .selectFrom('hash_lists')
    .innerJoin('people', 'people.id', 'hash_lists.loaded_by')
    .select([
      'hash_lists.id',
      'hash_lists.name',
      'source',
      'hashes',
      'sha256',
      'loaded_at',
      'people.name as by',
    ])
    .where('force_id', '=', principal.forceId)
    .orderBy('hash_lists.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    source: r.source,
    hashes: r.hashes,
    sha256: r.sha256,
    loadedBy: r.by,
    loadedAt: r.loaded_at,
  }));
}

/** What a match names: the list and its source. */
export interface ListEntry {
  list: string;
  source: string;
  label: string | null;
}

/** An index of every hash the force holds, for matching one import's images. */
export async function forceIndex(db: Kysely<DB>, forceId: number): Promise<PdqIndex<ListEntry>> {
  const index = new PdqIndex<ListEntry>();
  const lists = await db
    .selectFrom('hash_lists')
    .select(['id', 'name', 'source'])
    .where('force_id', '=', forceId)
    .execute();
  for (const l of lists) {
    const entries = await db
      .selectFrom('hash_list_entries')
      .select(['pdq', 'label'])
      .where('list_id', '=', l.id)
      .execute();
    for (const e of entries) index.add(e.pdq, { list: l.name, source: l.source, label: e.label });
  }
  return index;
}
