import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { checkExposure, type ServeConfig } from './config.js';
import type { Logger } from './logger.js';
import { WorkerPoolRunner, type AnalysisRunner } from './runner.js';
import { AnalysisStore } from './storage.js';

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting requests, stops the workers and closes the database. */
  close(): Promise<void>;
}

/** Jobs allowed to wait per worker before the server answers 503 busy. */
const QUEUE_PER_WORKER = 16;

/**
 * Opens the database, starts the workers and listens. Refuses, before opening anything, to
 * listen beyond loopback without API keys.
 */
export async function startServer(
  config: ServeConfig,
  options: { logger: Logger; runner?: AnalysisRunner },
): Promise<RunningServer> {
  checkExposure(config);
  const resolved = { ...config, webRoot: config.webRoot || defaultWebRoot() };
  const store = AnalysisStore.open(resolved.database);
  const runner =
    options.runner ??
    new WorkerPoolRunner({
      size: config.workers,
      timeoutMs: config.analysisTimeoutMs,
      maxQueue: config.workers * QUEUE_PER_WORKER,
    });
  const app = createApp({ config: resolved, store, runner, logger: options.logger });
  const server = await listen(app.fetch, config);
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  options.logger({
    level: 'info',
    msg: 'listening',
    url: `http://${host}:${port}`,
    apiKeys: config.apiKeys.length,
    loopbackOnly: config.apiKeys.length === 0,
    database: resolved.database,
  });
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.close();
      store.close();
    },
  };
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], config: ServeConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, () =>
      resolve(server as Server),
    ) as Server;
    server.once('error', reject);
  });
}

/** The built page sits beside the built server: dist/web next to dist/server. */
function defaultWebRoot(): string {
  return fileURLToPath(new URL('../web/', import.meta.url));
}
