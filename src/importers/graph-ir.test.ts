import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { understand } from '../engine/pipeline.js';
import { InputError } from '../model/problems.js';
import type { ThreatModel } from '../model/types.js';
import { graphIrImporter } from './graph-ir.js';
import { importerFor } from './index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../../test/fixtures/ir');

function read(name: string) {
  return { text: readFileSync(path.join(FIXTURES, name), 'utf8'), file: name };
}

function load(name: string) {
  const { text, file } = read(name);
  return graphIrImporter.parse(text, { file });
}

function byId(model: ThreatModel, id: string) {
  return model.components.find((c) => c.id === id)!;
}

describe('graph IR', () => {
  const { model, warnings } = load('system.ir.json');

  it('is detected as JSON with nodes and edges, before Strider models', () => {
    expect(importerFor(read('system.ir.json').text, 'system.ir.json').format).toBe('graph-ir');
    expect(graphIrImporter.detect('{"nodes": {}, "edges": []}', 'g.yaml')).toBe(false);
  });

  it('reads zones with their parents', () => {
    expect(model.zones.map((z) => [z.id, z.name, z.parent])).toEqual([
      ['internet', 'Internet', undefined],
      ['edge', 'Edge', 'internet'],
      ['core', 'Core Services', 'edge'],
    ]);
  });

  it('reads nodes with type, innermost zone, data and auth', () => {
    expect(byId(model, 'customer')).toMatchObject({
      name: 'Customer',
      type: { value: 'actor', source: 'declared' },
      zone: { value: 'internet' },
    });
    const ledger = byId(model, 'ledger');
    expect(ledger.kind.value).toBe('database');
    expect(ledger.zone?.value).toBe('core');
    expect(ledger.authentication).toMatchObject({ value: false, source: 'declared' });
    expect(ledger.data.value).toEqual(['loyalty-points', 'payment', 'pii']);
    expect(byId(model, 'gateway').authentication?.value).toBe(true);
  });

  it('keeps unknown data labels as classes of their own, and says so', () => {
    expect(model.dataClasses).toEqual([
      { id: 'loyalty-points', name: 'Loyalty points', sensitivity: 'internal' },
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'unknown-data-class', line: 16, column: 46 }),
    ]);
  });

  it('reads edges with their IDs, protocols and data', () => {
    expect(model.flows.map((f) => [f.id, f.protocol?.value, f.data.value])).toEqual([
      ['e1', 'https', []],
      ['gateway->ledger', 'postgresql', ['pii']],
    ]);
  });

  it('lets inference name trust levels from zone names', () => {
    const understood = understand(read('system.ir.json')).model;
    expect(understood.zones.map((z) => z.trust.value)).toEqual(['untrusted', 'dmz', 'internal']);
  });
});

describe('bad graph IR', () => {
  it('reports unknown references, bad values and cycles, and reads the rest', () => {
    const { model, warnings } = load('bad-references.ir.json');
    expect(model.components.map((c) => c.id)).toEqual(['a', 'b']);
    expect(model.flows.map((f) => f.id)).toEqual(['a->b']);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['zone-cycle', 13],
      ['unknown-zone', 14],
      ['unknown-type', 3],
      ['unknown-zone', 3],
      ['id-mismatch', 4],
      ['bad-value', 4],
      ['unknown-node', 7],
      ['bad-value', 9],
    ]);
    expect(byId(model, 'a').zone?.value).toBe('z1');
  });

  it('gives malformed JSON its position', () => {
    try {
      load('malformed.ir.json');
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems[0]).toMatchObject({
        code: 'json-syntax',
        message: 'JSON syntax: Expected double-quoted property name',
        line: 3,
        column: 26,
      });
    }
  });

  it('refuses input without nodes', () => {
    expect(() => graphIrImporter.parse('{"edges": []}', { file: 'g.json' })).toThrow(/no nodes/);
  });

  it('refuses deeply nested JSON quickly and without echoing it', () => {
    for (const depth of [150, 100_000]) {
      const notes = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const text = `{"nodes": {"a": {"label": "A", "notes": ${notes}}}}`;
      const started = performance.now();
      expect(() => graphIrImporter.parse(text, { file: 'deep.json' })).toThrow(/refused: .*nest/);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
