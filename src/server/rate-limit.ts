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

  /** Spends a token of `key`'s bucket if it has one. */
  take(key: string): RateDecision {
    const { maxKeys } = this.options;
    const bucket = this.refilled(key);
    // Re-inserting moves the key to the end of the map's order: most recently used.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > maxKeys) {
      this.buckets.delete(this.buckets.keys().next().value as string);
    }
    const decision = this.decide(bucket.tokens);
    if (decision.allowed) bucket.tokens -= 1;
    return decision;
  }

  /**
   * What `take` would answer, spending nothing and remembering no new key: for limits on
   * failures, checked before each attempt and spent only when it fails.
   */
  peek(key: string): RateDecision {
    return this.decide(this.refilled(key).tokens);
  }

  /** The key's bucket as of now: full for an unknown key, refilled since its last use. */
  private refilled(key: string): Bucket {
    const { burst, perMinute, now } = this.options;
    const time = now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: time };
    const refillPerMs = perMinute / 60_000;
    bucket.tokens = Math.min(burst, bucket.tokens + (time - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = time;
    return bucket;
  }

  private decide(tokens: number): RateDecision {
    if (tokens >= 1) return { allowed: true };
    const refillPerMs = this.options.perMinute / 60_000;
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - tokens) / refillPerMs / 1000) };
  }

  get size(): number {
    return this.buckets.size;
  }
}
