import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { InputError } from '../model/problems.js';
import { rateLimit, requireApiKey } from './access.js';
import type { AppEnv } from './app-env.js';
import type { ServerDeps } from './deps.js';
import { ApiError, errorResponse, inputErrorResponse } from './errors.js';
import { stackFrames } from './logger.js';
import { RateLimiter } from './rate-limit.js';
import { requestLog } from './request-log.js';
import { analysesRoutes } from './routes/analyses.js';
import { analyzeRoutes } from './routes/analyze.js';
import { publicMetaRoutes, rulesRoutes } from './routes/meta.js';
import { webRoutes } from './routes/web.js';
import { securityHeaders } from './security-headers.js';

export const API_BASE = '/api/v1';

/**
 * Buckets kept per limiter: keys are few, and without keys clients are loopback peers; failed
 * authentication is counted per address, and past this the address seen longest ago is dropped.
 */
const MAX_RATE_BUCKETS = 10_000;

/**
 * The server as a Hono app, built from settings and collaborators so tests can drive it with
 * `app.request()`. Order matters: logging wraps everything; health and the OpenAPI document
 * are open; every other API route needs a key, then passes the rate limit.
 */
export function createApp(deps: ServerDeps): Hono<AppEnv> {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const app = new Hono<AppEnv>();

  app.use('*', requestLog(logger));
  app.use('*', securityHeaders());
  if (config.corsOrigins.length > 0) {
    app.use(
      `${API_BASE}/*`,
      cors({
        origin: [...config.corsOrigins],
        allowHeaders: ['Authorization', 'X-API-Key', 'Content-Type'],
        allowMethods: ['GET', 'POST', 'DELETE'],
        exposeHeaders: [
          'Retry-After',
          'X-Request-Id',
          'X-Strider-Input-Format',
          'X-Strider-Threats',
        ],
        maxAge: 600,
      }),
    );
  }

  const limiter = new RateLimiter({
    burst: config.rateBurst,
    perMinute: config.rateLimit,
    maxKeys: MAX_RATE_BUCKETS,
    now: () => now().getTime(),
  });
  const authFailures = new RateLimiter({
    burst: config.authFailureLimit,
    perMinute: config.authFailureLimit,
    maxKeys: MAX_RATE_BUCKETS,
    now: () => now().getTime(),
  });
  const api = new Hono<AppEnv>();
  api.route('/', publicMetaRoutes(now));
  api.use('*', requireApiKey(config.apiKeys, authFailures, logger), rateLimit(limiter));
  api.on(
    ['POST', 'PUT', 'PATCH'],
    '*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: () => {
        throw new ApiError(
          413,
          'too-large',
          `the body is larger than ${config.maxBodyBytes} bytes (maxBodyBytes)`,
        );
      },
    }),
  );
  api.route('/', rulesRoutes());
  api.route('/', analyzeRoutes(deps, now));
  api.route('/', analysesRoutes(deps, now));
  api.all('*', (c) => {
    throw new ApiError(404, 'not-found', `no API route ${c.req.method} ${c.req.path}`);
  });
  app.route(API_BASE, api);
  app.route('/', webRoutes(config.webRoot));

  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(error);
    if (error instanceof InputError) return inputErrorResponse(error);
    logger({
      level: 'error',
      msg: 'internal error',
      requestId: c.get('requestId'),
      error: error.name,
      at: stackFrames(error),
    });
    return errorResponse(
      new ApiError(
        500,
        'internal',
        'internal error; the server log has ' + `the details under request ${c.get('requestId')}`,
      ),
    );
  });
  app.notFound(() => errorResponse(new ApiError(404, 'not-found', 'no such route')));
  return app;
}
