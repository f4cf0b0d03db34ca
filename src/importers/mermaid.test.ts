import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../model/problems.js';
import type { ThreatModel } from '../model/types.js';
import type { ImportResult } from './importer.js';
import { mermaidImporter, parseWithoutFastPath } from './mermaid.js';
import { component, flow } from '../../test/model-helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../../test/fixtures/mermaid');
/** Example diagrams from the shared corpus, present beside the checkout in CI only. */
const CORPUS = path.resolve(HERE, '../../../shared/corpus/threat-thinker/examples/diagrams');
const HAS_CORPUS = existsSync(CORPUS);

function parseFixture(name: string): { model: ThreatModel; warnings: Problem[] } {
  const text = readFileSync(path.join(FIXTURES, name), 'utf8');
  return mermaidImporter.parse(text, { file: name });
}

function modelOf(text: string): ThreatModel {
  return mermaidImporter.parse(text).model;
}

/** The single problem of the InputError that parsing `text` must throw. */
function problemOf(text: string, file?: string): Problem {
  try {
    mermaidImporter.parse(text, { file });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const { problems } = error as InputError;
    expect(problems).toHaveLength(1);
    return problems[0] as Problem;
  }
  throw new Error(`expected an InputError for ${JSON.stringify(text)}`);
}

function namesAndShapes(model: ThreatModel): Record<string, [string, string | undefined]> {
  return Object.fromEntries(model.components.map((c) => [c.id, [c.name, c.shape]]));
}

/** Each component's zone ID by component ID. */
function zonesOf(model: ThreatModel): Record<string, string | undefined> {
  return Object.fromEntries(model.components.map((c) => [c.id, c.zone?.value]));
}

function flowSummary(model: ThreatModel): Array<[string, string | undefined, boolean]> {
  return model.flows.map((f) => [f.id, f.label, f.bidirectional ?? false]);
}

/** Every .mmd file below `folder`, walked by hand: `Dirent.parentPath` needs Node 20.12. */
function listMermaidFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return listMermaidFiles(full);
      return entry.name.endsWith('.mmd') ? [full] : [];
    })
    .sort();
}

describe('mermaidImporter.detect', () => {
  it('claims .mmd and .mermaid files whatever their text', () => {
    expect(mermaidImporter.detect('', 'diagrams/system.mmd')).toBe(true);
    expect(mermaidImporter.detect('', 'C:\\docs\\SYSTEM.MERMAID')).toBe(true);
  });

  it('recognizes pasted text by its diagram keyword', () => {
    expect(mermaidImporter.detect('graph LR\n a --> b')).toBe(true);
    expect(mermaidImporter.detect('flowchart')).toBe(true);
    expect(mermaidImporter.detect('%% notes\n\n%%{init: {}}%%\n  flowchart TD;')).toBe(true);
    expect(mermaidImporter.detect('---\ntitle: T\n---\nflowchart LR\n a')).toBe(true);
  });

  it('recognizes the other diagram types, so that parse can refuse them clearly', () => {
    expect(mermaidImporter.detect('sequenceDiagram\n a->>b: hi')).toBe(true);
    expect(mermaidImporter.detect('pie title Pets')).toBe(true);
    expect(mermaidImporter.detect('stateDiagram-v2\n [*] --> s')).toBe(true);
  });

  it('leaves other formats alone', () => {
    expect(mermaidImporter.detect('graph:\n  nodes: []', 'model.yaml')).toBe(false);
    expect(mermaidImporter.detect('{"graph": true}')).toBe(false);
    expect(mermaidImporter.detect('graphical notes', 'notes.md')).toBe(false);
    expect(mermaidImporter.detect('---\nname: x\n')).toBe(false);
    expect(mermaidImporter.detect('%%{init: never closed')).toBe(false);
    expect(mermaidImporter.detect('')).toBe(false);
  });
});

describe('mermaidImporter.parse: documents', () => {
  it('reads empty text or comments alone as an empty model', () => {
    const empty = { zones: [], components: [], flows: [], dataClasses: [] };
    expect(mermaidImporter.parse('')).toEqual({ model: empty, warnings: [] });
    expect(mermaidImporter.parse('%% nothing yet\n\n   \n%%{init: {}}%%\n')).toEqual({
      model: empty,
      warnings: [],
    });
  });

  it.each(['graph', 'flowchart', 'graph TB', 'graph TD', 'graph BT', 'graph RL', 'flowchart LR'])(
    "accepts the header '%s'",
    (header) => {
      const model = modelOf(`${header}\n  a --> b`);
      expect(model.flows.map((f) => f.id)).toEqual(['a->b']);
    },
  );

  it('reads statements after the header on its line, separated by semicolons', () => {
    const model = modelOf('graph TD;A-->B;B-->C;');
    expect(model.flows.map((f) => f.id)).toEqual(['A->B', 'B->C']);
    expect(flow(model, 'B->C').position).toEqual({ line: 1, column: 17 });
  });

  it('takes the title from front matter and skips directives and comments', () => {
    const { model } = parseFixture('front-matter.mmd');
    expect(model.title).toBe('Checkout: payment flow');
    expect(namesAndShapes(model)).toEqual({
      shop: ['Shop', 'rect'],
      psp: ['Payment provider', 'rect'],
      ledger: ['Ledger', 'cylinder'],
    });
    expect(model.flows.map((f) => f.id)).toEqual(['shop->psp', 'shop->ledger', 'psp->shop']);
    expect(flow(model, 'psp->shop').position).toEqual({ line: 10, column: 35 });
  });

  it('keeps %% inside labels as text', () => {
    expect(component(modelOf('graph\n  sale["50%% off"] %% a comment'), 'sale').name).toBe(
      '50%% off',
    );
  });

  it('reads Windows line endings', () => {
    const model = modelOf('graph LR\r\n  a[A] --> b\r\n  subgraph z [Z]\r\n    c\r\n  end\r\n');
    expect(model.components.map((c) => [c.id, c.name, c.zone?.value])).toEqual([
      ['a', 'A', undefined],
      ['b', 'b', undefined],
      ['c', 'c', 'z'],
    ]);
  });

  it('counts columns on the first line after a byte-order mark', () => {
    const model = modelOf('\ufeffgraph LR;a-->b');
    expect(component(model, 'a').position).toEqual({ line: 1, column: 10 });
  });
});

describe('mermaidImporter.parse: nodes', () => {
  it('reads every bracket shape and the newer @{ shape } syntax', () => {
    expect(namesAndShapes(parseFixture('shapes.mmd').model)).toEqual({
      rect: ['Rectangle', 'rect'],
      rounded: ['Rounded', 'rounded'],
      stadium: ['Stadium', 'stadium'],
      circle: ['Circle', 'circle'],
      doubleCircle: ['Double circle', 'double-circle'],
      cylinder: ['Cylinder', 'cylinder'],
      subroutine: ['Subroutine', 'subroutine'],
      rhombus: ['Rhombus', 'rhombus'],
      hexagon: ['Hexagon', 'hexagon'],
      parallelogram: ['Parallelogram', 'parallelogram'],
      parallelogramAlt: ['Parallelogram alt', 'parallelogram-alt'],
      trapezoid: ['Trapezoid', 'trapezoid'],
      trapezoidAlt: ['Trapezoid alt', 'trapezoid-alt'],
      asymmetric: ['Asymmetric', 'asymmetric'],
      plain: ['plain', 'rect'],
      orders: ['Orders DB', 'cylinder'],
      ledger: ['Ledger', 'cylinder'],
      disk: ['Disk', 'cylinder'],
      gate: ['Gate', 'rhombus'],
      prep: ['Prepare', 'hexagon'],
      report: ['Report', 'doc'],
      custom: ['Custom', 'Sparkle-Box'],
      unlabelled: ['unlabelled', 'stadium'],
      defaulted: ['No shape given', 'rect'],
      multiline: ['Spans two lines', 'rounded'],
    });
  });

  it('types cylinders as data stores and everything else as assumed processes', () => {
    const { model } = parseFixture('shapes.mmd');
    expect(component(model, 'orders')).toEqual({
      id: 'orders',
      name: 'Orders DB',
      type: { value: 'datastore', source: 'label', reason: 'drawn as a cylinder' },
      kind: { value: 'unknown', source: 'assumed' },
      data: { value: [], source: 'assumed' },
      controls: {},
      shape: 'cylinder',
      position: { line: 20, column: 3 },
    });
    expect(component(model, 'rhombus').type).toEqual({
      value: 'process',
      source: 'assumed',
      reason: 'no type in the diagram',
    });
    expect(model.dataClasses).toEqual([]);
  });

  it('cleans labels: quotes, line breaks, Markdown, entities and spacing', () => {
    const model = parseFixture('labels.mmd').model;
    expect(component(model, 'quoted').name).toBe('Payments (v2) [beta]');
    expect(component(model, 'breaks').name).toBe('Line one line two line three four');
    expect(component(model, 'markdown').name).toBe('Bold and italic keep snake_case');
    expect(component(model, 'entities').name).toBe('Say "hi" & #1 <now>');
    expect(component(model, 'padded').name).toBe('lots of space');
    expect(component(model, 'spaced').name).toBe('quoted and padded');
  });

  it('decodes numeric entities in both the HTML and the Mermaid form', () => {
    const model = modelOf('graph\n  a["#9829; &#9829; &#x2665; #59; &unknown;"]');
    expect(component(model, 'a').name).toBe('\u2665 \u2665 \u2665 ; &unknown;');
  });

  it('lets the last labelled definition name a node, positioned where it was first drawn', () => {
    const model = parseFixture('labels.mmd').model;
    expect(component(model, 'twice')).toMatchObject({
      name: 'Second label',
      shape: 'cylinder',
      position: { line: 8, column: 3 },
    });
    expect(component(model, 'later')).toMatchObject({
      name: 'Defined later',
      shape: 'rounded',
      position: { line: 11, column: 3 },
    });
  });

  it('shows a relabelled node with its last label and shape, as Mermaid draws it', () => {
    const model = modelOf('graph\n  K[Old] --> L\n  K([Renamed]) --> M');
    expect(namesAndShapes(model)).toEqual({
      K: ['Renamed', 'stadium'],
      L: ['L', 'rect'],
      M: ['M', 'rect'],
    });
    expect(component(model, 'K').position).toEqual({ line: 2, column: 3 });
  });

  it('lets a later shape without a label reshape a node but keep its name', () => {
    const model = modelOf('graph\n  a[Orders] --> b(Billing)\n  a@{ shape: cyl }\n  b[ ]');
    expect(namesAndShapes(model)).toEqual({
      a: ['Orders', 'cylinder'],
      b: ['Billing', 'rect'],
    });
    expect(component(model, 'a').type.value).toBe('datastore');
  });

  it('names a node after its ID when no definition has a label', () => {
    const model = modelOf('graph\n  a --> b\n  b@{ shape: cyl }\n  b[Named later]\n  c[  ]');
    expect(namesAndShapes(model)).toEqual({
      a: ['a', 'rect'],
      b: ['Named later', 'rect'],
      c: ['c', 'rect'],
    });
    expect(component(model, 'b').position).toEqual({ line: 3, column: 3 });
  });

  it('reads IDs with dashes, dots and non-Latin letters', () => {
    const model = modelOf('graph\n  auth-service --> api.v2 --> 数据库[(数据库)]');
    expect(model.flows.map((f) => f.id)).toEqual(['auth-service->api.v2', 'api.v2->数据库']);
  });
});

describe('mermaidImporter.parse: links', () => {
  it('reads every link kind; only heads on both ends make a link bidirectional', () => {
    const { model, warnings } = parseFixture('links.mmd');
    expect(warnings).toEqual([]);
    const bidirectional = model.flows.filter((f) => f.bidirectional).map((f) => f.id);
    expect(bidirectional).toEqual(['a7->b7', 'a8->b8', 'a9->b9', 'a10->b10', 'a11->b11']);
    expect(model.flows.map((f) => f.id)).toEqual(
      Array.from({ length: 17 }, (_, i) => `a${i + 1}->b${i + 1}`),
    );
    expect(model.components.map((c) => c.id)).not.toContain('e1');
  });

  it('reads open links from left to right, as written', () => {
    const model = modelOf('graph\n  a --- b\n  c -.- d\n  e === f');
    expect(flowSummary(model)).toEqual([
      ['a->b', undefined, false],
      ['c->d', undefined, false],
      ['e->f', undefined, false],
    ]);
  });

  it('reads labels in every form, chains and fan-outs', () => {
    const { model } = parseFixture('link-labels.mmd');
    expect(flowSummary(model)).toEqual([
      ['client->api', 'HTTPS request', false],
      ['api->db', 'SQL query', false],
      ['api->queue', 'async event', false],
      ['queue->worker', 'batch', false],
      ['worker->api', 'sync', true],
      ['client->api#2', undefined, false],
      ['api->cache', undefined, false],
      ['cache->db', undefined, false],
      ['client->idp', 'login', false],
      ['idp->client', 'token (JWT)', false],
      ['web->gateway', undefined, false],
      ['web->audit', undefined, false],
      ['mobile->gateway', undefined, false],
      ['mobile->audit', undefined, false],
    ]);
  });

  it('gives each flow the facts inference starts from, positioned at its arrow', () => {
    const { model } = parseFixture('link-labels.mmd');
    expect(flow(model, 'client->api')).toEqual({
      id: 'client->api',
      from: 'client',
      to: 'api',
      label: 'HTTPS request',
      data: { value: [], source: 'assumed' },
      bidirectional: false,
      controls: {},
      position: { line: 2, column: 10 },
    });
    expect(flow(model, 'cache->db').position).toEqual({ line: 7, column: 28 });
    expect(flow(model, 'mobile->audit').position).toEqual({ line: 9, column: 16 });
  });

  it('numbers repeated flows between the same nodes', () => {
    const model = modelOf('graph\n  a --> b\n  a -->|again| b\n  b --> a\n  a --> b');
    expect(model.flows.map((f) => f.id)).toEqual(['a->b', 'a->b#2', 'b->a', 'a->b#3']);
  });

  it('cleans link labels like node labels', () => {
    const text = 'graph\n  a -->|" `TLS` <br/> #amp; mTLS "| b\n  c -- "`**gRPC**`" --> d';
    const model = modelOf(text);
    expect(flowSummary(model)).toEqual([
      ['a->b', '`TLS` & mTLS', false],
      ['c->d', 'gRPC', false],
    ]);
  });

  it('follows Mermaid where an o or x right after the link is an arrowhead', () => {
    const model = modelOf('graph\n  a ---oB\n  c --xD\n  e --- ops');
    expect(model.flows.map((f) => f.id)).toEqual(['a->B', 'c->D', 'e->ops']);
  });

  it('draws no flow for invisible links, which only space nodes out', () => {
    const model = modelOf('graph\n  a ~~~ b');
    expect(model.components.map((c) => c.id)).toEqual(['a', 'b']);
    expect(model.flows).toEqual([]);
  });
});

describe('mermaidImporter.parse: subgraphs', () => {
  it('turns subgraphs into nested zones with IDs, titles and slugs', () => {
    const { model } = parseFixture('subgraphs.mmd');
    expect(model.zones.map((z) => [z.id, z.name, z.parent])).toEqual([
      ['internet', 'Internet', undefined],
      ['cloud', 'AWS Cloud', undefined],
      ['DMZ', 'DMZ', 'cloud'],
      ['private-subnet', 'Private Subnet', 'cloud'],
      ['data', 'data', 'private-subnet'],
      ['private-subnet-2', 'Private Subnet', undefined],
    ]);
    expect(model.zones[1]).toEqual({
      id: 'cloud',
      name: 'AWS Cloud',
      trust: { value: 'internal', source: 'assumed', reason: 'no trust level in the diagram' },
      position: { line: 5, column: 3 },
    });
  });

  it('puts a node in the subgraph whose body mentions it, even after a top-level link', () => {
    const text = 'flowchart LR\n a-->b\n subgraph DMZ\n a\n end\n subgraph Private\n b\n end';
    const model = modelOf(text);
    expect(model.components.map((c) => [c.id, c.zone?.value])).toEqual([
      ['a', 'DMZ'],
      ['b', 'Private'],
    ]);
  });

  it('counts shape definitions and link ends in a body as mentions', () => {
    const text = 'graph\n  a --> b --> c\n  subgraph s\n    a[(Store)]\n    b --> x\n  end';
    expect(zonesOf(modelOf(text))).toEqual({ a: 's', b: 's', c: undefined, x: 's' });
  });

  it('keeps a node in the first subgraph to close among those that mention it', () => {
    const siblings = 'graph\n  subgraph one\n    a\n  end\n  subgraph two\n    a --> b\n  end';
    expect(zonesOf(modelOf(siblings))).toEqual({ a: 'one', b: 'two' });
    // The inner subgraph closes first, whether the outer body names the node before or after.
    const nested =
      'graph\n  subgraph outer\n    a & b\n    subgraph inner\n      a\n      b\n    end\n' +
      '    b --> c\n  end';
    expect(zonesOf(modelOf(nested))).toEqual({ a: 'inner', b: 'inner', c: 'outer' });
    // A subgraph closed earlier keeps its node even against a deeper one opened later.
    const earlier =
      'graph\n  subgraph one\n    a\n  end\n  subgraph outer\n    subgraph inner\n      a\n' +
      '    end\n  end';
    expect(zonesOf(modelOf(earlier))).toEqual({ a: 'one' });
  });

  it('puts each node in the innermost subgraph that mentions it', () => {
    const { model } = parseFixture('subgraphs.mmd');
    const zoneOf = Object.fromEntries(model.components.map((c) => [c.id, c.zone]));
    expect(zoneOf).toEqual({
      user: { value: 'internet', source: 'declared' },
      waf: { value: 'DMZ', source: 'declared' },
      api: { value: 'private-subnet', source: 'declared' },
      db: { value: 'data', source: 'declared' },
      backup: { value: 'private-subnet-2', source: 'declared' },
      outsider: undefined,
    });
    expect(model.flows.map((f) => f.id)).toEqual([
      'user->waf',
      'waf->api',
      'api->db',
      'outsider->waf',
    ]);
  });

  it('keeps slugs clear of node IDs and names untitled subgraphs', () => {
    const text = 'graph\n  subgraph Web Tier\n    web-tier\n  end\n  subgraph\n    x\n  end';
    const model = modelOf(text);
    expect(model.zones.map((z) => [z.id, z.name])).toEqual([
      ['web-tier-2', 'Web Tier'],
      ['subgraph', 'subgraph'],
    ]);
    expect(component(model, 'web-tier').zone?.value).toBe('web-tier-2');
  });

  it('warns about links to a subgraph and skips them', () => {
    const text = 'graph\n  subgraph vpc [VPC]\n    api\n  end\n  user --> vpc\n  user --> api';
    const { model, warnings } = mermaidImporter.parse(text, { file: 'edge.mmd' });
    expect(model.components.map((c) => c.id)).toEqual(['api', 'user']);
    expect(model.flows.map((f) => f.id)).toEqual(['user->api']);
    expect(warnings).toEqual([
      {
        severity: 'warning',
        code: 'subgraph-edge',
        message:
          "link from 'user' to 'vpc' skipped: 'vpc' is a subgraph, and flows run between " +
          'nodes; link the nodes inside it instead',
        file: 'edge.mmd',
        line: 5,
        column: 8,
      },
    ]);
  });

  it('warns about links to a subgraph declared after them', () => {
    const { warnings } = mermaidImporter.parse('graph\n  vpc --> a\n  subgraph vpc\n  end');
    expect(warnings.map((w) => [w.code, w.line, w.column])).toEqual([['subgraph-edge', 2, 7]]);
  });
});

describe('mermaidImporter.parse: styling and accessibility', () => {
  it('reads and ignores classDef, class, style, linkStyle, click, ::: and acc lines', () => {
    const { model, warnings } = parseFixture('styling.mmd');
    expect(warnings).toEqual([]);
    expect(namesAndShapes(model)).toEqual({
      web: ['Web', 'rect'],
      api: ['api', 'rect'],
      db: ['DB', 'cylinder'],
    });
    expect(model.flows.map((f) => f.id)).toEqual(['web->api', 'api->db']);
  });

  it('reads a styling keyword followed by a link as a node', () => {
    const model = modelOf('graph\n  style --> class');
    expect(model.flows.map((f) => f.id)).toEqual(['style->class']);
  });
});

describe('mermaidImporter.parse: errors', () => {
  it.each([
    ['sequenceDiagram\n  a->>b: hi', 'sequenceDiagram', 1, 1],
    ['%% a comment\n\n  classDiagram', 'classDiagram', 3, 3],
    ['---\ntitle: T\n---\nerDiagram', 'erDiagram', 4, 1],
    ['stateDiagram-v2', 'stateDiagram-v2', 1, 1],
    ['gantt', 'gantt', 1, 1],
    ['pie title Pets', 'pie', 1, 1],
    ['mindmap', 'mindmap', 1, 1],
  ])('refuses other diagram types: %j', (text, type, line, column) => {
    expect(problemOf(text, 'd.mmd')).toEqual({
      severity: 'error',
      code: 'unsupported-diagram',
      message:
        `unsupported Mermaid diagram type '${type}': ` +
        "Strider reads flowcharts ('graph' or 'flowchart')",
      file: 'd.mmd',
      line,
      column,
    });
  });

  it.each([
    ['hello world', 1, 1, "expected a diagram type ('flowchart' or 'graph')"],
    ['graph XY', 1, 7, "expected a direction (TB, TD, BT, RL or LR) after 'graph', found 'XY'"],
    ['graph LR extra', 1, 10, "expected the end of the statement after 'graph LR'"],
    ['graph\n  direction XY', 2, 13, "after 'direction', found 'XY'"],
    ['---\ntitle: T\ngraph', 1, 1, "unclosed front matter: expected a line '---'"],
    ['%%{init: {}\ngraph', 1, 1, "unclosed directive '%%{': expected '}%%'"],
  ])('reports a bad header or preamble: %j', (text, line, column, message) => {
    const problem = problemOf(text);
    expect(problem).toMatchObject({ code: 'mermaid-syntax', line, column });
    expect(problem.message).toContain(message);
  });

  it.each([
    ['graph\n  a --> b c', 2, 11, "expected a link such as '-->', '&' or the end of the statement"],
    ['graph\n  a [x]', 2, 5, 'a shape goes right after its node ID, with no space'],
    ['graph\n  a -->', 2, 8, 'expected a node ID after the link, found the end of the input'],
    ['graph\n  a & --> b', 2, 7, "expected a node ID after '&', found '-->'"],
    ['graph\n  a -> b', 2, 5, "expected a link such as '-->'"],
    ['graph\n  a:::', 2, 7, "expected a class name after ':::'"],
    ['graph\n  a e1@ b', 2, 8, "expected a link after the link ID 'e1@', found a space"],
  ])('reports a statement it cannot read: %j', (text, line, column, message) => {
    const problem = problemOf(text);
    expect(problem).toMatchObject({ code: 'mermaid-syntax', line, column });
    expect(problem.message).toContain(message);
  });

  it.each([
    ['graph\n  a[never closed --> b', 2, 4, "unclosed '[': expected ']' before the line ends"],
    ['graph\n  a((circle) --> b', 2, 4, "unclosed '((': expected '))'"],
    ['graph\n  a[/lean] --> b', 2, 4, "unclosed '[/': expected '/]' or '\\]'"],
    ['graph\n  a["never closed] --> b\n  c', 2, 5, "unclosed quote: expected a closing '\"'"],
    ['graph\n  a["`md] --> b', 2, 5, "unclosed Markdown string: expected a closing '`\"'"],
    ['graph\n  a["x" y]', 2, 9, "expected ']' to close '[' after the quoted label, found 'y]'"],
    ['graph\n  a -->|never closed b', 2, 8, "unclosed '|': expected a closing '|'"],
    ['graph\n  a -- never closed b', 2, 5, "unclosed link text: expected '-->' or '---'"],
    ['graph\n  a -. never closed b', 2, 5, "unclosed link text: expected '.->' or '.-'"],
    ['graph\n  a == text == b', 2, 13, "expected '==>' or '===' to end the link text"],
    ['graph\n  a -- x -->|y| b', 2, 13, 'a link takes one label'],
    ['graph\n  a@{ shape: cyl', 2, 4, "unclosed '@{': expected '}'"],
    ['graph\n  a@{ shape cyl }', 2, 13, "expected ':' after 'shape', found 'cyl'"],
    ['graph\n  a@{ shape: cyl label: x }', 2, 23, "expected ',' or '}' after the value of 'shape'"],
    ['graph\n  a@{ : cyl }', 2, 7, "expected a property such as 'shape' or 'label'"],
  ])('reports unclosed brackets, quotes and link texts: %j', (text, line, column, message) => {
    const problem = problemOf(text);
    expect(problem).toMatchObject({ code: 'mermaid-syntax', line, column });
    expect(problem.message).toContain(message);
  });

  it.each([
    ['graph\n  a <--- b', 2, 5, "a link that starts with '<' must end with '>'"],
    ['graph\n  a x--> b', 2, 5, "a link that starts with 'x' must end with 'x'"],
    ['graph\n  a o-.-> b', 2, 5, "a link that starts with 'o' must end with 'o'"],
  ])('refuses links with an arrowhead only at the start: %j', (text, line, column, message) => {
    const problem = problemOf(text);
    expect(problem).toMatchObject({ code: 'mermaid-syntax', line, column });
    expect(problem.message).toContain(message);
  });

  it('refuses end without an open subgraph', () => {
    expect(problemOf('graph\n  a\n  end', 'd.mmd')).toEqual({
      severity: 'error',
      code: 'mermaid-syntax',
      message: "'end' without an open subgraph: nothing to close",
      file: 'd.mmd',
      line: 3,
      column: 3,
    });
  });

  it.each([
    ['graph\n  end --> a', 2, 3],
    ['graph\n  a --> end', 2, 9],
  ])('refuses end as a node ID: %j', (text, line, column) => {
    const problem = problemOf(text);
    expect(problem).toMatchObject({ code: 'mermaid-syntax', line, column });
    expect(problem.message).toContain("capital letter ('End')");
  });

  it('points at the subgraph left open at the end of the text', () => {
    const text = 'graph\n  subgraph outer\n    subgraph inner [Inner]\n      a\n    end\n  b';
    expect(problemOf(text)).toMatchObject({
      code: 'mermaid-syntax',
      message: "subgraph 'outer' is not closed: expected 'end' before the end of the input",
      line: 2,
      column: 3,
    });
  });

  it('points at an unclosed subgraph title', () => {
    const problem = problemOf('graph\n  subgraph s [Title\n  end');
    expect(problem).toMatchObject({ code: 'mermaid-syntax', line: 2, column: 14 });
    expect(problem.message).toContain("unclosed '[': expected ']'");
  });

  it('refuses two subgraphs with one ID, and a node named like a subgraph', () => {
    const twice = problemOf('graph\n  subgraph one\n  end\n  subgraph one [Again]\n  end');
    expect(twice).toMatchObject({ code: 'duplicate-id', line: 4, column: 12 });
    expect(twice.message).toContain("subgraph ID 'one' is already used by the subgraph on line 2");
    const clash = problemOf('graph\n  subgraph s [S]\n  end\n  s[Box]');
    expect(clash).toMatchObject({ code: 'duplicate-id', line: 4, column: 3 });
    expect(clash.message).toContain("'s' names both a node and the subgraph on line 2");
  });

  it('formats the file, line and column into the error message', () => {
    expect(() => mermaidImporter.parse('graph\n  a[x', { file: 'sys.mmd' })).toThrow(
      /^error: sys\.mmd:2:4: unclosed '\['/,
    );
  });
});

describe.skipIf(!HAS_CORPUS)('mermaidImporter.parse: shared corpus', () => {
  const counts = (model: ThreatModel) => [
    model.components.length,
    model.flows.length,
    model.zones.length,
  ];

  it('reads every example diagram without warnings', () => {
    const files = listMermaidFiles(CORPUS);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const { warnings } = mermaidImporter.parse(readFileSync(file, 'utf8'), { file });
      expect(warnings, file).toEqual([]);
    }
  });

  it('reads web/system-updated.mmd', () => {
    const file = path.join(CORPUS, 'web/system-updated.mmd');
    const { model } = mermaidImporter.parse(readFileSync(file, 'utf8'), { file });
    // The diagram draws ten nodes: user, waf, api, app, cache, db, logs, analytics, monitor
    // and alerts.
    expect(counts(model)).toEqual([10, 9, 0]);
    expect(component(model, 'cache').type.value).toBe('datastore');
  });

  it('reads nested-zone/system.mmd', () => {
    const file = path.join(CORPUS, 'nested-zone/system.mmd');
    const { model } = mermaidImporter.parse(readFileSync(file, 'utf8'), { file });
    expect(counts(model)).toEqual([3, 2, 3]);
    const vpc = model.zones.find((zone) => zone.name === 'VPC');
    const subnet = model.zones.find((zone) => zone.name === 'Private Subnet');
    expect(subnet?.parent).toBe(vpc?.id);
    expect(flow(model, 'user->api').label).toBe('Send HTTP Request');
  });
});

if (!HAS_CORPUS) {
  console.info(`mermaid corpus tests skipped: the shared corpus is absent (${CORPUS})`);
}

// Speed is measured by `npm run bench`, never by a timed test: this only checks that a large
// diagram is read whole.
describe('mermaidImporter.parse: size', () => {
  it('reads every node and link of a large flowchart', () => {
    const lines = ['flowchart LR'];
    for (let i = 0; i < 10_000; i++) lines.push(`  n${i}[Service ${i}]`);
    for (let i = 0; i < 20_000; i++) {
      lines.push(`  n${i % 10_000} -->|call ${i}| n${(i * 7 + 1) % 10_000}`);
    }
    const { model } = mermaidImporter.parse(lines.join('\n'));
    expect(model.components).toHaveLength(10_000);
    expect(model.flows).toHaveLength(20_000);
  });

  it('numbers repeated links right past 2^15 nodes, where link counts change keys', () => {
    const lines = ['flowchart LR'];
    for (let i = 0; i <= 40_000; i++) lines.push(`  n${i}`);
    // (0, 40000) and (1, 7232) would both key as 40000 if the two kinds of keys shared a map.
    lines.push('  n0 --> n40000', '  n1 --> n7232', '  n0 --> n40000', '  n1 --> n7232');
    const ids = mermaidImporter.parse(lines.join('\n')).model.flows.map((f) => f.id);
    expect(ids).toEqual(['n0->n40000', 'n1->n7232', 'n0->n40000#2', 'n1->n7232#2']);
  });
});

describe('mermaidImporter.parse: fast path for simple statements', () => {
  /** The model and warnings as JSON, key order included, or the problems thrown. */
  function outcome(read: () => ImportResult): string {
    try {
      return JSON.stringify(read());
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return `error ${JSON.stringify(error.problems)}`;
    }
  }
  const bothOf = (text: string) => [
    outcome(() => mermaidImporter.parse(text, { file: 'd.mmd' })),
    outcome(() => parseWithoutFastPath(text, 'd.mmd')),
  ];

  it('reads simple statements as the full reader does', () => {
    const text = [
      'flowchart LR',
      '  a[App]',
      '  a -->|  HTTPS  | b((Bee))',
      '\tc[(Orders &amp; Refunds)] --> d;e-->f %% note',
      '  g{{Hex}} -->|x<br>y| h([Pill])\r',
    ].join('\n');
    const [fast, full] = bothOf(text);
    expect(fast).toBe(full);
    expect(JSON.parse(fast!).model.flows).toHaveLength(4);
  });

  it('leaves what it cannot read to the full reader, errors included', () => {
    for (const text of ['graph\n  a --> end', 'graph\n  a[x) --> b', 'graph\n  a --> b c']) {
      const [fast, full] = bothOf(text);
      expect(fast).toMatch(/^error /);
      expect(fast).toBe(full);
    }
  });

  it('agrees with the full reader on random diagrams (property check)', () => {
    let state = 11;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const ids = ['a', 'b', 'n1', 'x_y', 'o', 'x', 'End', 'a-b', 'a.b', 'é', 'class', 'A1'];
    const labels = ['Svc', ' Svc ', 'a  b', 'x&amp;y', 'A<br>B', '', 'Ünï', 'a\tb', 'a|b', 'a-b'];
    const shapes = ['', '', '[L]', '[(L)]', '((L))', '(L)', '([L])', '[[L]]', '{L}', '{{L}}'];
    const oddShapes = ['[/L/]', '(((L)))', '>L]', '["L"]', '[L)', '(L]', '@{ shape: cyl }', ':::c'];
    const links = ['-->', ' --> ', '-->|L|', ' --> |L| ', '-->|"L"|', '-->  |L|x'];
    const oddLinks = [
      '--->',
      '---',
      '-- L -->',
      '==>',
      '-.->',
      '<-->',
      '--o',
      ' & ',
      '->',
      '-->|L',
    ];
    const ends = ['', '', ';', ' ;', ' %% c', '\r', '  '];
    const oddEnds = [' x', ' end', '\nend', ' %x', ' &', ' -->'];
    const node = () => {
      const shape = next() < 0.95 ? pick(shapes) : pick(oddShapes);
      return pick(ids) + shape.replace('L', pick(labels));
    };
    const link = () => (next() < 0.9 ? pick(links) : pick(oddLinks)).replace('L', pick(labels));
    let read = 0;
    for (let round = 0; round < 400; round++) {
      const lines = ['flowchart LR'];
      for (let count = Math.floor(next() * 6) + 1; count > 0; count--) {
        let statement = node();
        for (let hops = next() < 0.7 ? 1 : next() < 0.5 ? 0 : 2; hops > 0; hops--) {
          statement += link() + node();
        }
        lines.push(`  ${statement}${next() < 0.97 ? pick(ends) : pick(oddEnds)}`);
      }
      const text = lines.join(next() < 0.8 ? '\n' : '\r\n');
      const [fast, full] = bothOf(text);
      expect(fast, JSON.stringify(text)).toBe(full);
      if (!fast!.startsWith('error')) read++;
    }
    // Enough diagrams read without error for the comparison to cover the fast path's output.
    expect(read).toBeGreaterThan(100);
  });
});
