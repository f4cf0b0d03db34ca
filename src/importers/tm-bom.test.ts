import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers.js';
import { importerFor } from './index.js';
import { tmBomImporter } from './tm-bom.js';

const FILE = path.join(REPO_ROOT, 'test/fixtures/tm-bom/basic.json');
const TEXT = readFileSync(FILE, 'utf8');

describe('TM-BOM importer', () => {
  const { model, warnings } = tmBomImporter.parse(TEXT, { file: 'basic.json' });

  it('is detected before the native format, whose `components:` key it shares', () => {
    expect(importerFor(TEXT, 'basic.json').format).toBe('tm-bom');
    expect(tmBomImporter.detect('components: []\nflows: []\n', 'model.yaml')).toBe(false);
  });

  it('reads zones, actors with their kinds, components and data stores', () => {
    expect(model.title).toBe('Photo service');
    expect(model.zones.map((z) => [z.id, z.name])).toEqual([
      ['public', 'Internet'],
      ['prod', 'Production VPC'],
    ]);
    expect(model.components.map((c) => [c.id, c.name, c.type.value, c.kind.value])).toEqual([
      ['visitor', 'Visitor', 'actor', 'user'],
      ['ops', 'Operator', 'actor', 'admin-user'],
      ['vision', 'Vision API', 'actor', 'external-service'],
      ['web', 'Web\nServer', 'process', 'unknown'],
      ['worker', 'Worker', 'process', 'unknown'],
      ['photos', 'Photo bucket', 'datastore', 'unknown'],
    ]);
    expect(model.components.find((c) => c.id === 'web')?.zone?.value).toBe('prod');
    expect(model.components.find((c) => c.id === 'worker')?.zone).toBeUndefined();
  });

  it('reads flows between named elements, with their encryption when given', () => {
    expect(model.flows.map((f) => [f.id, f.from, f.to, f.label])).toEqual([
      ['upload', 'visitor', 'web', 'HTTPS'],
      ['store', 'web', 'photos', 'Store photo'],
    ]);
    expect(model.flows[0]?.encrypted).toMatchObject({ value: true, source: 'declared' });
    expect(model.flows[1]?.encrypted).toBeUndefined();
  });

  it('warns about unknown zones, unnamed entries and flows to unknown elements', () => {
    expect(warnings.map((w) => w.message)).toEqual([
      'components[2]: skipped: an entry needs a symbolic_name',
      "components[1].trust_zone: trust zone 'staging' ignored: not in trust_zones",
      "data_flows[2].destination: data flow 'lost' skipped: " +
        "its destination 'cache' is not an actor, component or data store",
    ]);
  });
});
