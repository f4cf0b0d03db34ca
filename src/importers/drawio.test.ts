import { deflateSync } from 'fflate';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers.js';
import { understand } from '../engine/pipeline.js';
import type { Flow, ThreatModel } from '../model/types.js';
import { drawioImporter } from './drawio.js';
import { MAX_INFLATED_CHARS } from './drawio-pages.js';
import { importerFor } from './index.js';
import { component, inputProblems } from '../../test/model-helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/drawio');

function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

function parseFixture(name: string, page?: string) {
  return drawioImporter.parse(fixtureText(name), { file: name, page });
}

function flowsOf(model: ThreatModel): [string, string, string | undefined][] {
  return model.flows.map((flow: Flow) => [flow.from, flow.to, flow.label]);
}

/** A draw.io file with one page compressed as draw.io does it: URI-encoded, deflated, Base64. */
function compressedFile(pageXml: string): string {
  const packed = Buffer.from(deflateSync(Buffer.from(encodeURIComponent(pageXml)))).toString(
    'base64',
  );
  return `<mxfile><diagram name="P">${packed}</diagram></mxfile>`;
}

describe('draw.io detection', () => {
  it('claims .drawio and .xml files with draw.io elements, and nothing else', () => {
    expect(importerFor(fixtureText('containers.drawio'), 'a.drawio').format).toBe('drawio');
    expect(importerFor(fixtureText('drawn-areas.xml'), 'a.xml').format).toBe('drawio');
    expect(drawioImporter.detect('<svg><g/></svg>', 'a.xml')).toBe(false);
    expect(drawioImporter.detect(fixtureText('containers.drawio'), 'a.json')).toBe(false);
  });
});

describe('draw.io shapes and labels', () => {
  const { model, warnings } = parseFixture('shapes-and-labels.drawio');

  it('reads shapes as components with their cell IDs, skipping notes and decorations', () => {
    expect(warnings).toEqual([]);
    expect(model.components.map((c) => [c.id, c.name, c.shape])).toEqual([
      ['customer', 'Customer', 'actor'],
      ['web', 'Web Shop & Cart', 'rect'],
      ['gateway', 'Payment Gateway', 'circle'],
      ['orders', 'Orders', 'cylinder'],
    ]);
  });

  it('lets inference read cylinders as stores and actors as people', () => {
    const text = fixtureText('shapes-and-labels.drawio');
    const inferred = understand({ text, file: 'a.drawio' });
    expect(component(inferred.model, 'orders').type).toMatchObject({ value: 'datastore' });
    expect(component(inferred.model, 'customer').type).toMatchObject({ value: 'actor' });
  });

  it('takes edge labels from the edge and from label cells, cleaned of HTML', () => {
    expect(flowsOf(model)).toEqual([
      ['customer', 'web', 'HTTPS'],
      ['web', 'orders', 'SQL order rows'],
      ['web', 'gateway', 'card data'],
      ['gateway', 'web', 'callback'],
    ]);
  });

  it('reads arrowheads: both ends is both ways, only at the source runs backwards', () => {
    expect(model.flows.map((f) => f.bidirectional ?? false)).toEqual([false, false, true, false]);
  });

  it('points each element at its line in the file', () => {
    expect(component(model, 'customer').position).toEqual({ line: 7, column: 9 });
  });
});

describe('draw.io containers', () => {
  const { model, warnings } = parseFixture('containers.drawio');

  it('makes swimlanes, groups, container=1 and parents of shapes into nested zones', () => {
    expect(warnings).toEqual([]);
    expect(model.zones.map((z) => [z.id, z.name, z.parent])).toEqual([
      ['cloud', 'Cloud', undefined],
      ['private', 'Private Subnet', 'cloud'],
      ['grp', 'Group grp', 'cloud'],
      ['box', 'Data', 'cloud'],
    ]);
  });

  it('puts each shape in its nearest container', () => {
    expect(component(model, 'api').zone).toMatchObject({ value: 'private', source: 'declared' });
    expect(component(model, 'worker').zone?.value).toBe('grp');
    expect(component(model, 'db').zone?.value).toBe('box');
    expect(flowsOf(model)).toEqual([
      ['api', 'db', 'reads'],
      ['worker', 'api', undefined],
    ]);
  });
});

describe('draw.io boxes drawn around shapes', () => {
  it('makes a box that encloses other shapes a zone, nested by geometry', () => {
    const { model } = parseFixture('drawn-areas.xml');
    expect(model.zones.map((z) => [z.id, z.parent])).toEqual([
      ['internet', undefined],
      ['vpc', undefined],
      ['subnet', 'vpc'],
    ]);
    expect(component(model, 'user').zone).toMatchObject({
      value: 'internet',
      reason: "drawn inside 'Internet'",
    });
    expect(component(model, 'api').zone?.value).toBe('subnet');
  });

  it('never makes a cylinder or actor an area, even when it covers another shape', () => {
    const { model } = parseFixture('drawn-areas.xml');
    expect(component(model, 'cache').zone?.value).toBe('vpc');
    expect(component(model, 'db').zone?.value).toBe('vpc');
  });
});

describe('draw.io user objects', () => {
  it('reads the label and ID from object and UserObject wrappers', () => {
    const { model } = parseFixture('user-objects.drawio');
    expect(model.components.map((c) => [c.id, c.name, c.shape])).toEqual([
      ['billing', 'Billing API', 'rect'],
      ['ledger', 'Ledger', 'cylinder'],
    ]);
    expect(flowsOf(model)).toEqual([['billing', 'ledger', 'writes']]);
  });
});

describe('draw.io compressed pages', () => {
  it('inflates a compressed page', () => {
    const { model, warnings } = parseFixture('compressed.drawio');
    expect(model.components.map((c) => [c.id, c.name])).toEqual([
      ['app', 'Worker'],
      ['jobs', 'Job Queue'],
    ]);
    expect(flowsOf(model)).toEqual([['app', 'jobs', 'AMQP']]);
    expect(warnings.map((w) => w.message)).toEqual([
      "page 'Back' (compressed): edge 'lost' skipped: its target end is not connected to a shape",
    ]);
    expect(warnings[0]).toMatchObject({ file: 'compressed.drawio', line: 2 });
  });

  it('refuses a page that inflates past the limit, in bounded time', () => {
    const filler = ' '.repeat(MAX_INFLATED_CHARS);
    const bomb = compressedFile(`<mxGraphModel>${filler}</mxGraphModel>`);
    expect(bomb.length).toBeLessThan(200_000);
    const started = Date.now();
    const [problem] = inputProblems(() => drawioImporter.parse(bomb, { file: 'bomb.drawio' }));
    expect(problem?.code).toBe('drawio-compressed');
    expect(problem?.message).toContain('refused: it inflates to more than the limit');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses corrupt compressed data and text that is not Base64', () => {
    const corrupt = inputProblems(() =>
      drawioImporter.parse('<mxfile><diagram name="P">AAAAAAAAAAAA</diagram></mxfile>'),
    );
    expect(corrupt[0]?.message).toMatch(/^page 'P' \(compressed\): corrupt compressed data/);
    const notBase64 = inputProblems(() =>
      drawioImporter.parse('<mxfile><diagram name="P">not base64!</diagram></mxfile>'),
    );
    expect(notBase64[0]?.message).toContain('not Base64 text');
  });

  it('reports XML errors inside a compressed page with the position in the page', () => {
    const [problem] = inputProblems(() =>
      drawioImporter.parse(compressedFile('<mxGraphModel><root></mxGraphModel>'), {
        file: 'x.drawio',
      }),
    );
    expect(problem?.message).toMatch(
      /^page 'P' \(compressed\): XML syntax at line 1, column \d+ of the inflated page: /,
    );
  });
});

describe('draw.io pages', () => {
  it('reads every page, renaming an ID an earlier page used', () => {
    const { model, warnings } = parseFixture('pages.drawio');
    expect(model.components.map((c) => [c.id, c.name])).toEqual([
      ['app', 'Web App'],
      ['app@Back', 'Worker'],
      ['jobs', 'Job Queue'],
    ]);
    expect(flowsOf(model)).toEqual([['app@Back', 'jobs', 'AMQP']]);
    expect(warnings[0]?.message).toContain(
      "cell ID 'app' was used on an earlier page; here it is 'app@Back'",
    );
  });

  it('reads one page chosen by name or number', () => {
    expect(parseFixture('pages.drawio', 'Back').model.components.map((c) => c.id)).toEqual([
      'app',
      'jobs',
    ]);
    expect(parseFixture('pages.drawio', '1').model.components.map((c) => c.name)).toEqual([
      'Web App',
    ]);
    const [problem] = inputProblems(() => parseFixture('pages.drawio', '3'));
    expect(problem?.message).toBe(
      "no page '3': choose one by name or number (1 'Front', 2 'Back')",
    );
  });

  it('takes --page through the pipeline, and warns when the format has no pages', () => {
    const text = fixtureText('pages.drawio');
    const { model } = understand({ text, file: 'p.drawio' }, { page: 'Front' });
    expect(model.components.map((c) => c.name)).toEqual(['Web App']);
    const mermaid = understand({ text: 'graph LR\n  a --> b\n', file: 'x.mmd' }, { page: '2' });
    expect(mermaid.warnings.map((w) => w.code)).toEqual(['page-ignored']);
  });
});

describe('draw.io edges with a missing end', () => {
  it('warns with the edge ID and why, and skips the edge', () => {
    const { model, warnings } = parseFixture('dangling-edges.drawio');
    expect(model.flows).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([
      "edge 'loose' skipped: its target end is not connected to a shape",
      "edge 'to-zone' skipped: its target 'Zone' is a container; " +
        'flows run between the shapes inside',
      "edge 'to-nothing' skipped: its target 'removed' is not on the page",
    ]);
    expect(warnings[0]).toMatchObject({
      severity: 'warning',
      file: 'dangling-edges.drawio',
      line: 13,
    });
  });
});

describe('draw.io bad and hostile input', () => {
  it('reports malformed XML in one line with file and position', () => {
    const problems = inputProblems(() => parseFixture('malformed.drawio'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'xml-syntax', file: 'malformed.drawio', line: 7 });
    expect(problems[0]?.message).toMatch(/^XML syntax: Expected closing tag 'mxCell'/);
  });

  it('refuses DOCTYPE and entity declarations (billion laughs, external entities)', () => {
    const [problem] = inputProblems(() => parseFixture('entities.drawio'));
    expect(problem).toMatchObject({ file: 'entities.drawio', line: 2, column: 1 });
    expect(problem?.message).toContain('refused: DOCTYPE and ENTITY declarations are not read');
  });

  it('refuses XML nested far deeper than any drawing', () => {
    const deep = `<mxGraphModel>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</mxGraphModel>`;
    const [problem] = inputProblems(() => drawioImporter.parse(deep, { file: 'deep.xml' }));
    expect(problem?.message).toMatch(/^refused: /);
  });

  it('reads gigantic coordinates as missing geometry', () => {
    const text = fixtureText('drawn-areas.xml').replace('x="40" y="60"', 'x="1e999" y="60"');
    const { model } = drawioImporter.parse(text, { file: 'huge.xml' });
    expect(component(model, 'user').zone).toBeUndefined();
  });

  it('does not loop on cells that are their own ancestors', () => {
    const text =
      '<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>' +
      '<mxCell id="a" value="A" vertex="1" parent="b">' +
      '<mxGeometry width="9" height="9" as="geometry"/></mxCell>' +
      '<mxCell id="b" value="B" vertex="1" parent="a">' +
      '<mxGeometry width="9" height="9" as="geometry"/></mxCell>' +
      '</root></mxGraphModel>';
    const { model } = drawioImporter.parse(text);
    expect(model.zones.map((z) => z.id)).toEqual(['a', 'b']);
  });
});
