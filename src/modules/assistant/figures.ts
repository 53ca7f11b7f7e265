import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { assertCan } from '../../identity/abilities.ts';
import type { Principal } from '../../identity/model.ts';
import { systemInForce } from '../../register/service.ts';
import { figuresByLanguage, type LanguageFigures } from './conversations/queue.ts';

/** A system's chats per language: contained, handed over, time to a person, ratings, flags. */
export async function figuresOfSystem(db: Kysely<DB>, systemId: string): Promise<LanguageFigures[]> {
  const rows = await db
    .selectFrom('assistant_conversations')
    .select(['id', 'lang', 'handed_over', 'queued_at', 'taken_at', 'rating'])
    .where('system_id', '=', systemId)
    .execute();
  const flags = await db
    .selectFrom('assistant_answer_flags')
    .innerJoin(
      'assistant_conversations',
      'assistant_conversations.id',
      'assistant_answer_flags.conversation_id',
    )
    .select(['assistant_answer_flags.conversation_id as id'])
    .where('assistant_conversations.system_id', '=', systemId)
    .execute();
  const flagged = new Map<string, number>();
  for (const f of flags) flagged.set(f.id, (flagged.get(f.id) ?? 0) + 1);
  return figuresByLanguage(
    rows.map((r) => ({
      lang: r.lang,
      handedOver: r.handed_over,
      queuedAt: r.queued_at,
      takenAt: r.taken_at,
      rating: r.rating,
      flags: flagged.get(r.id) ?? 0,
    })),
  );
}

export async function conversationFigures(db: Kysely<DB>, principal: Principal, systemId: string) {
  assertCan(principal, 'incident.report');
  await systemInForce(db, principal, systemId);
  return { languages: await figuresOfSystem(db, systemId) };
}
