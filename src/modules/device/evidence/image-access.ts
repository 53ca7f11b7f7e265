import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { extractionFor, imageBytes, imagesOf } from './extractions.ts';

/**
 * Who sees which image, and how it is recorded. A matched (known) image is never displayed
 * unless an officer on the case records why they must see it (the ledger and the access log
 * hold the view); an unmatched one is shown blurred until an officer chooses to see it (the
 * access log holds the view). A view grants the image for ten minutes to that officer only.
 */

/** How long a recorded view lets its officer load the image. */
const GRANT_MINUTES = 10;

/** The images of an extraction of a case the asker is on (hashes and matches, never bytes). */
export async function imageList(
  db: Kysely<DB>,
  key: Buffer,
  p: Principal,
  caseId: string,
  extractionId: string,
) {
  const { extraction } = await extractionFor(db, key, p, caseId, extractionId);
  if (extraction.destroyedAt) return [];
  return imagesOf(db, extractionId);
}

async function imageOf(
  db: Kysely<DB>,
  key: Buffer,
  p: Principal,
  caseId: string,
  extractionId: string,
  record: string,
) {
  const list = await imageList(db, key, p, caseId, extractionId);
  const image = list.find((i) => i.record === record);
  if (!image) throw errors.notFound(`Image ${record} of this extraction`);
  return image;
}

/** Records that an officer chose to see an image (with the reason a known image needs). */
export async function viewImage(
  db: Kysely<DB>,
  key: Buffer,
  p: Principal,
  caseId: string,
  extractionId: string,
  record: string,
  reason: string,
) {
  const image = await imageOf(db, key, p, caseId, extractionId, record);
  const matched = image.matches.length > 0;
  const why = reason.trim();
  if (matched && why.length < 10)
    throw errors.validation([
      {
        path: 'reason',
        message: `${record} matches a known-image list: say why you must see it (at least 10 characters)`,
      },
    ]);
  const subject = `${extractionId}#${record}`;
  const row = await db.transaction().execute(async (trx) => {
    const logged = await trx
      .insertInto('case_access_log')
      .values({
        case_id: caseId,
        person_id: p.personId,
        action: matched ? 'viewed-matched-image' : 'viewed-image',
        subject,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (matched)
      await appendEntry(trx, {
        forceId: p.forceId,
        actorId: p.personId,
        action: 'device.known-image-viewed',
        subjectType: 'case',
        subjectId: caseId,
        payload: {
          extractionId,
          record,
          pdq: image.pdq,
          lists: image.matches.map((m) => m.list),
          reason: why,
        },
      });
    return logged;
  });
  return { grant: String(row.id), matched, reason: why };
}

/**
 * An image's bytes as JPEG (metadata such as GPS stripped): the blurred preview of an unmatched
 * image, or the image itself for the officer holding a recent recorded view of it.
 */
export async function openImage(
  db: Kysely<DB>,
  key: Buffer,
  p: Principal,
  caseId: string,
  extractionId: string,
  record: string,
  how: { preview: true } | { grant: string },
): Promise<Buffer> {
  const image = await imageOf(db, key, p, caseId, extractionId, record);
  if ('preview' in how) {
    if (image.matches.length) throw errors.notFound(`A preview of ${record}`);
    const preview = await imageBytes(db, key, extractionId, record, 'preview');
    if (!preview) throw errors.notFound(`A preview of ${record}`);
    return preview;
  }
  const since = new Date(Date.now() - GRANT_MINUTES * 60_000);
  const grant = /^\d{1,18}$/.test(how.grant)
    ? await db
        .selectFrom('case_access_log')
        .select('id')
        .where('id', '=', how.grant)
        .where('case_id', '=', caseId)
        .where('person_id', '=', p.personId)
        .where('subject', '=', `${extractionId}#${record}`)
        .where('action', 'in', ['viewed-image', 'viewed-matched-image'])
        .where('at', '>=', since)
        .executeTakeFirst()
    : undefined;
  if (!grant)
    throw errors.forbidden(
      `Choose to see ${record} on the images page first; each view is recorded and lasts ${GRANT_MINUTES} minutes.`,
    );
  const bytes = await imageBytes(db, key, extractionId, record, 'image');
  if (!bytes) throw errors.notFound(`Image ${record}`);
  return sharp(bytes, { limitInputPixels: 50_000_000 }).rotate().jpeg({ quality: 85 }).toBuffer();
}
