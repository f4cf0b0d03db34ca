import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers.js';
import { analyze, type SourceText } from '../engine/pipeline.js';
import { otmImporter } from '../importers/otm.js';
import { threatDragonImporter } from '../importers/threat-dragon.js';
import { exporterFor } from './index.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');

type Json = Record<string, any>;

function fixture(name: string): SourceText {
  return { text: readFileSync(path.join(FIXTURES, name), 'utf8'), file: name };
}

function exportAs(format: string, source: SourceText, page?: string): string {
  const { model, report, format: inputFormat } = analyze(source, { page });
  return exporterFor(format).write({ source, format: inputFormat, model, report, page });
}

function cellsOf(document: Json): Json[] {
  return document.detail.diagrams.flatMap((diagram: Json) => diagram.cells);
}

/** The document with Strider's threats taken out, to compare with what went in. */
function withoutStriderThreats(document: Json): Json {
  const copy = JSON.parse(JSON.stringify(document));
  for (const cell of cellsOf(copy)) {
    if (!cell.data) continue;
    if (cell.data.threats) {
      cell.data.threats = cell.data.threats.filter((t: Json) => t.fingerprint === undefined);
    }
    delete cell.data.hasOpenThreats;
  }
  delete copy.detail.threatTop;
  return copy;
}

/** The parts of the Threat Dragon v2 schema a reader relies on, checked without the schema. */
function expectThreatDragonShape(document: Json): void {
  expect(typeof document.version).toBe('string');
  expect(typeof document.summary.title).toBe('string');
  for (const key of ['contributors', 'diagrams', 'diagramTop', 'reviewer', 'threatTop']) {
    expect(document.detail).toHaveProperty(key);
  }
  const ids = new Set<string>();
  for (const diagram of document.detail.diagrams) {
    for (const key of ['diagramType', 'id', 'thumbnail', 'title', 'version']) {
      expect(diagram).toHaveProperty(key);
    }
    for (const cell of diagram.cells) {
      expect(typeof cell.id).toBe('string');
      expect(cell.id.length).toBeGreaterThanOrEqual(2);
      expect(typeof cell.shape).toBe('string');
      expect(Number.isInteger(cell.zIndex)).toBe(true);
      ids.add(cell.id);
      for (const threat of cell.data?.threats ?? []) {
        for (const key of ['mitigation', 'severity', 'status', 'title', 'type']) {
          expect(typeof threat[key]).toBe('string');
        }
      }
    }
  }
  for (const cell of cellsOf(document).filter((c) => c.shape === 'flow')) {
    expect(ids.has(cell.source.cell)).toBe(true);
    expect(ids.has(cell.target.cell)).toBe(true);
  }
}

describe('Threat Dragon export of a Threat Dragon v2 file', () => {
  const source = fixture('threat-dragon/v2-elements.json');
  const exported = JSON.parse(exportAs('threat-dragon', source));

  it('changes nothing but the threats on the cells', () => {
    expect(withoutStriderThreats(exported)).toEqual(withoutStriderThreats(JSON.parse(source.text)));
    expectThreatDragonShape(exported);
  });

  it('adds each Strider threat to the cells it affects, numbered after threatTop', () => {
    const { report } = analyze(source);
    expect(report.threats.length).toBeGreaterThan(0);
    const added = cellsOf(exported).flatMap((cell) =>
      (cell.data?.threats ?? []).map((threat: Json) => ({ cell: cell.id, threat })),
    );
    for (const threat of report.threats) {
      const cells = added.filter((a) => a.threat.fingerprint === threat.fingerprint);
      const affected = [...threat.components, ...threat.flows].sort();
      expect(cells.map((a) => a.cell).sort()).toEqual(affected);
      expect(cells[0]?.threat).toMatchObject({
        title: threat.title,
        status: 'Open',
        description: threat.why,
        mitigation: threat.recommendation,
        modelType: 'STRIDE',
      });
    }
    const numbers = added.map((a) => a.threat.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(exported.detail.threatTop).toBe(Math.max(...numbers));
    const open = cellsOf(exported).filter((cell) => cell.data?.threats?.length > 0);
    expect(open.every((cell) => cell.data.hasOpenThreats === true)).toBe(true);
  });

  it('writes STRIDE types and severities as Threat Dragon spells them', () => {
    const types = new Set([
      'Spoofing',
      'Tampering',
      'Repudiation',
      'Information disclosure',
      'Denial of service',
      'Elevation of privilege',
    ]);
    for (const cell of cellsOf(exported)) {
      for (const threat of cell.data?.threats ?? []) {
        expect(types.has(threat.type)).toBe(true);
        expect(['Critical', 'High', 'Medium', 'Low']).toContain(threat.severity);
      }
    }
  });

  it('gives the same file when exported again, and keeps threats someone edited', () => {
    const again = exportAs('threat-dragon', { text: JSON.stringify(exported), file: 'again.json' });
    expect(JSON.parse(again)).toEqual(exported);

    const edited = JSON.parse(JSON.stringify(exported));
    const cell = cellsOf(edited).find((c) => c.data?.threats?.length > 0) as Json;
    cell.data.threats[0].status = 'Mitigated';
    cell.data.threats.push({ ...cell.data.threats[0], fingerprint: 'gone', status: 'Open' });
    cell.data.threats.push({ ...cell.data.threats[0], fingerprint: 'old', status: 'Mitigated' });
    const updated = JSON.parse(exportAs('threat-dragon', { text: JSON.stringify(edited) }));
    const after = cellsOf(updated).find((c) => c.id === cell.id)?.data.threats as Json[];
    expect(after.map((t) => [t.fingerprint, t.status])).toEqual(
      cell.data.threats
        .filter((t: Json) => t.fingerprint !== 'gone')
        .map((t: Json) => [t.fingerprint, t.status]),
    );
  });

  it('touches only the diagram chosen with --page', () => {
    const original = JSON.parse(source.text);
    const renamed = source.text.replace(/"(customer|shop|orders|note|buy|save)"/g, '"b-$1"');
    const copy = JSON.parse(renamed);
    original.detail.diagrams.push({ ...copy.detail.diagrams[0], id: 1, title: 'Copy' });
    const text = JSON.stringify(original);
    const document = JSON.parse(exportAs('threat-dragon', { text, file: 'two.json' }, 'Copy'));
    const [first, second] = document.detail.diagrams;
    expect(first).toEqual(original.detail.diagrams[0]);
    const withThreats = second.cells.filter((cell: Json) => cell.data.threats?.length > 0);
    expect(withThreats.length).toBeGreaterThan(0);
  });
});

describe('Threat Dragon export of other inputs', () => {
  const source = fixture('drawio/containers.drawio');
  const document = JSON.parse(exportAs('threat-dragon', source));

  it('generates a v2 model with a cell per element and a box per zone', () => {
    expectThreatDragonShape(document);
    const shapes = cellsOf(document).map((cell) => [cell.shape, cell.data.name]);
    expect(shapes).toEqual([
      ['trust-boundary-box', 'Cloud'],
      ['trust-boundary-box', 'Private Subnet'],
      ['trust-boundary-box', 'Group grp'],
      ['trust-boundary-box', 'Data'],
      ['process', 'API'],
      ['process', 'Worker'],
      ['store', 'Users'],
      ['flow', 'reads'],
      ['flow', ''],
    ]);
  });

  it('lays elements out inside the boxes of their zones, and nested boxes inside boxes', () => {
    const { model } = analyze(source);
    const cells = cellsOf(document);
    const box = (name: string) => cells.find((c) => c.data.name === name) as Json;
    const inside = (inner: Json, outer: Json) =>
      inner.position.x >= outer.position.x &&
      inner.position.y >= outer.position.y &&
      inner.position.x + inner.size.width <= outer.position.x + outer.size.width &&
      inner.position.y + inner.size.height <= outer.position.y + outer.size.height;
    for (const component of model.components) {
      const zone = model.zones.find((z) => z.id === component.zone?.value);
      expect(inside(box(component.name), box(zone?.name as string))).toBe(true);
    }
    expect(inside(box('Private Subnet'), box('Cloud'))).toBe(true);
    expect(inside(box('Data'), box('Private Subnet'))).toBe(false);
  });

  it('reads back as the same elements', () => {
    const text = exportAs('threat-dragon', source);
    const back = threatDragonImporter.parse(text, { file: 'back.json' }).model;
    const { model } = analyze(source);
    expect(back.components.map((c) => c.name)).toEqual(model.components.map((c) => c.name));
    expect(back.flows).toHaveLength(model.flows.length);
    expect(back.zones.map((z) => z.name)).toEqual(model.zones.map((z) => z.name));
    expect(back.components.find((c) => c.name === 'API')?.zone?.value).toBe(
      back.zones.find((z) => z.name === 'Private Subnet')?.id,
    );
  });

  it('carries threats recorded in the input over as threats on their cells', () => {
    const otm = fixture('otm/threats-and-mitigations.yaml');
    const generated = JSON.parse(exportAs('threat-dragon', otm));
    const shop = cellsOf(generated).find((c) => c.data.name === 'Shop') as Json;
    expect(shop.data.threats[0]).toMatchObject({ title: 'SQL injection', status: 'exposed' });
  });
});

describe('OTM export', () => {
  const source = fixture('threat-dragon/v2-boundary-boxes.json');
  const document = JSON.parse(exportAs('otm', source));
  const { model, report } = analyze(source);

  it('writes zones with trust ratings, components, flows, threats and mitigations', () => {
    expect(document.otmVersion).toBe('0.2.0');
    expect(document.project).toMatchObject({ name: 'Boxes', id: 'boxes' });
    expect(document.trustZones.map((z: Json) => z.id)).toContain('vpc');
    expect(document.components).toHaveLength(model.components.length);
    expect(document.threats).toHaveLength(report.threats.length);
    const threatIds = new Set(document.threats.map((t: Json) => t.id));
    const mitigationIds = new Set(document.mitigations.map((m: Json) => m.id));
    for (const element of [...document.components, ...document.dataflows]) {
      for (const reference of element.threats) {
        expect(threatIds.has(reference.threat)).toBe(true);
        for (const mitigation of reference.mitigations ?? []) {
          expect(mitigationIds.has(mitigation.mitigation)).toBe(true);
        }
      }
    }
  });

  it('gives every component a trust zone, adding one when the model has none for it', () => {
    const zoneIds = new Set(document.trustZones.map((z: Json) => z.id));
    for (const component of document.components) {
      expect(zoneIds.has(component.parent.trustZone)).toBe(true);
    }
  });

  it('reads back with the same trust levels, components and flows', () => {
    const back = otmImporter.parse(JSON.stringify(document), { file: 'back.otm' }).model;
    expect(back.zones.map((z) => [z.id, z.trust.value])).toEqual(
      document.trustZones.map((z: Json) => [z.id, z.type]),
    );
    expect(back.components.map((c) => c.id)).toEqual(model.components.map((c) => c.id));
    expect(back.flows.map((f) => f.id)).toEqual(model.flows.map((f) => f.id));
    expect(back.recordedThreats?.length).toBeGreaterThan(0);
  });

  it('keeps threats the input recorded, with their own IDs', () => {
    const otm = JSON.parse(exportAs('otm', fixture('otm/threats-and-mitigations.yaml')));
    expect(otm.threats.map((t: Json) => t.id)).toEqual(expect.arrayContaining(['sqli', 'sniff']));
    const shop = otm.components.find((c: Json) => c.id === 'shop');
    expect(shop.threats[0]).toEqual({ threat: 'sqli', state: 'exposed' });
  });
});
