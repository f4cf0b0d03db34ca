import { describe, expect, it } from 'vitest';
import {
  errorOf,
  keyed,
  postJson,
  testServer,
  WEB_DIAGRAM,
  type TestServer,
} from '../../test/server-helpers.js';
import { cspHash } from '../renderers/html.js';
import type { AnalysisRunner } from './runner.js';

const CI_KEY = 'ci-4f1d9a7c2b8e6d3f0a5c9e1b7d2f8a6c';
const OPS_KEY = 'ops-9b3e7f1a5d2c8e4b6f0a3d9c7e1b5f2a';
const KEYS = [keyed('ci', CI_KEY), keyed('ops', OPS_KEY)];
/** Text that must never reach a log line. */
const SECRET_LABEL = 'Payroll-Ledger-7731';
const SECRET_DIAGRAM = `${WEB_DIAGRAM}  app --> ledger[(${SECRET_LABEL})]\n`;

describe('API keys', () => {
  it('refuses requests without a key or with a wrong one, with 401', async () => {
    const { app } = testServer({ apiKeys: KEYS });
    const missing = await postJson(app, '/api/v1/analyze', { input: WEB_DIAGRAM });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await errorOf(missing)).message).toMatch(/an API key is required/);

    const attempts: Record<string, string>[] = [
      { Authorization: `Bearer ${CI_KEY}x` },
      { Authorization: `Basic ${CI_KEY}` },
      { 'X-API-Key': OPS_KEY.slice(0, -1) },
    ];
    for (const headers of attempts) {
      const wrong = await postJson(app, '/api/v1/analyze', { input: WEB_DIAGRAM }, headers);
      expect(wrong.status, JSON.stringify(headers)).toBe(401);
    }
    expect((await app.request('/api/v1/rules')).status).toBe(401);
    expect((await app.request('/api/v1/analyses')).status).toBe(401);
  });

  it('accepts a configured key as a bearer token or in X-API-Key', async () => {
    const { app } = testServer({ apiKeys: KEYS });
    const bearer = await postJson(
      app,
      '/api/v1/analyze',
      { input: WEB_DIAGRAM },
      {
        Authorization: `Bearer ${CI_KEY}`,
      },
    );
    expect(bearer.status).toBe(200);
    const header = await app.request('/api/v1/rules', { headers: { 'X-API-Key': OPS_KEY } });
    expect(header.status).toBe(200);
  });

  it('leaves health and the OpenAPI document open', async () => {
    const { app } = testServer({ apiKeys: KEYS });
    expect((await app.request('/api/v1/health')).status).toBe(200);
    expect((await app.request('/api/v1/openapi.json')).status).toBe(200);
  });

  it('logs one line per request with the key id, never the key or the diagram', async () => {
    const { app, logs } = testServer({ apiKeys: KEYS });
    await postJson(
      app,
      '/api/v1/analyze',
      { input: SECRET_DIAGRAM },
      {
        Authorization: `Bearer ${CI_KEY}`,
      },
    );
    await postJson(
      app,
      '/api/v1/analyses',
      { project: 'p', input: SECRET_DIAGRAM },
      {
        'X-API-Key': OPS_KEY,
      },
    );
    await postJson(
      app,
      '/api/v1/analyze',
      { input: SECRET_DIAGRAM },
      {
        Authorization: `Bearer ${OPS_KEY}-wrong`,
      },
    );
    await postJson(app, '/api/v1/analyze', { input: 'components: [' });

    expect(logs).toHaveLength(4);
    expect(logs.map((log) => [log.status, log.keyId, log.authFailure])).toEqual([
      [200, 'ci', undefined],
      [201, 'ops', undefined],
      [401, null, 'wrong-key'],
      [401, null, 'missing-key'],
    ]);
    expect(logs[0]).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/api/v1/analyze',
      durationMs: expect.any(Number),
      bytesIn: expect.any(Number),
      bytesOut: expect.any(Number),
    });
    const text = JSON.stringify(logs);
    for (const secret of [CI_KEY, OPS_KEY, SECRET_LABEL, 'components']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a key spent its burst, per key', async () => {
    const { app, clock } = testServer({ apiKeys: KEYS, rateBurst: 3, rateLimit: 6 });
    const asCi = { headers: { Authorization: `Bearer ${CI_KEY}` } };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.request('/api/v1/rules', asCi)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);

    const limited = await app.request('/api/v1/rules', asCi);
    expect(limited.status).toBe(429);
    // Six a minute: one token every ten seconds.
    expect(limited.headers.get('retry-after')).toBe('10');
    expect((await errorOf(limited)).code).toBe('rate-limited');

    const other = await app.request('/api/v1/rules', { headers: { 'X-API-Key': OPS_KEY } });
    expect(other.status).toBe(200);

    clock.now += 10_000;
    expect((await app.request('/api/v1/rules', asCi)).status).toBe(200);
    expect((await app.request('/api/v1/rules', asCi)).status).toBe(429);
  });

  it('limits callers without keys too, by client', async () => {
    const { app } = testServer({ rateBurst: 2, rateLimit: 60 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/api/v1/rules')).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await app.request('/api/v1/health')).status).toBe(200);
  });
});

describe('failed authentication', () => {
  /** GET /rules as if from `address`: the Node adapter hands Hono the socket this way. */
  const rulesFrom = (
    server: TestServer,
    address: string,
    headers: Record<string, string> = {},
  ): Promise<Response> => {
    const env = { incoming: { socket: { remoteAddress: address } } };
    return Promise.resolve(server.app.request('/api/v1/rules', { headers }, env));
  };

  const asCi = { Authorization: `Bearer ${CI_KEY}` };

  it('answers 429 with Retry-After to an address that sent too many wrong keys', async () => {
    const server = testServer({ apiKeys: KEYS });
    const guesses = [];
    for (let i = 0; i < 60; i++) {
      const guess = `Bearer guess-${String(i).padStart(4, '0')}`;
      guesses.push(await rulesFrom(server, '203.0.113.7', { Authorization: guess }));
    }
    const statuses = guesses.map((response) => response.status);
    // The default allows ten failures a minute, ten at once.
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(50).fill(429)]);
    const limited = guesses[59]!;
    expect(limited.headers.get('retry-after')).toBe('6');
    expect(await errorOf(limited)).toMatchObject({
      code: 'rate-limited',
      message: expect.stringMatching(/missing or wrong API key from this address; retry after 6 s/),
    });
    // The right key is refused too while the address is limited: no oracle for a guesser.
    expect((await rulesFrom(server, '203.0.113.7', asCi)).status).toBe(429);
    // Requests without any key count as failures as well; other addresses are unaffected.
    expect((await rulesFrom(server, '203.0.113.7')).status).toBe(429);
    expect((await rulesFrom(server, '198.51.100.2', { 'X-API-Key': OPS_KEY })).status).toBe(200);
    expect((await rulesFrom(server, '198.51.100.2')).status).toBe(401);

    server.clock.now += 6_000;
    expect((await rulesFrom(server, '203.0.113.7', asCi)).status).toBe(200);
    expect((await rulesFrom(server, '203.0.113.7', { Authorization: 'Bearer guess' })).status).toBe(
      401,
    );
    expect((await rulesFrom(server, '203.0.113.7', asCi)).status).toBe(429);
  });

  it('takes its limit from authFailureLimit and spends nothing on good keys', async () => {
    const server = testServer({ apiKeys: KEYS, authFailureLimit: 2, rateBurst: 100 });
    for (let i = 0; i < 20; i++) {
      expect((await rulesFrom(server, '192.0.2.1', { 'X-API-Key': OPS_KEY })).status).toBe(200);
    }
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await rulesFrom(server, '192.0.2.1')).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
    // Two a minute: a token every thirty seconds.
    expect((await rulesFrom(server, '192.0.2.1')).headers.get('retry-after')).toBe('30');
  });

  it('logs the limit once, with the address and never the key', async () => {
    const server = testServer({ apiKeys: KEYS, authFailureLimit: 3 });
    const wrongKey = `${CI_KEY.slice(0, -4)}beef`;
    for (let i = 0; i < 8; i++) await rulesFrom(server, '203.0.113.9', { 'X-API-Key': wrongKey });
    const limits = server.logs.filter((log) => log.msg === 'authentication failures limited');
    expect(limits).toEqual([
      {
        level: 'warn',
        msg: 'authentication failures limited',
        requestId: server.logs.filter((log) => log.msg === 'request')[2]!.requestId,
        client: '203.0.113.9',
        retryAfterSeconds: 20,
      },
    ]);
    const requests = server.logs.filter((log) => log.msg === 'request');
    expect(requests.map((log) => [log.status, log.authFailure])).toEqual([
      ...Array(3).fill([401, 'wrong-key']),
      ...Array(5).fill([429, 'too-many-failures']),
    ]);
    expect(JSON.stringify(server.logs)).not.toContain(wrongKey);
  });
});

describe('hostile input', () => {
  it('refuses a body over the size limit with 413, with or without Content-Length', async () => {
    const { app } = testServer({ maxBodyBytes: 1000 });
    const big = JSON.stringify({ input: `graph LR\n${'a-->b\n'.repeat(500)}` });
    const streamed = await postJson(app, '/api/v1/analyze', big);
    expect(streamed.status).toBe(413);
    expect(await errorOf(streamed)).toMatchObject({ code: 'too-large' });

    const declared = await postJson(app, '/api/v1/analyze', big, {
      'Content-Length': String(big.length),
    });
    expect(declared.status).toBe(413);
    expect((await postJson(app, '/api/v1/analyze', { input: WEB_DIAGRAM })).status).toBe(200);
  });

  it('refuses deeply nested input before parsing it', async () => {
    const { app } = testServer();
    const cases = [
      { input: `{"components": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`, file: 'm.json' },
      { input: `components:\n${'  - '.repeat(3000)}x\n`, file: 'm.yaml' },
      { input: WEB_DIAGRAM, hints: `components: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}` },
    ];
    for (const body of cases) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const response = await postJson(app, '/api/v1/analyze', body);
        expect(response.status).toBe(422);
        const error = await errorOf(response);
        expect(error).toMatchObject({ code: 'too-deep', line: expect.any(Number) });
        expect(error.message).toMatch(/nests more than 200 levels/);
      }
    }
  });

  it('refuses deeply nested JSON in the request itself without walking it', async () => {
    const { app } = testServer();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const body of [`{"input": ${deep}}`, `{"extra": ${deep}}`, deep]) {
      const response = await postJson(app, '/api/v1/analyze', body);
      expect(response.status).toBe(400);
    }
  });

  it('refuses YAML alias bombs', async () => {
    const { app } = testServer();
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const response = await postJson(app, '/api/v1/analyze', {
      input: `title: bomb\n${levels.join('\n')}\ncomponents: []\n`,
      file: 'bomb.yaml',
    });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).code).toBe('yaml-aliases');
  });

  it('keeps script in labels as text in every output', async () => {
    const { app } = testServer();
    const input = [
      'graph LR',
      '  u["<script>alert(1)</script>"] --> a["<img src=x onerror=alert(2)>"]',
      '  a --> d[(Customer DB)]',
    ].join('\n');
    const html = await (await postJson(app, '/api/v1/analyze', { input, output: 'html' })).text();
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const json = await (await postJson(app, '/api/v1/analyze', { input, output: 'json' })).json();
    expect(JSON.stringify(json)).toContain('<img src=x onerror=alert(2)>');
  });

  it('hides internal errors from the response and logs where they happened, not what', async () => {
    const failing: AnalysisRunner = {
      run: () => Promise.reject(new TypeError(`cannot read ${SECRET_LABEL}`)),
      close: async () => {},
    };
    const { app, logs } = testServer({}, { runner: failing });
    const response = await postJson(app, '/api/v1/analyze', { input: WEB_DIAGRAM });
    expect(response.status).toBe(500);
    const error = await errorOf(response);
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain(SECRET_LABEL);
    const logged = logs.find((log) => log.msg === 'internal error');
    expect(logged).toMatchObject({ error: 'TypeError', at: expect.stringContaining('at ') });
    expect(JSON.stringify(logs)).not.toContain(SECRET_LABEL);
  });
});

describe('response headers and CORS', () => {
  it('sends the security headers on API answers, errors and the page', async () => {
    const { app } = testServer();
    for (const response of [
      await app.request('/api/v1/health'),
      await postJson(app, '/api/v1/analyze', {}),
      await app.request('/'),
    ]) {
      expect(response.headers.get('content-security-policy')).toMatch(
        /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/,
      );
      expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it("sends an HTML report with the report's own policy: its hashes, nothing else", async () => {
    const { app } = testServer();
    const response = await postJson(app, '/api/v1/analyze', {
      input: WEB_DIAGRAM,
      output: 'html',
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const inlineHashes = [/<style>([\s\S]*?)<\/style>/, /<script>([\s\S]*?)<\/script>/].map(
      (block) => `'${cspHash(block.exec(html)![1]!)}'`,
    );
    const header = response.headers.get('content-security-policy')!;
    expect(header).toBe(`${meta}; frame-ancestors 'none'; sandbox allow-scripts`);
    expect(directivesOf(header)).toEqual({
      'default-src': ["'none'"],
      'script-src': [inlineHashes[1]],
      'style-src': [inlineHashes[0]],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
      'sandbox': ['allow-scripts'],
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');

    const markdown = await postJson(app, '/api/v1/analyze', { input: WEB_DIAGRAM });
    expect(markdown.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const { app } = testServer();
    const response = await app.request('/api/v1/health', {
      headers: { Origin: 'https://evil.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows only the configured origins, preflight included', async () => {
    const { app } = testServer({ apiKeys: KEYS, corsOrigins: ['https://tools.example.com'] });
    const preflight = await app.request('/api/v1/analyze', {
      method: 'OPTIONS',
      headers: {
        'Origin': 'https://tools.example.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://tools.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);

    const other = await app.request('/api/v1/rules', {
      headers: { Origin: 'https://evil.example', Authorization: `Bearer ${CI_KEY}` },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

/** A policy as its directives and their sources, for comparing whole policies. */
function directivesOf(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}
