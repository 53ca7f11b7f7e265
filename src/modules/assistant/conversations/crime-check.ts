import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendEntry } from '../../../ledger/service.ts';
import type { RunRuntime } from '../../../oversight/runs.ts';
import { decrypt } from '../../../security/encryption.ts';
import { type CrimeCheck, MAX_CHECKS } from '../engine.ts';
import type { ChatLang } from '../phrases.ts';
import type { Channel, Row } from './service.ts';

/**
 * Crime updates for victims only: each report holds a keyed hash of the victim's surname and
 * postcode (never the details themselves), checked in constant time; failures are counted per
 * report, and enough of them lock it for the chat.
 */
export const crimeUpdateContext = (forceId: number, ref: string) => `assistant-crime:${forceId}:${ref}`;

const crimeKey = (key: Buffer) => createHmac('sha256', key).update('assistant-crime-check').digest();
const normSurname = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
const normPostcode = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** The keyed hash of a crime report's check details (a victim's surname and postcode). */
export const checkHmac = (
  key: Buffer,
  forceId: number,
  reference: string,
  surname: string,
  postcode: string,
) =>
  createHmac('sha256', crimeKey(key))
    .update(`${forceId}|${reference}|${normSurname(surname)}|${normPostcode(postcode)}`)
    .digest('hex');

/**
 * Checks a caller's details against a crime report: a match gives the report's latest update;
 * a mismatch counts against the report, and after `MAX_CHECKS` the report is locked for the
 * chat for a day. An unknown reference looks exactly like a mismatch.
 */
export async function checkCrime(
  rt: RunRuntime,
  channel: Channel,
  conversation: Row,
  details: { reference: string; surname: string; postcode: string },
): Promise<CrimeCheck> {
  const key = rt.config.dataEncryptionKey;
  return rt.db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom('assistant_crime_reports')
      .selectAll()
      .where('force_id', '=', channel.forceId)
      .where('reference', '=', details.reference)
      .forUpdate()
      .executeTakeFirst();
    const now = new Date();
    let result: CrimeCheck;
    if (report?.locked_until && report.locked_until > now) result = { kind: 'locked' };
    else if (
      report &&
      timingSafeEqual(
        Buffer.from(report.check_hmac),
        Buffer.from(checkHmac(key, channel.forceId, details.reference, details.surname, details.postcode)),
      )
    ) {
      await trx
        .updateTable('assistant_crime_reports')
        .set({ failed_checks: 0, locked_until: null })
        .where('id', '=', report.id)
        .execute();
      const update = JSON.parse(
        decrypt(key, report.update_encrypted, crimeUpdateContext(channel.forceId, report.reference)),
      ) as Record<ChatLang, string>;
      result = { kind: 'ok', update: update[conversation.lang as ChatLang] ?? update.en };
    } else {
      const failed = (report?.failed_checks ?? 0) + 1;
      if (report)
        await trx
          .updateTable('assistant_crime_reports')
          .set({
            failed_checks: failed >= MAX_CHECKS ? 0 : failed,
            locked_until: failed >= MAX_CHECKS ? new Date(now.getTime() + 86_400_000) : null,
          })
          .where('id', '=', report.id)
          .execute();
      result = failed >= MAX_CHECKS ? { kind: 'locked' } : { kind: 'no-match', left: MAX_CHECKS - failed };
    }
    await appendEntry(trx, {
      forceId: channel.forceId,
      actorId: channel.principal.personId,
      action: 'assistant.crime-update.checked',
      subjectType: 'assistant_conversation',
      subjectId: conversation.id,
      // Whether the check passed, never the details given or the report's update.
      payload: { reference: conversation.reference, result: result.kind },
    });
    return result;
  });
}
