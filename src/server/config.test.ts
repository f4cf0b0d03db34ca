import { describe, expect, it } from 'vitest';
import { InputError } from '../model/problems.js';
import { hashApiKey } from './auth.js';
import { checkExposure, isLoopback, loadServeConfig, SERVE_DEFAULTS } from './config.js';

const HASH = hashApiKey('a-long-random-key');

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => p.message);
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('loadServeConfig', () => {
  it('starts from loopback defaults with no keys and CORS off', () => {
    expect(loadServeConfig({})).toEqual(SERVE_DEFAULTS);
    expect(SERVE_DEFAULTS).toMatchObject({ host: '127.0.0.1', apiKeys: [], corsOrigins: [] });
  });

  it('layers the file, then the environment, then flags', () => {
    const file = {
      name: 'strider.yaml',
      text: [
        'port: 9000',
        'workers: 3',
        'database: from-file.sqlite',
        'apiKeys:',
        `  - { id: ci, sha256: ${HASH.toUpperCase()} }`,
        `  - ops:${HASH}`,
        'corsOrigins: [https://tools.example.com]',
      ].join('\n'),
    };
    const env = { STRIDER_PORT: '9100', STRIDER_DATABASE: 'from-env.sqlite', STRIDER_WORKERS: '' };
    const config = loadServeConfig({ file, env, flags: { port: 9200, host: undefined } });
    expect(config).toMatchObject({
      port: 9200,
      database: 'from-env.sqlite',
      workers: 3,
      host: '127.0.0.1',
      apiKeys: [
        { id: 'ci', sha256: HASH },
        { id: 'ops', sha256: HASH },
      ],
      corsOrigins: ['https://tools.example.com'],
    });
  });

  it('reads keys and origins from comma-separated environment variables', () => {
    const config = loadServeConfig({
      env: {
        STRIDER_API_KEYS: `ci:${HASH}, ops:${HASH}`,
        STRIDER_CORS_ORIGINS: 'https://a.example,http://localhost:3000',
        STRIDER_RATE_LIMIT: '30',
      },
    });
    expect(config.apiKeys.map((key) => key.id)).toEqual(['ci', 'ops']);
    expect(config.corsOrigins).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(config.rateLimit).toBe(30);
  });

  it('points at each bad setting of the file by line and column', () => {
    const text = 'port: 70000\ncolour: red\napiKeys:\n  - { id: ci, sha256: abc }\n';
    let error: InputError | undefined;
    try {
      loadServeConfig({ file: { name: 'strider.yaml', text } });
    } catch (caught) {
      error = caught as InputError;
    }
    expect(error?.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 7, 'port: expected a port number from 0 to 65535'],
      [2, 1, expect.stringMatching(/^colour: unknown setting 'colour' \(allowed: host, port, /)],
      [
        4,
        5,
        "apiKeys[0]: key 'ci': sha256 must be 64 hex digits (the SHA-256 of the key, " +
          'not the key)',
      ],
    ]);
  });

  it('names the environment variable of a bad value, without echoing keys', () => {
    const messages = problemsOf(() =>
      loadServeConfig({
        env: {
          STRIDER_PORT: 'eighty',
          STRIDER_API_KEYS: 'ci:my-plain-secret',
          STRIDER_CORS_ORIGINS: 'https://a.example/path',
        },
      }),
    );
    expect(messages).toEqual([
      'STRIDER_PORT: expected a port number from 0 to 65535',
      "STRIDER_API_KEYS: entry 1: key 'ci': sha256 must be 64 hex digits (the SHA-256 of the " +
        'key, not the key)',
      "STRIDER_CORS_ORIGINS: 'https://a.example/path' is not an origin: scheme, host and port only",
    ]);
    expect(messages.join()).not.toContain('my-plain-secret');
  });

  it('refuses two keys with one id', () => {
    const messages = problemsOf(() =>
      loadServeConfig({ env: { STRIDER_API_KEYS: `ci:${HASH},ci:${HASH}` } }),
    );
    expect(messages[0]).toMatch(/key id 'ci' appears twice/);
  });
});

describe('checkExposure', () => {
  it('allows loopback without keys and anything with keys', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1']) {
      expect(isLoopback(host), host).toBe(true);
      expect(() => checkExposure({ ...SERVE_DEFAULTS, host })).not.toThrow();
    }
    const keys = [{ id: 'ci', sha256: HASH }];
    const exposed = { ...SERVE_DEFAULTS, host: '0.0.0.0', apiKeys: keys };
    expect(() => checkExposure(exposed)).not.toThrow();
  });

  it('refuses to listen beyond loopback without keys, saying how to fix it', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '127.0.0.1.example.com']) {
      expect(isLoopback(host), host).toBe(false);
      expect(() => checkExposure({ ...SERVE_DEFAULTS, host }), host).toThrow(
        /refusing to listen on .* without API keys: configure apiKeys \(STRIDER_API_KEYS\)/,
      );
    }
  });
});
