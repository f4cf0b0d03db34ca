/**
 * Reads draw.io (diagrams.net) files: every page, or the one `page` names. Shapes become
 * components, edges flows, and containers zones: swimlanes, groups, shapes marked
 * `container=1`, shapes other shapes are children of, and boxes other shapes are merely drawn
 * inside (many diagrams draw a zone as a plain box around its members). Nested ones nest.
 *
 * Left out on purpose: text cells (annotations), edge labels (they become the flow's label)
 * and shapes with neither a label nor an edge (decorations such as icons and frames).
 * Edges whose ends are not both shapes are skipped with a warning that names the edge.
 */
import type { Problem } from '../model/problems.js';
import type { Component, Fact, Flow, ThreatModel, Zone } from '../model/types.js';
import { readDrawioPages, type CellRecord, type DrawioPage, type Locate } from './drawio-pages.js';
import {
  centreOf,
  finiteNumber,
  innermost,
  MAX_GEOMETRY_COMPARISONS,
  rectRegion,
  type Rect,
  type Region,
} from './geometry.js';
import type { Importer, ImportResult } from './importer.js';
import { plainLabel } from './markup-text.js';
import { choosePages } from './pages.js';

interface Style {
  /** Bare words such as `ellipse`, `swimlane`, `text`: the first is the shape. */
  names: string[];
  values: Map<string, string>;
}

/** What a vertex is for: a zone, a component, a flow's label, or a note nobody models. */
type VertexRole = 'zone' | 'component' | 'edge-label' | 'text';

interface Cell {
  record: CellRecord;
  /** The ID in the page; `modelId` is the one in the model, unique across pages. */
  id: string;
  modelId: string;
  parent?: string;
  vertex: boolean;
  edge: boolean;
  style: Style;
  label: string;
  role?: VertexRole;
  rect?: Rect;
  region?: Region;
}

/** Styles that make a vertex a container whatever it holds. */
const CONTAINER_STYLES = new Set(['swimlane', 'group', 'table']);
const HTML_TAG = /<\/?[a-zA-Z][^>]*>/;
/** Containers nested deeper than this are read as if the nesting stopped there. */
const MAX_NESTING = 64;
/** Shapes drawn as things, never as areas, even when another shape sits on top of them. */
const NEVER_AREAS = new Set(['cylinder', 'actor']);

export const drawioImporter: Importer = {
  format: 'drawio',
  description: 'draw.io / diagrams.net diagram (.drawio, .xml), plain or compressed pages',
  hasPages: true,
  detect(text, file) {
    if (file !== undefined && !/\.(drawio|dio|xml)$/i.test(file)) return false;
    return /<mx(?:file|GraphModel)[\s>/]/.test(text);
  },
  parse(text, options = {}) {
    const locate = lineLocator(text, options.file);
    const pages = readDrawioPages(text, locate);
    const names = pages.map((page) => page.name);
    const builder = new DrawioModelBuilder(locate);
    for (const index of choosePages(names, options.page, 'page', options.file)) {
      builder.addPage(pages[index] as DrawioPage);
    }
    return builder.result();
  },
};

class DrawioModelBuilder {
  private readonly model: ThreatModel = { zones: [], components: [], flows: [], dataClasses: [] };
  private readonly warnings: Problem[] = [];
  private readonly taken = new Set<string>();
  /** Whether this page is small enough to place shapes in the boxes drawn around them. */
  private placeByDrawing = true;

  constructor(private readonly locate: Locate) {}

  result(): ImportResult {
    if (this.model.components.length === 0) {
      const message = 'no shapes to model in the pages read';
      this.warnings.push({ severity: 'warning', code: 'empty-model', message, ...this.locate(0) });
    }
    return { model: this.model, warnings: this.warnings };
  }

  addPage(page: DrawioPage): void {
    const cells = this.readCells(page);
    const byId = new Map(cells.map((cell) => [cell.id, cell]));
    const connected = new Set<string>();
    for (const cell of cells) {
      if (!cell.edge) continue;
      for (const end of [cell.record.attributes.source, cell.record.attributes.target]) {
        if (end !== undefined) connected.add(end);
      }
    }
    classifyVertices(cells, byId);
    placeAbsolutely(cells, byId);
    this.markDrawnAreas(page, cells);
    const zones = cells.filter((cell) => cell.role === 'zone');
    const components = cells.filter(
      (cell) => cell.role === 'component' && (cell.label !== '' || connected.has(cell.id)),
    );
    const comparisons = zones.length * (zones.length + components.length);
    this.placeByDrawing = comparisons <= MAX_GEOMETRY_COMPARISONS;
    if (!this.placeByDrawing) {
      const message =
        `${zones.length} zones are too many to place shapes by where they are drawn; ` +
        'only parent links place them';
      this.warn(page, undefined, 'too-many-zones', message);
    }
    // IDs first: a zone may name as parent a zone listed after it.
    for (const cell of [...zones, ...components]) cell.modelId = this.claimId(page, cell);
    for (const cell of zones) this.addZone(page, cell, byId, zones);
    for (const cell of components) this.addComponent(page, cell, byId, zones);
    const edgeLabels = new Map<string, string[]>();
    for (const cell of cells) {
      if (cell.role !== 'edge-label' || cell.parent === undefined || cell.label === '') continue;
      edgeLabels.set(cell.parent, [...(edgeLabels.get(cell.parent) ?? []), cell.label]);
    }
    for (const cell of cells) if (cell.edge) this.addFlow(page, cell, byId, edgeLabels);
  }

  private readCells(page: DrawioPage): Cell[] {
    const seen = new Set<string>();
    return page.cells.map((record, index) => {
      const { attributes } = record;
      let id = attributes.id ?? `cell-${index + 1}`;
      if (seen.has(id)) {
        const renamed = `${id}#${index + 1}`;
        const message = `cell ID '${id}' is used twice on the page; the second is '${renamed}'`;
        this.warn(page, record, 'cell-id', message);
        id = renamed;
      }
      seen.add(id);
      const style = parseStyle(attributes.style ?? '');
      const value = attributes.value ?? '';
      // Labels written as HTML without `html=1` still mean their tags (`<br>` for a break).
      const html = style.values.get('html') === '1' || HTML_TAG.test(value);
      return {
        record,
        id,
        modelId: id,
        parent: attributes.parent,
        vertex: attributes.vertex === '1',
        edge: attributes.edge === '1',
        style,
        label: plainLabel(value, html),
      };
    });
  }

  /**
   * A box that wholly encloses another shape it is not a child of is drawn as an area: a
   * zone. Thing-like shapes (cylinders, actors) never are, and neither are text cells.
   */
  private markDrawnAreas(page: DrawioPage, cells: Cell[]): void {
    const shapes = cells.filter(
      (cell) => cell.region && (cell.role === 'component' || cell.role === 'zone'),
    );
    if (shapes.length * shapes.length > MAX_GEOMETRY_COMPARISONS) {
      const message =
        `${shapes.length} shapes are too many to find areas by geometry; ` +
        'only containers are zones';
      this.warn(page, undefined, 'too-many-shapes', message);
      return;
    }
    for (const outer of shapes) {
      if (outer.role !== 'component' || NEVER_AREAS.has(shapeOf(outer.style))) continue;
      const region = outer.region as Region;
      const enclosesOne = shapes.some((inner) => {
        const innerRegion = inner.region as Region;
        return inner !== outer && innerRegion.area < region.area && region.encloses(innerRegion);
      });
      if (enclosesOne) outer.role = 'zone';
    }
  }

  private addZone(page: DrawioPage, cell: Cell, byId: Map<string, Cell>, zones: Cell[]): void {
    const zone: Zone = {
      id: cell.modelId,
      name: cell.label || (cell.style.names.includes('group') ? `Group ${cell.id}` : cell.modelId),
      trust: {
        value: 'internal',
        source: 'assumed',
        reason: 'draw.io shapes carry no trust level',
      },
      position: this.positionOf(page, cell.record),
    };
    const container = containerOf(cell, byId);
    const around =
      container ??
      this.drawnAround(cell, zones, (region) => region.encloses(cell.region as Region), byId);
    if (around) zone.parent = around.modelId;
    this.model.zones.push(zone);
  }

  private addComponent(page: DrawioPage, cell: Cell, byId: Map<string, Cell>, zones: Cell[]): void {
    const component: Component = {
      id: cell.modelId,
      name: cell.label || cell.modelId,
      type: { value: 'process', source: 'assumed', reason: 'no type in the diagram' },
      kind: { value: 'unknown', source: 'assumed' },
      data: { value: [], source: 'assumed' },
      controls: {},
      shape: shapeOf(cell.style),
      position: this.positionOf(page, cell.record),
    };
    const container = containerOf(cell, byId);
    const centre = cell.rect && centreOf(cell.rect);
    const around =
      container ??
      (centre && this.drawnAround(cell, zones, (region) => region.contains(centre), byId));
    if (around) component.zone = membership(around, container !== undefined);
    this.model.components.push(component);
  }

  /** The innermost zone drawn around `cell` that is not inside `cell` itself. */
  private drawnAround(
    cell: Cell,
    zones: Cell[],
    test: (region: Region) => boolean,
    byId: Map<string, Cell>,
  ): Cell | undefined {
    if (!cell.region || !this.placeByDrawing) return undefined;
    const area = cell.region.area;
    const candidates = zones
      .filter((zone) => zone.region && zone.region.area > area && test(zone.region))
      .filter((zone) => !isInside(zone, cell, byId))
      .map((zone) => ({ zone, region: zone.region as Region }));
    return innermost(candidates, () => true)?.zone;
  }

  private addFlow(
    page: DrawioPage,
    cell: Cell,
    byId: Map<string, Cell>,
    edgeLabels: Map<string, string[]>,
  ): void {
    const ends = { source: cell.record.attributes.source, target: cell.record.attributes.target };
    for (const end of ['source', 'target'] as const) {
      const problem = endProblem(ends[end], end, byId);
      if (problem === undefined) continue;
      this.warn(page, cell.record, 'dangling-edge', `edge '${cell.id}' skipped: ${problem}`);
      return;
    }
    const labels = edgeLabels.get(cell.id) ?? [];
    const label = [cell.label, ...labels].filter((text) => text !== '').join(' ');
    const direction = directionOf(cell.style);
    const from = byId.get(ends.source as string) as Cell;
    const to = byId.get(ends.target as string) as Cell;
    const flow: Flow = {
      id: this.claimId(page, cell),
      from: (direction === 'reverse' ? to : from).modelId,
      to: (direction === 'reverse' ? from : to).modelId,
      data: { value: [], source: 'assumed' },
      controls: {},
      position: this.positionOf(page, cell.record),
    };
    if (label !== '') flow.label = label;
    if (direction === 'both') flow.bidirectional = true;
    this.model.flows.push(flow);
  }

  /** The cell's ID, unless an earlier page took it: then the page number is added. */
  private claimId(page: DrawioPage, cell: Cell): string {
    let id = cell.id;
    if (this.taken.has(id)) {
      id = `${cell.id}@${page.name}`;
      for (let n = 2; this.taken.has(id); n++) id = `${cell.id}@${page.name}#${n}`;
      const message = `cell ID '${cell.id}' was used on an earlier page; here it is '${id}'`;
      this.warn(page, cell.record, 'cell-id', message);
    }
    this.taken.add(id);
    return id;
  }

  private positionOf(page: DrawioPage, record: CellRecord | undefined) {
    const { line, column } = this.locate(record?.offset ?? page.offset);
    return { line: line ?? 1, column: column ?? 1 };
  }

  private warn(page: DrawioPage, record: CellRecord | undefined, code: string, message: string) {
    const where = page.compressed ? `page '${page.name}' (compressed): ` : '';
    this.warnings.push({
      severity: 'warning',
      code,
      message: `${where}${message}`,
      ...this.locate(record?.offset ?? page.offset),
    });
  }
}

function parseStyle(style: string): Style {
  const names: string[] = [];
  const values = new Map<string, string>();
  for (const part of style.split(';')) {
    const token = part.trim();
    if (token === '') continue;
    const equals = token.indexOf('=');
    if (equals === -1) names.push(token);
    else values.set(token.slice(0, equals), token.slice(equals + 1));
  }
  return { names, values };
}

/** The shape a vertex is drawn with, in the words inference knows: cylinder, actor... */
function shapeOf(style: Style): string {
  const raw = style.values.get('shape') ?? style.names[0] ?? 'rect';
  if (/cylinder|datastore|database|storage|\bdisk\b/i.test(raw)) return 'cylinder';
  if (/umlactor|^actor$|person|\.users?$/i.test(raw)) return 'actor';
  if (raw === 'ellipse' || raw === 'doubleEllipse') return 'circle';
  return raw;
}

/**
 * Edge labels and text are set aside first; then containers by style, and any vertex that
 * other shapes are children of.
 */
function classifyVertices(cells: Cell[], byId: Map<string, Cell>): void {
  for (const cell of cells) {
    if (!cell.vertex) continue;
    const parent = cell.parent === undefined ? undefined : byId.get(cell.parent);
    if (parent?.edge) cell.role = 'edge-label';
    else if (isTextStyle(cell.style)) cell.role = 'text';
    else if (isContainerStyle(cell.style)) cell.role = 'zone';
    else cell.role = 'component';
  }
  for (const cell of cells) {
    if (cell.role !== 'component' && cell.role !== 'zone') continue;
    const parent = cell.parent === undefined ? undefined : byId.get(cell.parent);
    if (parent?.vertex && parent.role === 'component') parent.role = 'zone';
  }
}

function isTextStyle(style: Style): boolean {
  return style.names.includes('text') || style.names.includes('edgeLabel');
}

function isContainerStyle(style: Style): boolean {
  const shape = style.values.get('shape');
  return (
    style.names.some((name) => CONTAINER_STYLES.has(name)) ||
    (shape !== undefined && CONTAINER_STYLES.has(shape)) ||
    style.values.get('container') === '1'
  );
}

/**
 * Children's geometry is relative to their parent vertex, so each position adds up the
 * offsets of its ancestors. The walk up is a loop that stops at any cycle.
 */
function placeAbsolutely(cells: Cell[], byId: Map<string, Cell>): void {
  for (const cell of cells) {
    if (cell.role !== 'component' && cell.role !== 'zone') continue;
    const own = rectOf(cell.record.geometry);
    if (!own) continue;
    let { x, y } = own;
    for (const up of ancestors(cell, byId)) {
      const offset = rectOf(up.record.geometry);
      if (!offset) break;
      x += offset.x;
      y += offset.y;
    }
    cell.rect = { x, y, width: own.width, height: own.height };
    cell.region = rectRegion(cell.rect);
  }
}

/**
 * The vertices above `cell`, nearest first, stopping at a loop or after MAX_NESTING levels:
 * drawings nest a handful deep, and a bound keeps every walk up short.
 */
function* ancestors(cell: Cell, byId: Map<string, Cell>): Generator<Cell> {
  const seen = new Set([cell]);
  let up = parentVertex(cell, byId);
  for (let level = 0; up && !seen.has(up) && level < MAX_NESTING; level++) {
    yield up;
    seen.add(up);
    up = parentVertex(up, byId);
  }
}

function parentVertex(cell: Cell, byId: Map<string, Cell>): Cell | undefined {
  const parent = cell.parent === undefined ? undefined : byId.get(cell.parent);
  return parent?.vertex ? parent : undefined;
}

function rectOf(geometry: Record<string, string> | undefined): Rect | undefined {
  if (!geometry || geometry.relative === '1') return undefined;
  const x = finiteNumber(geometry.x ?? '0');
  const y = finiteNumber(geometry.y ?? '0');
  const width = finiteNumber(geometry.width ?? '0');
  const height = finiteNumber(geometry.height ?? '0');
  if (x === undefined || y === undefined || width === undefined || height === undefined) {
    return undefined;
  }
  return { x, y, width, height };
}

/** The nearest ancestor, by parent links, that is a zone. */
function containerOf(cell: Cell, byId: Map<string, Cell>): Cell | undefined {
  for (const up of ancestors(cell, byId)) if (up.role === 'zone') return up;
  return undefined;
}

/** Whether `cell` is `ancestor` or sits inside it by parent links. */
function isInside(cell: Cell, ancestor: Cell, byId: Map<string, Cell>): boolean {
  if (cell === ancestor) return true;
  for (const up of ancestors(cell, byId)) if (up === ancestor) return true;
  return false;
}

function membership(zone: Cell, byParent: boolean): Fact<string> {
  const name = zone.label || zone.modelId;
  return {
    value: zone.modelId,
    source: 'declared',
    reason: byParent ? `a child of the container '${name}'` : `drawn inside '${name}'`,
  };
}

/** Why an edge end is not a shape a flow can run to, or undefined when it is one. */
function endProblem(id: string | undefined, end: 'source' | 'target', byId: Map<string, Cell>) {
  if (id === undefined) return `its ${end} end is not connected to a shape`;
  const cell = byId.get(id);
  if (!cell) return `its ${end} '${id}' is not on the page`;
  if (cell.role === 'component') return undefined;
  if (cell.role === 'zone') {
    return `its ${end} '${cell.label || id}' is a container; flows run between the shapes inside`;
  }
  if (cell.edge) return `its ${end} '${id}' is another edge`;
  return `its ${end} '${id}' is a text or label, not a shape`;
}

/**
 * Arrowheads give the direction: draw.io draws an arrow at the target unless `endArrow=none`;
 * one at the source too means both ways, and only at the source means the flow runs back.
 */
function directionOf(style: Style): 'forward' | 'reverse' | 'both' {
  const start = style.values.get('startArrow');
  const end = style.values.get('endArrow');
  const atStart = start !== undefined && start !== 'none' && start !== '';
  const atEnd = end !== 'none' && end !== '';
  if (atStart && atEnd) return 'both';
  if (atStart) return 'reverse';
  return 'forward';
}

/** Offsets to one-based lines and columns, by binary search over line starts. */
function lineLocator(text: string, file?: string): Locate {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    const where = { line: low + 1, column: offset - (starts[low] as number) + 1 };
    return file === undefined ? where : { file, ...where };
  };
}
