/**
 * Threat Dragon v2 export. From a Threat Dragon v2 file, the same file with Strider's threats
 * added to the cells they affect and nothing else changed, so the user reopens it in Threat
 * Dragon as they left it. From anything else (including v1 files), a new v2 model with the
 * elements laid out on a grid, zones as boxes around their members.
 *
 * Exporting again updates the file instead of piling up copies: a Strider threat already on a
 * cell (same fingerprint) is left as the user may have edited it, and Strider threats that no
 * longer apply are removed while their status is still Open.
 */
import type { Threat } from '../engine/threat.js';
import { threatDragonLayout, type CellEntry } from '../importers/threat-dragon.js';
import { asArray, asObject, type JsonObject } from '../importers/json-values.js';
import { choosePages } from '../importers/pages.js';
import type { ExportInput, Exporter } from './exporter.js';
import { generateThreatDragonModel } from './threat-dragon-layout.js';
import { threatEntry } from './threat-dragon-threats.js';
import { threatsByElement } from './threat-index.js';

export const threatDragonExporter: Exporter = {
  format: 'threat-dragon',
  description: 'OWASP Threat Dragon v2 JSON: the input file with threats added, or a new model',
  write(input) {
    const document = input.format === 'threat-dragon' ? JSON.parse(input.source.text) : undefined;
    const layout = document === undefined ? undefined : threatDragonLayout(document);
    if (layout?.version !== 2) {
      const generated = generateThreatDragonModel(input, threatIndex(input));
      return `${JSON.stringify(generated, null, 2)}\n`;
    }
    // Only the diagrams the model was read from: threats elsewhere are not Strider's to judge.
    const titles = layout.diagrams.map((diagram) => diagram.title);
    const read = choosePages(titles, input.page, 'diagram', input.source.file);
    const cells = read.flatMap((index) => layout.diagrams[index]?.cells ?? []);
    const result = addThreats(document as JsonObject, cells, threatIndex(input));
    return `${JSON.stringify(result, null, 2)}\n`;
  },
};

/** The Strider threats that affect an element, in report order. */
function threatIndex(input: ExportInput): (element: string) => Threat[] {
  const byElement = threatsByElement(input.report.threats);
  return (element) => byElement.get(element) ?? [];
}

function addThreats(
  document: JsonObject,
  cells: CellEntry[],
  threatsFor: (element: string) => Threat[],
): JsonObject {
  const detail = asObject(document.detail) as JsonObject;
  let threatTop = typeof detail.threatTop === 'number' ? detail.threatTop : 0;
  for (const entry of cells) {
    const applying = threatsFor(entry.id);
    const current = new Set(applying.map((threat) => threat.fingerprint));
    const data = asObject(entry.cell.data);
    const before = asArray(data?.threats) ?? [];
    // Keep what people wrote, and Strider threats that still apply or that someone changed.
    const kept = before.filter((value) => {
      const fingerprint = asObject(value)?.fingerprint;
      const status = asObject(value)?.status;
      return typeof fingerprint !== 'string' || current.has(fingerprint) || status !== 'Open';
    });
    const present = new Set(kept.map((value) => asObject(value)?.fingerprint));
    const added = applying
      .filter((threat) => !present.has(threat.fingerprint))
      .map((threat) => threatEntry(threat, entry.id, ++threatTop));
    if (added.length === 0 && kept.length === before.length) continue;
    const target = data ?? (entry.cell.data = {});
    const threats = [...kept, ...added];
    target.threats = threats;
    target.hasOpenThreats = threats.some((value) => asObject(value)?.status === 'Open');
  }
  detail.threatTop = threatTop;
  return document;
}
