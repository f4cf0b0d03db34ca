/**
 * Reads TM-BOM files (the OWASP Threat Model Library format, which Threat Dragon also opens):
 * trust zones, actors, components and data stores, each named by a `symbolic_name`, and the
 * data flows between them.
 *
 * TODO(tm-bom): threats, controls and data sets are not read. Threats are tied to trust
 * boundaries through controls rather than to elements, so they have no element to be
 * recorded on; data sets need a mapping of their sensitivity words onto data classes.
 */
import { InputError, type Problem } from '../model/problems.js';
import type {
  Component,
  ComponentKind,
  ElementType,
  Flow,
  ThreatModel,
  Zone,
} from '../model/types.js';
import { problemAt, type PathSegment, type SourceDocument } from '../model/yaml-source.js';
import type { Importer } from './importer.js';
import { asArray, asObject, nonBlank, pathValue, type JsonObject } from './json-values.js';
import { parseForgivingYaml } from './lenient-yaml.js';
import { checkNesting } from '../model/nesting.js';

/** The element lists, what each holds, and how it is drawn. */
const ELEMENT_LISTS = {
  actors: { type: 'actor', shape: 'actor' },
  components: { type: 'process', shape: undefined },
  data_stores: { type: 'datastore', shape: 'cylinder' },
} as const satisfies Record<string, { type: ElementType; shape?: string }>;
type ElementList = keyof typeof ELEMENT_LISTS;

/** Actor types the format names, as Strider's kinds. */
const ACTOR_KINDS: Readonly<Record<string, ComponentKind>> = {
  user: 'user',
  administrator: 'admin-user',
  third_party: 'external-service',
};

export const tmBomImporter: Importer = {
  format: 'tm-bom',
  description: 'TM-BOM, the OWASP Threat Model Library format (JSON or YAML)',
  detect(text, file) {
    if (file !== undefined && !/\.(json|ya?ml)$/i.test(file)) return false;
    return /["']?symbolic_name["']?\s*:/.test(text) && /["']?data_flows["']?\s*:/.test(text);
  },
  parse(text, options = {}) {
    checkNesting(text, options.file);
    const { source, warnings } = parseForgivingYaml(text, options.file);
    return new TmBomReader(source, warnings).read();
  },
};

class TmBomReader {
  private readonly model: ThreatModel = { zones: [], components: [], flows: [], dataClasses: [] };

  constructor(
    private readonly source: SourceDocument,
    private readonly warnings: Problem[],
  ) {}

  read() {
    const root = asObject(this.source.value);
    if (!root || !Array.isArray(root.data_flows)) {
      throw new InputError([
        problemAt(this.source, [], 'not-tm-bom', 'not a TM-BOM file: expected a list data_flows'),
      ]);
    }
    const title = nonBlank(pathValue(root, 'scope', 'title'));
    if (title !== undefined) this.model.title = title;
    const zoneIds = new Set<string>();
    for (const { entry, id, path } of this.named('trust_zones', zoneIds)) {
      const zone: Zone = {
        id,
        name: nonBlank(entry.title) ?? id,
        trust: {
          value: 'internal',
          source: 'assumed',
          reason: 'TM-BOM zones carry no trust level',
        },
        position: this.source.positionOf(path),
      };
      this.model.zones.push(zone);
    }
    const elements = new Set<string>();
    for (const list of Object.keys(ELEMENT_LISTS) as ElementList[]) {
      for (const { entry, id, path } of this.named(list, elements)) {
        this.model.components.push(this.toComponent(list, entry, id, path, zoneIds));
      }
    }
    this.readFlows(elements);
    return { model: this.model, warnings: this.warnings };
  }

  /** Entries of a list with a symbolic name not yet taken in `taken`; others are warned about. */
  private named(list: string, taken: Set<string>) {
    const result: { entry: JsonObject; id: string; path: PathSegment[] }[] = [];
    (asArray(pathValue(this.source.value, list)) ?? []).forEach((value, index) => {
      const path = [list, index];
      const entry = asObject(value);
      const id = entry && nonBlank(entry.symbolic_name);
      if (!entry || id === undefined) {
        this.warn(path, 'missing-id', 'skipped: an entry needs a symbolic_name');
      } else if (taken.has(id)) {
        this.warn([...path, 'symbolic_name'], 'duplicate-id', `skipped: '${id}' is already used`);
      } else {
        taken.add(id);
        result.push({ entry, id, path });
      }
    });
    return result;
  }

  private toComponent(
    list: ElementList,
    entry: JsonObject,
    id: string,
    path: PathSegment[],
    zoneIds: Set<string>,
  ): Component {
    const { type, shape } = ELEMENT_LISTS[list];
    const component: Component = {
      id,
      name: nonBlank(entry.title) ?? id,
      type: { value: type, source: 'declared', reason: `listed under ${list}` },
      kind: { value: 'unknown', source: 'assumed' },
      data: { value: [], source: 'assumed' },
      controls: {},
      position: this.source.positionOf(path),
    };
    if (shape) component.shape = shape;
    const actorType = list === 'actors' ? nonBlank(entry.type) : undefined;
    const kind = actorType === undefined ? undefined : ACTOR_KINDS[actorType];
    if (kind) {
      component.kind = { value: kind, source: 'declared', reason: `actor type '${actorType}'` };
    }
    const zone = nonBlank(entry.trust_zone);
    if (zone !== undefined && zoneIds.has(zone)) {
      component.zone = { value: zone, source: 'declared' };
    } else if (zone !== undefined) {
      const message = `trust zone '${zone}' ignored: not in trust_zones`;
      this.warn([...path, 'trust_zone'], 'unknown-zone', message);
    }
    return component;
  }

  private readFlows(elements: Set<string>): void {
    const taken = new Set<string>();
    for (const { entry, id, path } of this.named('data_flows', taken)) {
      const from = nonBlank(pathValue(entry, 'source', 'object'));
      const to = nonBlank(pathValue(entry, 'destination', 'object'));
      const bad = [
        ['source', from],
        ['destination', to],
      ].find(([, end]) => !end || !elements.has(end));
      if (bad) {
        const [end, value] = bad;
        const what = value ? `'${value}' is not an actor, component or data store` : 'is missing';
        const message = `data flow '${id}' skipped: its ${end} ${what}`;
        this.warn([...path, end as string], 'dangling-flow', message);
        continue;
      }
      const flow: Flow = {
        id,
        from: from as string,
        to: to as string,
        data: { value: [], source: 'assumed' },
        controls: {},
        position: this.source.positionOf(path),
      };
      const title = nonBlank(entry.title);
      if (title !== undefined) flow.label = title;
      if (typeof entry.encrypted === 'boolean') {
        flow.encrypted = { value: entry.encrypted, source: 'declared', reason: 'TM-BOM encrypted' };
      }
      this.model.flows.push(flow);
    }
  }

  private warn(path: PathSegment[], code: string, message: string): void {
    this.warnings.push(problemAt(this.source, path, code, message, { severity: 'warning' }));
  }
}
