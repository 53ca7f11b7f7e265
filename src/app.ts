import { randomUUID } from 'node:crypto';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { CHALLENGE_VIEWS, challengePages } from './challenges/pages.ts';
import { challengeRoutes } from './challenges/routes.ts';
import { noStoreUnlessPublic } from './http/cache.ts';
import { SESSION_COOKIE, type Services, wantsHtml } from './http/context.ts';
import { AppError, errors } from './http/errors.ts';
import { healthRoutes } from './http/health.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './http/json-depth.ts';
import { onceForms, withOnceTokens } from './http/once.ts';
import type { Principal } from './identity/model.ts';
import { identityRoutes } from './identity/routes.ts';
import { principalFromToken } from './identity/service.ts';
import { USER_VIEWS } from './identity/users-routes.ts';
import { INCIDENT_VIEWS, incidentPages } from './incidents/pages.ts';
import { incidentRoutes } from './incidents/routes.ts';
import { ledgerRoutes } from './ledger/routes.ts';
import { PLUGINS } from './modules/plugins.ts';
import { MONITORING_VIEWS, monitoringPages } from './monitoring/pages.ts';
import { monitoringRoutes } from './monitoring/routes.ts';
import { relianceHook } from './monitoring/service.ts';
import { OVERSIGHT_VIEWS, oversightPages } from './oversight/pages.ts';
import { oversightRoutes } from './oversight/routes.ts';
import { timeRoutes } from './oversight/time-routes.ts';
import { horizonPages } from './register/horizon-pages.ts';
import { registerPages } from './register/pages.ts';
import { registerRoutes } from './register/routes.ts';
import { projectRoot } from './shared-data.ts';
import { publicationRoutes } from './transparency/publication-routes.ts';
import { TRANSPARENCY_VIEWS, transparencyRoutes } from './transparency/routes.ts';
import { aboutPages } from './web/about.ts';
import { govukAssets, govukDist } from './web/assets.ts';
import { languageContext, languageHook, tr } from './web/i18n/index.ts';
import { createViews, navigation, SERVICE_NAME } from './web/render.ts';
import { webRoutes } from './web/routes.ts';

/** Log redaction: secrets and personal fields never reach the logs. */
export const REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.email',
  '*.name',
  '*.token',
  '*.csrfToken',
  '*.description',
  '*.contact',
];

export interface AppOptions {
  /** A pino logger; absent means no request logs (tests). */
  logger?: FastifyServerOptions['loggerInstance'];
}

/** The modules' own links in the navigation that this person may follow. */
const moduleLinks = (principal: Principal | null) =>
  principal ? PLUGINS.flatMap((plugin) => plugin.navigation?.(principal) ?? []) : [];

/** The composition root: builds the HTTP application over the given services. */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 10 * 1024 * 1024,
  });
  // JSON bodies nested deeper than any of Bluelamp's are refused at the edge (400), before the
  // parser and the validators recurse through them.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) {
      done(
        new AppError(
          400,
          'json-too-deep',
          'Invalid input',
          `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`,
        ),
        undefined,
      );
      return;
    }
    parseJson(request, body as string, done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    strictTransportSecurity: services.config.env === 'production',
  });
  await app.register(fastifyCookie, { secret: services.config.sessionSecret });
  await app.register(fastifyFormbody);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Bluelamp API',
        version: '0.1.0',
        description:
          'Accountable AI for UK policing. Sign in with POST /api/auth/login; the session cookie authenticates later calls. Errors are application/problem+json with a stable `code`.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  await app.register(fastifyStatic, { root: govukAssets, prefix: '/assets/', maxAge: '1d' });
  await app.register(fastifyStatic, {
    root: [path.join(projectRoot, 'src/web/scripts'), path.join(govukDist, 'govuk')],
    prefix: '/static/',
    decorateReply: false,
    allowedPath: (p) => p.endsWith('.js') || p.endsWith('.map'),
  });

  const views = createViews([
    TRANSPARENCY_VIEWS,
    path.join(projectRoot, 'src/register/views'),
    USER_VIEWS,
    INCIDENT_VIEWS,
    CHALLENGE_VIEWS,
    OVERSIGHT_VIEWS,
    MONITORING_VIEWS,
    ...PLUGINS.flatMap((plugin) => plugin.viewFolders ?? []),
  ]);
  app.decorateRequest('principal', null);
  languageHook(app, services.config.env === 'production');
  app.decorateReply('page', function page(this, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const ctx = {
      principal: request.principal,
      cspNonce: this.cspNonce.script,
      path: request.url.split('?')[0] ?? '/',
    };
    const html = views.render(template, {
      serviceName: SERVICE_NAME,
      nav: navigation(ctx, moduleLinks(request.principal), tr(request)),
      csrfToken: request.principal?.csrfToken ?? '',
      ...ctx,
      ...data,
      ...languageContext(request, data),
    });
    return this.type('text/html; charset=utf-8').send(withOnceTokens(html));
  });

  // Who is asking: resolve the session cookie on every request.
  app.addHook('onRequest', async (request) => {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return;
    request.principal = (await principalFromToken(services.db, unsigned.value)) ?? null;
  });

  // CSRF: forms posted with a session must carry the session's token. JSON requests cannot be
  // sent cross-site without a CORS preflight (which this service never grants), and the cookie
  // is SameSite=Strict.
  // Signing out needs no token: it only ends the session the (SameSite=Strict) cookie names.
  app.addHook('preHandler', async (request) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || !request.principal) return;
    if ((request.routeOptions.config as { signOut?: boolean }).signOut) return;
    const type = request.headers['content-type'] ?? '';
    const isJson = type.startsWith('application/json');
    const token =
      (request.body as Record<string, unknown> | undefined)?._csrf ?? request.headers['x-csrf-token'];
    if (!isJson && token !== request.principal.csrfToken) throw errors.csrf();
  });

  // A form posted twice does its work once: one-time tokens, after the CSRF check.
  onceForms(app, services.db);

  // Private answers are not kept by the browser: Back after signing out shows nothing private.
  noStoreUnlessPublic(app);

  // Swagger UI needs inline styles; relax the policy for its pages only.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/docs')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
      );
    }
    reply.header('x-request-id', request.id);
    // Time spent in the service (W3C Server Timing), so clients and benchmarks can tell it from the network.
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
    return payload;
  });

  app.setErrorHandler((error, request, reply) => {
    let problem: AppError;
    if (error instanceof AppError) problem = error;
    else if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.') || ''}`,
        message: v.message ?? 'is not valid',
      }));
      problem = new AppError(
        400,
        'invalid-input',
        'Invalid input',
        issues.map((i) => `${i.path}: ${i.message}`).join('; '),
        { issues },
      );
    } else if ((error as { statusCode?: number }).statusCode === 429) {
      problem = new AppError(
        429,
        'rate-limited',
        'Too many requests',
        'Too many requests. Wait a minute and try again.',
      );
    } else if (
      (error as { statusCode?: number }).statusCode &&
      (error as { statusCode: number }).statusCode < 500
    ) {
      const e = error as { statusCode: number; message: string };
      problem = new AppError(e.statusCode, 'bad-request', 'Bad request', e.message);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      problem = new AppError(
        500,
        'internal-error',
        'Something went wrong',
        'Something went wrong on our side. Try again later.',
      );
    }
    if (typeof problem.extra.retryAfter === 'number') reply.header('retry-after', problem.extra.retryAfter);
    if (wantsHtml(request) && request.method === 'GET') {
      return reply.status(problem.status).page('pages/error.njk', {
        title: problem.title,
        detail: problem.detail,
        status: problem.status,
        requestId: request.id,
      });
    }
    return reply
      .status(problem.status)
      .type('application/problem+json')
      .send({
        type: `urn:bluelamp:problem:${problem.code}`,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        code: problem.code,
        instance: request.url.split('?')[0],
        requestId: request.id,
        ...problem.extra,
      });
  });

  app.setNotFoundHandler((request, reply) => {
    const detail = `There is nothing at ${request.url.split('?')[0]}.`;
    if (wantsHtml(request)) {
      return reply.status(404).page('pages/error.njk', { title: 'Page not found', detail, status: 404 });
    }
    return reply.status(404).type('application/problem+json').send({
      type: 'urn:bluelamp:problem:not-found',
      title: 'Not found',
      status: 404,
      detail,
      code: 'not-found',
    });
  });

  await app.register(healthRoutes(services));
  await app.register(identityRoutes(services));
  await app.register(ledgerRoutes(services));
  await app.register(registerRoutes(services));
  await app.register(oversightRoutes(services, [relianceHook(services.config)]));
  await app.register(oversightPages(services, [relianceHook(services.config)]));
  await app.register(monitoringRoutes(services));
  await app.register(monitoringPages(services));
  // Each module's own pages and API routes, registered through its plug-in.
  for (const plugin of PLUGINS)
    for (const routes of plugin.routes?.(services) ?? []) await app.register(routes);
  await app.register(registerPages(services));
  await app.register(horizonPages(services));
  await app.register(transparencyRoutes(services));
  await app.register(publicationRoutes(services));
  await app.register(incidentRoutes(services));
  await app.register(incidentPages(services));
  await app.register(challengeRoutes(services));
  await app.register(challengePages(services));
  await app.register(timeRoutes(services));
  await app.register(webRoutes(services));
  await app.register(aboutPages());
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
