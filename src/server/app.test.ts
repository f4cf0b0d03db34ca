import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { temporaryDir } from '../../test/cli-helpers.js';
import { errorOf, postJson, testServer, WEB_DIAGRAM } from '../../test/server-helpers.js';
import { analyze } from '../engine/pipeline.js';
import { IMPORTERS } from '../importers/index.js';
import { renderJson } from '../renderers/json.js';
import { renderMarkdown } from '../renderers/markdown.js';
import { RULES } from '../rules/index.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { REPORT_FORMAT_NAMES, withNewline } from './report-formats.js';
import { AnalysisStore } from './storage.js';

const WITH_LOGS = `${WEB_DIAGRAM}  app --> logs[Log Service]\n  logs --> analytics[Analytics DB]\n`;

describe('GET /api/v1/health, /rules and /openapi.json', () => {
  it('says the server is up', async () => {
    const { app } = testServer();
    const response = await app.request('/api/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('lists every rule of the catalog', async () => {
    const { app } = testServer();
    const { rules } = (await (await app.request('/api/v1/rules')).json()) as {
      rules: { id: string; slug: string; references: object }[];
    };
    expect(rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.meta.id));
    expect(rules[0]).toHaveProperty('references');
  });

  it('describes every route of the app in a valid OpenAPI 3.1 document', async () => {
    const { app } = testServer();
    const response = await app.request('/api/v1/openapi.json');
    const document = JSON.parse(await response.text()) as typeof OPENAPI_DOCUMENT;
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([route, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`),
    );
    const served = app.routes
      .filter((route) => route.path.startsWith('/api/v1/') && !route.path.endsWith('*'))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(new Set(served)).toEqual(new Set(documented));
    expect(served.length).toBeGreaterThanOrEqual(10);
    // Every reference points at a schema the document defines.
    const refs = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/(\w+)"/g)];
    for (const [, name] of refs) expect(document.components.schemas).toHaveProperty(name!);
  });

  it('answers in the shapes its OpenAPI document gives', async () => {
    const { app } = testServer();
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; refs resolve inside the document.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(OPENAPI_DOCUMENT, 'openapi');
    const check = async (response: Response, schema: string, status: number) => {
      expect(response.status).toBe(status);
      const validate = ajv.compile({ $ref: `openapi#/components/schemas/${schema}` });
      const valid = validate(await response.json());
      expect(validate.errors ?? [], schema).toEqual([]);
      expect(valid).toBe(true);
    };
    await check(await app.request('/api/v1/health'), 'Health', 200);
    const saved = await postJson(app, '/api/v1/analyses', { project: 'p', input: WEB_DIAGRAM });
    const { id } = (await saved.clone().json()) as { id: string };
    await check(saved, 'AnalysisSummary', 201);
    await check(await app.request(`/api/v1/analyses/${id}`), 'SavedAnalysis', 200);
    await check(await app.request('/api/v1/analyses/nope'), 'Error', 404);
    await check(await postJson(app, '/api/v1/analyze', { input: 'x: [' }), 'Error', 422);
    const rules = (await (await app.request('/api/v1/rules')).json()) as { rules: unknown[] };
    const validateRule = ajv.compile({ $ref: 'openapi#/components/schemas/Rule' });
    expect(rules.rules.every((rule) => validateRule(rule))).toBe(true);
  });
});

describe('POST /api/v1/analyze', () => {
  it('returns the Markdown report the CLI writes for the same input', async () => {
    const { app } = testServer();
    const response = await postJson(app, '/api/v1/analyze', { input: WEB_DIAGRAM });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(response.headers.get('x-strider-input-format')).toBe('mermaid');
    const { report } = analyze({ text: WEB_DIAGRAM });
    expect(response.headers.get('x-strider-threats')).toBe(String(report.threats.length));
    expect(await response.text()).toBe(withNewline(renderMarkdown(report)));
  });

  it('renders every output format it offers', async () => {
    const { app } = testServer();
    const bodies: Record<string, string> = {};
    for (const output of REPORT_FORMAT_NAMES) {
      const response = await postJson(app, '/api/v1/analyze', {
        input: WEB_DIAGRAM,
        file: 'web.mmd',
        output,
      });
      expect(response.status, output).toBe(200);
      bodies[output] = await response.text();
    }
    expect(JSON.parse(bodies.json!)).toEqual(
      JSON.parse(renderJson(analyze({ text: WEB_DIAGRAM, file: 'web.mmd' }).report)),
    );
    expect(JSON.parse(bodies.sarif!).version).toBe('2.1.0');
    expect(bodies.html).toMatch(/^<!doctype html>[\s\S]*<svg/);
    expect(JSON.parse(bodies['threat-dragon']!)).toHaveProperty('detail.diagrams');
    expect(JSON.parse(bodies.otm!)).toHaveProperty('otmVersion');
  });

  it('takes the format, a hints file, a risk file and --top', async () => {
    const { app } = testServer();
    const base = analyze({ text: WEB_DIAGRAM }).report;
    const top = await postJson(app, '/api/v1/analyze', {
      input: WEB_DIAGRAM,
      format: 'mermaid',
      output: 'json',
      top: 2,
    });
    expect((await top.json()).threats).toHaveLength(2);

    const hinted = await postJson(app, '/api/v1/analyze', {
      input: WEB_DIAGRAM,
      hints: 'components:\n  cache:\n    authentication: true\n',
      output: 'json',
    });
    const hintedThreats = (await hinted.json()).threats as { components: string[] }[];
    const onCache = (threats: { components: string[] }[]) =>
      threats.filter((t) => t.components.includes('cache')).length;
    expect(onCache(hintedThreats)).toBeLessThan(onCache(base.threats));

    const first = base.threats[0]!;
    const risks =
      `risks:\n  - fingerprint: "${first.fingerprint}"\n    status: accepted\n` +
      '    justification: behind a VPN\n    owner: sec\n    expires: 2026-12-31\n';
    const decided = await postJson(app, '/api/v1/analyze', {
      input: WEB_DIAGRAM,
      risks,
      today: '2026-12-04',
      output: 'json',
    });
    const threats = (await decided.json()).threats as { fingerprint: string; status: string }[];
    expect(threats.find((t) => t.fingerprint === first.fingerprint)?.status).toBe('accepted');
  });

  it('points at the line and column of a problem in the input or the hints', async () => {
    const { app } = testServer();
    const broken = await postJson(app, '/api/v1/analyze', {
      input: 'components:\n  - id: a\n    type: robot\n',
      file: 'model.yaml',
    });
    expect(broken.status).toBe(422);
    expect(await errorOf(broken)).toMatchObject({ code: 'bad-value', line: 3, column: 11 });

    const hints = await postJson(app, '/api/v1/analyze', {
      input: WEB_DIAGRAM,
      hints: 'components:\n  ghost:\n    authentication: true\n',
    });
    expect(hints.status).toBe(422);
    const error = await errorOf(hints);
    expect(error).toMatchObject({ code: 'unknown-component', line: 2, column: 3 });
    expect(error.message).toContain("unknown component 'ghost'");
  });

  it('refuses bodies that are not what it reads, saying what is allowed', async () => {
    const { app } = testServer();
    const cases: [unknown, number, string, RegExp][] = [
      [{}, 400, 'bad-field', /'input' is required/],
      [{ input: 42 }, 400, 'bad-field', /'input' must be a string, got number/],
      [{ input: 'x', colour: 'red' }, 400, 'unknown-field', /allowed: input, file, format/],
      [{ input: 'x', output: 'pdf' }, 400, 'bad-field', /one of: md, json, sarif, html/],
      [{ input: 'x', format: 'visio' }, 400, 'bad-field', new RegExp(IMPORTERS[0]!.format)],
      [{ input: 'x', file: '../../etc/passwd' }, 400, 'bad-field', /a file name/],
      [{ input: 'x', top: 0 }, 400, 'bad-field', /whole number from 1/],
      [{ input: 'x', today: '2026-02-30' }, 400, 'bad-field', /not a calendar date/],
      [[1, 2], 400, 'bad-request', /JSON object/],
      ['{"input": "x",}', 400, 'bad-json', /not valid JSON/],
      [{ input: 'hello, world' }, 422, 'unknown-format', /cannot tell the input format/],
    ];
    for (const [body, status, code, message] of cases) {
      const response = await postJson(app, '/api/v1/analyze', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const error = await errorOf(response);
      expect(error.code, JSON.stringify(body)).toBe(code);
      expect(error.message, JSON.stringify(body)).toMatch(message);
    }
    const text = await app.request('/api/v1/analyze', { method: 'POST', body: 'graph LR' });
    expect(text.status).toBe(415);
  });

  it('gives the line and column of a JSON syntax error when the parser names one', async () => {
    const { app } = testServer();
    const response = await postJson(app, '/api/v1/analyze', '{\n  "input": "x"\n  "file": 1}');
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'bad-json', line: 3, column: 3 });
  });
});

describe('saved analyses', () => {
  async function save(app: ReturnType<typeof testServer>['app'], body: object) {
    const response = await postJson(app, '/api/v1/analyses', body);
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; threats: number; project: string };
  }

  it('saves input, hints and report, then lists, gets, renders and deletes', async () => {
    const { app } = testServer();
    const hints = 'components:\n  cache:\n    authentication: true\n';
    const saved = await save(app, {
      project: 'shop',
      name: 'v1',
      input: WEB_DIAGRAM,
      file: 'web.mmd',
      hints,
    });
    expect(saved).toMatchObject({ project: 'shop', threats: expect.any(Number) });
    await save(app, { project: 'other', input: WEB_DIAGRAM });

    const list = await (await app.request('/api/v1/analyses?project=shop')).json();
    expect(list).toMatchObject({
      total: 1,
      items: [{ id: saved.id, name: 'v1', file: 'web.mmd' }],
    });
    expect((await (await app.request('/api/v1/analyses')).json()).total).toBe(2);

    const full = await (await app.request(`/api/v1/analyses/${saved.id}`)).json();
    expect(full).toMatchObject({ input: WEB_DIAGRAM, hints, format: 'mermaid' });
    expect(full.report.threats).toHaveLength(saved.threats);

    const report = await app.request(`/api/v1/analyses/${saved.id}/report`);
    expect(await report.text()).toBe(withNewline(renderMarkdown(full.report)));

    expect((await app.request(`/api/v1/analyses/${saved.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    const gone = await app.request(`/api/v1/analyses/${saved.id}`);
    expect(gone.status).toBe(404);
    expect((await errorOf(gone)).code).toBe('not-found');
    expect((await app.request(`/api/v1/analyses/${saved.id}`, { method: 'DELETE' })).status).toBe(
      404,
    );
  });

  it('pages through a project, newest first', async () => {
    const { app } = testServer();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await save(app, { project: 'p', input: WEB_DIAGRAM })).id);
    }
    const page = await (await app.request('/api/v1/analyses?project=p&limit=2&offset=1')).json();
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(page.items.map((item: { id: string }) => item.id)).toEqual([ids[3], ids[2]]);
    const bad = await app.request('/api/v1/analyses?limit=1000');
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/from 1 to 200/);
  });

  it('refuses a project name that is not a plain name', async () => {
    const { app } = testServer();
    const response = await postJson(app, '/api/v1/analyses', { project: '../x', input: 'x' });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/'project' '..\/x' is not allowed/);
  });

  it('diffs two saved analyses by root key', async () => {
    const { app } = testServer();
    const before = await save(app, { project: 'web', name: 'before', input: WEB_DIAGRAM });
    const after = await save(app, { project: 'web', name: 'after', input: WITH_LOGS });
    const response = await app.request(
      `/api/v1/diff?before=${before.id}&after=${after.id}&output=json`,
    );
    expect(response.status).toBe(200);
    const diff = await response.json();
    const added = diff.new.map((t: { slug: string }) => t.slug);
    expect(added).toContain('sensitive-data-in-logs');
    expect(diff.resolved).toEqual([]);
    const markdown = await (
      await app.request(`/api/v1/diff?before=${before.id}&after=${after.id}`)
    ).text();
    expect(markdown).toMatch(/^# Threat Model Diff\n\nBefore: web\/before · After: web\/after/);

    const missing = await app.request(`/api/v1/diff?before=${before.id}&after=nope`);
    expect(missing.status).toBe(404);
    expect((await app.request(`/api/v1/diff?before=${before.id}`)).status).toBe(400);
  });

  it('keeps saved analyses across a restart on the same database file', async () => {
    const file = path.join(temporaryDir(), 'strider.sqlite');
    const first = testServer({}, { store: AnalysisStore.open(file) });
    const saved = await save(first.app, { project: 'keep', input: WEB_DIAGRAM });
    first.store.close();

    const second = testServer({}, { store: AnalysisStore.open(file) });
    const response = await second.app.request(`/api/v1/analyses/${saved.id}`);
    expect(response.status).toBe(200);
    expect((await response.json()).input).toBe(WEB_DIAGRAM);
    second.store.close();
  });
});

describe('the web page', () => {
  it('serves the built files and nothing else', async () => {
    const webRoot = temporaryDir();
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Strider</title>');
    writeFileSync(path.join(webRoot, 'app.js'), 'console.log(1);');
    writeFileSync(path.join(webRoot, 'notes.txt'), 'not served: no known type');
    mkdirSync(path.join(webRoot, 'sub'));
    const { app } = testServer({ webRoot });

    const page = await app.request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect((await app.request('/app.js')).headers.get('content-type')).toMatch(/javascript/);
    for (const missing of ['/notes.txt', '/sub', '/../package.json', '/%2e%2e/package.json']) {
      expect((await app.request(missing)).status, missing).toBe(404);
    }
  });

  it('says how to build the page when it is not there', async () => {
    const { app } = testServer({ webRoot: '' });
    const response = await app.request('/');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).message).toMatch(/npm run build/);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const { app } = testServer();
    const response = await app.request('/api/v1/nothing');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('not-found');
  });
});
