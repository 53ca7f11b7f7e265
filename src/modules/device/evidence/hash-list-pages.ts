import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { AppError } from '../../../http/errors.ts';
import { removeUploads, uploadedFileBytes } from '../../../http/uploads.ts';
import { assertCan, can } from '../../../identity/abilities.ts';
import type { Principal } from '../../../identity/model.ts';
import { issuesOf, one, postedValues } from '../../../oversight/form-values.ts';
import { listHashLists, loadHashList } from './hash-lists.ts';
import { acceptDeviceUploads } from './pages.ts';

const hide = { schema: { hide: true } } as const;

/** The force's known-image hash lists: information security loads them from a file. */
export function hashListPages(services: Services): FastifyPluginAsync {
  const { db } = services;
  return async (app) => {
    await acceptDeviceUploads(app);
    const page = async (reply: FastifyReply, p: Principal, extra: Record<string, unknown> = {}) =>
      reply.page('device/hash-lists.njk', {
        lists: await listHashLists(db, p),
        mayLoad: can(p, 'hash-list.load'),
        values: {},
        ...extra,
      });
    app.get('/hash-lists', hide, async (request, reply) => page(reply, requirePrincipal(request)));
    app.post('/hash-lists', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const values = postedValues(request.body);
      try {
        assertCan(p, 'hash-list.load');
        const [file] = await uploadedFileBytes(request, { maxFiles: 1, maxBytes: 200 * 1024 * 1024 });
        if (!file)
          return page(reply.status(400), p, {
            issues: [{ path: 'files', message: 'choose a list file' }],
            values,
          });
        const name = one(values.name).trim();
        const source = one(values.source).trim();
        await loadHashList(
          db,
          p,
          { name: file.name, text: Buffer.from(file.bytes).toString('utf8') },
          { ...(name ? { name } : {}), ...(source ? { source } : {}) },
        );
        return reply.redirect('/hash-lists', 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        return page(reply.status(400), p, { issues: issuesOf(e), values });
      } finally {
        await removeUploads(request);
      }
    });
  };
}
