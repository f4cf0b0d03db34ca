import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../engine/pipeline.js';
import { mermaidImporter } from '../importers/mermaid.js';
import type { ThreatModel } from '../model/types.js';
import { analyzeFile, expectGolden } from '../../test/diagram-helpers.js';
import { HAS_SHARED, SHARED_ABSENT_NOTE } from '../../test/helpers.js';
import { renderMermaid } from './mermaid.js';

const SYSTEM_UPDATED = '../shared/corpus/threat-thinker/examples/diagrams/web/system-updated.mmd';

/**
 * What a drawing must carry through: the elements and what Strider makes of them. Components
 * are compared by ID: a drawing lists those outside every zone first, and order means nothing.
 */
function structure(model: ThreatModel) {
  return {
    zones: model.zones.map((z) => ({ id: z.id, name: z.name, parent: z.parent })),
    components: byId(model).map((c) => ({ id: c.id, name: c.name, zone: c.zone?.value })),
    flows: model.flows.map((f) => ({
      id: f.id,
      from: f.from,
      to: f.to,
      both: f.bidirectional ?? false,
    })),
  };
}

function byId(model: ThreatModel) {
  return [...model.components].sort((a, b) => a.id.localeCompare(b.id));
}

function understood(model: ThreatModel) {
  return {
    zones: model.zones.map((z) => ({ id: z.id, trust: z.trust.value })),
    components: byId(model).map((c) => ({
      id: c.id,
      type: c.type.value,
      kind: c.kind.value,
      technology: c.technology?.value,
      data: c.data.value,
    })),
    flows: model.flows.map((f) => ({
      id: f.id,
      label: f.label,
      protocol: f.protocol?.value,
      encrypted: f.encrypted?.value,
    })),
  };
}

function threatsOf({ report }: Analysis) {
  return report.threats.map((t) => ({
    ruleId: t.ruleId,
    severity: t.severity,
    score: t.score,
    fingerprint: t.fingerprint,
    components: t.components,
    flows: t.flows,
  }));
}

/** Draws the analysis as Mermaid and reads the drawing back. */
function roundTrip(original: Analysis): Analysis {
  const text = renderMermaid(original.model, { threats: original.report.threats });
  return analyze({ text, file: 'drawn.mmd' });
}

describe('renderMermaid', () => {
  it('draws the web-shop example as checked in', () => {
    const { model, report } = analyzeFile('examples/web-shop.mmd');
    expectGolden('web-shop.mmd', renderMermaid(model, { threats: report.threats }));
  });

  it('reads back as the same model and threats (web-shop example)', () => {
    const original = analyzeFile('examples/web-shop.mmd');
    const again = roundTrip(original);
    expect(again.format).toBe('mermaid');
    expect(structure(again.model)).toEqual(structure(original.model));
    expect(understood(again.model)).toEqual(understood(original.model));
    expect(threatsOf(again)).toEqual(threatsOf(original));
    expect(threatsOf(again).length).toBeGreaterThan(0);
  });

  it('keeps zones, nesting, members and flows of a model file', () => {
    const original = analyzeFile('test/fixtures/diagrams/zoned.yaml');
    const again = roundTrip(original);
    expect(structure(again.model)).toEqual(structure(original.model));
    expect(again.model.title).toBe('Clinic portal');
    // Stated protocols become link text; one inferred from the target is left to inference.
    const protocols = again.model.flows.map((f) => [f.id, f.label]);
    expect(protocols).toEqual([
      ['patient->portal', 'https'],
      ['portal->cache', undefined],
      ['portal->emr', 'postgresql'],
      ['portal->lab', undefined],
    ]);
    expect(again.model.components.find((c) => c.id === 'emr')?.type.value).toBe('datastore');
  });

  it('styles what it cannot say in Mermaid: severity, inferred types, unknown protocols', () => {
    const { model, report } = analyzeFile('test/fixtures/diagrams/zoned.yaml');
    const text = renderMermaid(model, { threats: report.threats });
    const worst = report.threats.find((t) => t.components.includes('cache'))!.severity;
    const classOf = {
      critical: 'sevCritical',
      high: 'sevHigh',
      medium: 'sevMedium',
      low: 'sevLow',
    };
    expect(text).toMatch(new RegExp(`class [\\w,]*\\bcache\\b[\\w,]* ${classOf[worst]}\\n`));
    expect(text).toMatch(/class cache inferred\n/);
    expect(text).toContain('portal <-.-> lab');
    expect(text).toContain('portal --> cache');
    expect(renderMermaid(model)).not.toMatch(/classDef sev|linkStyle/);
  });

  it('escapes labels and rewrites IDs Mermaid cannot read, and still reads back', () => {
    const original = analyzeFile('test/fixtures/diagrams/hostile.yaml');
    const text = renderMermaid(original.model, { threats: original.report.threats });
    for (const quoted of text.match(/"[^"\n]*"/g) ?? []) {
      expect(quoted, quoted).not.toMatch(/[<>&]/);
    }
    expect(text).toContain('"#lt;script#gt;alert(1)#lt;/script#gt;"');
    expect(text).toContain('title: "\\u003cimg src=x onerror=alert(\'title\')\\u003e"');

    const again = mermaidImporter.parse(text).model;
    const names = (model: ThreatModel) => model.components.map((c) => c.name).sort();
    expect(names(again)).toEqual(names(original.model));
    expect(again.zones.map((z) => z.name)).toEqual(original.model.zones.map((z) => z.name));
    expect(again.flows.map((f) => f.label)).toEqual([
      original.model.flows[0].label,
      original.model.flows[1].protocol?.value,
    ]);
    expect(again.title).toBe(original.model.title);
    expect(again.components.map((c) => c.id)).toEqual([
      'id_back_slash',
      'id_script_alert_id_script',
      'id_svg_onload_alert_id2',
    ]);
  });

  it('gives a node and a subgraph that share an ID different Mermaid IDs', () => {
    const text = renderMermaid({
      zones: [{ id: 'end', name: 'Vault', trust: { value: 'restricted', source: 'declared' } }],
      components: [
        {
          id: 'end',
          name: 'End',
          type: { value: 'process', source: 'declared' },
          kind: { value: 'service', source: 'declared' },
          zone: { value: 'end', source: 'declared' },
          data: { value: [], source: 'declared' },
          controls: {},
        },
      ],
      flows: [],
      dataClasses: [],
    });
    const again = mermaidImporter.parse(text).model;
    expect(again.components.map((c) => [c.id, c.name, c.zone?.value])).toEqual([
      ['id_end', 'End', 'id_end_2'],
    ]);
  });

  describe.skipIf(!HAS_SHARED)('on the shared corpus', () => {
    it('reads system-updated.mmd back as the same model and threats', () => {
      const original = analyzeFile(SYSTEM_UPDATED);
      const again = roundTrip(original);
      expect(structure(again.model)).toEqual(structure(original.model));
      expect(understood(again.model)).toEqual(understood(original.model));
      expect(threatsOf(again)).toEqual(threatsOf(original));
    });
  });
  if (!HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});
});
