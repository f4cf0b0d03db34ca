import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { findApiKey, presentedKey } from './auth.js';
import type { ApiKey } from './config.js';
import { ApiError } from './errors.js';
import { RateLimiter } from './rate-limit.js';

/**
 * Requires one of the configured API keys. Without keys the server only listens on loopback
 * (see checkExposure), and every caller is 'local'. The presented key is hashed and dropped at
 * once: it reaches neither the context nor the log.
 */
export function requireApiKey(keys: readonly ApiKey[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (keys.length === 0) {
      c.set('keyId', 'local');
      return next();
    }
    const presented = presentedKey({
      authorization: c.req.header('authorization'),
      apiKey: c.req.header('x-api-key'),
    });
    const key = presented === undefined ? undefined : findApiKey(presented, keys);
    if (!key) {
      c.set('authFailure', presented === undefined ? 'missing-key' : 'wrong-key');
      throw new ApiError(
        401,
        'unauthorized',
        presented === undefined
          ? 'an API key is required: send Authorization: Bearer <key> or X-API-Key: <key>'
          : 'the API key is not valid',
        { headers: { 'WWW-Authenticate': 'Bearer realm="strider"' } },
      );
    }
    c.set('keyId', key.id);
    return next();
  };
}

/** Token buckets per key id (or per client address without keys): 429 with Retry-After. */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const keyId = c.get('keyId');
    const decision = limiter.take(keyId && keyId !== 'local' ? `key:${keyId}` : clientOf(c));
    if (!decision.allowed) {
      const seconds = String(decision.retryAfterSeconds);
      throw new ApiError(429, 'rate-limited', `too many requests; retry after ${seconds} s`, {
        headers: { 'Retry-After': seconds },
      });
    }
    return next();
  };
}

/** The peer's address from Node's socket; requests made in-process (tests) have none. */
function clientOf(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return `client:${incoming?.socket?.remoteAddress ?? 'in-process'}`;
}
