/**
 * Reads OWASP Threat Dragon models. Version 1 keeps each diagram's cells under
 * `diagramJson.cells`, typed `tm.Actor`, `tm.Flow`...; version 2 keeps them under `cells`, each
 * with a `shape` and the element's properties under `data`. Elements keep their cell IDs, so
 * findings point at the cells and the exporter can write threats back into the same file.
 *
 * Trust boundaries say what they contain only by where they are drawn. A box contains what is
 * drawn inside it. A curve is an open line that says nothing about its sides: Strider closes
 * it, last point back to the first, and counts an element inside when its centre falls in that
 * polygon (in the bounding box when the points enclose no area). That is an approximation, so
 * memberships from curves are 'assumed', with the reason, for rules and readers to check.
 */
import { readTransport } from '../infer/protocols.js';
import { wordsOf } from '../infer/facts.js';
import { InputError, type Problem } from '../model/problems.js';
import type {
  Component,
  ElementType,
  Fact,
  Flow,
  RecordedThreat,
  ThreatModel,
  Zone,
} from '../model/types.js';
import { parseSourceDocument, problemAt, type SourceDocument } from '../model/yaml-source.js';
import {
  centreOf,
  closedCurveRegion,
  enclosingParents,
  finiteNumber,
  innermost,
  MAX_GEOMETRY_COMPARISONS,
  rectRegion,
  type Point,
  type Rect,
  type Region,
} from './geometry.js';
import type { Importer, ImportOptions, ImportResult } from './importer.js';
import {
  asArray,
  asBoolean,
  asObject,
  asString,
  nonBlank,
  pathValue,
  type JsonObject,
} from './json-values.js';
import { checkNesting } from '../model/nesting.js';
import { choosePages } from './pages.js';

/** What a cell is, from its v2 `shape` or its v1 `type` (also v2's `data.type`). */
const CELL_ROLES = {
  'actor': 'actor',
  'tm.Actor': 'actor',
  'process': 'process',
  'tm.Process': 'process',
  'store': 'store',
  'tm.Store': 'store',
  'flow': 'flow',
  'tm.Flow': 'flow',
  'trust-boundary-box': 'box',
  'tm.BoundaryBox': 'box',
  'trust-boundary-curve': 'curve',
  'tm.Boundary': 'curve',
  'td-text-block': 'text',
  'tm.Text': 'text',
} as const;
export type CellRole = (typeof CELL_ROLES)[keyof typeof CELL_ROLES];

const ELEMENTS = {
  actor: { type: 'actor', shape: 'actor', word: 'an actor' },
  process: { type: 'process', shape: undefined, word: 'a process' },
  store: { type: 'datastore', shape: 'cylinder', word: 'a store' },
} as const satisfies Record<string, { type: ElementType; shape?: string; word: string }>;
type ElementRole = keyof typeof ELEMENTS;

/** Threat Dragon's flags for stores and processes that name the data they hold. */
const DATA_FLAGS = {
  storesCredentials: 'credentials',
  isALog: 'logs',
  handlesCardPayment: 'payment',
} as const;

/** One cell with the ID Strider gives it, for the importer and the exporter alike. */
export interface CellEntry {
  diagram: number;
  index: number;
  id: string;
  role?: CellRole;
  cell: JsonObject;
}

export interface ThreatDragonLayout {
  version: 1 | 2;
  diagrams: { title: string; cells: CellEntry[]; path: (string | number)[] }[];
  /** Cells whose ID was missing or taken, and the ID they got instead. */
  renamed: { entry: CellEntry; original?: string }[];
}

export const threatDragonImporter: Importer = {
  format: 'threat-dragon',
  description: 'OWASP Threat Dragon model, version 1 or 2 (JSON)',
  hasPages: true,
  detect(text, file) {
    if (file !== undefined && !/\.json$/i.test(file)) return false;
    if (/"otmVersion"\s*:/.test(text)) return false;
    if (/"diagramJson"\s*:/.test(text)) return true;
    return /"detail"\s*:/.test(text) && /"diagrams"\s*:/.test(text);
  },
  parse(text, options = {}) {
    checkNesting(text, options.file);
    const source = parseSourceDocument(text, options.file);
    return new ThreatDragonReader(source, options).read();
  },
};

/** Lists every diagram's cells with stable IDs; the exporter relies on the same IDs. */
export function threatDragonLayout(document: unknown): ThreatDragonLayout | undefined {
  const diagrams = asArray(pathValue(document, 'detail', 'diagrams'));
  if (!diagrams) return undefined;
  const version = diagrams.some((d) => asObject(d)?.diagramJson !== undefined) ? 1 : 2;
  const taken = new Set<string>();
  const renamed: ThreatDragonLayout['renamed'] = [];
  const layout = diagrams.map((raw, diagram) => {
    const inner = version === 1 ? ['diagramJson', 'cells'] : ['cells'];
    const entries: CellEntry[] = [];
    (asArray(pathValue(raw, ...inner)) ?? []).forEach((value, index) => {
      const cell = asObject(value);
      if (!cell) return;
      const original = nonBlank(cell.id);
      const id = uniqueCellId(original, `cell-${diagram + 1}-${index + 1}`, taken);
      const entry: CellEntry = { diagram, index, id, role: roleOf(cell), cell };
      if (id !== original) renamed.push({ entry, original });
      entries.push(entry);
    });
    const title = nonBlank(asObject(raw)?.title) ?? `Diagram ${diagram + 1}`;
    return { title, cells: entries, path: ['detail', 'diagrams', diagram, ...inner] };
  });
  return { version, diagrams: layout, renamed };
}

/** The cell's own ID while it is free; a taken or missing one gets its place in the file. */
function uniqueCellId(original: string | undefined, place: string, taken: Set<string>): string {
  let id = original ?? place;
  if (taken.has(id)) id = original === undefined ? place : `${original}@${place}`;
  for (let n = 2; taken.has(id); n++) id = `${place}-${n}`;
  taken.add(id);
  return id;
}

function roleOf(cell: JsonObject): CellRole | undefined {
  for (const key of [cell.shape, cell.type, pathValue(cell, 'data', 'type')]) {
    if (typeof key === 'string' && Object.hasOwn(CELL_ROLES, key)) {
      return CELL_ROLES[key as keyof typeof CELL_ROLES];
    }
  }
  return undefined;
}

interface Boundary {
  zone: Zone;
  region?: Region;
  curve: boolean;
}

interface PlacedComponent {
  component: Component;
  centre?: Point;
}

/** Reads one parsed file; collects warnings as it goes and throws only when nothing is left. */
class ThreatDragonReader {
  private readonly warnings: Problem[] = [];
  private readonly model: ThreatModel = { zones: [], components: [], flows: [], dataClasses: [] };
  private readonly recorded: RecordedThreat[] = [];
  private unnamedBoundaries = 0;

  constructor(
    private readonly source: SourceDocument,
    private readonly options: ImportOptions,
  ) {}

  read(): ImportResult {
    const layout = threatDragonLayout(this.source.value);
    if (!layout) {
      throw new InputError([
        problemAt(
          this.source,
          [],
          'not-threat-dragon',
          'not a Threat Dragon model: expected a list of diagrams under detail.diagrams',
        ),
      ]);
    }
    for (const { entry, original } of layout.renamed) this.warnRenamed(layout, entry, original);
    const title = nonBlank(pathValue(this.source.value, 'summary', 'title'));
    if (title !== undefined) this.model.title = title.trim();
    const titles = layout.diagrams.map((diagram) => diagram.title);
    for (const index of choosePages(titles, this.options.page, 'diagram', this.source.file)) {
      this.readDiagram(layout.diagrams[index] as ThreatDragonLayout['diagrams'][number]);
    }
    if (this.recorded.length > 0) this.model.recordedThreats = this.recorded;
    if (this.model.components.length === 0) {
      this.warn([], 'empty-model', 'no actors, processes or stores in the diagrams read');
    }
    return { model: this.model, warnings: this.warnings };
  }

  private readDiagram(diagram: ThreatDragonLayout['diagrams'][number]): void {
    const boundaries: Boundary[] = [];
    const placed: PlacedComponent[] = [];
    const flows: CellEntry[] = [];
    for (const entry of diagram.cells) {
      const path = [...diagram.path, entry.index];
      const role = entry.role;
      if (role === 'actor' || role === 'process' || role === 'store') {
        placed.push(this.readElement(entry, role, path));
      } else if (role === 'box' || role === 'curve') {
        boundaries.push(this.readBoundary(entry, role === 'curve', path));
      } else if (role === 'flow') {
        flows.push(entry);
      } else if (role === undefined) {
        const shape = asString(entry.cell.shape) ?? asString(entry.cell.type) ?? 'none';
        this.warn(path, 'unknown-cell', `cell '${entry.id}' skipped: unknown shape '${shape}'`);
      }
    }
    this.placeByGeometry(boundaries, placed, diagram.path);
    const byId = new Map(placed.map(({ component }) => [component.id, component]));
    const others = new Map(diagram.cells.map((entry) => [entry.id, entry.role]));
    for (const entry of flows) this.readFlow(entry, [...diagram.path, entry.index], byId, others);
  }

  private readElement(entry: CellEntry, role: ElementRole, path: PathSegments): PlacedComponent {
    const props = propsOf(entry.cell);
    const element = ELEMENTS[role];
    const component: Component = {
      id: entry.id,
      name: nameOf(entry.cell) ?? entry.id,
      type: {
        value: element.type,
        source: 'declared',
        reason: `drawn as ${element.word} in Threat Dragon`,
      },
      kind: { value: 'unknown', source: 'assumed' },
      data: dataFromFlags(props),
      controls: {},
      position: this.source.positionOf(path),
    };
    if (element.shape) component.shape = element.shape;
    if (role === 'store') {
      const encrypted = tickBox(props, 'isEncrypted');
      if (encrypted) component.encryptionAtRest = encrypted;
    }
    if (props.isWebApplication === true) {
      component.kind = { value: 'web-app', source: 'declared', reason: ticked('isWebApplication') };
    }
    if (role === 'actor' && props.providesAuthentication === true) {
      component.kind = {
        value: 'identity-provider',
        source: 'declared',
        reason: ticked('providesAuthentication'),
      };
    }
    this.model.components.push(component);
    this.recordThreats(entry, component.id);
    const rect = rectOf(entry.cell);
    return { component, centre: rect && centreOf(rect) };
  }

  private readBoundary(entry: CellEntry, curve: boolean, path: PathSegments): Boundary {
    const name = nameOf(entry.cell) ?? `Trust boundary ${++this.unnamedBoundaries}`;
    const zone: Zone = {
      id: entry.id,
      name,
      trust: {
        value: 'internal',
        source: 'assumed',
        reason: 'Threat Dragon boundaries carry no trust level',
      },
      position: this.source.positionOf(path),
    };
    this.model.zones.push(zone);
    const region = curve ? curveRegion(entry.cell) : boxRegion(entry.cell);
    if (!region) {
      this.warn(
        path,
        'no-geometry',
        `trust boundary '${name}' has no usable position, so nothing is placed inside it`,
      );
    }
    return { zone, region, curve };
  }

  /** Nests boundaries in boundaries and puts each element in the innermost one around it. */
  private placeByGeometry(boundaries: Boundary[], placed: PlacedComponent[], path: PathSegments) {
    const drawn = boundaries.filter((b): b is Boundary & { region: Region } => !!b.region);
    if (drawn.length === 0) return;
    if ((placed.length + drawn.length) * drawn.length > MAX_GEOMETRY_COMPARISONS) {
      this.warn(
        path,
        'too-many-boundaries',
        `${drawn.length} trust boundaries are too many to place elements by geometry; ` +
          'elements are left outside them',
      );
      return;
    }
    for (const [inner, outer] of enclosingParents(drawn)) inner.zone.parent = outer.zone.id;
    for (const { component, centre } of placed) {
      if (!centre) continue;
      const around = innermost(drawn, (region) => region.contains(centre));
      if (around) component.zone = membership(around);
    }
  }

  private readFlow(
    entry: CellEntry,
    path: PathSegments,
    components: Map<string, Component>,
    cells: Map<string, CellRole | undefined>,
  ): void {
    const props = propsOf(entry.cell);
    const label = nameOf(entry.cell);
    const ends = { source: endOf(entry.cell.source), target: endOf(entry.cell.target) };
    for (const end of ['source', 'target'] as const) {
      const id = ends[end];
      if (id !== undefined && components.has(id)) continue;
      const what = label === undefined ? `flow '${entry.id}'` : `flow '${entry.id}' ('${label}')`;
      this.warn(path, 'dangling-flow', `${what} skipped: ${describeEnd(end, id, cells)}`);
      return;
    }
    const from = ends.source as string;
    const to = ends.target as string;
    const flow: Flow = {
      id: entry.id,
      from,
      to,
      data: { value: [], source: 'assumed' },
      controls: {},
      position: this.source.positionOf(path),
    };
    if (label !== undefined) flow.label = label;
    const protocol = nonBlank(props.protocol);
    if (protocol !== undefined) flow.protocol = declaredProtocol(protocol);
    const encrypted = tickBox(props, 'isEncrypted');
    if (encrypted) flow.encrypted = encrypted;
    if (props.isBidirectional === true) flow.bidirectional = true;
    if (props.isPublicNetwork === true) {
      const target = components.get(to) as Component;
      target.internetExposed = {
        value: true,
        source: 'declared',
        reason: `reached over a public network by flow '${label ?? entry.id}' (Threat Dragon)`,
      };
    }
    this.model.flows.push(flow);
    this.recordThreats(entry, flow.id);
  }

  private recordThreats(entry: CellEntry, element: string): void {
    const threats = asArray(propsOf(entry.cell).threats) ?? asArray(entry.cell.threats) ?? [];
    for (const value of threats) {
      const threat = asObject(value);
      if (!threat) continue;
      const recorded: RecordedThreat = {
        element,
        title: nonBlank(threat.title)?.trim() ?? 'Untitled threat',
      };
      const id = nonBlank(threat.id) ?? nonBlank(threat.threatId);
      if (id !== undefined) recorded.id = id;
      for (const key of ['status', 'severity', 'type', 'description', 'mitigation'] as const) {
        const text = nonBlank(threat[key]);
        if (text !== undefined) recorded[key] = text;
      }
      this.recorded.push(recorded);
    }
  }

  private warnRenamed(layout: ThreatDragonLayout, entry: CellEntry, original?: string): void {
    const path = [...(layout.diagrams[entry.diagram]?.path ?? []), entry.index];
    const why = original === undefined ? 'has no ID' : `repeats the ID '${original}'`;
    this.warn(path, 'cell-id', `cell ${why}; Strider calls it '${entry.id}'`);
  }

  private warn(path: PathSegments, code: string, message: string): void {
    this.warnings.push(problemAt(this.source, path, code, message, { severity: 'warning' }));
  }
}

type PathSegments = (string | number)[];

/** Version 2 keeps an element's properties under `data`; version 1 on the cell itself. */
function propsOf(cell: JsonObject): JsonObject {
  return asObject(cell.data) ?? cell;
}

/** The name as written, line breaks and quotes included; only outer blanks are trimmed. */
function nameOf(cell: JsonObject): string | undefined {
  const firstLabel = asArray(cell.labels)?.[0];
  const candidates = [
    pathValue(cell, 'data', 'name'),
    cell.name,
    pathValue(cell, 'attrs', 'text', 'text'),
    pathValue(cell, 'attrs', 'label', 'text'),
    pathValue(firstLabel, 'attrs', 'labelText', 'text'),
    pathValue(firstLabel, 'attrs', 'text', 'text'),
  ];
  for (const candidate of candidates) {
    const name = nonBlank(candidate);
    if (name !== undefined) return name.trim();
  }
  return undefined;
}

function ticked(flag: string): string {
  return `Threat Dragon: '${flag}' is ticked`;
}

/**
 * A ticked box is a declaration. Threat Dragon writes every box unticked by default, so an
 * unticked one says nothing: the fact stays undeclared rather than a control known absent.
 */
function tickBox(props: JsonObject, flag: string): Fact<boolean> | undefined {
  return asBoolean(props[flag]) === true
    ? { value: true, source: 'declared', reason: ticked(flag) }
    : undefined;
}

function dataFromFlags(props: JsonObject): Fact<string[]> {
  const flags = (Object.keys(DATA_FLAGS) as (keyof typeof DATA_FLAGS)[]).filter(
    (flag) => props[flag] === true,
  );
  if (flags.length === 0) return { value: [], source: 'assumed' };
  return {
    value: [...new Set(flags.map((flag) => DATA_FLAGS[flag]))].sort(),
    source: 'declared',
    reason: `Threat Dragon: ${flags.map((flag) => `'${flag}'`).join(', ')} ticked`,
  };
}

/** 'HTTPS' and 'HTTP/HTTPS' read as https; words Strider does not know stay as written. */
function declaredProtocol(raw: string): Fact<string> {
  const known = readTransport(wordsOf(raw)).protocol?.value;
  return {
    value: known ?? raw.trim().toLowerCase(),
    source: 'declared',
    reason: `Threat Dragon protocol '${raw.trim()}'`,
  };
}

function membership(boundary: Boundary): Fact<string> {
  const name = boundary.zone.name;
  if (!boundary.curve) {
    return { value: boundary.zone.id, source: 'declared', reason: `drawn inside '${name}'` };
  }
  return {
    value: boundary.zone.id,
    source: 'assumed',
    reason: `its centre lies inside the boundary curve '${name}', closed end to start`,
  };
}

/** The cell a flow end is attached to: `cell` in version 2, `id` in version 1. */
function endOf(end: unknown): string | undefined {
  const object = asObject(end);
  return nonBlank(object?.cell) ?? nonBlank(object?.id);
}

function describeEnd(
  end: 'source' | 'target',
  id: string | undefined,
  cells: Map<string, CellRole | undefined>,
): string {
  if (id === undefined) return `its ${end} end is not attached to any element`;
  const role = cells.get(id);
  if (role === undefined && !cells.has(id)) return `its ${end} '${id}' is not in the diagram`;
  const what = role === 'box' || role === 'curve' ? 'a trust boundary' : `a ${role ?? 'shape'}`;
  return `its ${end} '${id}' is ${what}, not an actor, process or store`;
}

function rectOf(cell: JsonObject): Rect | undefined {
  const x = finiteNumber(pathValue(cell, 'position', 'x'));
  const y = finiteNumber(pathValue(cell, 'position', 'y'));
  const width = finiteNumber(pathValue(cell, 'size', 'width'));
  const height = finiteNumber(pathValue(cell, 'size', 'height'));
  if (x === undefined || y === undefined || width === undefined || height === undefined) {
    return undefined;
  }
  return { x, y, width, height };
}

function boxRegion(cell: JsonObject): Region | undefined {
  const rect = rectOf(cell);
  return rect && rectRegion(rect);
}

/** The curve's points in drawing order: its start, its bends, its end. */
function curveRegion(cell: JsonObject): Region | undefined {
  const points: Point[] = [];
  for (const value of [cell.source, ...(asArray(cell.vertices) ?? []), cell.target]) {
    const x = finiteNumber(asObject(value)?.x);
    const y = finiteNumber(asObject(value)?.y);
    if (x !== undefined && y !== undefined) points.push({ x, y });
  }
  return points.length < 2 ? undefined : closedCurveRegion(points);
}
