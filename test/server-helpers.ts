import type { Hono } from 'hono';
import { createApp } from '../src/server/app.js';
import type { AppEnv } from '../src/server/app-env.js';
import { hashApiKey } from '../src/server/auth.js';
import { SERVE_DEFAULTS, type ServeConfig } from '../src/server/config.js';
import type { LogEntry } from '../src/server/logger.js';
import { inlineRunner, type AnalysisRunner } from '../src/server/runner.js';
import { AnalysisStore } from '../src/server/storage.js';

export const WEB_DIAGRAM = `graph LR
  user[User] --> waf[WAF]
  waf --> api((API Gateway))
  api --> app[App Service]
  api --> cache[(Redis Cache)]
  app --> db[(Customer DB)]
`;

export interface TestServer {
  app: Hono<AppEnv>;
  store: AnalysisStore;
  logs: LogEntry[];
  clock: { now: number };
}

/** An app over an in-memory (or given) store, an inline runner, captured logs and a clock. */
export function testServer(
  config: Partial<ServeConfig> = {},
  options: { store?: AnalysisStore; runner?: AnalysisRunner } = {},
): TestServer {
  const logs: LogEntry[] = [];
  const clock = { now: Date.parse('2026-12-04T10:00:00Z') };
  const store = options.store ?? AnalysisStore.open(':memory:');
  const app = createApp({
    config: { ...SERVE_DEFAULTS, database: ':memory:', ...config },
    store,
    runner: options.runner ?? inlineRunner(),
    logger: (entry) => logs.push(entry),
    now: () => new Date(clock.now),
  });
  return { app, store, logs, clock };
}

export function keyed(id: string, key: string) {
  return { id, sha256: hashApiKey(key) };
}

export function postJson(
  app: Hono<AppEnv>,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

export async function errorOf(response: Response) {
  const body = (await response.json()) as {
    error: { code: string; message: string; line?: number; column?: number };
  };
  return body.error;
}
