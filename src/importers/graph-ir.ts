/**
 * Reads the native graph IR JSON that diagram-to-threat tools (Threat Thinker) write: nodes
 * keyed by ID with a type, the zones they sit in (outermost first), data and an auth flag;
 * edges with protocol and data; zones keyed by ID with their parents.
 */
import { DATA_CLASSES, matchDataClassesInLabel } from '../catalog/index.js';
import { PROTOCOL_WORDS } from '../infer/protocols.js';
import { createFlowIdAllocator } from '../model/ids.js';
import { InputError, type Problem } from '../model/problems.js';
import type {
  Component,
  ComponentKind,
  DataClass,
  ElementType,
  Flow,
  ThreatModel,
  Zone,
} from '../model/types.js';
import type { PathSegment, SourceDocument } from '../model/yaml-source.js';
import type { ImportOptions, ImportResult, Importer } from './importer.js';
import { declared, newComponent, newZone, shown } from './model-parts.js';
import { readYamlDocument, warningAt } from './yaml-stream.js';

/** Node types the IR writers use, onto our element type and, where it says one, a kind. */
const NODE_TYPES = {
  actor: ['actor', 'user'],
  user: ['actor', 'user'],
  person: ['actor', 'user'],
  service: ['process', undefined],
  process: ['process', undefined],
  api: ['process', 'service'],
  web: ['process', 'web-app'],
  gateway: ['process', 'api-gateway'],
  store: ['datastore', undefined],
  datastore: ['datastore', undefined],
  database: ['datastore', 'database'],
  db: ['datastore', 'database'],
  cache: ['datastore', 'cache'],
  queue: ['datastore', 'queue'],
  storage: ['datastore', 'object-storage'],
  external: ['external', 'external-service'],
} as const satisfies Record<string, readonly [ElementType, ComponentKind | undefined]>;

const BUILT_IN_DATA = new Set(DATA_CLASSES.map((d) => d.id));

type Fields = Record<string, unknown>;

export const graphIrImporter: Importer = {
  format: 'graph-ir',
  description: "Native graph IR JSON (Threat Thinker's nodes, edges and zones keyed by ID)",
  detect(text, file) {
    if (file && !/\.json$/i.test(file)) return false;
    return /"nodes"\s*:\s*\{/.test(text) && /"(edges|zones)"\s*:/.test(text);
  },
  parse(text, options = {}) {
    return importGraphIr(text, options);
  },
};

function importGraphIr(text: string, options: ImportOptions): ImportResult {
  const source = readYamlDocument(text, options.file);
  const root = source?.value;
  if (!source || !isFields(root) || !isFields(root.nodes)) {
    throw new InputError([
      {
        severity: 'error',
        code: 'no-nodes',
        message: "no nodes: graph IR keeps its nodes in an object keyed by ID under 'nodes'",
        file: options.file,
        ...(source?.positionOf([]) ?? { line: 1, column: 1 }),
      },
    ]);
  }
  const reader = new GraphIrReader(source);
  const model = reader.read(root);
  return { model, warnings: reader.warnings };
}

class GraphIrReader {
  readonly warnings: Problem[] = [];
  private readonly extraData = new Map<string, DataClass>();

  constructor(private readonly source: SourceDocument) {}

  read(root: Fields): ThreatModel {
    const zones = this.readZones(root.zones);
    const components = new Map<string, Component>();
    for (const [key, node] of this.entries(root.nodes, ['nodes'])) {
      components.set(key, this.readNode(key, node, zones));
    }
    return {
      zones: [...zones.values()],
      components: [...components.values()],
      flows: this.readEdges(root.edges, components),
      dataClasses: [...this.extraData.values()],
    };
  }

  private readZones(raw: unknown): Map<string, Zone> {
    const zones = new Map<string, Zone>();
    const entries = this.entries(raw, ['zones']);
    for (const [key, zone] of entries) {
      this.checkEmbeddedId(zone, ['zones', key], key);
      const name = typeof zone.name === 'string' && zone.name.trim() ? zone.name.trim() : key;
      zones.set(
        key,
        newZone(
          key,
          name,
          {
            value: 'internal',
            source: 'assumed',
            reason: 'no trust level in the graph',
          },
          this.source.positionOf(['zones', key], true),
        ),
      );
    }
    for (const [key, zone] of entries) {
      const parent = zone.parent_id;
      if (parent === undefined || parent === null || parent === '') continue;
      const at = ['zones', key, 'parent_id'];
      if (typeof parent !== 'string' || !zones.has(parent)) {
        this.warn(at, 'unknown-zone', `unknown parent zone '${shown(parent)}'; ignored`);
      } else if (isAncestorOrSelf(key, parent, zones)) {
        this.warn(at, 'zone-cycle', `zone '${key}' would be its own ancestor; parent ignored`);
      } else {
        zones.get(key)!.parent = parent;
      }
    }
    return zones;
  }

  private readNode(key: string, node: Fields, zones: Map<string, Zone>): Component {
    const path = ['nodes', key];
    this.checkEmbeddedId(node, path, key);
    const label = typeof node.label === 'string' && node.label.trim() ? node.label.trim() : key;
    const component = newComponent(key, label, this.source.positionOf(path, true));
    if (typeof node.type === 'string') {
      const known = NODE_TYPES[node.type.toLowerCase() as keyof typeof NODE_TYPES];
      if (known) {
        component.type = declared(known[0], `node type '${node.type}'`);
        if (known[1]) component.kind = declared(known[1], `node type '${node.type}'`);
      } else {
        this.warn(
          [...path, 'type'],
          'unknown-type',
          `unknown node type '${node.type}' (known: ` +
            `${Object.keys(NODE_TYPES).join(', ')}); left to inference`,
        );
      }
    }
    const zone = this.innermostZone(node, path, zones);
    if (zone) component.zone = declared(zone, `innermost of the node's zones`);
    const data = this.dataOf(node.data, [...path, 'data']);
    if (data.length > 0) component.data = declared(data, 'node data');
    if (typeof node.auth === 'boolean') {
      component.authentication = declared(node.auth, `auth: ${node.auth}`);
    } else if (node.auth !== undefined && node.auth !== null) {
      this.warn([...path, 'auth'], 'bad-value', 'auth must be true or false; ignored');
    }
    return component;
  }

  /** The deepest zone the node lists (the list runs outermost first), or its single `zone`. */
  private innermostZone(node: Fields, path: PathSegment[], zones: Map<string, Zone>) {
    const listed = Array.isArray(node.zones) ? node.zones : node.zone ? [node.zone] : [];
    const field = Array.isArray(node.zones) ? 'zones' : 'zone';
    let best: string | undefined;
    listed.forEach((id, index) => {
      if (typeof id !== 'string' || !zones.has(id)) {
        const at = field === 'zones' ? [...path, field, index] : [...path, field];
        return this.warn(at, 'unknown-zone', `unknown zone '${shown(id)}'; ignored`);
      }
      if (best === undefined || depthOf(id, zones) > depthOf(best, zones)) best = id;
    });
    return best;
  }

  private readEdges(raw: unknown, components: Map<string, Component>): Flow[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      this.warn(['edges'], 'bad-value', 'edges must be an array; skipped');
      return [];
    }
    const allocate = createFlowIdAllocator();
    const ids = new Set<string>();
    const flows: Flow[] = [];
    raw.forEach((edge, index) => {
      const path = ['edges', index];
      if (!isFields(edge)) return this.warn(path, 'bad-value', 'edge is not an object; skipped');
      const ends = (['src', 'dst'] as const).map((end) => {
        const id = edge[end];
        if (typeof id === 'string' && components.has(id)) return id;
        this.warn(
          [...path, end],
          'unknown-node',
          `edge ${index} ${end}: unknown node ` + `'${shown(id)}'; edge skipped`,
        );
        return undefined;
      });
      const [from, to] = ends;
      if (from === undefined || to === undefined) return;
      let id = typeof edge.id === 'string' && edge.id ? edge.id : allocate(from, to);
      if (ids.has(id)) id = allocate(from, to);
      ids.add(id);
      flows.push(this.flowOf(id, from, to, edge, path));
    });
    return flows;
  }

  private flowOf(id: string, from: string, to: string, edge: Fields, path: PathSegment[]): Flow {
    const flow: Flow = {
      id,
      from,
      to,
      label: typeof edge.label === 'string' ? edge.label : undefined,
      data: { value: [], source: 'assumed', reason: 'no data declared' },
      controls: {},
      position: this.source.positionOf(path),
    };
    if (typeof edge.protocol === 'string' && edge.protocol.trim()) {
      const written = edge.protocol.trim();
      const known = PROTOCOL_WORDS[written.toLowerCase()];
      flow.protocol = declared(known?.protocol ?? written.toLowerCase(), `protocol '${written}'`);
    }
    const data = this.dataOf(edge.data, [...path, 'data']);
    if (data.length > 0) flow.data = declared(data, 'edge data');
    return flow;
  }

  /**
   * Data labels as our classes: a built-in ID ('PII'), else what the label names ('Credit
   * cards'), else a class of its own, reported so its sensitivity can be set.
   */
  private dataOf(raw: unknown, path: PathSegment[]): string[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      this.warn(path, 'bad-value', 'data must be an array of strings; ignored');
      return [];
    }
    const ids = new Set<string>();
    raw.forEach((item, index) => {
      const label = String(item).trim();
      if (label === '') return;
      const lower = label.toLowerCase();
      if (BUILT_IN_DATA.has(lower)) return ids.add(lower);
      const matches = matchDataClassesInLabel(label);
      if (matches.length > 0) return matches.forEach((m) => ids.add(m.dataClass));
      const id = lower.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'data';
      if (!this.extraData.has(id)) {
        this.extraData.set(id, { id, name: label, sensitivity: 'internal' });
        this.warn(
          [...path, index],
          'unknown-data-class',
          `data '${label}' is no known class; ` + `kept as '${id}' with sensitivity internal`,
        );
      }
      ids.add(id);
    });
    return [...ids].sort();
  }

  private checkEmbeddedId(fields: Fields, path: PathSegment[], key: string): void {
    if (fields.id !== undefined && fields.id !== key) {
      this.warn(
        [...path, 'id'],
        'id-mismatch',
        `embedded id '${shown(fields.id)}' differs ` + `from its key '${key}'; the key is used`,
      );
    }
  }

  private entries(raw: unknown, path: PathSegment[]): [string, Fields][] {
    if (raw === undefined || raw === null) return [];
    if (!isFields(raw)) {
      this.warn(path, 'bad-value', 'expected an object keyed by ID; skipped');
      return [];
    }
    const result: [string, Fields][] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (isFields(value)) result.push([key, value]);
      else this.warn([...path, key], 'bad-value', `'${key}' is not an object; skipped`, true);
    }
    return result;
  }

  private warn(path: PathSegment[], code: string, message: string, key = false): void {
    this.warnings.push(warningAt(this.source, path, code, message, key));
  }
}

function depthOf(id: string, zones: Map<string, Zone>): number {
  let depth = 0;
  // Parents were checked for cycles when read; the size bound is a second guard.
  for (let zone = zones.get(id); zone?.parent && depth <= zones.size; depth++) {
    zone = zones.get(zone.parent);
  }
  return depth;
}

function isAncestorOrSelf(id: string, candidate: string, zones: Map<string, Zone>): boolean {
  let steps = 0;
  for (let current: string | undefined = candidate; current; current = zones.get(current)?.parent) {
    if (current === id) return true;
    if (++steps > zones.size) return false;
  }
  return false;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
