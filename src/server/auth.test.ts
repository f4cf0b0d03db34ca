import { describe, expect, it } from 'vitest';
import { findApiKey, hashApiKey, presentedKey } from './auth.js';

describe('API keys', () => {
  const keys = [
    { id: 'ci', sha256: hashApiKey('first-key') },
    { id: 'ops', sha256: hashApiKey('second-key') },
  ];

  it('finds the key whose hash matches, and no other', () => {
    expect(findApiKey('second-key', keys)?.id).toBe('ops');
    expect(findApiKey('first-key', keys)?.id).toBe('ci');
    expect(findApiKey('first-ke', keys)).toBeUndefined();
    expect(findApiKey('', keys)).toBeUndefined();
    expect(findApiKey(keys[0]!.sha256, keys)).toBeUndefined();
  });

  it('hashes as sha256sum does', () => {
    expect(hashApiKey('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('reads the key from a bearer token or X-API-Key', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ authorization: 'bearer   abc  ' })).toBe('abc');
    expect(presentedKey({ apiKey: ' abc ' })).toBe('abc');
    expect(presentedKey({ authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedKey({ authorization: 'Bearer a b' })).toBeUndefined();
    expect(presentedKey({})).toBeUndefined();
  });
});
