import { describe, expect, it } from 'vitest';
import type { Component, Flow, ThreatModel } from '../model/types.js';
import { understand } from './pipeline.js';
import {
  EDGE_KINDS,
  listDescribed,
  listNames,
  ModelQuery,
  PAGE_SERVING_KINDS,
  PASS_THROUGH_KINDS,
} from './query.js';

/*
 * ModelQuery answers from indexes and shortcuts built for large models. These checks compare
 * each shortcut with the plain definition it replaces, on seeded random diagrams.
 */

const LABELS = [
  'User',
  'Browser',
  'Admin',
  'CDN',
  'Load Balancer',
  'WAF',
  'API Gateway',
  'Web App',
  'Orders Service',
  'Customer DB',
  'Partner API',
];
const EDGE_LABELS = ['', '|HTTPS|', '|HTTP|', '|LDAP|', '|gRPC|'];
const ZONES = ['Internet', 'DMZ', 'Private'];

/** A diagram of `size` nodes spread over three zones and some left outside any zone. */
function randomDiagram(seed: number, size: number): string {
  // A 32-bit LCG kept exact with Math.imul, so every seed gives the same diagram everywhere.
  let state = seed;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % n;
  };
  const zoneOf = Array.from({ length: size }, () => next(ZONES.length + 1));
  const lines = ['flowchart LR'];
  ZONES.forEach((zone, z) => {
    lines.push(`  subgraph z${z}[${zone}]`);
    for (let i = 0; i < size; i++) if (zoneOf[i] === z) lines.push(`    n${i}`);
    lines.push('  end');
  });
  for (let i = 0; i < size; i++) lines.push(`  n${i}[${LABELS[next(LABELS.length)]} ${i}]`);
  for (let e = 0; e < size * 2; e++) {
    lines.push(`  n${next(size)} -->${EDGE_LABELS[next(EDGE_LABELS.length)]} n${next(size)}`);
  }
  return lines.join('\n');
}

function modelOf(text: string): ThreatModel {
  return understand({ text, file: 'random.mmd' }).model;
}

const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34];

describe('ModelQuery shortcuts agree with their definitions', () => {
  it.each(SEEDS)('links hold every flow with both ends, in model order (seed %i)', (seed) => {
    const model = modelOf(randomDiagram(seed, 30));
    const query = new ModelQuery(model);
    expect(query.links.map((link) => link.flow)).toEqual(model.flows);
    for (const { flow, source, target } of query.links) {
      expect(source.id).toBe(flow.from);
      expect(target.id).toBe(flow.to);
      expect(query.linksFrom(source.id)).toContainEqual({ flow, source, target });
      expect(query.linksTo(target.id)).toContainEqual({ flow, source, target });
    }
  });

  it.each(SEEDS)('entry points are inside components with an outside caller (seed %i)', (seed) => {
    const model = modelOf(randomDiagram(seed, 30));
    const query = new ModelQuery(model);
    const expected = model.components.filter(
      (c) =>
        !query.isOutside(c) &&
        (query.isDeclaredInternetFacing(c) ||
          query.callers(c.id).some((caller) => query.isOutside(caller))),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(query.entryPoints()).toEqual(expected);
    for (const c of model.components) expect(query.isEntryPoint(c)).toBe(expected.includes(c));
  });

  it('counts what the model declares internet-facing as an entry point, with no caller', () => {
    const text = [
      'components:',
      '  - { id: api, name: API, kind: service, internetExposed: true }',
      '  - { id: db, name: DB, kind: database }',
      'flows:',
      '  - { from: api, to: db, protocol: postgres }',
    ].join('\n');
    const query = new ModelQuery(understand({ text, file: 'model.yaml' }).model);
    expect(query.entryPoints().map((c) => c.id)).toEqual(['api']);
  });

  it.each(SEEDS)('page requests match the unfiltered backward walk (seed %i)', (seed) => {
    const model = modelOf(randomDiagram(seed, 80));
    const query = new ModelQuery(model);
    const walk = (c: Component): Flow[] => {
      if (query.isOutside(c) || c.type.value !== 'process') return [];
      if (!PAGE_SERVING_KINDS.has(c.kind.value)) return [];
      const relays = c.kind.value === 'web-app' ? EDGE_KINDS : PASS_THROUGH_KINDS;
      return query.clientFlowsInto(c, relays);
    };
    let fronts = 0;
    for (const c of model.components) {
      const expected = walk(c);
      if (expected.length > 0) fronts++;
      expect(query.pageRequestsInto(c)).toEqual(expected);
    }
    expect(fronts).toBeGreaterThan(0);
  });

  it('leaves out a flow whose end is missing, yet finds it by ID', () => {
    const model = modelOf('flowchart LR\n  a[Service A] --> b[Service B]');
    const dangling: Flow = { ...model.flows[0]!, id: 'a->ghost', to: 'ghost' };
    const query = new ModelQuery({ ...model, flows: [...model.flows, dangling] });
    expect(query.links.map((link) => link.flow.id)).toEqual(['a->b']);
    expect(query.flowsTo('b').map((flow) => flow.id)).toEqual(['a->b']);
    expect(query.target(dangling)).toBeUndefined();
    expect(query.flow('a->ghost')).toBe(dangling);
  });
});

describe('listDescribed', () => {
  it.each([0, 1, 2, 12, 13, 40])('reads like listNames over %i described items', (count) => {
    const items = Array.from({ length: count }, (_, i) => i);
    const described: number[] = [];
    const text = listDescribed(items, (i) => {
      described.push(i);
      return `item ${i}`;
    });
    expect(text).toBe(listNames(items.map((i) => `item ${i}`)));
    // Only what the sentence shows is described: a dozen at most.
    expect(described.length).toBe(Math.min(count, 12));
  });
});

describe('words', () => {
  it('splits labels like tokenizeLabel and answers repeated texts from its cache', () => {
    const query = new ModelQuery(modelOf('flowchart LR\n  a --> b'));
    const first = query.words('Fetch URL (webhook)');
    expect(first).toEqual(['fetch', 'url', 'webhook']);
    expect(query.words('Fetch URL (webhook)')).toBe(first);
    expect(query.words('Größe-Prüfung')).toEqual(['größe', 'prüfung']);
  });
});
