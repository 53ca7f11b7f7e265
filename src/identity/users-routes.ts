import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError, errors } from '../http/errors.ts';
import { projectRoot } from '../shared-data.ts';
import { assertCan } from './abilities.ts';
import type { Principal } from './model.ts';
import { ROLE_NAMES, ROLES, type Role } from './roles.ts';
import {
  changeRoles,
  inviteSchema,
  inviteUser,
  listUsers,
  resetPassword,
  rolesSchema,
  setActive,
  userInForce,
} from './users.ts';

/** The user management pages' templates. */
export const USER_VIEWS = path.join(projectRoot, 'src/identity/views');

const idParams = z.object({ id: z.uuid() });
const hide = { schema: { hide: true } } as const;
const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  active: z.boolean(),
});

type Values = Record<string, string | string[] | undefined>;
const one = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: Values[string]) => (Array.isArray(v) ? v : v ? [v] : []);
interface PageError {
  name: string;
  href: string;
  text: string;
}

/** The roles as GOV.UK checkboxes, ticked where held (or chosen). */
const roleItems = (held: readonly string[]) =>
  ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r], checked: held.includes(r) }));

/** Field errors from a zod parse, in the order of the form's fields. */
function zodErrors(error: z.ZodError, order: readonly string[]): PageError[] {
  return error.issues
    .map((i) => ({ name: String(i.path[0] ?? ''), text: i.message }))
    .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))
    .map((e) => ({ ...e, href: `#f-${e.name}` }));
}

/**
 * User management for a force's administrators: the API (`/api/users/...`) and the pages
 * (`/users`). Thin: who asks -> validate -> `users.ts` -> answer or render.
 */
export function userRoutes(services: Services): FastifyPluginAsync {
  const { db } = services;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/users/:id',
      {
        schema: {
          summary: 'A person of your force: roles held now and whether active (admin)',
          tags: ['users'],
          params: idParams,
          response: { 200: userSchema },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        assertCan(p, 'people.list');
        return userInForce(db, p, request.params.id);
      },
    );

    app.post(
      '/api/users/invitations',
      {
        schema: {
          summary:
            'Invite someone to your force with their roles (admin): answers their initial password, shown this once',
          tags: ['users'],
          body: inviteSchema,
          response: { 201: z.object({ id: z.string(), initialPassword: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await inviteUser(db, requirePrincipal(request), request.body)),
    );

    app.put(
      '/api/users/:id/roles',
      {
        schema: {
          summary: "Set a person's roles in your force (admin); the last administrator cannot be removed",
          tags: ['users'],
          params: idParams,
          body: rolesSchema,
          response: { 200: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }) },
        },
      },
      async (request) => changeRoles(db, requirePrincipal(request), request.params.id, request.body.roles),
    );

    for (const [verb, active] of [
      ['deactivate', false],
      ['reactivate', true],
    ] as const) {
      app.post(
        `/api/users/:id/${verb}`,
        {
          schema: {
            summary: active
              ? 'Reactivate a person of your force (admin)'
              : 'Deactivate a person of your force (admin): they cannot sign in and their sessions end; never yourself or the last administrator',
            tags: ['users'],
            params: idParams,
            response: { 204: z.null() },
          },
        },
        async (request, reply) => {
          await setActive(db, requirePrincipal(request), request.params.id, active);
          return reply.status(204).send(null);
        },
      );
    }

    app.post(
      '/api/users/:id/password-reset',
      {
        schema: {
          summary:
            "Reset a person's password (admin): answers a new one-time password, shown this once; their sessions end",
          tags: ['users'],
          params: idParams,
          response: { 200: z.object({ password: z.string() }) },
        },
      },
      async (request) => resetPassword(db, requirePrincipal(request), request.params.id),
    );

    // Pages.

    const listPage = async (
      reply: FastifyReply,
      p: Principal,
      form: { values?: Values; errors?: PageError[] } = {},
    ) => {
      const values = form.values ?? {};
      const errs = form.errors ?? [];
      const users = await listUsers(db, p);
      return reply.page('users/users.njk', {
        title: 'People and roles',
        users: users.map((u) => ({
          ...u,
          rolesText: u.roles.map((r) => ROLE_NAMES[r]).join(', ') || 'No role',
        })),
        values: { email: one(values.email), name: one(values.name) },
        roleItems: roleItems(many(values.roles)),
        error: Object.fromEntries(errs.map((e) => [e.name, e.text])),
        errorSummary: errs.map((e) => ({ text: e.text, href: e.href })),
      });
    };

    const userPage = async (
      reply: FastifyReply,
      p: Principal,
      id: string,
      extra: { errors?: PageError[]; roles?: string[]; banner?: string | null } = {},
    ) => {
      const user = await userInForce(db, p, id);
      const errs = extra.errors ?? [];
      return reply.page('users/user.njk', {
        title: user.name,
        user,
        self: user.id === p.personId,
        roleItems: roleItems(extra.roles ?? user.roles),
        error: Object.fromEntries(errs.map((e) => [e.name, e.text])),
        errorSummary: errs.map((e) => ({ text: e.text, href: e.href })),
        banner: extra.banner ?? null,
      });
    };

    const checkId = (raw: string) => {
      if (!z.uuid().safeParse(raw).success) throw errors.notFound(`Person ${raw}`);
      return raw;
    };

    /** A service refusal shown on the page, or the error page when nothing there can fix it. */
    const refused = (e: unknown, again: (errs: PageError[]) => unknown, name: string) => {
      if (!(e instanceof AppError) || [401, 403, 404].includes(e.status)) throw e;
      return again([{ name, href: `#f-${name}`, text: e.detail }]);
    };

    app.get('/users', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      return listPage(reply, p);
    });

    app.post('/users', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const values = (request.body ?? {}) as Values;
      const parsed = inviteSchema.safeParse({
        email: one(values.email),
        name: one(values.name),
        roles: many(values.roles),
      });
      const again = (errs: PageError[]) => {
        reply.status(errs.length ? 400 : 200);
        return listPage(reply, p, { values, errors: errs });
      };
      if (!parsed.success) {
        assertCan(p, 'people.invite');
        return again(zodErrors(parsed.error, ['email', 'name', 'roles']));
      }
      try {
        const { id, initialPassword } = await inviteUser(db, p, parsed.data);
        return reply.page('users/password.njk', {
          title: 'Invitation created',
          heading: `${parsed.data.name} can now sign in`,
          lead: `Give ${parsed.data.name} (${parsed.data.email}) this initial password by a secure route. It is shown only this once and is not stored: if it is lost, reset it.`,
          password: initialPassword,
          back: `/users/${id}`,
        });
      } catch (e) {
        if (e instanceof AppError && e.code === 'email-taken') reply.status(409);
        return refused(e, again, 'email');
      }
    });

    app.get<{ Params: { id: string } }>('/users/:id', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      assertCan(p, 'people.list');
      const done = String((request.query as { done?: string } | undefined)?.done ?? '');
      const banner =
        {
          roles: 'Their roles were changed.',
          deactivated: 'Deactivated: their sessions have ended.',
          reactivated: 'Reactivated: they can sign in again.',
        }[done] ?? null;
      return userPage(reply, p, checkId(request.params.id), { banner });
    });

    app.post<{ Params: { id: string } }>('/users/:id/roles', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id);
      const roles = many(((request.body ?? {}) as Values).roles);
      const again = (errs: PageError[]) => {
        reply.status(errs[0]?.name === 'roles' && !roles.length ? 400 : 409);
        return userPage(reply, p, id, { errors: errs, roles });
      };
      const parsed = rolesSchema.safeParse({ roles });
      if (!parsed.success) {
        assertCan(p, 'people.change-roles');
        await userInForce(db, p, id);
        return again(zodErrors(parsed.error, ['roles']));
      }
      try {
        await changeRoles(db, p, id, parsed.data.roles as Role[]);
        return reply.redirect(`/users/${id}?done=roles`, 303);
      } catch (e) {
        return refused(e, again, 'roles');
      }
    });

    app.post<{ Params: { id: string } }>('/users/:id/active', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id);
      const active = one(((request.body ?? {}) as Values).active) === 'true';
      try {
        await setActive(db, p, id, active);
        return reply.redirect(`/users/${id}?done=${active ? 'reactivated' : 'deactivated'}`, 303);
      } catch (e) {
        return refused(
          e,
          (errs) => {
            reply.status(409);
            return userPage(reply, p, id, { errors: errs });
          },
          'active',
        );
      }
    });

    app.post<{ Params: { id: string } }>('/users/:id/password', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id);
      const { password } = await resetPassword(db, p, id);
      const user = await userInForce(db, p, id);
      return reply.page('users/password.njk', {
        title: 'Password reset',
        heading: `New password for ${user.name}`,
        lead: `Their sessions have ended. Give ${user.name} this password by a secure route. It is shown only this once and is not stored.`,
        password,
        back: `/users/${id}`,
      });
    });
  };
}
