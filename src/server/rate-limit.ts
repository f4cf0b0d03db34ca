export interface RateLimitOptions {
  /** Requests allowed at once: the bucket's size. */
  burst: number;
  /** Sustained requests per minute: how fast the bucket refills. */
  perMinute: number;
  /** Buckets kept at most; the least recently used goes first. */
  maxKeys: number;
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets, one per key, in memory. The map is bounded: past `maxKeys` the bucket used
 * longest ago is dropped, which at worst hands a forgotten key a full bucket again; memory
 * stays flat however many keys or clients appear.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly options: Required<RateLimitOptions>;

  constructor(options: RateLimitOptions) {
    this.options = { now: () => Date.now(), ...options };
  }

  take(key: string): RateDecision {
    const { burst, perMinute, maxKeys, now } = this.options;
    const time = now();
    const refillPerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: time };
    bucket.tokens = Math.min(burst, bucket.tokens + (time - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = time;
    // Re-inserting moves the key to the end of the map's order: most recently used.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > maxKeys) {
      this.buckets.delete(this.buckets.keys().next().value as string);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const retryAfterSeconds = Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
    return { allowed: false, retryAfterSeconds };
  }

  get size(): number {
    return this.buckets.size;
  }
}
