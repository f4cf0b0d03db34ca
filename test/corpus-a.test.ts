/**
 * Acceptance on real files from the shared corpus: every draw.io, Threat Dragon, OTM and
 * TM-BOM file imports without error, with as many components, flows and zones as the file has,
 * counted here straight from the raw file; and what `strider export` writes validates against
 * the Threat Dragon v2 and OTM schemas. Skipped where the shared corpus is absent.
 */
import { Ajv } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/pipeline.js';
import { exporterFor } from '../src/exporters/index.js';
import { importerFor } from '../src/importers/index.js';
import { HAS_SHARED, SHARED_ABSENT_NOTE, sharedPath } from './helpers.js';

type Json = Record<string, any>;

interface Counts {
  components: number;
  flows: number;
  zones: number;
}

const corpus = (...parts: string[]) => sharedPath('corpus', ...parts);
const filesIn = (folder: string, pattern: RegExp) =>
  HAS_SHARED
    ? readdirSync(corpus(folder))
        .filter((name) => pattern.test(name))
        .map((name) => path.join(folder, name))
    : [];

const THREAT_THINKER = 'threat-thinker/examples/diagrams';
const SYSTEMS = ['web', 'aws', 'nested-zone'];

const THREAT_DRAGON_FILES = [
  ...filesIn('threat-dragon/demo', /^(?!.*\.(otm|tmbom)\.json$).*\.json$/),
  ...SYSTEMS.map((system) => `${THREAT_THINKER}/${system}/system.threat-dragon.json`),
  'real/juice-shop-threat-dragon/threat-model.json',
  'real/tm-cookbook/alt1-sokify.json',
];
const OTM_FILES = [
  ...filesIn('otm', /\.(json|yaml)$/).filter((file) => !file.endsWith('otm_schema.json')),
  ...filesIn('otm/startleft-expected', /\.otm$/),
  'threat-dragon/demo/mobile-cloud.otm.json',
];
const DRAWIO_FILES = filesIn(THREAT_THINKER, /^$/).concat(
  HAS_SHARED
    ? SYSTEMS.flatMap((system) =>
        readdirSync(corpus(THREAT_THINKER, system))
          .filter((name) => name.endsWith('.xml'))
          .map((name) => `${THREAT_THINKER}/${system}/${name}`),
      )
    : [],
);

function read(file: string): string {
  return readFileSync(corpus(file), 'utf8');
}

/** Threat Dragon: elements, flows between two elements, and boundaries, by cell type. */
function threatDragonCounts(text: string): Counts {
  const document = JSON.parse(text) as Json;
  const counts = { components: 0, flows: 0, zones: 0 };
  for (const diagram of document.detail.diagrams) {
    const cells: Json[] = diagram.cells ?? diagram.diagramJson?.cells ?? [];
    const kind = (cell: Json) => String(cell.shape ?? cell.type ?? '').replace(/^tm\./, '');
    const isElement = (cell: Json) => /^(actor|process|store)$/i.test(kind(cell));
    const isBoundary = (cell: Json) =>
      /^(trust-boundary-(box|curve)|Boundary(Box)?)$/.test(kind(cell));
    const elements = new Set(cells.filter(isElement).map((cell) => cell.id));
    counts.components += elements.size;
    counts.zones += cells.filter(isBoundary).length;
    counts.flows += cells.filter((c) => {
      if (!/^(flow|Flow)$/.test(kind(c))) return false;
      const from = c.source?.cell ?? c.source?.id;
      const to = c.target?.cell ?? c.target?.id;
      return elements.has(from) && elements.has(to);
    }).length;
  }
  return counts;
}

/** OTM: the lists as the file has them; flows only between listed components. */
function otmCounts(document: Json): Counts {
  const components = new Set((document.components ?? []).map((c: Json) => c.id));
  return {
    components: components.size,
    flows: (document.dataflows ?? []).filter(
      (f: Json) => components.has(f.source) && components.has(f.destination),
    ).length,
    zones: (document.trustZones ?? []).length,
  };
}

/**
 * draw.io: edges are `edge="1"` cells; shapes are the other vertices but edge labels; the
 * zones are the subgraphs of the same system drawn in Mermaid beside it, and every shape
 * that is not a zone is a component.
 */
function drawioCounts(file: string, text: string): Counts {
  const cells = text.match(/<mxCell\b[^>]*>/g) ?? [];
  const vertices = cells.filter((cell) => /vertex="1"/.test(cell) && !/edgeLabel/.test(cell));
  const mermaid = file.replace(/\.xml$/, '.mmd');
  const zones = (read(mermaid).match(/^\s*subgraph\b/gm) ?? []).length;
  return {
    components: vertices.length - zones,
    flows: cells.filter((cell) => /edge="1"/.test(cell)).length,
    zones,
  };
}

/** What the importer read, before inference adds zones of its own to diagrams without any. */
function imported(file: string, text: string) {
  const importer = importerFor(text, file);
  return { format: importer.format, ...importer.parse(text, { file }) };
}

function countsOf(model: { components: unknown[]; flows: unknown[]; zones: unknown[] }): Counts {
  return {
    components: model.components.length,
    flows: model.flows.length,
    zones: model.zones.length,
  };
}

if (!HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});

describe.skipIf(!HAS_SHARED)('shared corpus: Threat Dragon files', () => {
  it.each(THREAT_DRAGON_FILES)('%s imports with the counts of the file', (file) => {
    const text = read(file);
    const { model, format } = imported(file, text);
    expect(format).toBe('threat-dragon');
    expect(countsOf(model)).toEqual(threatDragonCounts(text));
  });

  it('keeps names with line breaks, as the Juice Shop model writes them', () => {
    const file = 'real/juice-shop-threat-dragon/threat-model.json';
    const { model } = imported(file, read(file));
    expect(model.components.map((c) => c.name)).toContain('Angular\nFrontend');
  });
});

describe.skipIf(!HAS_SHARED)('shared corpus: OTM files', () => {
  it.each(OTM_FILES)('%s imports with the counts of the file', (file) => {
    const text = read(file);
    const { model, format } = imported(file, text);
    expect(format).toBe('otm');
    // The YAML example is the JSON example, written (slightly wrongly) as YAML.
    const raw = file.endsWith('.yaml') ? read(file.replace(/\.yaml$/, '.json')) : text;
    expect(countsOf(model)).toEqual(otmCounts(JSON.parse(raw)));
  });
});

describe.skipIf(!HAS_SHARED)('shared corpus: TM-BOM file', () => {
  it('threat-dragon/demo/huskyai.tmbom.json imports with the counts of the file', () => {
    const file = 'threat-dragon/demo/huskyai.tmbom.json';
    const text = read(file);
    const { model, format, warnings } = imported(file, text);
    expect(format).toBe('tm-bom');
    expect(warnings).toEqual([]);
    const raw = JSON.parse(text) as Json;
    const names = new Set(
      [...raw.actors, ...raw.components, ...raw.data_stores].map((e: Json) => e.symbolic_name),
    );
    expect(countsOf(model)).toEqual({
      components: names.size,
      flows: raw.data_flows.filter(
        (f: Json) => names.has(f.source.object) && names.has(f.destination.object),
      ).length,
      zones: raw.trust_zones.length,
    });
  });
});

describe.skipIf(!HAS_SHARED)('shared corpus: draw.io files', () => {
  it.each(DRAWIO_FILES)('%s imports with the counts of the file', (file) => {
    const text = read(file);
    const { model, format, warnings } = imported(file, text);
    expect(format).toBe('drawio');
    expect(warnings).toEqual([]);
    expect(countsOf(model)).toEqual(drawioCounts(file, text));
  });
});

describe.skipIf(!HAS_SHARED)('shared corpus: exports validate', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const schema = (file: string) => JSON.parse(read(file)) as Json;
  const validators = HAS_SHARED
    ? {
        'threat-dragon': ajv.compile(schema('threat-dragon/schema/threat-dragon-v2.schema.json')),
        'otm': ajv.compile(schema('otm/otm_schema.json')),
      }
    : undefined;
  const inputs = [
    'threat-dragon/demo/huskyai.tmbom.json',
    ...THREAT_DRAGON_FILES,
    ...OTM_FILES,
    ...DRAWIO_FILES,
    ...SYSTEMS.map((system) => `${THREAT_THINKER}/${system}/system.mmd`),
  ];

  it.each(inputs)('%s exports to valid Threat Dragon v2 and OTM', (file) => {
    const source = { text: read(file), file };
    const { model, report, format } = analyze(source);
    for (const target of ['threat-dragon', 'otm'] as const) {
      const validate = validators?.[target];
      const document = JSON.parse(
        exporterFor(target).write({ source, format, model, report }),
      ) as Json;
      const valid = validate?.(document);
      expect(valid, JSON.stringify(validate?.errors?.slice(0, 3))).toBe(true);
    }
  });

  it('validates the demo files themselves, so the schema check means something', () => {
    const file = 'threat-dragon/demo/v2-threat-model.json';
    expect(validators?.['threat-dragon'](JSON.parse(read(file)))).toBe(true);
    expect(validators?.['threat-dragon']({ summary: {} })).toBe(false);
    expect(validators?.otm({ otmVersion: '0.2.0' })).toBe(false);
  });
});
