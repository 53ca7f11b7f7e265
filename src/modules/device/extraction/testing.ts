import Database from 'better-sqlite3';

/**
 * Builders of SQLite databases with the table layouts of real phones (Android's mmssms.db and
 * calllog.db, the iPhone's sms.db), for tests and the demo extraction. Only columns the readers
 * use are filled; the others keep their defaults, as on a phone.
 */

/** An Android SMS row: type 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued. */
export interface AndroidSms {
  address: string | null;
  /** ms since 1970 */
  date: number;
  type: number;
  body: string | null;
  read?: number;
}

/** An Android MMS: msg_box 1 inbox, 2 sent; date in seconds; parts in order. */
export interface AndroidMms {
  date: number;
  box: number;
  from: string;
  to: string[];
  parts: Array<{ ct: string; text?: string; name?: string }>;
}

/** An Android call: type 1 in, 2 out, 3 missed, 4 voicemail, 5 rejected, 6 blocked. */
export interface AndroidCall {
  number: string;
  /** ms since 1970 */
  date: number;
  duration: number;
  type: number;
  name?: string;
}

const SMS_TABLES = `
CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, person INTEGER, date INTEGER,
  date_sent INTEGER DEFAULT 0, protocol INTEGER, read INTEGER DEFAULT 0, status INTEGER DEFAULT -1, type INTEGER,
  reply_path_present INTEGER, subject TEXT, body TEXT, service_center TEXT, locked INTEGER DEFAULT 0,
  sub_id INTEGER DEFAULT -1, error_code INTEGER DEFAULT 0, creator TEXT, seen INTEGER DEFAULT 0);
CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER, date INTEGER, date_sent INTEGER DEFAULT 0,
  msg_box INTEGER, read INTEGER DEFAULT 0, m_id TEXT, sub TEXT, sub_cs INTEGER, ct_t TEXT, ct_l TEXT, exp INTEGER,
  m_cls TEXT, m_type INTEGER, v INTEGER, m_size INTEGER, pri INTEGER, rr INTEGER, rpt_a INTEGER, resp_st INTEGER,
  st INTEGER, tr_id TEXT, retr_st INTEGER, retr_txt TEXT, retr_txt_cs INTEGER, read_status INTEGER, ct_cls INTEGER,
  resp_txt TEXT, d_tm INTEGER, d_rpt INTEGER, locked INTEGER DEFAULT 0, sub_id INTEGER DEFAULT -1, seen INTEGER DEFAULT 0,
  creator TEXT, text_only INTEGER DEFAULT 0);
CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT, mid INTEGER, seq INTEGER DEFAULT 0, ct TEXT, name TEXT,
  chset INTEGER, cd TEXT, fn TEXT, cid TEXT, cl TEXT, ctt_s INTEGER, ctt_t TEXT, _data TEXT, text TEXT);
CREATE TABLE addr (_id INTEGER PRIMARY KEY, msg_id INTEGER, contact_id INTEGER, address TEXT, type INTEGER,
  charset INTEGER);`;

/** The bytes of an Android mmssms.db holding these SMS and MMS. */
export function androidSmsDb(sms: AndroidSms[], mms: AndroidMms[] = []): Buffer {
  const db = new Database(':memory:');
  db.exec(SMS_TABLES);
  const insertSms = db.prepare(
    'INSERT INTO sms (thread_id, address, date, date_sent, type, body, read, seen) VALUES (1, ?, ?, ?, ?, ?, ?, 1)',
  );
  for (const s of sms)
    insertSms.run(s.address, s.date, s.type === 1 ? s.date - 2000 : 0, s.type, s.body, s.read ?? 1);
  const insertPdu = db.prepare(
    'INSERT INTO pdu (thread_id, date, msg_box, m_type, read) VALUES (2, ?, ?, ?, 1)',
  );
  const insertPart = db.prepare('INSERT INTO part (mid, seq, ct, name, cl, text) VALUES (?, ?, ?, ?, ?, ?)');
  const insertAddr = db.prepare('INSERT INTO addr (msg_id, address, type, charset) VALUES (?, ?, ?, 106)');
  for (const m of mms) {
    const id = Number(insertPdu.run(m.date, m.box, m.box === 1 ? 132 : 128).lastInsertRowid);
    insertPart.run(id, -1, 'application/smil', 'smil.xml', 'smil.xml', '<smil/>');
    m.parts.forEach((p, i) => {
      insertPart.run(id, i, p.ct, p.name ?? null, p.name ?? null, p.text ?? null);
    });
    insertAddr.run(id, m.box === 2 ? 'insert-address-token' : m.from, 137);
    for (const to of m.to) insertAddr.run(id, to, 151);
  }
  const bytes = db.serialize();
  db.close();
  return bytes;
}

/** The bytes of an Android calllog.db holding these calls. */
export function androidCallsDb(calls: AndroidCall[]): Buffer {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT, presentation INTEGER NOT NULL DEFAULT 1,
    post_dial_digits TEXT NOT NULL DEFAULT '', date INTEGER, duration INTEGER, data_usage INTEGER, type INTEGER,
    features INTEGER NOT NULL DEFAULT 0, subscription_component_name TEXT, subscription_id TEXT, name TEXT,
    numbertype INTEGER, numberlabel TEXT, countryiso TEXT, voicemail_uri TEXT, is_read INTEGER, geocoded_location TEXT,
    lookup_uri TEXT, matched_number TEXT, normalized_number TEXT, photo_id INTEGER NOT NULL DEFAULT 0,
    formatted_number TEXT, new INTEGER, last_modified INTEGER DEFAULT 0)`);
  const insert = db.prepare(
    'INSERT INTO calls (number, date, duration, type, name, countryiso) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const c of calls) insert.run(c.number, c.date, c.duration, c.type, c.name ?? null, 'GB');
  const bytes = db.serialize();
  db.close();
  return bytes;
}

/** An iPhone message: date in Cocoa seconds (old iOS) or nanoseconds (iOS 11+). */
export interface IphoneMessage {
  text: string | null;
  /** handle id (the sender's address for an incoming message); 0 for one sent. */
  handle: string | null;
  date: number;
  fromMe: boolean;
  service: 'SMS' | 'iMessage';
  /** Chat identifier; its members are given in `chats`. */
  chat: string;
  attachments?: string[];
  /** Text kept only in `attributedBody` (archived as iOS does), or `true` for bytes that are not an archive. */
  attributedBody?: string | true;
  itemType?: number;
}

/** The bytes of an iPhone sms.db with these chats (identifier, display name, member addresses) and messages. */
export function iphoneSmsDb(
  chats: Array<{ identifier: string; name?: string; members: string[] }>,
  messages: IphoneMessage[],
): Buffer {
  const db = new Database(':memory:');
  db.exec(`
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT, service TEXT NOT NULL,
  uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service));
CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, replace INTEGER DEFAULT 0,
  service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0,
  type INTEGER DEFAULT 0, service TEXT, account TEXT, account_guid TEXT, error INTEGER DEFAULT 0, date INTEGER,
  date_read INTEGER, date_delivered INTEGER, is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0,
  is_emote INTEGER DEFAULT 0, is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0,
  cache_has_attachments INTEGER DEFAULT 0, item_type INTEGER DEFAULT 0, group_title TEXT, associated_message_guid TEXT);
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER, state INTEGER,
  account_id TEXT, chat_identifier TEXT, service_name TEXT, room_name TEXT, display_name TEXT);
CREATE TABLE chat_handle_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  handle_id INTEGER REFERENCES handle (ROWID) ON DELETE CASCADE, UNIQUE(chat_id, handle_id));
CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0, PRIMARY KEY (chat_id, message_id));
CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, created_date INTEGER DEFAULT 0,
  filename TEXT, uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0, is_outgoing INTEGER DEFAULT 0,
  transfer_name TEXT, total_bytes INTEGER DEFAULT 0);
CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE,
  attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id));`);
  const handles = new Map<string, number>();
  const handleId = (address: string) => {
    let id = handles.get(address);
    if (!id) {
      id = Number(
        db.prepare("INSERT INTO handle (id, country, service) VALUES (?, 'gb', 'iMessage')").run(address)
          .lastInsertRowid,
      );
      handles.set(address, id);
    }
    return id;
  };
  const chatIds = new Map<string, number>();
  for (const c of chats) {
    const style = c.members.length > 1 ? 43 : 45;
    const id = Number(
      db
        .prepare(
          'INSERT INTO chat (guid, style, chat_identifier, display_name, service_name) VALUES (?, ?, ?, ?, ?)',
        )
        .run(`iMessage;-;${c.identifier}`, style, c.identifier, c.name ?? '', 'iMessage').lastInsertRowid,
    );
    chatIds.set(c.identifier, id);
    for (const m of c.members) db.prepare('INSERT INTO chat_handle_join VALUES (?, ?)').run(id, handleId(m));
  }
  messages.forEach((m, i) => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO message (guid, text, handle_id, attributedBody, date, is_from_me, service, cache_has_attachments, item_type)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          `guid-${i}`,
          m.text,
          m.handle ? handleId(m.handle) : 0,
          m.attributedBody === true
            ? Buffer.from('streamtyped archived text')
            : m.attributedBody !== undefined
              ? archiveText(m.attributedBody)
              : null,
          m.date,
          m.fromMe ? 1 : 0,
          m.service,
          m.attachments?.length ? 1 : 0,
          m.itemType ?? 0,
        ).lastInsertRowid,
    );
    db.prepare('INSERT INTO chat_message_join VALUES (?, ?, ?)').run(chatIds.get(m.chat), id, m.date);
    for (const name of m.attachments ?? []) {
      const a = Number(
        db
          .prepare('INSERT INTO attachment (guid, filename, transfer_name) VALUES (?, ?, ?)')
          .run(`att-${i}-${name}`, `~/Library/SMS/Attachments/ab/11/${name}`, name).lastInsertRowid,
      );
      db.prepare('INSERT INTO message_attachment_join VALUES (?, ?)').run(id, a);
    }
  });
  const bytes = db.serialize();
  db.close();
  return bytes;
}

/**
 * An NSAttributedString archived as iOS writes one for a plain message (for tests and the demo
 * data): the typedstream header, the class chain, the string, then the attribute run.
 */
export function archiveText(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length =
    bytes.length < 0x80
      ? Buffer.from([bytes.length])
      : bytes.length < 0x10000
        ? Buffer.from([0x81, bytes.length & 0xff, bytes.length >> 8])
        : Buffer.concat([Buffer.from([0x82]), Buffer.from(Uint32Array.of(bytes.length).buffer)]);
  return Buffer.concat([
    Buffer.from([0x04, 0x0b]),
    Buffer.from('streamtyped'),
    Buffer.from([0x81, 0xe8, 0x03, 0x84, 0x01, 0x40, 0x84, 0x84, 0x84, 0x12]),
    Buffer.from('NSAttributedString'),
    Buffer.from([0x00, 0x84, 0x84, 0x08]),
    Buffer.from('NSObject'),
    Buffer.from([0x00, 0x85, 0x92, 0x84, 0x84, 0x84, 0x08]),
    Buffer.from('NSString'),
    Buffer.from([0x01, 0x94, 0x84, 0x01, 0x2b]),
    length,
    bytes,
    Buffer.from([0x86, 0x84, 0x02, 0x69, 0x49, 0x01]),
    Buffer.from([Math.min(text.length, 0x7f), 0x92, 0x84, 0x84, 0x84, 0x0c]),
    Buffer.from('NSDictionary'),
    Buffer.from([0x00, 0x94, 0x84, 0x01, 0x69, 0x00, 0x86, 0x86]),
  ]);
}
