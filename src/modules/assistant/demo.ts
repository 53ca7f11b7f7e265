import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { demoEmail } from '../../identity/demo.ts';
import { setPosting } from '../../identity/postings.ts';
import { principalFor } from '../../identity/service.ts';
import { encrypt } from '../../security/encryption.ts';
import { projectRoot } from '../../shared-data.ts';
import { checkHmac, crimeUpdateContext } from './conversations/crime-check.ts';
import { channelAccount } from './conversations/service.ts';
import { approveArticle, draftArticles } from './knowledge/service.ts';

export const DEMO_ARTICLES = path.join(projectRoot, 'src/modules/assistant/knowledge/demo-articles.json');

/** Crime reports the demo's victims can ask about (the check details are in the README). */
export const DEMO_CRIME_REPORTS = [
  {
    reference: 'DC/26/004512',
    surname: 'Jones',
    postcode: 'CF10 1AA',
    update: {
      en: 'PC Evans reviewed the CCTV from the shop on 28 November. A suspect has been identified and will be interviewed. PC Evans will contact you within 7 days.',
      cy: 'Adolygodd PC Evans y teledu cylch cyfyng o’r siop ar 28 Tachwedd. Mae un a ddrwgdybir wedi’i adnabod a chaiff ei gyfweld. Bydd PC Evans yn cysylltu â chi o fewn 7 diwrnod.',
    },
  },
  {
    reference: 'DC/26/007731',
    surname: 'Patel',
    postcode: 'LS1 4AP',
    update: {
      en: 'Your report of the theft of a bicycle has been assessed. There are no lines of enquiry at present, so the investigation is filed. It will be reopened if new information comes to light.',
      cy: 'Mae eich adroddiad am ddwyn beic wedi’i asesu. Nid oes unrhyw drywydd ymholi ar hyn o bryd, felly mae’r ymchwiliad wedi’i ffeilio. Caiff ei ailagor os daw gwybodaeth newydd i’r amlwg.',
    },
  },
] as const;

async function person(db: Kysely<DB>, email: string) {
  return db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow();
}

/**
 * The demo force's knowledge base (written by the product manager, approved by the AI lead,
 * each in the ledger) and two crime reports a victim can ask about.
 */
export async function seedAssistantDemo(ctx: { db: Kysely<DB>; config: Config; forceId: number }) {
  const { db, config, forceId } = ctx;
  const existing = await db
    .selectFrom('assistant_articles')
    .select('id')
    .where('force_id', '=', forceId)
    .executeTakeFirst();
  if (!existing) {
    const writer = await principalFor(db, (await person(db, demoEmail('product-manager'))).id, forceId);
    const approver = await principalFor(db, (await person(db, demoEmail('ai-lead'))).id, forceId);
    const reviewOn = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
    const articles = (JSON.parse(readFileSync(DEMO_ARTICLES, 'utf8')) as Array<Record<string, unknown>>).map(
      ({ owner: _team, ...a }) => ({ ...a, owner: demoEmail('product-manager'), reviewOn }),
    );
    const drafts = await draftArticles(db, writer, articles);
    for (const d of drafts) await approveArticle(db, approver, d.id);
  }
  // The chat's account is posted to the 101 line, inside the trial's scope.
  const force = await db
    .selectFrom('forces')
    .select('slug')
    .where('id', '=', forceId)
    .executeTakeFirstOrThrow();
  const account = await channelAccount(db, forceId, force.slug);
  const admin = await principalFor(db, (await person(db, demoEmail('admin'))).id, forceId);
  await setPosting(db, admin, account.id, { team: 'Contact centre', area: 'Force-wide 101 line' });
  for (const r of DEMO_CRIME_REPORTS) {
    await db
      .insertInto('assistant_crime_reports')
      .values({
        force_id: forceId,
        reference: r.reference,
        check_hmac: checkHmac(config.dataEncryptionKey, forceId, r.reference, r.surname, r.postcode),
        update_encrypted: encrypt(
          config.dataEncryptionKey,
          JSON.stringify(r.update),
          crimeUpdateContext(forceId, r.reference),
        ),
      })
      .onConflict((oc) => oc.columns(['force_id', 'reference']).doNothing())
      .execute();
  }
}
