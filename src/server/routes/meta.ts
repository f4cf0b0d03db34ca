import { Hono } from 'hono';
import { VERSION } from '../../cli/version.js';
import { RULES } from '../../rules/index.js';
import type { AppEnv } from '../app-env.js';
import { jsonResponse, textResponse } from '../errors.js';
import { OPENAPI_DOCUMENT } from '../openapi.js';

/** Health and the API's description: open to anyone who can reach the server. */
export function publicMetaRoutes(now: () => Date): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const startedAt = now().getTime();
  routes.get('/health', () =>
    jsonResponse(200, {
      status: 'ok',
      version: VERSION,
      uptimeSeconds: Math.floor((now().getTime() - startedAt) / 1000),
    }),
  );
  routes.get('/openapi.json', () => jsonResponse(200, OPENAPI_DOCUMENT));
  return routes;
}

/** The rule catalog: what the engine checks, with references and recommendations. */
export function rulesRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const rules = RULES.map(({ meta }) => ({
    id: meta.id,
    slug: meta.slug,
    title: meta.title,
    stride: meta.stride,
    likelihood: meta.likelihood,
    impact: meta.impact,
    description: meta.description,
    recommendation: meta.recommendation,
    references: meta.references,
  }));
  // The catalog is fixed for the life of the process: serialize it once.
  const body = JSON.stringify({ rules });
  routes.get('/rules', () => textResponse(200, body, 'application/json; charset=utf-8'));
  return routes;
}
