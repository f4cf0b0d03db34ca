/**
 * Reads Open Threat Model (OTM) 0.2.0 files, JSON or YAML: trust zones, components (inside a
 * trust zone or inside another component), data flows, assets, and the threats and
 * mitigations already recorded, which Strider keeps as recorded threats.
 *
 * Trust ratings run from 0 (no trust) to 100 (full trust); Strider's four levels split that
 * range as TRUST_BANDS says. The specification's example rates its Internet zone 20 and its
 * private zone 100; StartLeft rates a default public cloud zone 10.
 */
import { matchKindInLabel, matchTechnologyInLabel } from '../catalog/index.js';
import { wordsOf } from '../infer/facts.js';
import { readTransport } from '../infer/protocols.js';
import { describeInputValue } from '../model/echo-input.js';
import { knownList } from '../model/ids.js';
import { InputError, type Problem } from '../model/problems.js';
import type {
  Component,
  DataClass,
  Fact,
  Flow,
  RecordedThreat,
  Sensitivity,
  ThreatModel,
  TrustLevel,
  Zone,
} from '../model/types.js';
import { problemAt, type PathSegment, type SourceDocument } from '../model/yaml-source.js';
import { finiteNumber } from './geometry.js';
import type { Importer } from './importer.js';
import { asArray, asObject, nonBlank, pathValue, type JsonObject } from './json-values.js';
import { parseForgivingYaml } from './lenient-yaml.js';
import { checkNesting } from '../model/nesting.js';

/** The lowest rating of each level, most trusted first: 90-100 restricted, ... 0-25 untrusted. */
export const TRUST_BANDS = [
  { from: 90, level: 'restricted' },
  { from: 51, level: 'internal' },
  { from: 26, level: 'dmz' },
  { from: 0, level: 'untrusted' },
] as const satisfies readonly { from: number; level: TrustLevel }[];

/** Components nested deeper than this in other components are left without a zone. */
const MAX_PARENT_CHAIN = 64;

/** Asset confidentiality (0-100) to data sensitivity, the same way round. */
const CONFIDENTIALITY_BANDS = [
  { from: 75, sensitivity: 'restricted' },
  { from: 50, sensitivity: 'confidential' },
  { from: 25, sensitivity: 'internal' },
  { from: 0, sensitivity: 'public' },
] as const satisfies readonly { from: number; sensitivity: Sensitivity }[];

export function trustOfRating(rating: number): TrustLevel {
  return (TRUST_BANDS.find((band) => rating >= band.from) ?? TRUST_BANDS[3]).level;
}

export const otmImporter: Importer = {
  format: 'otm',
  description: 'Open Threat Model (OTM) 0.2.0, JSON or YAML',
  detect(text, file) {
    if (file !== undefined && !/\.(otm|json|ya?ml)$/i.test(file)) return false;
    return /(?:^|[{,])\s*["']?otmVersion["']?\s*:/m.test(text);
  },
  parse(text, options = {}) {
    checkNesting(text, options.file);
    const { source, warnings } = parseForgivingYaml(text, options.file);
    return new OtmReader(source, warnings).read();
  },
};

class OtmReader {
  private readonly model: ThreatModel = { zones: [], components: [], flows: [], dataClasses: [] };
  private readonly recorded: RecordedThreat[] = [];
  private readonly threats = new Map<string, JsonObject>();
  private readonly mitigations = new Map<string, JsonObject>();
  private readonly assets = new Set<string>();

  constructor(
    private readonly source: SourceDocument,
    private readonly warnings: Problem[],
  ) {}

  read() {
    const root = asObject(this.source.value);
    if (!root || root.otmVersion === undefined) {
      throw new InputError([
        problemAt(
          this.source,
          [],
          'not-otm',
          'not an OTM document: expected a mapping with otmVersion',
        ),
      ]);
    }
    const version = String(root.otmVersion);
    if (!version.startsWith('0.')) {
      const message = `OTM ${version}: Strider reads 0.2.0 and may miss parts`;
      this.warn(['otmVersion'], 'otm-version', message);
    }
    const title = nonBlank(pathValue(root, 'project', 'name'));
    if (title !== undefined) this.model.title = title;
    this.indexById('threats', this.threats);
    this.indexById('mitigations', this.mitigations);
    this.readAssets();
    this.readZones();
    this.readComponents();
    this.readFlows();
    if (this.recorded.length > 0) this.model.recordedThreats = this.recorded;
    return { model: this.model, warnings: this.warnings };
  }

  /** The entries of a top-level list that have an ID of their own; the others are warned about. */
  private entries(section: string): { entry: JsonObject; id: string; path: PathSegment[] }[] {
    const list = asArray(pathValue(this.source.value, section));
    if (list === undefined) return [];
    const seen = new Set<string>();
    const result: { entry: JsonObject; id: string; path: PathSegment[] }[] = [];
    list.forEach((value, index) => {
      const path = [section, index];
      const entry = asObject(value);
      const id = entry && nonBlank(entry.id);
      if (!entry || id === undefined) {
        this.warn(path, 'missing-id', 'skipped: an entry needs an id');
      } else if (seen.has(id)) {
        this.warn([...path, 'id'], 'duplicate-id', `skipped: ID '${id}' is already used`);
      } else {
        seen.add(id);
        result.push({ entry, id, path });
      }
    });
    return result;
  }

  private indexById(section: string, into: Map<string, JsonObject>): void {
    for (const { entry, id } of this.entries(section)) into.set(id, entry);
  }

  /** Assets become data classes, their sensitivity from their confidentiality rating. */
  private readAssets(): void {
    for (const { entry, id, path } of this.entries('assets')) {
      this.assets.add(id);
      const rating = this.rating(pathValue(entry, 'risk', 'confidentiality'), [...path, 'risk']);
      const band = CONFIDENTIALITY_BANDS.find((b) => (rating ?? 50) >= b.from);
      const dataClass: DataClass = {
        id,
        name: nonBlank(entry.name) ?? id,
        sensitivity: band?.sensitivity ?? 'confidential',
      };
      this.model.dataClasses.push(dataClass);
    }
  }

  private readZones(): void {
    const zones = this.entries('trustZones');
    const ids = new Set(zones.map(({ id }) => id));
    for (const { entry, id, path } of zones) {
      const name = nonBlank(entry.name) ?? id;
      const rating = this.rating(pathValue(entry, 'risk', 'trustRating'), [...path, 'risk']);
      const zone: Zone = {
        id,
        name,
        trust:
          rating === undefined
            ? { value: 'internal', source: 'assumed', reason: 'no trust rating in the OTM file' }
            : {
                value: trustOfRating(rating),
                source: 'declared',
                reason: `OTM trust rating ${rating}`,
              },
        position: this.source.positionOf(path),
      };
      const parent = nonBlank(pathValue(entry, 'parent', 'trustZone'));
      if (parent !== undefined && ids.has(parent) && parent !== id) zone.parent = parent;
      else if (parent !== undefined) {
        const message = `parent trust zone '${parent}' ignored: not in trustZones`;
        this.warn([...path, 'parent'], 'unknown-zone', message);
      }
      this.model.zones.push(zone);
    }
  }

  private readComponents(): void {
    const components = this.entries('components');
    const parents = new Map<string, { trustZone?: string; component?: string }>();
    for (const { entry, id, path } of components) {
      parents.set(id, {
        trustZone: nonBlank(pathValue(entry, 'parent', 'trustZone')),
        component: nonBlank(pathValue(entry, 'parent', 'component')),
      });
      this.model.components.push(this.toComponent(entry, id, path));
      this.recordThreats(entry, id, path);
    }
    const zoneIds = new Set(this.model.zones.map((zone) => zone.id));
    components.forEach(({ id, path }, index) => {
      const component = this.model.components[index] as Component;
      const zone = zoneThroughParents(id, parents, zoneIds);
      if (zone) component.zone = zone;
      else if (Object.values(parents.get(id) ?? {}).some((parent) => parent !== undefined)) {
        this.warn(
          [...path, 'parent'],
          'unknown-parent',
          `parent ignored: no trust zone found through it (zones: ${knownList(zoneIds)})`,
        );
      }
    });
  }

  private toComponent(entry: JsonObject, id: string, path: PathSegment[]): Component {
    const component: Component = {
      id,
      name: nonBlank(entry.name) ?? id,
      type: { value: 'process', source: 'assumed', reason: 'OTM does not say' },
      kind: { value: 'unknown', source: 'assumed' },
      data: this.dataOf(entry.assets, path),
      controls: {},
      position: this.source.positionOf(path),
    };
    const type = nonBlank(entry.type);
    const tags = (asArray(entry.tags) ?? []).flatMap((tag) => nonBlank(tag) ?? []);
    for (const [word, what] of [[type, 'type'], ...tags.map((tag) => [tag, 'tag'])] as const) {
      if (word === undefined) continue;
      const technology = matchTechnologyInLabel(word.replace(/[_-]+/g, ' '));
      if (technology && !component.technology) {
        component.technology = {
          value: technology.technology.id,
          source: 'label',
          reason: `OTM ${what} '${word}' names ${technology.technology.name}`,
        };
      }
    }
    const kind = type && matchKindInLabel(type.replace(/[_-]+/g, ' '));
    if (kind) {
      const reason = `OTM type '${type}' says '${kind.matched}'`;
      component.kind = { value: kind.kind, source: 'label', reason };
      component.type = { value: kind.type, source: 'label', reason };
    }
    return component;
  }

  private readFlows(): void {
    const components = new Set(this.model.components.map((component) => component.id));
    for (const { entry, id, path } of this.entries('dataflows')) {
      const from = nonBlank(entry.source);
      const to = nonBlank(entry.destination);
      const missing = [
        ['source', from],
        ['destination', to],
      ].find(([, end]) => end === undefined || !components.has(end));
      if (missing) {
        const [end, value] = missing;
        const what = value === undefined ? 'is missing' : `'${value}' is not a component`;
        const message = `data flow '${id}' skipped: its ${end} ${what}`;
        this.warn([...path, end as string], 'dangling-flow', message);
        continue;
      }
      const flow: Flow = {
        id,
        from: from as string,
        to: to as string,
        data: this.dataOf(entry.assets, path),
        controls: {},
        position: this.source.positionOf(path),
      };
      const name = nonBlank(entry.name);
      if (name !== undefined) flow.label = name;
      if (entry.bidirectional === true) flow.bidirectional = true;
      const tags = (asArray(entry.tags) ?? []).flatMap((tag) => nonBlank(tag) ?? []);
      const protocol = readTransport(tags.flatMap(wordsOf)).protocol;
      if (protocol) {
        const reason = `OTM tag '${protocol.word}'`;
        flow.protocol = { value: protocol.value, source: 'declared', reason };
      }
      this.model.flows.push(flow);
      this.recordThreats(entry, id, path);
    }
  }

  /** Component assets are `{processed, stored}`; flow assets a plain list of IDs. */
  private dataOf(assets: unknown, path: PathSegment[]): Fact<string[]> {
    const lists = Array.isArray(assets)
      ? [assets]
      : [asArray(asObject(assets)?.processed) ?? [], asArray(asObject(assets)?.stored) ?? []];
    const ids = new Set<string>();
    for (const value of lists.flat()) {
      const id = nonBlank(value);
      if (id === undefined) continue;
      if (this.assets.has(id)) ids.add(id);
      else this.warn([...path, 'assets'], 'unknown-asset', `asset '${id}' ignored: not in assets`);
    }
    if (ids.size === 0) return { value: [], source: 'assumed' };
    return { value: [...ids].sort(), source: 'declared', reason: 'OTM assets' };
  }

  private recordThreats(entry: JsonObject, element: string, path: PathSegment[]): void {
    (asArray(entry.threats) ?? []).forEach((value, index) => {
      const reference = asObject(value);
      const threatId = nonBlank(reference?.threat);
      const threat = threatId === undefined ? undefined : this.threats.get(threatId);
      if (!reference || threatId === undefined || !threat) {
        this.warn(
          [...path, 'threats', index],
          'unknown-threat',
          `threat '${threatId ?? ''}' ignored: not in threats`,
        );
        return;
      }
      const recorded: RecordedThreat = {
        element,
        id: threatId,
        title: nonBlank(threat.name) ?? threatId,
      };
      const state = nonBlank(reference.state);
      if (state !== undefined) recorded.status = state;
      const categories = (asArray(threat.categories) ?? []).flatMap((c) => nonBlank(c) ?? []);
      if (categories.length > 0) recorded.type = categories.join(', ');
      const description = nonBlank(threat.description);
      if (description !== undefined) recorded.description = description;
      const mitigation = this.mitigationsOf(reference);
      if (mitigation !== undefined) recorded.mitigation = mitigation;
      this.recorded.push(recorded);
    });
  }

  /** The mitigations a threat reference names, each with its state: "Use TLS (implemented)". */
  private mitigationsOf(reference: JsonObject): string | undefined {
    const named = (asArray(reference.mitigations) ?? []).flatMap((value) => {
      const id = nonBlank(asObject(value)?.mitigation);
      if (id === undefined) return [];
      const name = nonBlank(this.mitigations.get(id)?.name) ?? id;
      const state = nonBlank(asObject(value)?.state);
      return [state === undefined ? name : `${name} (${state})`];
    });
    return named.length > 0 ? named.join('; ') : undefined;
  }

  /** A rating from 0 to 100; others are clamped or ignored, with a warning. */
  private rating(value: unknown, path: PathSegment[]): number | undefined {
    if (value === undefined || value === null) return undefined;
    const number = finiteNumber(value);
    if (number === undefined) {
      this.warn(
        path,
        'bad-rating',
        `rating ${describeInputValue(value)} ignored: expected 0 to 100`,
      );
      return undefined;
    }
    if (number >= 0 && number <= 100) return number;
    const clamped = Math.min(100, Math.max(0, number));
    this.warn(path, 'bad-rating', `rating ${number} read as ${clamped}: ratings run from 0 to 100`);
    return clamped;
  }

  private warn(path: PathSegment[], code: string, message: string): void {
    this.warnings.push(problemAt(this.source, path, code, message, { severity: 'warning' }));
  }
}

/**
 * The trust zone a component is in: its own, or that of the component it sits in, followed
 * up the chain. A chain that loops or ends nowhere gives none.
 */
function zoneThroughParents(
  id: string,
  parents: Map<string, { trustZone?: string; component?: string }>,
  zoneIds: Set<string>,
): Fact<string> | undefined {
  const seen = new Set<string>();
  let reason: string | undefined;
  for (let current: string | undefined = id; current !== undefined && !seen.has(current);) {
    // Real nesting is a handful deep (VPC, subnet, group); a bound keeps each walk short.
    if (seen.size >= MAX_PARENT_CHAIN) return undefined;
    seen.add(current);
    const parent = parents.get(current);
    if (parent?.trustZone !== undefined && zoneIds.has(parent.trustZone)) {
      return {
        value: parent.trustZone,
        source: 'declared',
        reason: reason ?? `its parent is trust zone '${parent.trustZone}'`,
      };
    }
    if (parent?.component !== undefined && current === id) {
      reason = `inside component '${parent.component}'`;
    }
    current = parent?.component;
  }
  return undefined;
}
