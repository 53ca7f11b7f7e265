import type { Kysely } from 'kysely';
import { z } from 'zod';
import { dayOf } from '../../../db/dates.ts';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { appendEntry } from '../../../ledger/service.ts';
import type { ChatLang } from '../phrases.ts';
import {
  type ArticleContent,
  ArticleIndex,
  articleContentSchema,
  contentHash,
  type LiveArticle,
} from './articles.ts';

/** Who writes articles and who approves them (a different person from the writer). */
export const WRITERS = ['product-manager', 'delivery-team', 'business-change'] as const;
export const APPROVERS = ['product-manager', 'ai-lead'] as const;
const holds = (p: Principal, roles: readonly string[]) => p.roles.some((r) => roles.includes(r));

export const MAX_ARTICLES = 500;

/** A file of articles to load: the content, an owner (e-mail of a person in the force) and a review date. */
export const articleFileSchema = z
  .array(
    articleContentSchema.extend({
      owner: z.string().email(),
      reviewOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
    }),
  )
  .min(1)
  .max(MAX_ARTICLES);

/**
 * Adds a new draft version of each article in the file, all or nothing: a file with any
 * problem adds none, and the error names the article and the field. Each draft is in the ledger
 * with its content's SHA-256.
 */
export async function draftArticles(
  db: Kysely<DB>,
  principal: Principal,
  data: unknown,
): Promise<Array<{ slug: string; version: number; id: string }>> {
  if (!holds(principal, WRITERS))
    throw errors.forbidden(`Only ${WRITERS.join(', ')} may write knowledge-base articles.`);
  const parsed = articleFileSchema.safeParse(data);
  if (!parsed.success)
    throw errors.validation(
      parsed.error.issues.map((i) => {
        const index = typeof i.path[0] === 'number' ? i.path[0] : null;
        const slug = index !== null ? (data as Array<{ slug?: unknown }>)[index]?.slug : undefined;
        return {
          path: `${index !== null ? `article ${index + 1}${typeof slug === 'string' ? ` (${slug})` : ''}` : 'file'}${i.path.length > 1 ? `: ${i.path.slice(1).join('.')}` : ''}`,
          message: i.message,
        };
      }),
    );
  const seen = new Set<string>();
  for (const a of parsed.data) {
    if (seen.has(a.slug)) throw errors.validation([{ path: a.slug, message: 'appears twice in the file' }]);
    seen.add(a.slug);
  }
  const owners = await db
    .selectFrom('people')
    .innerJoin('role_assignments', 'role_assignments.person_id', 'people.id')
    .select(['people.id', 'people.email'])
    .where('role_assignments.force_id', '=', principal.forceId)
    .where('people.email', 'in', [...new Set(parsed.data.map((a) => a.owner.toLowerCase()))])
    .execute();
  const ownerOf = new Map(owners.map((o) => [o.email.toLowerCase(), o.id]));
  for (const a of parsed.data)
    if (!ownerOf.has(a.owner.toLowerCase()))
      throw errors.validation([
        { path: `${a.slug}: owner`, message: `${a.owner} is not a person in ${principal.forceName}` },
      ]);
  return db.transaction().execute(async (trx) => {
    const out: Array<{ slug: string; version: number; id: string }> = [];
    for (const { owner, reviewOn, ...content } of parsed.data) {
      const last = await trx
        .selectFrom('assistant_articles')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('force_id', '=', principal.forceId)
        .where('slug', '=', content.slug)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const sha = contentHash(content);
      const row = await trx
        .insertInto('assistant_articles')
        .values({
          force_id: principal.forceId,
          slug: content.slug,
          version,
          topic: content.topic,
          kind: content.kind,
          owner_id: ownerOf.get(owner.toLowerCase())!,
          review_on: reviewOn,
          content: JSON.stringify(content),
          content_sha256: sha,
          created_by: principal.personId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendEntry(trx, {
        forceId: principal.forceId,
        actorId: principal.personId,
        action: 'assistant.article.drafted',
        subjectType: 'assistant_article',
        subjectId: row.id,
        payload: { slug: content.slug, version, contentSha256: sha },
      });
      out.push({ slug: content.slug, version, id: row.id });
    }
    return out;
  });
}

/**
 * Approves a draft: someone other than its writer, holding an approver's role. The approval
 * names the content's SHA-256 in the ledger; the version it replaces is retired. The assistant
 * shows only approved content whose hash matches its approval.
 */
export async function approveArticle(db: Kysely<DB>, principal: Principal, id: string): Promise<void> {
  if (!holds(principal, APPROVERS))
    throw errors.forbidden(`Only ${APPROVERS.join(' or ')} may approve knowledge-base articles.`);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('assistant_articles')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.force_id !== principal.forceId)
      throw errors.notFound(`Article ${id} in ${principal.forceName}`);
    if (row.status !== 'draft')
      throw errors.conflict('not-a-draft', `Article ${row.slug} version ${row.version} is ${row.status}.`);
    if (row.created_by === principal.personId)
      throw errors.conflict(
        'separation-of-duties',
        'You wrote this version, so someone else must approve it.',
      );
    const sha = contentHash(articleContentSchema.parse(row.content));
    if (sha !== row.content_sha256)
      throw errors.conflict('content-changed', `Article ${row.slug} changed after it was drafted.`);
    const retired = await trx
      .updateTable('assistant_articles')
      .set({ status: 'retired' })
      .where('force_id', '=', row.force_id)
      .where('slug', '=', row.slug)
      .where('status', '=', 'approved')
      .returning('version')
      .execute();
    await trx
      .updateTable('assistant_articles')
      .set({ status: 'approved', approved_by: principal.personId, approved_at: new Date() })
      .where('id', '=', id)
      .execute();
    await appendEntry(trx, {
      forceId: row.force_id,
      actorId: principal.personId,
      action: 'assistant.article.approved',
      subjectType: 'assistant_article',
      subjectId: id,
      payload: {
        slug: row.slug,
        version: row.version,
        contentSha256: sha,
        retires: retired.map((r) => r.version),
      },
    });
  });
  forgetIndexes(principal.forceId);
}

/** Retires an approved article: the assistant stops using it at once. */
export async function retireArticle(db: Kysely<DB>, principal: Principal, id: string): Promise<void> {
  if (!holds(principal, APPROVERS))
    throw errors.forbidden(`Only ${APPROVERS.join(' or ')} may retire knowledge-base articles.`);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('assistant_articles')
      .select(['force_id', 'slug', 'version', 'status'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.force_id !== principal.forceId)
      throw errors.notFound(`Article ${id} in ${principal.forceName}`);
    if (row.status !== 'approved')
      throw errors.conflict('not-approved', `Article ${row.slug} version ${row.version} is ${row.status}.`);
    await trx.updateTable('assistant_articles').set({ status: 'retired' }).where('id', '=', id).execute();
    await appendEntry(trx, {
      forceId: row.force_id,
      actorId: principal.personId,
      action: 'assistant.article.retired',
      subjectType: 'assistant_article',
      subjectId: id,
      payload: { slug: row.slug, version: row.version },
    });
  });
  forgetIndexes(principal.forceId);
}

export interface ArticleRow {
  id: string;
  slug: string;
  version: number;
  topic: string;
  kind: string;
  status: string;
  title: string;
  titleCy: string;
  owner: string;
  reviewOn: string;
  overdue: boolean;
  approvedAt: Date | null;
  openFlags: number;
}

/** The force's articles, newest version of each first, with open flags on wrong answers. */
export async function listArticles(db: Kysely<DB>, principal: Principal): Promise<ArticleRow[]> {
  const rows = await db
    .selectFrom('assistant_articles')
    .innerJoin('people', 'people.id', 'assistant_articles.owner_id')
    .select([
      'assistant_articles.id',
      'slug',
      'version',
      'topic',
      'kind',
      'status',
      'content',
      'review_on',
      'approved_at',
      'people.name as owner',
    ])
    .where('assistant_articles.force_id', '=', principal.forceId)
    .where('status', '!=', 'retired')
    .orderBy('slug')
    .orderBy('version', 'desc')
    .execute();
  const flags = await db
    .selectFrom('assistant_answer_flags')
    .select(['article_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('force_id', '=', principal.forceId)
    .where('resolved_at', 'is', null)
    .groupBy('article_id')
    .execute();
  const flagged = new Map(flags.map((f) => [f.article_id, Number(f.n)]));
  const today = new Date().toISOString().slice(0, 10);
  return rows.map((r) => {
    const c = r.content as ArticleContent;
    return {
      id: r.id,
      slug: r.slug,
      version: r.version,
      topic: r.topic,
      kind: r.kind,
      status: r.status,
      title: c.en.title,
      titleCy: c.cy.title,
      owner: r.owner,
      reviewOn: dayOf(r.review_on),
      overdue: dayOf(r.review_on) < today,
      approvedAt: r.approved_at,
      openFlags: flagged.get(r.id) ?? 0,
    };
  });
}

/** The approved articles whose content still hashes to what their approval in the ledger names. */
export async function liveArticles(db: Kysely<DB>, forceId: number): Promise<LiveArticle[]> {
  const rows = await db
    .selectFrom('assistant_articles')
    .select(['id', 'version', 'content'])
    .where('force_id', '=', forceId)
    .where('status', '=', 'approved')
    .execute();
  if (rows.length === 0) return [];
  const approvals = await db
    .selectFrom('ledger_entries')
    .select(['subject_id', 'payload'])
    .where('force_id', '=', forceId)
    .where('action', '=', 'assistant.article.approved')
    .where(
      'subject_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const approved = new Map(
    approvals.map((a) => [a.subject_id, (a.payload as { contentSha256?: string }).contentSha256]),
  );
  const out: LiveArticle[] = [];
  for (const r of rows) {
    const content = articleContentSchema.safeParse(r.content);
    // Content that no longer matches its approval is never shown.
    if (content.success && approved.get(r.id) === contentHash(content.data))
      out.push({ id: r.id, version: r.version, content: content.data });
  }
  return out;
}

interface Indexes {
  at: number;
  articles: LiveArticle[];
  byLang: Record<ChatLang, ArticleIndex>;
}
const CACHE = new Map<number, Indexes>();
/** Another process's approval reaches this one within this time. */
const CACHE_MS = 10_000;

export const forgetIndexes = (forceId: number) => CACHE.delete(forceId);

/** The retrieval indexes of a force's approved articles, rebuilt when older than `CACHE_MS`. */
export async function indexesOf(db: Kysely<DB>, forceId: number): Promise<Indexes> {
  const cached = CACHE.get(forceId);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached;
  const articles = await liveArticles(db, forceId);
  const fresh: Indexes = {
    at: Date.now(),
    articles,
    byLang: { en: new ArticleIndex(articles, 'en'), cy: new ArticleIndex(articles, 'cy') },
  };
  CACHE.set(forceId, fresh);
  return fresh;
}
