import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/renderers/html.js';
import { analyzeFile } from '../diagram-helpers.js';
import { HAS_SHARED, SHARED_ABSENT_NOTE } from '../helpers.js';

/**
 * The HTML report in a real browser: Debian's Chromium, driven by playwright-core. .ci/run
 * installs it; elsewhere the suite skips with a note when it is missing.
 */
const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const CHROMIUM_ABSENT_NOTE = `skipped: ${CHROMIUM} is absent (apt-get install chromium, as .ci/run does)`;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The page is served from memory at this address by a route, so nothing reaches a network;
 * any other request the page makes is recorded and aborted.
 */
const REPORT_URL = 'http://127.0.0.1:9/report.html';
const SHOTS = HAS_CHROMIUM ? mkdtempSync(path.join(tmpdir(), 'strider-screenshots-')) : '';

interface OpenedReport {
  page: Page;
  /** Requests other than the report itself: must stay empty. */
  leaks: string[];
  dialogs: string[];
  /** Console errors, such as a Content-Security-Policy refusal, and uncaught exceptions. */
  errors: string[];
}

describe.skipIf(!HAS_CHROMIUM)('the HTML report in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string): Promise<OpenedReport> {
    const { model, report, warnings } = analyzeFile(file);
    const html = await renderHtmlReport(report, { model, warnings });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const opened: OpenedReport = { page, leaks: [], dialogs: [], errors: [] };
    await page.route('**/*', async (route) => {
      if (route.request().url() === REPORT_URL) {
        await route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
        return;
      }
      opened.leaks.push(route.request().url());
      await route.abort();
    });
    page.on('dialog', async (dialog) => {
      opened.dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') opened.errors.push(message.text());
    });
    page.on('pageerror', (error) => opened.errors.push(error.message));
    await page.goto(REPORT_URL, { waitUntil: 'load' });
    return opened;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const file = path.join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`screenshot: ${file}`);
  }

  /** Checks the page shows what the report is for, and that selecting a threat lights it up. */
  async function checkReport(file: string, shot: string): Promise<void> {
    const { model, report } = analyzeFile(file);
    const opened = await open(file);
    const { page } = opened;

    const clusters = page.locator('figure.diagram svg g.cluster');
    expect(await clusters.count()).toBe(model.zones.length);
    expect(model.zones.length).toBeGreaterThan(0);
    await expect(clusters.first().isVisible()).resolves.toBe(true);
    expect(await page.locator('figure.diagram svg g.node').count()).toBe(model.components.length);
    expect(await page.locator('details.threat').count()).toBe(report.threats.length);
    await expect(page.locator('details.threat summary').first().isVisible()).resolves.toBe(true);

    // The worst threat that names a flow, so both kinds of element get highlighted.
    const threat = report.threats.find((t) => t.flows.length > 0) ?? report.threats[0];
    await page.click(`#threat-${threat.id} > summary`);
    await page.waitForSelector('figure.diagram svg.focus .highlight');
    const highlighted = await page.$$eval('figure.diagram .highlight', (elements) =>
      elements.map((element) => element.id).sort(),
    );
    const expected = [
      ...threat.components.map((id) => `strider-c-${id}`),
      ...threat.flows.map((id) => `strider-f-${id}`),
    ].sort();
    expect(highlighted).toEqual(expected);
    await screenshot(page, shot);

    // Closing it again clears the highlight (the toggle event fires after the click).
    await page.click(`#threat-${threat.id} > summary`);
    await page.waitForFunction(() => document.querySelector('figure.diagram .highlight') === null);
    expect(await page.locator('figure.diagram svg.focus').count()).toBe(0);

    expect(opened.leaks).toEqual([]);
    expect(opened.errors).toEqual([]);
    expect(opened.dialogs).toEqual([]);
    await page.close();
  }

  it('shows the web-shop example: diagram, zones, threats, highlight on selection', async () => {
    await checkReport('examples/web-shop.mmd', 'web-shop');
  }, 30_000);

  it.skipIf(!HAS_SHARED)(
    'shows the shared system-updated.mmd diagram',
    async () => {
      await checkReport(
        '../shared/corpus/threat-thinker/examples/diagrams/web/system-updated.mmd',
        'system-updated',
      );
    },
    30_000,
  );

  it("opens an element's worst threat when the element is clicked", async () => {
    const { report } = analyzeFile('examples/web-shop.mmd');
    const { page } = await open('examples/web-shop.mmd');
    const worstOnDb = report.threats.find((t) => t.components.includes('db'))!;
    await page.click('#strider-c-db');
    await page.waitForSelector(`#threat-${worstOnDb.id}[open]`);
    expect(await page.locator('#strider-c-db.highlight').count()).toBe(1);
    await page.close();
  }, 30_000);

  it('shows hostile names as text: no dialog, no injected element or handler', async () => {
    const opened = await open('test/fixtures/diagrams/hostile.yaml');
    const { page } = opened;
    // Hovering and clicking is how injected handlers would fire.
    await page.hover('figure.diagram svg g.node');
    await page.click('details.threat > summary');
    const injected = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll('*'));
      return {
        scripts: document.scripts.length,
        images: document.images.length,
        bold: document.querySelectorAll('b, foreignObject, iframe').length,
        handlers: all.flatMap((element) =>
          element.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')),
        ),
      };
    });
    expect(injected).toEqual({ scripts: 1, images: 0, bold: 0, handlers: [] });
    await expect(page.getByText('<script>alert(1)</script>').first().isVisible()).resolves.toBe(
      true,
    );
    await expect(page.title()).resolves.toBe("<img src=x onerror=alert('title')>: threat analysis");
    await screenshot(page, 'hostile');
    expect(opened.dialogs).toEqual([]);
    expect(opened.leaks).toEqual([]);
    expect(opened.errors).toEqual([]);
    await page.close();
  }, 30_000);
});

if (!HAS_CHROMIUM) it.skip(CHROMIUM_ABSENT_NOTE, () => {});
if (HAS_CHROMIUM && !HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});
