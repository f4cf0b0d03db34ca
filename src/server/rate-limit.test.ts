import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows a burst, then refills at the sustained rate', () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter({ burst: 2, perMinute: 60, maxKeys: 10, now: () => clock.now });
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.now += 500;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.now += 500;
    expect(limiter.take('a')).toEqual({ allowed: true });
    clock.now += 3_600_000;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')].map((d) => d.allowed)).toEqual(
      [true, true, false],
    );
  });

  it('keeps a bucket per key', () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 1, maxKeys: 10, now: () => 0 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('stays bounded, dropping the bucket used longest ago', () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 1, maxKeys: 3, now: () => 0 });
    for (let i = 0; i < 10_000; i++) limiter.take(`client-${i}`);
    expect(limiter.size).toBe(3);
    limiter.take('x');
    limiter.take('y');
    limiter.take('x');
    limiter.take('z');
    limiter.take('w');
    // x was used after y, so y went first; x is still spent.
    expect(limiter.take('x').allowed).toBe(false);
    expect(limiter.size).toBe(3);
  });

  it('peeks without spending a token or remembering a new key', () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter({ burst: 1, perMinute: 6, maxKeys: 10, now: () => clock.now });
    expect(limiter.peek('a')).toEqual({ allowed: true });
    expect(limiter.size).toBe(0);
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.peek('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.peek('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    clock.now += 4_000;
    expect(limiter.peek('a')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    clock.now += 6_000;
    expect(limiter.peek('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a').allowed).toBe(false);
  });
});
