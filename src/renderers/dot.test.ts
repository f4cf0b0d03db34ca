import { describe, expect, it } from 'vitest';
import type { Threat } from '../engine/threat.js';
import type { ThreatModel } from '../model/types.js';
import { analyzeFile, elementsOf, expectGolden } from '../../test/diagram-helpers.js';
import { renderDot } from './dot.js';
import { loadSvgLayout } from './graphviz.js';

const ZONED = 'test/fixtures/diagrams/zoned.yaml';
const HOSTILE = 'test/fixtures/diagrams/hostile.yaml';

/** The statement that draws one element: its line of the DOT text. */
function lineOf(dot: string, start: string): string {
  const line = dot.split('\n').find((l) => l.trimStart().startsWith(start));
  if (line === undefined) throw new Error(`no line starts with ${start}`);
  return line;
}

/** The lines between a cluster's opening and its closing brace, found by indentation. */
function clusterBody(dot: string, zoneId: string): string[] {
  const lines = dot.split('\n');
  const open = lines.findIndex((l) => l.trim() === `subgraph "cluster_${zoneId}" {`);
  const indent = lines[open].length - lines[open].trimStart().length;
  const close = lines.findIndex((l, i) => i > open && l === `${' '.repeat(indent)}}`);
  return lines.slice(open + 1, close);
}

describe('renderDot', () => {
  it('draws the web-shop example as checked in', () => {
    const { model, report } = analyzeFile('examples/web-shop.mmd');
    expectGolden('web-shop.dot', renderDot(model, { threats: report.threats }));
  });

  it('nests zones as clusters and draws unzoned elements outside all of them', () => {
    const { model } = analyzeFile(ZONED);
    const dot = renderDot(model);
    const core = clusterBody(dot, 'core').join('\n');
    expect(core).toContain('subgraph "cluster_records" {');
    expect(clusterBody(dot, 'records').join('\n')).toContain('"emr" [');
    expect(core).toContain('"portal" [');
    expect(clusterBody(dot, 'internet').join('\n')).not.toContain('"portal" [');
    expect(lineOf(dot, '"lab" [').startsWith('  "lab"')).toBe(true);
    expect(dot).toContain('label="Records · restricted"');
  });

  it('shapes elements by type and labels flows with their protocol', () => {
    const { model } = analyzeFile(ZONED);
    const dot = renderDot(model);
    expect(lineOf(dot, '"patient" [')).toContain('shape="ellipse"');
    expect(lineOf(dot, '"portal" [')).toContain('shape="box"');
    expect(lineOf(dot, '"emr" [')).toContain('shape="cylinder"');
    expect(lineOf(dot, '"lab" [')).toContain('shape="box3d"');
    expect(lineOf(dot, '"patient" -> "portal"')).toContain('label="https"');
    expect(lineOf(dot, '"portal" -> "lab"')).toContain('dir="both"');
  });

  it('draws inferred facts differently from declared ones', () => {
    const { model } = analyzeFile(ZONED);
    const dot = renderDot(model);
    // Declared type and kind: solid; the cache's come from the Redis catalog entry: dashed.
    expect(lineOf(dot, '"portal" [')).toContain('style="filled,rounded"');
    expect(lineOf(dot, '"cache" [')).toContain('style="filled,dashed"');
    expect(lineOf(dot, '"cache" [')).toContain(
      'class="component type-datastore sev-none inferred"',
    );
    // Protocols: declared plain, inferred from the target's technology in italics, unknown dashed.
    const declared = lineOf(dot, '"portal" -> "emr"');
    expect(declared).toContain('label="postgresql"');
    expect(declared).not.toMatch(/Oblique|dashed/);
    const inferred = lineOf(dot, '"portal" -> "cache"');
    expect(inferred).toContain('label="redis"');
    expect(inferred).toContain('fontname="Helvetica-Oblique"');
    const unknown = lineOf(dot, '"portal" -> "lab"');
    expect(unknown).toContain('style="dashed"');
    expect(unknown).not.toContain('label=');
    // A zone whose trust the model states is solid; one read from its name is dashed.
    expect(clusterBody(dot, 'core')).toContain('    style="rounded,filled";');
    const { model: diagram } = analyzeFile('examples/web-shop.mmd');
    const named = clusterBody(renderDot(diagram), 'Private');
    expect(named).toContain('    style="rounded,filled,dashed";');
  });

  it('colours each element by its worst active threat, and nothing without threats', () => {
    const { model, report } = analyzeFile(ZONED);
    const neutral = renderDot(model);
    expect(neutral).not.toMatch(/sev-(critical|high|medium|low)/);

    const coloured = renderDot(model, { threats: report.threats });
    const worstOnPortal = report.threats.find((t) => t.components.includes('portal'))!;
    expect(lineOf(coloured, '"portal" [')).toContain(`sev-${worstOnPortal.severity}`);

    const settled: Threat[] = report.threats.map((t) => ({ ...t, status: 'accepted' }));
    expect(renderDot(model, { threats: settled })).not.toMatch(/sev-(critical|high|medium|low)/);
  });

  it('draws a zone whose parent is unknown or loops at the top level', () => {
    const zone = (id: string, parent?: string) => ({
      id,
      name: id,
      trust: { value: 'internal', source: 'declared' } as const,
      ...(parent ? { parent } : {}),
    });
    const model: ThreatModel = {
      zones: [zone('a', 'b'), zone('b', 'a'), zone('orphan', 'missing')],
      components: [],
      flows: [],
      dataClasses: [],
    };
    const tops = renderDot(model)
      .split('\n')
      .filter((line) => line.startsWith('  subgraph'));
    expect(tops).toEqual([
      '  subgraph "cluster_a" {',
      '  subgraph "cluster_b" {',
      '  subgraph "cluster_orphan" {',
    ]);
  });

  it('escapes every label: Graphviz lays out a hostile model into inert SVG', async () => {
    const { model, report } = analyzeFile(HOSTILE);
    const dot = renderDot(model, { threats: report.threats });
    expect(dot).toContain('"back\\\\slash" -> "<script>alert(\'id\')</script>"');
    expect(dot).toContain('<script>alert(1)</script>'.replace(/</g, '&lt;').replace(/>/g, '&gt;'));

    const svg = (await loadSvgLayout())(dot);
    const elements = elementsOf(svg);
    const names = new Set(elements.map((e) => e.name));
    for (const forbidden of ['script', 'img', 'foreignobject', 'b', 'iframe']) {
      expect(names.has(forbidden), forbidden).toBe(false);
    }
    const handlers = elements
      .flatMap((e) => Object.keys(e.attributes))
      .filter((a) => /^on/i.test(a));
    expect(handlers).toEqual([]);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // A backslash stays a backslash: `\N` is not expanded into the node's name.
    expect(svg).toContain('back\\slash \\N #35;');
  });
});
