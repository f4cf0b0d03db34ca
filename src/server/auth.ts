import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from './config.js';

/** The hex SHA-256 of a key: what the configuration holds instead of the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The configured key the presented one hashes to, or undefined. Hashing first makes every
 * comparison the same length, timingSafeEqual makes each take the same time whatever matches,
 * and every key is compared even after a match, so timing tells nothing about which or how many.
 */
export function findApiKey(presented: string, keys: readonly ApiKey[]): ApiKey | undefined {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let found: ApiKey | undefined;
  for (const key of keys) {
    if (timingSafeEqual(digest, Buffer.from(key.sha256, 'hex')) && !found) found = key;
  }
  return found;
}

/** The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1];
  const key = headers.apiKey?.trim();
  return key ? key : undefined;
}
