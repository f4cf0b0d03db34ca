import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryDir } from '../../../test/cli-helpers.js';
import { REPO_ROOT } from '../../../test/helpers.js';

const WEB_SHOP = path.join(REPO_ROOT, 'examples/web-shop.mmd');

describe('strider diagram', () => {
  it('draws SVG by default, laid out by Graphviz', async () => {
    const result = await runCli('diagram', WEB_SHOP);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\n$/);
    expect(result.stdout).toContain('class="cluster zone trust&#45;internal"');
    expect(result.stdout).toContain('sev&#45;high');
  });

  it('writes DOT and Mermaid, and --no-threats leaves every element neutral', async () => {
    const dot = await runCli('diagram', WEB_SHOP, '--format', 'dot');
    expect(dot.stdout).toMatch(/^digraph "threat model" \{/);
    expect(dot.stdout).toContain('sev-high');
    const mermaid = await runCli('diagram', WEB_SHOP, '-f', 'mermaid', '--no-threats');
    expect(mermaid.stdout).toContain('flowchart LR');
    expect(mermaid.stdout).not.toContain('classDef sev');
  });

  it('writes to a new file with -o and refuses a format it does not know', async () => {
    const output = path.join(temporaryDir(), 'model.mmd');
    const written = await runCli('diagram', WEB_SHOP, '-f', 'mermaid', '-o', output);
    expect(written.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toContain('subgraph Private["Private Subnet"]');

    const wrong = await runCli('diagram', WEB_SHOP, '-f', 'png');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/'png' is invalid.*svg, dot, mermaid/);
  });

  it('reports unreadable input as one error line with exit 2', async () => {
    const result = await runCli('diagram', path.join(REPO_ROOT, 'no-such.mmd'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*no-such\.mmd: cannot read file/);
  });
});

describe('strider analyze --format html', () => {
  it('writes the self-contained HTML report', async () => {
    const output = path.join(temporaryDir(), 'report.html');
    const result = await runCli('analyze', WEB_SHOP, '--format', 'html', '-o', output);
    expect(result.code).toBe(0);
    const html = readFileSync(output, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<figure class="diagram"><svg');
    expect(html).toContain('<details class="threat sev-high status-active" id="threat-T001"');
  });
});
