import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { ServerDeps } from '../deps.js';
import { textResponse } from '../errors.js';
import { readJsonBody } from '../request-body.js';
import { HTML_REPORT_CONTENT_SECURITY_POLICY } from '../security-headers.js';
import { ANALYZE_FIELDS, jobFrom, localDate } from './fields.js';

/** POST /analyze: input in, the report in the asked format out; nothing is kept. */
export function analyzeRoutes(deps: ServerDeps, now: () => Date): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/analyze', async (c) => {
    const fields = await readJsonBody(c, ANALYZE_FIELDS);
    const output = fields.output ?? 'md';
    const job = jobFrom({ ...fields, output }, deps.config, localDate(now()));
    const outcome = await deps.runner.run(job);
    const rendered = outcome.rendered!;
    return textResponse(200, rendered.text, rendered.contentType, {
      'X-Strider-Input-Format': outcome.inputFormat,
      'X-Strider-Threats': String(outcome.report.threats.length),
      ...(output === 'html'
        ? { 'Content-Security-Policy': HTML_REPORT_CONTENT_SECURITY_POLICY }
        : {}),
    });
  });
  return routes;
}
