import { isSensitive, sensitivityOf } from '../catalog/index.js';
import type { Evidence } from '../rules/rule.js';
import type {
  Component,
  Fact,
  Flow,
  Sensitivity,
  ThreatModel,
  TrustLevel,
  Zone,
} from '../model/types.js';

export type Exposure = 'internet' | 'dmz' | 'internal';

/** How far from the internet each trust level sits; higher is deeper inside. */
export const TRUST_DEPTH: Record<TrustLevel, number> = {
  untrusted: 0,
  dmz: 1,
  internal: 2,
  restricted: 3,
};

const SENSITIVITY_RANK: Record<Sensitivity, number> = {
  public: 0,
  internal: 1,
  confidential: 2,
  restricted: 3,
};

/**
 * Read-only questions rules ask of a model, indexed once so a rule over 10,000 components stays
 * linear. Rules never walk the raw arrays for lookups.
 */
export class ModelQuery {
  readonly model: ThreatModel;
  private readonly componentsById = new Map<string, Component>();
  private readonly zonesById = new Map<string, Zone>();
  private readonly flowsById = new Map<string, Flow>();
  private readonly outgoing = new Map<string, Flow[]>();
  private readonly incoming = new Map<string, Flow[]>();

  constructor(model: ThreatModel) {
    this.model = model;
    for (const component of model.components) this.componentsById.set(component.id, component);
    for (const zone of model.zones) this.zonesById.set(zone.id, zone);
    for (const flow of model.flows) {
      this.flowsById.set(flow.id, flow);
      pushTo(this.outgoing, flow.from, flow);
      pushTo(this.incoming, flow.to, flow);
    }
  }

  get components(): readonly Component[] {
    return this.model.components;
  }

  get flows(): readonly Flow[] {
    return this.model.flows;
  }

  component(id: string): Component | undefined {
    return this.componentsById.get(id);
  }

  flow(id: string): Flow | undefined {
    return this.flowsById.get(id);
  }

  zone(id: string): Zone | undefined {
    return this.zonesById.get(id);
  }

  flowsFrom(id: string): readonly Flow[] {
    return this.outgoing.get(id) ?? [];
  }

  flowsTo(id: string): readonly Flow[] {
    return this.incoming.get(id) ?? [];
  }

  nameOf(id: string): string {
    return this.componentsById.get(id)?.name ?? id;
  }

  /** The trust level of the component's zone; actors outside any zone count as untrusted. */
  trustOf(component: Component): TrustLevel | undefined {
    const zoneId = component.zone?.value;
    const zone = zoneId === undefined ? undefined : this.zonesById.get(zoneId);
    if (zone) return zone.trust.value;
    if (component.type.value === 'actor' || component.type.value === 'external') {
      return 'untrusted';
    }
    return undefined;
  }

  isOutside(component: Component): boolean {
    return this.trustOf(component) === 'untrusted';
  }

  /** Whether both ends of the flow sit inside the system (neither is untrusted). */
  isInternalFlow(flow: Flow): boolean {
    const from = this.component(flow.from);
    const to = this.component(flow.to);
    return !!from && !!to && !this.isOutside(from) && !this.isOutside(to);
  }

  crossesBoundary(flow: Flow): boolean {
    const from = this.component(flow.from);
    const to = this.component(flow.to);
    return !!from && !!to && from.zone?.value !== to.zone?.value;
  }

  exposureOf(component: Component): Exposure {
    if (component.internetExposed?.value === true) return 'internet';
    const trust = this.trustOf(component);
    if (trust === 'untrusted') return 'internet';
    if (trust === 'dmz') return 'dmz';
    return 'internal';
  }

  sensitivity(dataClass: string): Sensitivity {
    return sensitivityOf(dataClass, this.model.dataClasses);
  }

  isSensitive(dataClass: string): boolean {
    return isSensitive(dataClass, this.model.dataClasses);
  }

  /** The most sensitive level among the data classes, or undefined when there are none. */
  highestSensitivity(dataClasses: Iterable<string>): Sensitivity | undefined {
    let best: Sensitivity | undefined;
    for (const id of dataClasses) {
      const level = this.sensitivity(id);
      if (best === undefined || SENSITIVITY_RANK[level] > SENSITIVITY_RANK[best]) best = level;
    }
    return best;
  }

  sensitiveDataHeldBy(component: Component): string[] {
    return component.data.value.filter((id) => this.isSensitive(id));
  }

  /** Whether the flow writes to a store that holds, or the flow carries, sensitive data. */
  carriesSensitiveDataIntoStore(flow: Flow): boolean {
    const target = this.component(flow.to);
    if (target?.type.value !== 'datastore') return false;
    return (
      this.sensitiveDataHeldBy(target).length > 0 ||
      flow.data.value.some((id) => this.isSensitive(id))
    );
  }

  /**
   * Sensitive data a component handles: what it holds, what its flows carry, and what the stores
   * it talks to hold (a service writing to a customer database handles customer data).
   */
  sensitiveDataHandledBy(component: Component): string[] {
    const found = new Set<string>();
    for (const evidence of this.sensitiveDataEvidence(component)) {
      for (const id of evidence.value as string[]) found.add(id);
    }
    return [...found].sort();
  }

  /** The facts behind `sensitiveDataHandledBy`, one piece of evidence per source. */
  sensitiveDataEvidence(component: Component): Evidence[] {
    const evidence: Evidence[] = [];
    const held = this.sensitiveDataHeldBy(component);
    if (held.length > 0) evidence.push({ ...evidenceOf(component.id, 'data', component.data), value: held });
    for (const flow of [...this.flowsFrom(component.id), ...this.flowsTo(component.id)]) {
      const carried = flow.data.value.filter((id) => this.isSensitive(id));
      if (carried.length > 0) evidence.push({ ...evidenceOf(flow.id, 'data', flow.data), value: carried });
      const peer = this.component(flow.from === component.id ? flow.to : flow.from);
      if (peer?.type.value !== 'datastore') continue;
      const stored = this.sensitiveDataHeldBy(peer);
      if (stored.length === 0) continue;
      evidence.push({
        element: component.id,
        attribute: 'handles',
        value: stored,
        source: peer.data.source,
        reason: `exchanges data with ${peer.name}, which holds ${stored.join(', ')}`,
      });
    }
    return evidence;
  }
}

/** Evidence for one fact of an element; `value` shows 'undeclared' when the fact is missing. */
export function evidenceOf<T>(
  element: string,
  attribute: string,
  fact: Fact<T> | undefined,
): Evidence {
  if (!fact) return { element, attribute, value: 'undeclared', source: 'assumed' };
  return { element, attribute, value: fact.value, source: fact.source, reason: fact.reason };
}

/** A reason quoted inside a sentence: no trailing full stop. */
export function asClause(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

/** A name list for sentences: "A, B and C". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
