import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
} as const;

interface StaticFile {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/**
 * The web page: the files of `webRoot` (the esbuild output, a handful of files), read once at
 * start. Requests name a file from that list or get 404: no path is ever joined from a URL.
 */
export function webRoutes(webRoot: string): Hono<AppEnv> {
  const files = loadFiles(webRoot);
  const routes = new Hono<AppEnv>();
  routes.get('/*', (c) => {
    const name = c.req.path === '/' ? 'index.html' : c.req.path.slice(1);
    const file = files.get(name);
    if (!file) {
      throw new ApiError(
        404,
        'not-found',
        files.size === 0
          ? 'the web page is not built here: run `npm run build`, or set webRoot'
          : `no such page or file: ${name.slice(0, 100)}`,
      );
    }
    return new Response(file.bytes, {
      headers: {
        'Content-Type': file.contentType,
        'Content-Length': String(file.bytes.length),
        'Cache-Control': 'no-cache',
      },
    });
  });
  return routes;
}

function loadFiles(webRoot: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!webRoot || !existsSync(webRoot)) return files;
  for (const name of readdirSync(webRoot)) {
    const contentType = CONTENT_TYPES[path.extname(name) as keyof typeof CONTENT_TYPES];
    const file = path.join(webRoot, name);
    if (!contentType || !statSync(file).isFile()) continue;
    files.set(name, { bytes: new Uint8Array(readFileSync(file)), contentType });
  }
  return files;
}
