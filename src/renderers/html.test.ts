import { describe, expect, it } from 'vitest';
import type { Threat } from '../engine/threat.js';
import { analyzeFile, elementsOf } from '../../test/diagram-helpers.js';
import { loadSvgLayout } from './graphviz.js';
import { cspHash, escapeHtml, renderHtml, renderHtmlReport } from './html.js';

const WEB_SHOP = 'examples/web-shop.mmd';
const HOSTILE = 'test/fixtures/diagrams/hostile.yaml';

async function page(file: string, edit: (threats: Threat[]) => Threat[] = (t) => t) {
  const { model, report, warnings } = analyzeFile(file);
  const html = await renderHtmlReport(
    { ...report, threats: edit(report.threats) },
    {
      model,
      warnings,
    },
  );
  return { html, report, model, elements: elementsOf(html) };
}

function inlineBlock(html: string, tag: 'script' | 'style'): string {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html);
  if (!match) throw new Error(`no <${tag}> in the page`);
  return match[1];
}

describe('renderHtml', () => {
  it('is one self-contained page: nothing to load, inline code allowed by hash only', async () => {
    const { html, elements } = await page(WEB_SHOP);
    const names = elements.map((e) => e.name);
    expect(names.filter((n) => n === 'script')).toHaveLength(1);
    expect(names.filter((n) => n === 'style')).toHaveLength(1);
    for (const fetching of ['link', 'img', 'iframe', 'object', 'embed', 'image', 'use']) {
      expect(names, fetching).not.toContain(fetching);
    }
    const loaders = elements.flatMap((e) =>
      Object.keys(e.attributes).filter((a) => /^(src|href|xlink:href|srcset|style)$/.test(a)),
    );
    expect(loaders).toEqual([]);
    expect(inlineBlock(html, 'style')).not.toMatch(/url\(|@import/);
    expect(inlineBlock(html, 'script')).not.toMatch(/fetch|XMLHttpRequest|import\(/);

    const policy = elements.find((e) => e.attributes['http-equiv'] === 'Content-Security-Policy');
    const directives = policy!.attributes.content.split('; ');
    expect(directives).toContain("default-src 'none'");
    expect(directives).toContain(`script-src '${cspHash(inlineBlock(html, 'script'))}'`);
    expect(directives).toContain(`style-src '${cspHash(inlineBlock(html, 'style'))}'`);
  });

  it('computes CSP hashes as browsers do: base64 SHA-256 of the exact text', () => {
    // The SHA-256 of the empty string, as the CSP specification's examples give it.
    expect(cspHash('')).toBe('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(cspHash('a')).not.toBe(cspHash('a '));
  });

  it('inlines the diagram with its zones and the elements each threat affects', async () => {
    const { html, report, elements } = await page(WEB_SHOP);
    expect(elements.filter((e) => e.name === 'svg')).toHaveLength(1);
    const clusters = elements.filter((e) => e.attributes.class?.startsWith('cluster zone'));
    expect(clusters.map((e) => e.attributes.id)).toEqual(['strider-z-Private', 'strider-z-Data']);
    const ids = new Set(elements.map((e) => e.attributes.id));
    for (const threat of report.threats) {
      const item = elements.find((e) => e.attributes.id === `threat-${threat.id}`)!;
      expect(item.name).toBe('details');
      expect(JSON.parse(item.attributes['data-components'])).toEqual(threat.components);
      expect(JSON.parse(item.attributes['data-flows'])).toEqual(threat.flows);
      for (const id of threat.components) expect(ids, id).toContain(`strider-c-${id}`);
      for (const id of threat.flows) expect(ids, id).toContain(`strider-f-${id}`);
    }
    expect(html).not.toContain('<?xml');
  });

  it('summarizes active threats by severity and by STRIDE category', async () => {
    const { html, report } = await page(WEB_SHOP);
    const high = report.threats.filter((t) => t.severity === 'high').length;
    expect(high).toBeGreaterThan(0);
    expect(html).toContain(`<div class="card sev-high"><span class="count">${high}</span>`);
    const tampering = report.threats.filter((t) => t.stride.includes('T')).length;
    const row = `<tr><td>Tampering</td>(<td[^>]*>\\d+</td>){4}<td>${tampering}</td>`;
    expect(html).toMatch(new RegExp(row));
    expect(html).toContain('<tr><td>Denial of Service</td><td class="zero">0</td>');
  });

  it('lists each threat with its evidence, recommendation and references', async () => {
    const { html, report } = await page(WEB_SHOP);
    const first = report.threats[0];
    expect(html).toContain(`<span class="title">${escapeHtml(first.title)}</span>`);
    expect(html).toContain(escapeHtml(first.recommendation));
    expect(html).toContain(first.references.cwe[0]);
    expect(html).toContain(`fingerprint <code>${first.fingerprint}</code>`);
    expect(html).toContain(`${escapeHtml(first.evidence[0].attribute)} = `);
  });

  it('shows settled threats with their decision and leaves them out of the counts', async () => {
    const { html } = await page(WEB_SHOP, (threats) =>
      threats.map((t, i) =>
        i === 0
          ? {
              ...t,
              status: 'accepted',
              decision: {
                status: 'accepted',
                justification: 'Behind the <VPN>',
                owner: 'ops',
                expires: '2099-01-01',
                expired: false,
                file: 'strider-risks.yaml',
                line: 3,
                column: 5,
              },
            }
          : t,
      ),
    );
    expect(html).toContain('<span class="status">Accepted</span>');
    expect(html).toContain('Accepted by ops until 2099-01-01: Behind the &lt;VPN&gt;');
    expect(html).toContain('(strider-risks.yaml:3:5)');
    expect(html).toContain('1 settled by a risk decision');
    expect(html).toContain('<div class="card sev-high"><span class="count">3</span>');
  });

  it('shows every input text as text: hostile names make no element or attribute', async () => {
    const { html, elements } = await page(HOSTILE);
    const names = new Set(elements.map((e) => e.name));
    for (const injected of ['img', 'b', 'iframe', 'foreignobject']) {
      expect(names.has(injected), injected).toBe(false);
    }
    expect(elements.filter((e) => e.name === 'script')).toHaveLength(1);
    const handlers = elements
      .flatMap((e) => Object.keys(e.attributes))
      .filter((a) => /^on/i.test(a));
    expect(handlers).toEqual([]);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<title>&lt;img src=x onerror=alert(&#39;title&#39;)&gt;: threat');
  });

  it('renders with a layout passed in, and says when there are no threats', async () => {
    const { model, report } = analyzeFile(WEB_SHOP);
    const html = renderHtml({ ...report, threats: [] }, { model, layout: await loadSvgLayout() });
    expect(html).toContain('No threats were identified.');
    expect(html).not.toContain('<details');
    const top = renderHtml(report, { model, layout: await loadSvgLayout(), top: 2 });
    expect(top.match(/<details /g)).toHaveLength(2);
    expect(top).toContain(`showing the top 2 of ${report.threats.length} threats`);
  });
});
