import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { understand } from '../engine/pipeline.js';
import { InputError, type Problem } from '../model/problems.js';
import type { ThreatModel } from '../model/types.js';
import { importerFor } from './index.js';
import { threagileImporter } from './threagile.js';
import { component } from '../../test/model-helpers.js';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test/fixtures/threagile',
);

function read(name: string) {
  return { text: readFileSync(path.join(FIXTURES, name), 'utf8'), file: name };
}

function load(name: string): { model: ThreatModel; warnings: Problem[] } {
  const { text, file } = read(name);
  return threagileImporter.parse(text, { file });
}

describe('threagile models', () => {
  const { model, warnings } = load('model.yaml');

  it('is detected by its top-level keys', () => {
    expect(importerFor(read('model.yaml').text, 'model.yaml').format).toBe('threagile');
    expect(threagileImporter.detect('technical_assets: {}\n', 'm.json')).toBe(false);
  });

  it('reads data assets as data classes, confidentiality as sensitivity, merges included', () => {
    expect(model.title).toBe('Small Shop');
    expect(model.dataClasses).toEqual([
      { id: 'customer-records', name: 'Customer Records', sensitivity: 'restricted' },
      { id: 'order-history', name: 'Order History', sensitivity: 'confidential' },
      { id: 'product-pages', name: 'Product Pages', sensitivity: 'public' },
    ]);
  });

  it('reads assets with type, technology kind, internet, encryption and data', () => {
    const browser = component(model, 'browser');
    expect(browser.name).toBe('Shopper Browser');
    expect(browser.type).toMatchObject({ value: 'external', source: 'declared' });
    expect(browser.kind.value).toBe('browser');
    expect(browser.internetExposed?.value).toBe(true);
    expect(browser.data.value).toEqual(['customer-records', 'product-pages']);
    const db = component(model, 'orders-db');
    expect(db.type.value).toBe('datastore');
    expect(db.kind.value).toBe('database');
    expect(db.encryptionAtRest?.value).toBe(true);
    expect(component(model, 'web').encryptionAtRest?.value).toBe(false);
  });

  it('reads links as flows with protocol, encryption, authentication and data', () => {
    expect(model.flows.map((f) => [f.id, f.label])).toEqual([
      ['browser->web', 'Shop Traffic'],
      ['web->orders-db', 'Orders Query'],
      ['web->orders-db#2', 'Admin Console'],
    ]);
    const [traffic, query, console] = model.flows;
    expect(traffic).toMatchObject({
      protocol: { value: 'https' },
      encrypted: { value: true },
      authentication: { value: 'session' },
      data: { value: ['customer-records', 'product-pages'] },
    });
    expect(traffic!.controls['identity-propagation']?.value).toBe(true);
    expect(query!.protocol?.value).toBe('sql');
    expect(query!.encrypted).toMatchObject({ value: true, reason: 'the link runs over a VPN' });
    expect(query!.authentication?.value).toBe('password');
    expect(console!.controls.mfa?.value).toBe(true);
  });

  it('nests trust boundaries and places assets in them', () => {
    expect(model.zones.map((z) => [z.id, z.name, z.parent])).toEqual([
      ['cloud', 'Cloud Network', undefined],
      ['data-zone', 'Data Zone', 'cloud'],
    ]);
    expect(model.zones[1]!.trust).toMatchObject({ value: 'restricted', source: 'assumed' });
    expect(component(model, 'web').zone?.value).toBe('cloud');
    expect(component(model, 'browser').zone).toBeUndefined();
  });

  it('reports the sections it skips', () => {
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'skipped',
        line: 70,
        message: expect.stringContaining('shared_runtimes'),
      }),
    ]);
  });

  it('infers the rest: the zone named Data Zone stays restricted', () => {
    const understood = understand(read('model.yaml')).model;
    expect(understood.zones[1]!.trust.value).toBe('restricted');
    expect(understood.components.find((c) => c.id === 'web')!.internetExposed?.value).toBe(true);
  });
});

describe('bad threagile input', () => {
  it('reports unknown references and values where they are, and reads the rest', () => {
    const { model, warnings } = load('bad-references.yaml');
    expect(model.components.map((c) => c.id)).toEqual(['web', 'db']);
    expect(model.flows.map((f) => f.id)).toEqual(['web->db']);
    expect(warnings.map((w) => [w.code, w.line, w.column])).toEqual([
      ['unknown-value', 6, 17],
      ['unknown-data-asset', 7, 29],
      ['no-id', 18, 3],
      ['unknown-asset', 10, 17],
      ['unknown-asset', 24, 36],
      ['unknown-boundary', 25, 38],
      ['two-boundaries', 29, 31],
      ['bad-nesting', 30, 31],
    ]);
    expect(warnings[3]!.message).toContain("unknown asset 'missing-asset' (known: web, db)");
    expect(model.zones.find((z) => z.id === 'outer')!.parent).toBeUndefined();
  });

  it('refuses a file without technical assets, and malformed YAML', () => {
    const empty = () => threagileImporter.parse('title: x\n', { file: 't.yaml' });
    expect(empty).toThrow(/technical_assets/);
    try {
      load('malformed.yaml');
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems[0]).toMatchObject({ code: 'yaml-syntax', line: 3 });
    }
  });

  it('refuses alias bombs', () => {
    let text = 'x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1]\n';
    for (let i = 1; i < 8; i++) {
      text += `x${i}: &a${i} [${Array(8)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    }
    text += 'technical_assets:\n  A:\n    id: a\n    tags: *a7\n';
    expect(() => threagileImporter.parse(text)).toThrow(/too many YAML aliases/);
  });
});
