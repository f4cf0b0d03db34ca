import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { findApiKey, presentedKey } from './auth.js';
import type { ApiKey } from './config.js';
import { ApiError } from './errors.js';
import type { Logger } from './logger.js';
import { RateLimiter } from './rate-limit.js';

/**
 * Requires one of the configured API keys. Without keys the server only listens on loopback
 * (see checkExposure), and every caller is 'local'. The presented key is hashed and dropped at
 * once: it reaches neither the context nor the log.
 *
 * Each missing or wrong key spends a token of the client address's bucket in `failures`. An
 * address whose bucket is empty gets 429 before its key is even looked at: answering a right
 * key while refusing wrong ones would tell a guesser when it hit, however slowly.
 */
export function requireApiKey(
  keys: readonly ApiKey[],
  failures: RateLimiter,
  logger: Logger,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (keys.length === 0) {
      c.set('keyId', 'local');
      return next();
    }
    const address = addressOf(c);
    const gate = failures.peek(address);
    if (!gate.allowed) {
      c.set('authFailure', 'too-many-failures');
      throw tooManyFailures(gate.retryAfterSeconds);
    }
    const presented = presentedKey({
      authorization: c.req.header('authorization'),
      apiKey: c.req.header('x-api-key'),
    });
    const key = presented === undefined ? undefined : findApiKey(presented, keys);
    if (!key) {
      c.set('authFailure', presented === undefined ? 'missing-key' : 'wrong-key');
      failures.take(address);
      const after = failures.peek(address);
      if (!after.allowed) {
        // Only when this failure empties the bucket: at most once per refilled token.
        logger({
          level: 'warn',
          msg: 'authentication failures limited',
          requestId: c.get('requestId'),
          client: address,
          retryAfterSeconds: after.retryAfterSeconds,
        });
      }
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

function tooManyFailures(retryAfterSeconds: number): ApiError {
  const seconds = String(retryAfterSeconds);
  return new ApiError(
    429,
    'rate-limited',
    `too many requests with a missing or wrong API key from this address; retry after ${seconds} s`,
    { headers: { 'Retry-After': seconds } },
  );
}

/** Token buckets per key id (or per client address without keys): 429 with Retry-After. */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const keyId = c.get('keyId');
    const decision = limiter.take(
      keyId && keyId !== 'local' ? `key:${keyId}` : `client:${addressOf(c)}`,
    );
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
function addressOf(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? 'in-process';
}
