import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import type { Logger } from './logger.js';

/**
 * One log line per request, written when the response is ready: method, path (never the
 * query string), status, time taken, the key's id (never the key) and the bytes each way.
 * Bodies are not logged: they hold diagrams.
 */
export function requestLog(
  logger: Logger,
  now: () => number = performance.now.bind(performance),
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = now();
    const requestId = randomBytes(8).toString('hex');
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    logger({
      level: c.res.status >= 500 ? 'error' : c.res.status >= 400 ? 'warn' : 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((now() - started) * 10) / 10,
      keyId: c.get('keyId') ?? null,
      authFailure: c.get('authFailure'),
      bytesIn: byteCount(c.req.header('content-length')) ?? c.get('bodyBytes') ?? null,
      bytesOut: byteCount(c.res.headers.get('content-length') ?? undefined),
    });
  };
}

function byteCount(header: string | undefined): number | null {
  const value = Number(header);
  return header !== undefined && Number.isInteger(value) ? value : null;
}
