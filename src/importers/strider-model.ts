import { DATA_CLASSES } from '../catalog/index.js';
import { createFlowIdAllocator, knownList } from '../model/ids.js';
import { KIND_TYPES } from '../model/kinds.js';
import { InputError, type Problem } from '../model/problems.js';
import { MODEL_SCHEMA } from '../model/schema.js';
import type {
  Component,
  ComponentKind,
  Control,
  DataClass,
  ElementType,
  Fact,
  Flow,
  Sensitivity,
  ThreatModel,
  TrustLevel,
  Zone,
} from '../model/types.js';
import { validateAgainstSchema } from '../model/validate-schema.js';
import { parseSourceDocument, problemAt, type SourceDocument } from '../model/yaml-source.js';
import type { Importer, ImportResult } from './importer.js';

interface RawZone {
  id: string;
  name?: string;
  trust?: TrustLevel;
  parent?: string;
}
interface RawComponent {
  id: string;
  name?: string;
  type?: ElementType;
  kind?: ComponentKind;
  technology?: string;
  zone?: string;
  data?: string[];
  authentication?: boolean;
  encryptionAtRest?: boolean;
  internetExposed?: boolean;
  controls?: Partial<Record<Control, boolean>>;
}
interface RawFlow {
  id?: string;
  from: string;
  to: string;
  label?: string;
  protocol?: string;
  encrypted?: boolean;
  authentication?: string;
  data?: string[];
  bidirectional?: boolean;
  controls?: Partial<Record<Control, boolean>>;
}
interface RawModel {
  title?: string;
  zones?: RawZone[];
  components?: RawComponent[];
  flows?: RawFlow[];
  dataClasses?: { id: string; name?: string; sensitivity: Sensitivity }[];
}

/**
 * A model key at the top: a YAML key starts its line; a JSON key is quoted, maybe indented; in
 * one-line JSON and YAML flow style the key follows a brace or comma.
 */
const TOP_LEVEL_KEY = new RegExp(
  [
    '^(components|flows|zones)\\s*:',
    '^\\s*"(components|flows|zones)"\\s*:',
    '[{,]\\s*["\']?(components|flows|zones)["\']?\\s*:',
  ].join('|'),
  'm',
);

/** Strider's own model, YAML or JSON: every fact in it is declared. */
export const striderModelImporter: Importer = {
  format: 'strider',
  description: "Strider's own model (YAML or JSON), schema in schema/strider-model.schema.json",
  detect(text, file) {
    if (file && !/\.(ya?ml|json)$/i.test(file)) return false;
    // An empty YAML or JSON file is an empty model; the pipeline warns that it describes nothing.
    if (file && text.trim() === '') return true;
    return TOP_LEVEL_KEY.test(text) && !/otmVersion/.test(text);
  },
  parse(text, options = {}) {
    const source = parseSourceDocument(text, options.file);
    return loadStriderModel(source);
  },
};

/** Schema first, then the semantic checks; all problems of a stage are reported together. */
export function loadStriderModel(source: SourceDocument): ImportResult {
  if (source.value === null || source.value === undefined) {
    return { model: emptyModel(), warnings: [] };
  }
  const schemaProblems = validateAgainstSchema(source, MODEL_SCHEMA);
  if (schemaProblems.length > 0) throw new InputError(schemaProblems);

  const raw = source.value as RawModel;
  const problems: Problem[] = [];
  const model: ThreatModel = {
    title: raw.title,
    dataClasses: (raw.dataClasses ?? []).map((d): DataClass => ({
      id: d.id,
      name: d.name ?? d.id,
      sensitivity: d.sensitivity,
    })),
    zones: (raw.zones ?? []).map((zone, i) => toZone(zone, source, i)),
    components: (raw.components ?? []).map((component, i) => toComponent(component, source, i)),
    flows: toFlows(raw.flows ?? [], source),
  };
  checkUniqueIds(source, 'zones', model.zones, problems);
  checkUniqueIds(source, 'components', model.components, problems);
  checkUniqueIds(source, 'flows', model.flows, problems);
  checkZoneReferences(source, model, problems);
  checkFlowEnds(source, model, problems);
  checkDataClasses(source, raw, model, problems);

  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new InputError(problems);
  return { model, warnings: problems };
}

function declared<T>(value: T | undefined): Fact<T> | undefined {
  return value === undefined ? undefined : { value, source: 'declared' };
}

function toZone(raw: RawZone, source: SourceDocument, index: number): Zone {
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    trust: declared(raw.trust) ?? {
      value: 'internal',
      source: 'assumed',
      reason: 'no trust level declared',
    },
    parent: raw.parent,
    position: source.positionOf(['zones', index]),
  };
}

function toComponent(raw: RawComponent, source: SourceDocument, index: number): Component {
  const kind = raw.kind;
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    type:
      declared(raw.type) ??
      (kind
        ? { value: KIND_TYPES[kind], source: 'declared', reason: `declared kind '${kind}'` }
        : { value: 'process', source: 'assumed', reason: 'no type declared' }),
    kind: declared(kind) ?? { value: 'unknown', source: 'assumed', reason: 'no kind declared' },
    technology: declared(raw.technology),
    zone: declared(raw.zone),
    data: declared(raw.data) ?? { value: [], source: 'assumed', reason: 'no data declared' },
    authentication: declared(raw.authentication),
    encryptionAtRest: declared(raw.encryptionAtRest),
    internetExposed: declared(raw.internetExposed),
    controls: declaredControls(raw.controls),
    position: source.positionOf(['components', index]),
  };
}

function toFlows(raws: RawFlow[], source: SourceDocument): Flow[] {
  const allocate = createFlowIdAllocator();
  return raws.map((raw, index) => ({
    id: raw.id ?? allocate(raw.from, raw.to),
    from: raw.from,
    to: raw.to,
    label: raw.label,
    protocol: declared(raw.protocol),
    encrypted: declared(raw.encrypted),
    authentication: declared(raw.authentication),
    data: declared(raw.data) ?? { value: [], source: 'assumed', reason: 'no data declared' },
    bidirectional: raw.bidirectional,
    controls: declaredControls(raw.controls),
    position: source.positionOf(['flows', index]),
  }));
}

export function declaredControls(
  raw: Partial<Record<Control, boolean>> | undefined,
  source: 'declared' | 'hint' = 'declared',
): Partial<Record<Control, Fact<boolean>>> {
  const controls: Partial<Record<Control, Fact<boolean>>> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    controls[name as Control] = { value: value as boolean, source };
  }
  return controls;
}

function checkUniqueIds(
  source: SourceDocument,
  section: string,
  items: readonly { id: string }[],
  problems: Problem[],
): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) {
      firstIndex.set(item.id, index);
      return;
    }
    const at = source.positionOf([section, first]);
    problems.push(
      problemAt(
        source,
        [section, index, 'id'],
        'duplicate-id',
        `duplicate ID '${item.id}' (first used at line ${at.line})`,
      ),
    );
  });
}

function checkZoneReferences(source: SourceDocument, model: ThreatModel, problems: Problem[]) {
  const zones = new Map(model.zones.map((zone) => [zone.id, zone]));
  model.zones.forEach((zone, index) => {
    if (zone.parent !== undefined && !zones.has(zone.parent)) {
      problems.push(
        problemAt(
          source,
          ['zones', index, 'parent'],
          'unknown-zone',
          `unknown zone '${zone.parent}' (known: ${knownList(zones.keys())})`,
        ),
      );
    }
    if (hasParentCycle(zone, zones)) {
      problems.push(
        problemAt(
          source,
          ['zones', index, 'parent'],
          'zone-cycle',
          `zone '${zone.id}' is its own ancestor through 'parent'`,
        ),
      );
    }
  });
  model.components.forEach((component, index) => {
    const zone = component.zone?.value;
    if (zone !== undefined && !zones.has(zone)) {
      problems.push(
        problemAt(
          source,
          ['components', index, 'zone'],
          'unknown-zone',
          `unknown zone '${zone}' (known: ${knownList(zones.keys())})`,
        ),
      );
    }
  });
}

function hasParentCycle(zone: Zone, zones: Map<string, Zone>): boolean {
  const seen = new Set([zone.id]);
  for (let id = zone.parent; id !== undefined; id = zones.get(id)?.parent) {
    if (seen.has(id)) return id === zone.id;
    seen.add(id);
  }
  return false;
}

function checkFlowEnds(source: SourceDocument, model: ThreatModel, problems: Problem[]): void {
  const ids = new Set(model.components.map((c) => c.id));
  model.flows.forEach((flow, index) => {
    for (const end of ['from', 'to'] as const) {
      if (ids.has(flow[end])) continue;
      problems.push(
        problemAt(
          source,
          ['flows', index, end],
          'unknown-component',
          `unknown component '${flow[end]}' (known: ${knownList(ids)})`,
        ),
      );
    }
  });
}

function checkDataClasses(
  source: SourceDocument,
  raw: RawModel,
  model: ThreatModel,
  problems: Problem[],
): void {
  const known = new Set([...DATA_CLASSES.map((d) => d.id), ...model.dataClasses.map((d) => d.id)]);
  const check = (section: 'components' | 'flows', items: { data?: string[] }[] | undefined) =>
    (items ?? []).forEach((item, index) =>
      (item.data ?? []).forEach((id, position) => {
        if (known.has(id)) return;
        problems.push(
          problemAt(
            source,
            [section, index, 'data', position],
            'unknown-data-class',
            `unknown data class '${id}' (built in: ${knownList(
              DATA_CLASSES.map((d) => d.id),
              20,
            )}` + '; declare others under dataClasses)',
          ),
        );
      }),
    );
  check('components', raw.components);
  check('flows', raw.flows);
}

export function emptyModel(): ThreatModel {
  return { zones: [], components: [], flows: [], dataClasses: [] };
}
