import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { analyze } from '../../src/engine/pipeline.js';
import type { Threat } from '../../src/engine/threat.js';
import { renderMarkdown } from '../../src/renderers/markdown.js';
import { SERVE_DEFAULTS } from '../../src/server/config.js';
import { withNewline } from '../../src/server/report-formats.js';
import { inlineRunner } from '../../src/server/runner.js';
import { CONTENT_SECURITY_POLICY } from '../../src/server/security-headers.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { temporaryDir } from '../cli-helpers.js';
import { HAS_SHARED, REPO_ROOT, sharedPath } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The diagram behind the reference sample, or our own diagram of the same shape. */
const SYSTEM_UPDATED = sharedPath('corpus/threat-thinker/examples/diagrams/web/system-updated.mmd');
const SAME_SHAPE = `graph LR
  user[User] --> waf[WAF]
  waf --> api((API Gateway))
  api --> app[App Service]
  api --> cache[(Redis Cache)]
  app --> db[(Customer DB)]
  app --> logs[Log Service]
  logs --> analytics[Analytics DB]
  app --> monitor[Monitoring Service]
  monitor --> alerts[Alert Manager]
`;
const DIAGRAM =
  HAS_SHARED && existsSync(SYSTEM_UPDATED) ? readFileSync(SYSTEM_UPDATED, 'utf8') : SAME_SHAPE;

/** Screenshots for people to look at; the path is printed. */
const SHOTS = path.join(tmpdir(), 'strider-web-screenshots');

interface Watch {
  problems: string[];
}

/** Fails on any console error, page error, dialog (an injected script ran) or CSP report. */
async function watchedPage(browser: Browser): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const watch: Watch = { problems: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    watch.problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.exposeFunction('reportCspViolation', (text: string) =>
    watch.problems.push(`CSP: ${text}`),
  );
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (t: string) => void })
        .reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return { page, watch };
}

async function typeDiagram(page: Page, text: string, expectedThreats: number): Promise<void> {
  await page.fill('#source', text);
  await page.waitForFunction(
    (count) => document.querySelector('#status')?.textContent?.startsWith(`${count} threats`),
    expectedThreats,
  );
  await page.waitForSelector('#diagram svg.model');
}

describe.skipIf(!HAS_CHROMIUM)('the web page in Chromium', () => {
  let browser: Browser;
  let server: RunningServer;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = path.join(temporaryDir(), 'web');
    await buildWeb(webRoot);
    server = await startServer(
      { ...SERVE_DEFAULTS, port: 0, database: ':memory:', webRoot },
      { logger: () => {}, runner: inlineRunner() },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows a pasted diagram's threats, highlights one, and downloads the report", async () => {
    const { page, watch } = await watchedPage(browser);
    await page.goto(`${server.url}/`);
    const { report } = analyze({ text: DIAGRAM });
    await typeDiagram(page, DIAGRAM, report.threats.length);

    const shown = await page.$$eval('#threats button.threat', (buttons) =>
      buttons.map((b) =>
        [b.querySelector('.id'), b.querySelector('.title')]
          .map((part) => part?.textContent)
          .join(' '),
      ),
    );
    expect(shown).toEqual(report.threats.map((t) => `${t.id} ${t.title}`));
    const slugs = report.threats.map((t) => t.slug);
    expect(slugs).toEqual(
      expect.arrayContaining([
        'unauthenticated-internal-service',
        'unencrypted-internal-flow',
        'sensitive-data-to-store-unencrypted',
        'sensitive-data-in-logs',
        'dmz-reaches-private-zone',
      ]),
    );
    expect(await page.locator('#diagram g.cluster').count()).toBe(report.stats.zones);

    const threat = report.threats.find((t) => t.slug === 'sensitive-data-in-logs')!;
    await page.click(`#threats button[data-threat="${threat.id}"]`);
    await page.waitForSelector('#diagram svg.model.dimmed');
    const highlighted = await page.$$eval('#diagram g.selected', (gs) => gs.map((g) => g.id));
    expect(highlighted.sort()).toEqual(
      [
        ...threat.components.map((id) => `strider-c-${id}`),
        ...threat.flows.map((id) => `strider-f-${id}`),
      ].sort(),
    );
    expect(await page.textContent('#threat')).toContain(threat.recommendation);
    await page.screenshot({ path: path.join(SHOTS, 'threat-selected.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#downloads button[data-format="md"]'),
    ]);
    expect(download.suggestedFilename()).toBe('threat-report.md');
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(markdown).toBe(withNewline(renderMarkdown(report)));
    expect(watch.problems).toEqual([]);
  }, 60_000);

  it('filters threats by severity, STRIDE category and component', async () => {
    const { page, watch } = await watchedPage(browser);
    await page.goto(`${server.url}/`);
    const { report } = analyze({ text: DIAGRAM });
    await typeDiagram(page, DIAGRAM, report.threats.length);
    const listed = () =>
      page.$$eval('#threats button.threat', (buttons) => buttons.map((b) => b.dataset.threat));
    const idsWhere = (keep: (threat: Threat) => boolean) =>
      report.threats.filter(keep).map((threat) => threat.id);

    await page.selectOption('#filter-severity', 'high');
    expect(await listed()).toEqual(idsWhere((t) => t.severity === 'high'));
    await page.selectOption('#filter-stride', 'I');
    const highAndI = idsWhere((t) => t.severity === 'high' && t.stride.includes('I'));
    expect(await listed()).toEqual(highAndI);
    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-stride', '');
    await page.selectOption('#filter-component', 'cache');
    expect(await listed()).toEqual(idsWhere((t) => t.components.includes('cache')));
    expect(await listed()).not.toEqual(idsWhere(() => true));
    expect(watch.problems).toEqual([]);
  }, 60_000);

  it('lists an element’s facts and threats, and turns edited facts into hints', async () => {
    const { page, watch } = await watchedPage(browser);
    await page.goto(`${server.url}/`);
    const before = analyze({ text: DIAGRAM }).report;
    await typeDiagram(page, DIAGRAM, before.threats.length);

    await page.click('#diagram #strider-c-cache');
    const panel = page.locator('#element');
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.locator('h3').textContent()).toBe('Redis Cache (cache)');
    const authentication = panel.locator('tr', { hasText: 'authentication' });
    expect(await authentication.textContent()).toMatch(/false.*inferred \(technology\)/);
    const onCache = before.threats.filter((t) => t.components.includes('cache'));
    expect(await panel.locator('ul.related li').count()).toBe(onCache.length);

    await panel.locator('select[name="authentication"]').selectOption('true');
    await panel.locator('button[type="submit"]').click();
    const hinted = `components:\n  cache:\n    authentication: true\n`;
    await expect.poll(() => page.inputValue('#hints')).toBe(hinted);
    const after = analyze({ text: DIAGRAM }, { hints: { text: hinted } }).report;
    await page.waitForFunction(
      (count) => document.querySelector('#status')?.textContent?.startsWith(`${count} threats`),
      after.threats.length,
    );
    expect(await page.locator('#element tr', { hasText: 'authentication' }).textContent()).toMatch(
      /true\s*hint/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'element-facts.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#downloads button[data-format="hints"]'),
    ]);
    expect(readFileSync((await download.path())!, 'utf8')).toBe(hinted);
    expect(watch.problems).toEqual([]);
  }, 60_000);

  it('shows script in labels as text, runs none, and points at input problems', async () => {
    const { page, watch } = await watchedPage(browser);
    await page.goto(`${server.url}/`);
    const hostile = [
      'graph LR',
      '  u["<script>alert(1)</script>"] --> a["<img src=x onerror=alert(2)>"]',
      '  a --> db[("</text><script>alert(3)</script>")]',
    ].join('\n');
    await typeDiagram(page, hostile, analyze({ text: hostile }).report.threats.length);
    expect(await page.locator('#threats img, #threat img, #diagram script').count()).toBe(0);
    expect(await page.textContent('#threats')).toContain('<img src=x onerror=alert(2)>');
    expect(await page.textContent('#diagram')).toContain('<script>alert(1)</script>');

    await page.fill('#source', 'components:\n  - id: web\n    type: robot\n');
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.startsWith('Cannot read the input'),
    );
    expect(await page.textContent('#problems')).toMatch(/error: input:3:11/);
    await page.screenshot({ path: path.join(SHOTS, 'problems.png') });
    expect(watch.problems).toEqual([]);
  }, 60_000);

  it('reads files opened or dropped, detecting their format by name and content', async () => {
    const { page, watch } = await watchedPage(browser);
    await page.goto(`${server.url}/`);
    const opened = [
      ['test/fixtures/drawio/containers.drawio', 'drawio'],
      ['examples/payments-platform.yaml', 'strider'],
    ] as const;
    for (const [file, format] of opened) {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      const { report } = analyze({ text, file: path.basename(file) });
      await page.setInputFiles('#open-file', path.join(REPO_ROOT, file));
      await page.waitForFunction(
        (expected) => document.querySelector('#status')?.textContent?.includes(expected),
        `${report.threats.length} threats`,
      );
      expect(await page.textContent('#status')).toContain(`read as ${format}`);
      expect(await page.textContent('#file-name')).toBe(path.basename(file));
    }

    const dropped = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.mmd', { type: 'text/plain' }));
      return transfer;
    }, SAME_SHAPE);
    await page.dispatchEvent('#source', 'drop', { dataTransfer: dropped });
    await page.waitForFunction(
      () => document.querySelector('#file-name')?.textContent === 'dropped.mmd',
    );
    expect(await page.inputValue('#source')).toBe(SAME_SHAPE);
    expect(watch.problems).toEqual([]);
  }, 60_000);

  it('works from plain files, with no server behind it', async () => {
    const { page, watch } = await watchedPage(browser);
    await page.goto(`file://${path.join(webRoot, 'index.html')}`);
    const { report } = analyze({ text: DIAGRAM });
    await typeDiagram(page, DIAGRAM, report.threats.length);
    expect(await page.locator('#threats button.threat').count()).toBe(report.threats.length);
    expect(watch.problems).toEqual([]);
  }, 60_000);

  it('sends HTML reports from the API that render styled and whose script runs', async () => {
    const { page, watch } = await watchedPage(browser);
    // The API answers a POST; the browser opens that very answer, headers and all.
    const reportUrl = `${server.url}/report-from-the-api.html`;
    await page.route(reportUrl, async (route) => {
      const response = await route.fetch({
        url: `${server.url}/api/v1/analyze`,
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        postData: JSON.stringify({ input: DIAGRAM, output: 'html' }),
      });
      await route.fulfill({ response });
    });
    await page.goto(reportUrl);
    const { report } = analyze({ text: DIAGRAM });
    expect(await page.locator('details.threat').count()).toBe(report.threats.length);
    // The report's style sheet applied: unstyled, the body keeps the browser's 8px margin.
    const bodyStyle = await page.$eval('body', (body) => {
      const style = getComputedStyle(body);
      return { margin: style.margin, font: style.fontFamily };
    });
    expect(bodyStyle).toEqual({ margin: '0px', font: expect.stringMatching(/^system-ui/) });

    const threat = report.threats.find((t) => t.flows.length > 0)!;
    await page.click(`#threat-${threat.id} > summary`);
    await page.waitForSelector('figure.diagram svg.focus .highlight');
    const highlighted = await page.$$eval('figure.diagram .highlight', (elements) =>
      elements.map((element) => element.id).sort(),
    );
    expect(highlighted).toEqual(
      [
        ...threat.components.map((id) => `strider-c-${id}`),
        ...threat.flows.map((id) => `strider-f-${id}`),
      ].sort(),
    );
    await page.screenshot({ path: path.join(SHOTS, 'api-html-report.png') });
    expect(watch.problems).toEqual([]);
  }, 60_000);

  it('declares in the page the policy the server sends, but framing', () => {
    const html = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(`${meta}; frame-ancestors 'none'`).toBe(CONTENT_SECURITY_POLICY);
  });
});

if (!HAS_CHROMIUM) {
  describe('the web page in Chromium', () => {
    it.skip(`skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`, () => {});
  });
}
