import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitChallenge } from '../challenges/service.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import {
  fileTransport,
  MAX_ATTEMPTS,
  type MailMessage,
  type MailTransport,
  sendPendingMail,
  smtpTransport,
} from './outbox.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(() => t?.close());

const FROM = 'Bluelamp <no-reply@bluelamp.invalid>';
const ADDRESS = 'resident@example.org';

/** A transport that keeps what it is given (what a mail server would receive). */
function keeping(): MailTransport & { sent: Array<MailMessage & { from: string }> } {
  const sent: Array<MailMessage & { from: string }> = [];
  return { sent, send: async (m) => void sent.push(m) };
}

async function challenge(contact: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/public/challenges',
    payload: { force: 'demo', description: 'The decision about my licence was made by a tool.', contact },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { reference: string; acknowledged: boolean };
}

const outbox = () => t.database.db.selectFrom('outbox').selectAll().orderBy('created_at').execute();

describe('acknowledging a challenge by e-mail', () => {
  it('queues an encrypted message when the contact is an e-mail address, and none otherwise', async () => {
    const phone = await challenge('01632 960000');
    expect(phone.acknowledged).toBe(false);
    expect(await outbox()).toHaveLength(0);
    const { reference, acknowledged } = await challenge(` ${ADDRESS} `);
    expect(acknowledged).toBe(true);
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      status: 'pending',
      kind: 'challenge.acknowledgement',
      force_id: t.demoForceId,
    });
    expect(row.subject).toBe(`Your challenge ${reference} has been received`);
    expect(row.recipient_encrypted!.toString('latin1')).not.toContain('resident');
    expect(row.body_encrypted!.toString('latin1')).not.toContain(reference);
    expect(row.body_encrypted!.toString('latin1')).not.toContain('working days');
  });

  it('is not queued when mail is off', async () => {
    const before = (await outbox()).length;
    const res = await submitChallenge(
      t.database.db,
      t.config.dataEncryptionKey,
      { force: 'demo', description: 'Another decision I would like looked at.', contact: ADDRESS },
      { acknowledgeAt: null },
    );
    expect(res.acknowledged).toBe(false);
    expect(await outbox()).toHaveLength(before);
  });

  it('is sent once by the mail worker, then its address and body are cleared', async () => {
    const transport = keeping();
    const counts = await sendPendingMail(t.database.db, t.config.dataEncryptionKey, transport, FROM);
    expect(counts).toEqual({ sent: 1, failed: 0, expired: 0 });
    expect(transport.sent).toHaveLength(1);
    const m = transport.sent[0]!;
    expect(m.to).toBe(ADDRESS);
    expect(m.from).toBe(FROM);
    expect(m.text).toMatch(/We aim to answer by \d{1,2} [A-Z][a-z]+ \d{4} \(20 working days\)/);
    expect(m.text).toContain(`${t.config.publicUrl}/challenge/status`);
    expect(m.text).toContain('https://www.policeconduct.gov.uk/');
    expect(m.text).toContain('https://ico.org.uk/make-a-complaint/');
    const [row] = await outbox();
    expect(row).toMatchObject({
      status: 'sent',
      recipient_encrypted: null,
      body_encrypted: null,
      attempts: 1,
    });
    expect(row!.sent_at).toBeInstanceOf(Date);
    expect(await sendPendingMail(t.database.db, t.config.dataEncryptionKey, transport, FROM)).toEqual({
      sent: 0,
      failed: 0,
      expired: 0,
    });
    expect(transport.sent).toHaveLength(1);
  });

  it('retries a failing server, never keeps the address in the error, and gives up after the last attempt', async () => {
    await challenge('second@example.org');
    const failing: MailTransport = {
      send: async (m) => {
        throw Object.assign(new Error(`550 mailbox <${m.to}> unavailable`), {
          code: 'EENVELOPE',
          responseCode: 550,
        });
      },
    };
    let now = new Date();
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      const counts = await sendPendingMail(t.database.db, t.config.dataEncryptionKey, failing, FROM, { now });
      expect(counts.failed).toBe(i === MAX_ATTEMPTS ? 1 : 0);
      const row = (await outbox()).at(-1)!;
      expect(row.attempts).toBe(i);
      expect(row.last_error).toBe('Error EENVELOPE 550');
      now = new Date(now.getTime() + 3600_000);
    }
    const row = (await outbox()).at(-1)!;
    expect(row).toMatchObject({ status: 'failed', recipient_encrypted: null, body_encrypted: null });
  });

  it('gives up messages not sent within a week', async () => {
    await challenge('third@example.org');
    const later = new Date(Date.now() + 8 * 86_400_000);
    const counts = await sendPendingMail(t.database.db, t.config.dataEncryptionKey, keeping(), FROM, {
      now: later,
    });
    expect(counts).toEqual({ sent: 0, failed: 0, expired: 1 });
    expect((await outbox()).at(-1)).toMatchObject({ status: 'failed', recipient_encrypted: null });
  });

  it('is written in Welsh to someone who challenged in Welsh', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/public/challenges?lang=cy',
      payload: {
        force: 'demo',
        description: 'Cafodd y penderfyniad ei wneud gan offeryn.',
        contact: 'cymraeg@example.org',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { reference } = res.json() as { reference: string };
    expect((await outbox()).at(-1)!.subject).toBe(`Mae eich her ${reference} wedi dod i law`);
    const transport = keeping();
    await sendPendingMail(t.database.db, t.config.dataEncryptionKey, transport, FROM);
    const m = transport.sent.find((x) => x.to === 'cymraeg@example.org')!;
    expect(m.text).toMatch(/Ein nod yw ateb erbyn \d{1,2} [A-Z][a-z]+ \d{4} \(20 diwrnod gwaith\)/);
    expect(m.text).toContain(`${t.config.publicUrl}/challenge/status?lang=cy`);
    expect(m.text).toContain('Swyddfa Annibynnol ar gyfer Ymddygiad yr Heddlu (IOPC)');
    expect(m.text).not.toContain('We received');
  });
});

describe('the mail folder transport', () => {
  it('writes one message file readable by its owner only', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'bluelamp-mail-')), 'mail');
    await fileTransport(dir).send({ from: FROM, to: ADDRESS, subject: 'Hello', text: 'Body text' });
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const file = path.join(dir, files[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`To: ${ADDRESS}\r\n`);
    expect(text).toContain('Subject: Hello\r\n');
    expect(text.endsWith('Body text\r\n')).toBe(true);
  });
});

describe('the SMTP transport', () => {
  it('hands the message to an SMTP server (RFC 5321 dialogue)', async () => {
    const { createServer } = await import('node:net');
    const received: string[] = [];
    const server = createServer((socket) => {
      let data = false;
      let buffer = '';
      socket.write('220 test ESMTP\r\n');
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        let i = buffer.indexOf('\r\n');
        while (i >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (data) {
            if (line === '.') {
              data = false;
              socket.write('250 queued\r\n');
            } else received.push(line);
          } else {
            const verb = line.slice(0, 4).toUpperCase();
            if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test\r\n');
            else if (verb === 'DATA') {
              data = true;
              socket.write('354 go ahead\r\n');
            } else if (verb === 'QUIT') socket.end('221 bye\r\n');
            else {
              received.push(line);
              socket.write('250 ok\r\n');
            }
          }
          i = buffer.indexOf('\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const transport = await smtpTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true`);
      await transport.send({ from: FROM, to: ADDRESS, subject: 'Your challenge', text: 'Body text' });
    } finally {
      server.close();
    }
    expect(received).toContain(`RCPT TO:<${ADDRESS}>`);
    expect(received).toContain('Subject: Your challenge');
    expect(received).toContain('Body text');
  });
});
