import { SEVERITIES, type Severity } from '../engine/score.js';
import type { Threat } from '../engine/threat.js';
import type {
  Component,
  Fact,
  FactSource,
  Flow,
  ThreatModel,
  TrustLevel,
  Zone,
} from '../model/types.js';

/**
 * What every diagram renderer (DOT, Mermaid, the HTML report) needs to know about the model
 * beyond its shape: which zone holds what, the worst threat on each element, and which facts a
 * person stated rather than Strider working them out. Computed once, drawn three ways.
 */

/** Colours by worst threat; 'none' is an element no threat names. */
export const SEVERITY_COLORS = {
  critical: { fill: '#fecaca', stroke: '#991b1b', edge: '#b91c1c' },
  high: { fill: '#fed7aa', stroke: '#c2410c', edge: '#ea580c' },
  medium: { fill: '#fef08a', stroke: '#a16207', edge: '#ca8a04' },
  low: { fill: '#dbeafe', stroke: '#1d4ed8', edge: '#2563eb' },
  none: { fill: '#ffffff', stroke: '#374151', edge: '#6b7280' },
} as const satisfies Record<Severity | 'none', { fill: string; stroke: string; edge: string }>;

/** Zone backgrounds by trust, pale so the severity colours of their members stand out. */
export const TRUST_COLORS = {
  untrusted: { fill: '#fdf2f8', stroke: '#db2777' },
  dmz: { fill: '#fffbeb', stroke: '#d97706' },
  internal: { fill: '#f0f9ff', stroke: '#0284c7' },
  restricted: { fill: '#f5f3ff', stroke: '#7c3aed' },
} as const satisfies Record<TrustLevel, { fill: string; stroke: string }>;

/** Facts a person wrote down, in the model or a hints file; the rest Strider inferred. */
const STATED_SOURCES: ReadonlySet<FactSource> = new Set<FactSource>(['declared', 'hint']);

export function isStated(fact: Fact<unknown> | undefined): boolean {
  return fact !== undefined && STATED_SOURCES.has(fact.source);
}

/** Whether the element's type or kind is Strider's reading rather than the model's word. */
export function isInferredElement(component: Component): boolean {
  return !isStated(component.type) || !isStated(component.kind);
}

export type ProtocolState = 'stated' | 'inferred' | 'undeclared';

export function protocolState(flow: Flow): ProtocolState {
  if (flow.protocol === undefined) return 'undeclared';
  return isStated(flow.protocol) ? 'stated' : 'inferred';
}

export interface DiagramView {
  /** Zones with no (known, acyclic) parent, in model order. */
  rootZones: Zone[];
  childZones: ReadonlyMap<string, Zone[]>;
  /** Components by zone ID; `undefined` holds those outside every zone. */
  members: ReadonlyMap<string | undefined, Component[]>;
  componentSeverity: ReadonlyMap<string, Severity>;
  flowSeverity: ReadonlyMap<string, Severity>;
}

/** Threats a risk decision settled (accepted, mitigated, false positive) colour nothing. */
export function diagramView(model: ThreatModel, threats: readonly Threat[] = []): DiagramView {
  const active = threats.filter((threat) => threat.status === 'active');
  const { rootZones, childZones } = zoneTree(model.zones);
  const known = new Set(model.zones.map((zone) => zone.id));
  const members = new Map<string | undefined, Component[]>();
  for (const component of model.components) {
    const zone = component.zone?.value;
    const key = zone !== undefined && known.has(zone) ? zone : undefined;
    members.set(key, [...(members.get(key) ?? []), component]);
  }
  return {
    rootZones,
    childZones,
    members,
    componentSeverity: worstBy(active, (threat) => threat.components),
    flowSeverity: worstBy(active, (threat) => threat.flows),
  };
}

/**
 * Nests zones under their parents. A zone whose parent is unknown, or whose chain of parents
 * loops, is drawn at the top level rather than lost or drawn forever.
 */
function zoneTree(zones: readonly Zone[]): Pick<DiagramView, 'rootZones' | 'childZones'> {
  const byId = new Map(zones.map((zone) => [zone.id, zone]));
  const rootZones: Zone[] = [];
  const childZones = new Map<string, Zone[]>();
  for (const zone of zones) {
    if (zone.parent === undefined || !reachesRoot(zone, byId)) {
      rootZones.push(zone);
      continue;
    }
    childZones.set(zone.parent, [...(childZones.get(zone.parent) ?? []), zone]);
  }
  return { rootZones, childZones };
}

function reachesRoot(zone: Zone, byId: ReadonlyMap<string, Zone>): boolean {
  const seen = new Set<string>([zone.id]);
  for (let parent = zone.parent; parent !== undefined; parent = byId.get(parent)?.parent) {
    if (seen.has(parent) || !byId.has(parent)) return false;
    seen.add(parent);
  }
  return true;
}

function worstBy(
  threats: readonly Threat[],
  elementsOf: (threat: Threat) => readonly string[],
): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const threat of threats) {
    for (const id of elementsOf(threat)) {
      const current = worst.get(id);
      if (current === undefined || rank(threat.severity) < rank(current)) {
        worst.set(id, threat.severity);
      }
    }
  }
  return worst;
}

/** 0 for critical: SEVERITIES lists the worst first. */
function rank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
