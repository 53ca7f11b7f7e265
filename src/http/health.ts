import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { pendingMigrations } from '../db/migrate.ts';
import type { Services } from './context.ts';

/** `/health`: the database answers and every migration has run. */
export function healthRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/health',
      {
        schema: {
          summary: 'Service health',
          tags: ['health'],
          response: {
            200: z.object({
              status: z.literal('ok'),
              database: z.string(),
              migrations: z.literal('current'),
            }),
            503: z.object({ status: z.literal('unavailable'), problem: z.string() }),
          },
        },
      },
      async (_request, reply) => {
        try {
          await sql`SELECT 1`.execute(services.db);
          const pending = await pendingMigrations(services.db);
          if (pending.length > 0) {
            return reply
              .status(503)
              .send({ status: 'unavailable', problem: `migrations pending: ${pending.join(', ')}` });
          }
          return { status: 'ok' as const, database: 'reachable', migrations: 'current' as const };
        } catch {
          return reply.status(503).send({ status: 'unavailable', problem: 'database unreachable' });
        }
      },
    );
  };
}
