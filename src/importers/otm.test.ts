import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers.js';
import { importerFor } from './index.js';
import { otmImporter, trustOfRating } from './otm.js';
import { component, inputProblems } from '../../test/model-helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/otm');

function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

function parseFixture(name: string) {
  return otmImporter.parse(fixtureText(name), { file: name });
}

describe('OTM detection', () => {
  it('claims JSON, YAML and .otm files with otmVersion, before the native format', () => {
    expect(importerFor(fixtureText('dataflows.json'), 'a.json').format).toBe('otm');
    expect(importerFor(fixtureText('components.yaml'), 'a.yaml').format).toBe('otm');
    expect(importerFor(fixtureText('components.yaml'), 'a.otm').format).toBe('otm');
    expect(otmImporter.detect('{"otmVersion":"0.2.0","project":{}}', 'min.json')).toBe(true);
    expect(otmImporter.detect('components: []\n', 'model.yaml')).toBe(false);
    expect(otmImporter.detect(fixtureText('dataflows.json'), 'a.mmd')).toBe(false);
  });
});

describe('OTM trust zones', () => {
  const { model, warnings } = parseFixture('trust-zones.json');

  it('maps trust ratings onto trust levels by band', () => {
    expect(model.zones.map((z) => [z.id, z.trust.value, z.trust.source])).toEqual([
      ['internet', 'untrusted', 'declared'],
      ['edge', 'dmz', 'declared'],
      ['app', 'internal', 'declared'],
      ['vault', 'restricted', 'declared'],
      ['odd', 'restricted', 'declared'],
      ['unrated', 'internal', 'assumed'],
      ['lost', 'internal', 'declared'],
    ]);
    expect([0, 25, 26, 50, 51, 89, 90, 100].map(trustOfRating)).toEqual([
      'untrusted',
      'untrusted',
      'dmz',
      'dmz',
      'internal',
      'internal',
      'restricted',
      'restricted',
    ]);
  });

  it('nests zones by parent and warns about ratings out of range and unknown parents', () => {
    expect(model.zones.find((z) => z.id === 'app')?.parent).toBe('edge');
    expect(model.zones.find((z) => z.id === 'lost')?.parent).toBeUndefined();
    expect(warnings.map((w) => [w.code, w.message])).toEqual([
      ['bad-rating', 'trustZones[4].risk: rating 250 read as 100: ratings run from 0 to 100'],
      [
        'unknown-zone',
        "trustZones[6].parent: parent trust zone 'nowhere' ignored: not in trustZones",
      ],
    ]);
  });
});

describe('OTM components', () => {
  const { model, warnings } = parseFixture('components.yaml');

  it('finds the trust zone of components inside components', () => {
    expect(component(model, 'vpc').zone).toMatchObject({ value: 'cloud', source: 'declared' });
    expect(component(model, 'subnet').zone).toMatchObject({
      value: 'cloud',
      reason: "inside component 'vpc'",
    });
    expect(component(model, 'db').zone?.value).toBe('cloud');
  });

  it('reads technology and kind from the type and tags', () => {
    expect(component(model, 'db').technology).toMatchObject({ value: 'aws-rds', source: 'label' });
    expect(component(model, 'db').kind.value).toBe('database');
  });

  it('warns about entries without an ID and parents that lead nowhere', () => {
    expect(model.components.map((c) => c.id)).toEqual(['vpc', 'subnet', 'db', 'stray']);
    expect(component(model, 'stray').zone).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['missing-id', 'unknown-parent']);
  });
});

describe('OTM data flows', () => {
  it('reads flows with direction and protocol tags, and skips those with a bad end', () => {
    const { model, warnings } = parseFixture('dataflows.json');
    expect(model.flows.map((f) => [f.id, f.from, f.to, f.label, f.bidirectional])).toEqual([
      ['calls', 'web', 'api', 'Web calls API', true],
      ['plain', 'api', 'web', 'Plain', undefined],
    ]);
    expect(model.flows[0]?.protocol).toMatchObject({ value: 'https', source: 'declared' });
    expect(warnings.map((w) => w.message)).toEqual([
      "dataflows[2].destination: data flow 'broken' skipped: " +
        "its destination 'ghost' is not a component",
      "dataflows[3].destination: data flow 'half' skipped: its destination is missing",
    ]);
  });
});

describe('OTM assets', () => {
  it('makes assets data classes, sensitivity from confidentiality, held by components', () => {
    const { model, warnings } = parseFixture('assets.json');
    expect(model.dataClasses).toEqual([
      { id: 'cards', name: 'Card numbers', sensitivity: 'restricted' },
      { id: 'orders', name: 'Orders', sensitivity: 'confidential' },
      { id: 'catalog', name: 'Catalog', sensitivity: 'public' },
    ]);
    expect(component(model, 'shop').data).toMatchObject({
      value: ['cards', 'catalog', 'orders'],
      source: 'declared',
    });
    expect(model.flows[0]?.data.value).toEqual(['cards']);
    expect(warnings.map((w) => w.message)).toEqual([
      "components[0].assets: asset 'unknown' ignored: not in assets",
    ]);
  });
});

describe('OTM threats and mitigations', () => {
  it('keeps recorded threats with their state, categories and mitigations', () => {
    const { model, warnings } = parseFixture('threats-and-mitigations.yaml');
    expect(model.recordedThreats).toEqual([
      {
        element: 'shop',
        id: 'sqli',
        title: 'SQL injection',
        status: 'exposed',
        type: 'Tampering, Information Disclosure',
        description: 'Crafted input changes queries',
        mitigation: 'Parameterized queries (implemented); Web application firewall (required)',
      },
      { element: 'query', id: 'sniff', title: 'Sniffing', status: 'mitigated' },
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      "components[0].threats[1]: threat 'missing' ignored: not in threats",
    ]);
  });
});

describe('OTM bad input', () => {
  it('reads a quoted value whose lines are indented too little, with a warning', () => {
    const { model, warnings } = parseFixture('under-indented.yaml');
    expect(model.components.map((c) => c.id)).toEqual(['code', 'other']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', file: 'under-indented.yaml' });
    expect(warnings[0]?.message).toContain('read as if they were indented deeper');
  });

  it('reports other YAML errors with file and position', () => {
    const problems = inputProblems(() => parseFixture('malformed.yaml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'yaml-syntax', file: 'malformed.yaml' });
    expect(problems[0]?.line).toBeGreaterThan(5);
  });

  it('refuses deeply nested flow collections before the YAML parser sees them', () => {
    const text = `otmVersion: 0.2.0\nproject: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    const [problem] = inputProblems(() => otmImporter.parse(text, { file: 'deep.yaml' }));
    expect(problem).toMatchObject({ code: 'too-deep', line: 2 });
  });

  it('refuses YAML that expands aliases without bound (billion laughs)', () => {
    const levels = Array.from(
      { length: 9 },
      (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`,
    );
    const text = ['otmVersion: 0.2.0', 'l0: &l0 lol', ...levels, ''].join('\n');
    const started = Date.now();
    const [problem] = inputProblems(() => otmImporter.parse(text, { file: 'lol.yaml' }));
    expect(problem?.code).toBe('yaml-aliases');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ignores ratings that are not finite numbers', () => {
    const text = fixtureText('trust-zones.json').replace(
      '"trustRating": 10',
      '"trustRating": 1e999',
    );
    const { model, warnings } = otmImporter.parse(text, { file: 'x.json' });
    expect(model.zones[0]?.trust.source).toBe('assumed');
    expect(warnings[0]?.message).toContain('ignored: expected 0 to 100');
  });
});
