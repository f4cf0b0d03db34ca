import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers.js';
import { understand } from '../engine/pipeline.js';
import { renderModelYaml } from '../renderers/model-yaml.js';
import { importerFor } from './index.js';
import { threatDragonImporter } from './threat-dragon.js';
import { component, flow, inputProblems } from '../../test/model-helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/threat-dragon');

function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

function parseFixture(name: string, page?: string) {
  return threatDragonImporter.parse(fixtureText(name), { file: name, page });
}

describe('Threat Dragon detection', () => {
  it('claims v1 and v2 files, and leaves OTM and Strider models alone', () => {
    expect(importerFor(fixtureText('v2-elements.json'), 'x.json').format).toBe('threat-dragon');
    expect(importerFor(fixtureText('v1-model.json'), 'x.json').format).toBe('threat-dragon');
    expect(threatDragonImporter.detect('{"otmVersion": "0.2.0", "detail": {"diagrams": []}}')).toBe(
      false,
    );
    expect(threatDragonImporter.detect('{"components": []}', 'model.json')).toBe(false);
    expect(threatDragonImporter.detect(fixtureText('v2-elements.json'), 'model.yaml')).toBe(false);
  });
});

describe('Threat Dragon v2 elements', () => {
  const { model, warnings } = parseFixture('v2-elements.json');

  it('reads actors, processes and stores with declared types and their cell IDs', () => {
    expect(warnings).toEqual([]);
    expect(model.title).toBe('Shop');
    expect(model.components.map((c) => [c.id, c.name, c.type.value, c.type.source])).toEqual([
      ['customer', 'Customer', 'actor', 'declared'],
      ['shop', 'Shop', 'process', 'declared'],
      ['orders', 'Orders', 'datastore', 'declared'],
    ]);
    expect(component(model, 'customer').shape).toBe('actor');
    expect(component(model, 'orders').shape).toBe('cylinder');
  });

  it('turns ticked boxes into declared facts and leaves unticked ones undeclared', () => {
    expect(component(model, 'shop').kind).toMatchObject({ value: 'web-app', source: 'declared' });
    expect(component(model, 'shop').data).toMatchObject({ value: ['payment'], source: 'declared' });
    expect(component(model, 'orders').data.value).toEqual(['credentials']);
    expect(component(model, 'orders').encryptionAtRest).toBeUndefined();
  });

  it('reads flows with protocol, encryption, direction and public network', () => {
    const buy = flow(model, 'buy');
    expect(buy).toMatchObject({ from: 'customer', to: 'shop', label: 'Buy', bidirectional: true });
    expect(buy.protocol).toMatchObject({ value: 'https', source: 'declared' });
    expect(buy.encrypted).toMatchObject({ value: true, source: 'declared' });
    expect(component(model, 'shop').internetExposed).toMatchObject({
      value: true,
      source: 'declared',
    });
    const save = flow(model, 'save');
    expect(save.protocol).toBeUndefined();
    expect(save.encrypted).toBeUndefined();
    expect(save.bidirectional).toBeUndefined();
    expect(component(model, 'orders').internetExposed).toBeUndefined();
  });

  it('skips text blocks without a warning', () => {
    expect(model.components.some((c) => c.id === 'note')).toBe(false);
  });

  it('remembers where each element stands in the file', () => {
    expect(component(model, 'customer').position?.line).toBeGreaterThan(10);
    expect(flow(model, 'buy').position?.line).toBeGreaterThan(
      component(model, 'orders').position?.line ?? Infinity,
    );
  });
});

describe('Threat Dragon trust boundaries', () => {
  it('places elements in the innermost box drawn around them, and nests boxes', () => {
    const { model } = parseFixture('v2-boundary-boxes.json');
    expect(model.zones.map((z) => [z.id, z.name, z.parent])).toEqual([
      ['vpc', 'VPC', undefined],
      ['private', 'Private Subnet', 'vpc'],
    ]);
    expect(component(model, 'api').zone).toMatchObject({ value: 'private', source: 'declared' });
    expect(component(model, 'db').zone?.value).toBe('vpc');
    expect(component(model, 'user').zone).toBeUndefined();
  });

  it('closes curves into polygons and marks membership as assumed', () => {
    const { model } = parseFixture('v2-boundary-curve.json');
    expect(model.zones).toHaveLength(1);
    expect(model.zones[0]?.name).toBe('Trust boundary 1');
    expect(component(model, 'inside').zone).toMatchObject({ value: 'edge', source: 'assumed' });
    expect(component(model, 'outside').zone).toBeUndefined();
  });
});

describe('Threat Dragon v1', () => {
  const { model, warnings } = parseFixture('v1-model.json');

  it('reads cells under diagramJson with names from their text and flow labels', () => {
    expect(warnings).toEqual([]);
    expect(model.components.map((c) => [c.id, c.name, c.type.value])).toEqual([
      ['browser', 'Browser', 'actor'],
      ['web', 'Web\nServer', 'process'],
      ['files', 'Files', 'datastore'],
    ]);
    expect(flow(model, 'request')).toMatchObject({ label: 'Requests', from: 'browser' });
    expect(flow(model, 'request').protocol?.value).toBe('http');
    expect(flow(model, 'write').label).toBeUndefined();
    expect(component(model, 'files').encryptionAtRest).toMatchObject({ value: true });
    expect(component(model, 'web').internetExposed?.value).toBe(true);
  });

  it('places elements inside boundary curves by geometry', () => {
    expect(model.zones.map((z) => z.id)).toEqual(['dmz']);
    expect(component(model, 'web').zone?.value).toBe('dmz');
    expect(component(model, 'browser').zone).toBeUndefined();
  });

  it('keeps threats recorded on cells', () => {
    expect(model.recordedThreats).toEqual([
      {
        element: 'write',
        title: 'Tampered files',
        type: 'Tampering',
        status: 'Open',
        severity: 'High',
        description: 'Files changed in transit',
        mitigation: 'Sign them',
      },
    ]);
  });
});

describe('Threat Dragon recorded threats and names', () => {
  it('keeps every threat with its fields, dropping only empty ones', () => {
    const { model } = parseFixture('recorded-threats.json');
    expect(model.recordedThreats).toEqual([
      {
        element: 'queue',
        id: 't-1',
        title: 'Poison message',
        type: 'Denial of service',
        status: 'Open',
        severity: 'Medium',
        description: 'A message the worker cannot process',
        mitigation: 'Dead-letter queue',
      },
      {
        element: 'queue',
        title: 'Read by anyone',
        type: 'Information disclosure',
        status: 'Mitigated',
        severity: 'High',
      },
    ]);
  });

  it('shows recorded threats in the model YAML, which still reads back', () => {
    const text = fixtureText('recorded-threats.json');
    const yaml = renderModelYaml(understand({ text, file: 'r.json' }).model);
    expect(yaml).toContain(
      '#   queue: Poison message (Denial of service, Open, Medium)\n' +
        '#   queue: Read by anyone (Information disclosure, Mitigated, High)\n',
    );
    const back = understand({ text: yaml, file: 'back.yaml' });
    expect(back.format).toBe('strider');
    expect(back.model.components.map((c) => c.id)).toEqual(['queue']);
  });

  it('keeps line breaks and quotes in names, from data or from the drawn text', () => {
    const { model } = parseFixture('names.json');
    expect(model.title).toBe('Names "quoted"');
    expect(component(model, 'a').name).toBe('Background\nWorker "v2" \'beta\'');
    expect(component(model, 'b').name).toBe('Label only:\nline two');
  });

  it('carries names with line breaks through inference unchanged', () => {
    const { model } = understand({ text: fixtureText('names.json'), file: 'names.json' });
    expect(component(model, 'a').name).toBe('Background\nWorker "v2" \'beta\'');
  });
});

describe('Threat Dragon flows with a dangling end', () => {
  it('warns with the flow ID and what its end is attached to, and skips the flow', () => {
    const { model, warnings } = parseFixture('dangling-flows.json');
    expect(model.flows).toEqual([]);
    expect(warnings.map((w) => [w.severity, w.code])).toEqual([
      ['warning', 'dangling-flow'],
      ['warning', 'dangling-flow'],
      ['warning', 'dangling-flow'],
    ]);
    expect(warnings[0]?.message).toContain(
      "flow 'loose' ('Loose end') skipped: its source end is not attached to any element",
    );
    expect(warnings[1]?.message).toContain("its target 'zone' is a trust boundary");
    expect(warnings[2]?.message).toContain("its target 'deleted-cell' is not in the diagram");
    expect(warnings[0]).toMatchObject({ file: 'dangling-flows.json', line: 20 });
  });
});

describe('Threat Dragon diagrams as pages', () => {
  it('reads every diagram, renaming a cell ID that another diagram already used', () => {
    const { model, warnings } = parseFixture('two-diagrams.json');
    expect(model.components.map((c) => [c.id, c.name])).toEqual([
      ['web', 'Web'],
      ['web@cell-2-1', 'Worker'],
      ['jobs', 'Jobs'],
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['cell-id']);
    expect(warnings[0]?.message).toContain("repeats the ID 'web'; Strider calls it 'web@cell-2-1'");
  });

  it('reads one diagram chosen by title or number', () => {
    expect(parseFixture('two-diagrams.json', 'Back').model.components.map((c) => c.name)).toEqual([
      'Worker',
      'Jobs',
    ]);
    expect(parseFixture('two-diagrams.json', '1').model.components.map((c) => c.name)).toEqual([
      'Web',
    ]);
  });

  it('refuses a diagram that is not there, listing those that are', () => {
    const [problem] = inputProblems(() => parseFixture('two-diagrams.json', 'Middle'));
    expect(problem?.message).toBe(
      "no diagram 'Middle': choose one by name or number (1 'Front', 2 'Back')",
    );
  });
});

describe('Threat Dragon bad input', () => {
  it('reports malformed JSON with file and position in one problem', () => {
    const problems = inputProblems(() => parseFixture('malformed.json'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', file: 'malformed.json', line: 6 });
  });

  it('refuses a file without a list of diagrams', () => {
    const [problem] = inputProblems(() =>
      threatDragonImporter.parse('{"summary": {}, "detail": {"diagrams": 3}}', { file: 'x.json' }),
    );
    expect(problem?.message).toContain('expected a list of diagrams under detail.diagrams');
  });

  it('refuses deep nesting before parsing, in bounded time', () => {
    const deep = `{"detail": {"diagrams": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const started = Date.now();
    const [problem] = inputProblems(() => threatDragonImporter.parse(deep, { file: 'deep.json' }));
    expect(problem).toMatchObject({ code: 'too-deep', line: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads gigantic numbers as missing geometry instead of computing with them', () => {
    const text = fixtureText('v2-boundary-boxes.json').replace('"x": 150', '"x": 1e999999');
    const { model } = threatDragonImporter.parse(text, { file: 'huge.json' });
    expect(component(model, 'api').zone).toBeUndefined();
    expect(component(model, 'db').zone?.value).toBe('vpc');
  });

  it('warns about cells of unknown shapes and still reads the rest', () => {
    const text = fixtureText('v2-elements.json')
      .replace('"shape": "td-text-block"', '"shape": "cloud"')
      .replace('"type": "tm.Text"', '"type": "tm.Cloud"');
    const { model, warnings } = threatDragonImporter.parse(text, { file: 'x.json' });
    expect(model.components).toHaveLength(3);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("cell 'note' skipped: unknown shape 'cloud'"),
    ]);
  });
});
