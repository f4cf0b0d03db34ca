import { Hono, type Context } from 'hono';
import { diffThreats } from '../../engine/diff.js';
import { renderDiffJson } from '../../renderers/diff-json.js';
import { renderDiffMarkdown } from '../../renderers/diff-markdown.js';
import { renderJson } from '../../renderers/json.js';
import { renderMarkdown } from '../../renderers/markdown.js';
import type { AppEnv } from '../app-env.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, jsonResponse, textResponse } from '../errors.js';
import { REPORT_FORMATS, withNewline } from '../report-formats.js';
import { checkFields, readJsonBody } from '../request-body.js';
import type { SavedAnalysis } from '../storage.js';
import { jobFrom, localDate, PROJECT_HINT, PROJECT_NAME, SAVE_FIELDS } from './fields.js';

const LIST_QUERY = {
  project: { type: 'string', pattern: PROJECT_NAME, hint: PROJECT_HINT },
  limit: { type: 'string', pattern: /^(200|1\d\d|[1-9]\d?)$/, hint: 'a number from 1 to 200' },
  offset: { type: 'string', pattern: /^\d{1,9}$/, hint: 'a whole number' },
} as const;

const STORED_OUTPUTS = ['md', 'json'] as const;

const DIFF_QUERY = {
  before: { type: 'string', required: true, maxLength: 64 },
  after: { type: 'string', required: true, maxLength: 64 },
  output: { type: 'choice', choices: STORED_OUTPUTS },
} as const;

/** Saved analyses: save, list by project, get, delete, a stored report, and diffs of two. */
export function analysesRoutes(deps: ServerDeps, now: () => Date): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post('/analyses', async (c) => {
    const { project, name, ...fields } = await readJsonBody(c, SAVE_FIELDS);
    const job = jobFrom(fields, deps.config, localDate(now()));
    const outcome = await deps.runner.run({ ...job, output: undefined });
    const saved = deps.store.save({
      project: project!,
      name,
      format: outcome.inputFormat,
      input: job.input,
      hints: job.hints,
      report: outcome.report,
    });
    const {
      input: _input,
      hints: _hints,
      hintsFile: _hintsFile,
      report: _report,
      ...summary
    } = saved;
    return jsonResponse(201, summary, { Location: `/api/v1/analyses/${saved.id}` });
  });

  routes.get('/analyses', (c) => {
    const query = checkFields(c.req.query(), LIST_QUERY);
    const limit = Number(query.limit ?? 50);
    const offset = Number(query.offset ?? 0);
    const page = deps.store.list({ project: query.project, limit, offset });
    return jsonResponse(200, { ...page, limit, offset });
  });

  routes.get('/analyses/:id', (c) => jsonResponse(200, savedOr404(deps, c)));

  routes.get('/analyses/:id/report', (c) => {
    const { output } = checkFields(c.req.query(), { output: DIFF_QUERY.output });
    const { report } = savedOr404(deps, c);
    const format = (output ?? 'md') as (typeof STORED_OUTPUTS)[number];
    const text = format === 'json' ? renderJson(report) : withNewline(renderMarkdown(report));
    return textResponse(200, text, REPORT_FORMATS[format].contentType);
  });

  routes.delete('/analyses/:id', (c) => {
    if (!deps.store.delete(c.req.param('id'))) throw notFound(c.req.param('id'));
    return c.body(null, 204);
  });

  routes.get('/diff', (c) => {
    const query = checkFields(c.req.query(), DIFF_QUERY);
    const before = savedOr404(deps, c, query.before!);
    const after = savedOr404(deps, c, query.after!);
    const diff = diffThreats(before.report.threats, after.report.threats);
    const names = { before: labelOf(before), after: labelOf(after) };
    if (query.output === 'json') {
      return textResponse(200, renderDiffJson(diff, names), REPORT_FORMATS.json.contentType);
    }
    const text = withNewline(renderDiffMarkdown(diff, names));
    return textResponse(200, text, REPORT_FORMATS.md.contentType);
  });

  return routes;
}

function savedOr404(deps: ServerDeps, c: Context<AppEnv>, id = c.req.param('id')!): SavedAnalysis {
  const saved = deps.store.get(id);
  if (!saved) throw notFound(id);
  return saved;
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'not-found', `no saved analysis has the id '${id.slice(0, 64)}'`);
}

function labelOf(saved: SavedAnalysis): string {
  return `${saved.project}/${saved.name ?? saved.id}`;
}
