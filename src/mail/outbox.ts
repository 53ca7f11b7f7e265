import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { decrypt, encrypt } from '../security/encryption.ts';

/**
 * E-mail leaves through an outbox: a message is written in the same transaction as what it
 * tells of (so it exists exactly when that does), with its recipient and body encrypted; the
 * mail worker sends it later and then clears both (only the kind, subject line, times and status
 * stay). Addresses and bodies appear in no log and no ledger entry.
 */

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where mail goes: SMTP in production; a folder or nowhere for demonstrations and tests. */
export interface MailTransport {
  send(message: MailMessage & { from: string }): Promise<void>;
}

/** Attempts before a message is given up (and its recipient and body cleared). */
export const MAX_ATTEMPTS = 5;
/** A message not sent within this time is given up too. */
export const RETENTION_MS = 7 * 86_400_000;

const recipientContext = (id: string) => `outbox-recipient:${id}`;
const bodyContext = (id: string) => `outbox-body:${id}`;

export interface QueuedMail extends MailMessage {
  forceId: number | null;
  /** What the message is about, e.g. `challenge.acknowledgement`, and the id of its subject. */
  kind: string;
  subjectId: string;
}

/** Queues a message inside the caller's transaction. */
export async function queueMail(trx: Transaction<DB>, key: Buffer, mail: QueuedMail): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('outbox')
    .values({
      id,
      force_id: mail.forceId,
      kind: mail.kind,
      subject_id: mail.subjectId,
      subject: mail.subject,
      recipient_encrypted: encrypt(key, mail.to, recipientContext(id)),
      body_encrypted: encrypt(key, mail.text, bodyContext(id)),
    })
    .execute();
  return id;
}

/** A short, address-free reason a send failed (transport errors can quote the address). */
function failureReason(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; name?: unknown };
  const parts = [e.name, e.code, e.responseCode].filter(
    (p) => typeof p === 'string' || typeof p === 'number',
  );
  return parts.length ? parts.join(' ') : 'send failed';
}

/**
 * Sends due messages, one transaction each (a message is locked while it is sent, so several
 * workers never send it twice), and gives up those too old or tried too often. Returns counts.
 */
export async function sendPendingMail(
  db: Kysely<DB>,
  key: Buffer,
  transport: MailTransport,
  from: string,
  options: { limit?: number; now?: Date } = {},
): Promise<{ sent: number; failed: number; expired: number }> {
  const now = options.now ?? new Date();
  const counts = { sent: 0, failed: 0, expired: 0 };
  const expired = await db
    .updateTable('outbox')
    .set({
      status: 'failed',
      last_error: 'not sent in time',
      recipient_encrypted: null,
      body_encrypted: null,
    })
    .where('status', '=', 'pending')
    .where('created_at', '<', new Date(now.getTime() - RETENTION_MS))
    .executeTakeFirst();
  counts.expired = Number(expired.numUpdatedRows);
  for (let i = 0; i < (options.limit ?? 50); i++) {
    const outcome = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('outbox')
        .select(['id', 'subject', 'recipient_encrypted', 'body_encrypted', 'attempts'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return null;
      if (!row.recipient_encrypted || !row.body_encrypted) {
        await trx
          .updateTable('outbox')
          .set({ status: 'failed', last_error: 'no content' })
          .where('id', '=', row.id)
          .execute();
        return 'failed' as const;
      }
      try {
        await transport.send({
          from,
          to: decrypt(key, row.recipient_encrypted, recipientContext(row.id)),
          subject: row.subject,
          text: decrypt(key, row.body_encrypted, bodyContext(row.id)),
        });
      } catch (error) {
        const attempts = row.attempts + 1;
        const giveUp = attempts >= MAX_ATTEMPTS;
        await trx
          .updateTable('outbox')
          .set({
            attempts,
            last_error: failureReason(error),
            // Retry after 1, 4, 9, 16 minutes.
            next_attempt_at: new Date(now.getTime() + attempts * attempts * 60_000),
            ...(giveUp ? { status: 'failed' as const, recipient_encrypted: null, body_encrypted: null } : {}),
          })
          .where('id', '=', row.id)
          .execute();
        return giveUp ? ('failed' as const) : ('retry' as const);
      }
      await trx
        .updateTable('outbox')
        .set({
          status: 'sent',
          sent_at: new Date(),
          attempts: row.attempts + 1,
          last_error: null,
          recipient_encrypted: null,
          body_encrypted: null,
        })
        .where('id', '=', row.id)
        .execute();
      return 'sent' as const;
    });
    if (outcome === null) break;
    if (outcome !== 'retry') counts[outcome]++;
  }
  return counts;
}

/** Writes each message as an `.eml` file (readable by the owner only) in a folder. */
export function fileTransport(dir: string): MailTransport {
  return {
    async send(m) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const text = [
        `From: ${m.from}`,
        `To: ${m.to}`,
        `Subject: ${m.subject}`,
        `Date: ${new Date().toUTCString()}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        m.text,
        '',
      ].join('\r\n');
      await writeFile(path.join(dir, `${Date.now()}-${randomUUID()}.eml`), text, { mode: 0o600 });
    },
  };
}

/** SMTP through nodemailer (loaded only when configured). */
export async function smtpTransport(url: string): Promise<MailTransport> {
  const nodemailer = await import('nodemailer');
  const transporter = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

/** The configured transport, or null when mail is off. */
export async function configuredTransport(config: {
  mailTransport: string;
  dataDir: string;
}): Promise<MailTransport | null> {
  if (config.mailTransport === 'none') return null;
  if (config.mailTransport === 'file') return fileTransport(path.join(config.dataDir, 'mail'));
  return smtpTransport(config.mailTransport);
}

/**
 * The mail worker: sends due messages every `intervalMs`, and once at once. Errors of a round
 * are reported without any message content.
 */
export function startMailWorker(
  db: Kysely<DB>,
  key: Buffer,
  transport: MailTransport,
  from: string,
  onError: (error: unknown) => void,
  intervalMs = 15_000,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const round = () => {
    running = running.then(() => sendPendingMail(db, key, transport, from).catch(onError));
  };
  round();
  const timer = setInterval(round, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
