import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, SESSION_COOKIE, type Services } from '../http/context.ts';
import { assertCan } from './abilities.ts';
import { newPersonSchema } from './model.ts';
import { setPosting } from './postings.ts';
import { forcesOf, listPeopleInForce } from './repository.ts';
import { ROLES } from './roles.ts';
import {
  authenticate,
  closeSession,
  createPerson,
  openSession,
  principalFromToken,
  SESSION_HOURS,
} from './service.ts';
import { signInThrottle } from './throttle.ts';
import { userRoutes } from './users-routes.ts';

export function setSessionCookie(reply: FastifyReply, services: Services, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: services.config.env === 'production',
    signed: true,
    maxAge: SESSION_HOURS * 3600,
  });
}

const meSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  force: z.object({ id: z.number(), slug: z.string(), name: z.string() }),
  roles: z.array(z.enum(ROLES)),
  csrfToken: z.string().describe('Send as the x-csrf-token header or a _csrf form field on form posts'),
});

export function identityRoutes(services: Services): FastifyPluginAsync {
  const { db } = services;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    await app.register(userRoutes(services));

    app.post(
      '/api/auth/login',
      {
        schema: {
          summary: 'Sign in: sets the session cookie',
          tags: ['auth'],
          body: z.object({
            email: z.string().min(1).max(254),
            password: z.string().min(1).max(256),
            force: z.string().optional().describe('Force slug, when you hold roles in more than one'),
          }),
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        const person = await authenticate(db, request.body.email, request.body.password, {
          throttle: signInThrottle(services),
          ip: request.ip,
        });
        const { token } = await openSession(db, person.id, request.body.force);
        setSessionCookie(reply, services, token);
        const p = (await principalFromToken(db, token))!;
        return {
          id: p.personId,
          name: p.name,
          email: p.email,
          force: { id: p.forceId, slug: p.forceSlug, name: p.forceName },
          roles: p.roles,
          csrfToken: p.csrfToken,
        };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { signOut: true },
        schema: {
          summary: 'Sign out: ends the session of the cookie sent (no body or token needed)',
          tags: ['auth'],
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const raw = request.cookies[SESSION_COOKIE];
        const token = raw ? request.unsignCookie(raw) : undefined;
        if (token?.valid && token.value) await closeSession(db, token.value);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/me',
      { schema: { summary: 'Who you are signed in as', tags: ['auth'], response: { 200: meSchema } } },
      async (request) => {
        const p = requirePrincipal(request);
        return {
          id: p.personId,
          name: p.name,
          email: p.email,
          force: { id: p.forceId, slug: p.forceSlug, name: p.forceName },
          roles: p.roles,
          csrfToken: p.csrfToken,
        };
      },
    );

    app.get(
      '/api/me/forces',
      {
        schema: {
          summary: 'Forces you hold roles in',
          tags: ['auth'],
          response: { 200: z.array(z.object({ id: z.number(), slug: z.string(), name: z.string() })) },
        },
      },
      async (request) => forcesOf(db, requirePrincipal(request).personId),
    );

    app.get(
      '/api/users',
      {
        schema: {
          summary: 'People and their roles in your force (admin)',
          tags: ['users'],
          response: {
            200: z.array(
              z.object({ id: z.string(), name: z.string(), email: z.string(), roles: z.array(z.string()) }),
            ),
          },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        assertCan(p, 'people.list');
        const rows = await listPeopleInForce(db, p.forceId);
        const byId = new Map<string, { id: string; name: string; email: string; roles: string[] }>();
        for (const r of rows) {
          const person = byId.get(r.id) ?? { id: r.id, name: r.name, email: r.email, roles: [] };
          person.roles.push(r.role);
          byId.set(r.id, person);
        }
        return [...byId.values()];
      },
    );

    app.post(
      '/api/users',
      {
        schema: {
          summary: 'Add a person with roles in your force (admin)',
          tags: ['users'],
          body: newPersonSchema,
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        assertCan(p, 'people.create');
        const person = await createPerson(db, request.body, p.forceId, p.personId);
        return reply.status(201).send(person);
      },
    );

    app.put(
      '/api/users/:id/posting',
      {
        schema: {
          summary: "Set a person's team and area in your force (admin); trial scopes are checked against it",
          tags: ['users'],
          params: z.object({ id: z.uuid() }),
          body: z.object({
            team: z.string().trim().min(1).max(200).nullable(),
            area: z.string().trim().min(1).max(200).nullable(),
          }),
          response: { 200: z.object({ team: z.string().nullable(), area: z.string().nullable() }) },
        },
      },
      async (request) => setPosting(db, requirePrincipal(request), request.params.id, request.body),
    );
  };
}
