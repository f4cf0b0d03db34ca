import type { Component, ThreatModel } from '../model/types.js';
import { inferComponent, LabelMatcher } from './components.js';
import { inferFlow, type LabelReadings } from './flows.js';
import { assignZonesByTopology } from './topology.js';
import { uniformComponent, uniformFlow } from './uniform.js';
import { trustFromZoneName } from './zones.js';

/**
 * Fills the gaps a diagram leaves, deterministically, recording for each fact where it came
 * from. Mutates and returns the model, rebuilding its components and flows in one shape each
 * (see uniform.ts); facts declared in the input or hints are never replaced.
 */
export function inferModel(model: ThreatModel): ThreatModel {
  const matcher = new LabelMatcher();
  for (const component of model.components) inferComponent(component, matcher);

  const byId = new Map(model.components.map((c) => [c.id, c]));
  const labelReadings: LabelReadings = new Map();
  for (const flow of model.flows) inferFlow(flow, byId.get(flow.to), labelReadings);

  if (model.zones.length === 0 && model.components.length > 0) assignZonesByTopology(model);
  else inferZoneTrust(model);
  inferInternetExposure(model, byId);
  model.components = model.components.map(uniformComponent);
  model.flows = model.flows.map(uniformFlow);
  return model;
}

function inferZoneTrust(model: ThreatModel): void {
  const byId = new Map(model.zones.map((zone) => [zone.id, zone]));
  // Parents first, so a nested zone with a neutral name can inherit its parent's trust.
  const ordered = [...model.zones].sort((a, b) => depth(a.id, byId) - depth(b.id, byId));
  for (const zone of ordered) {
    if (zone.trust.source !== 'assumed') continue;
    const named = trustFromZoneName(zone.name) ?? trustFromZoneName(zone.id);
    if (named) {
      zone.trust = {
        value: named.trust,
        source: 'label',
        reason: `zone name '${zone.name}' says '${named.matched}'`,
      };
      continue;
    }
    const parent = zone.parent ? byId.get(zone.parent) : undefined;
    if (parent) {
      zone.trust = {
        value: parent.trust.value,
        source: 'assumed',
        reason: `inherits the trust of its parent zone '${parent.name}'`,
      };
    }
  }
}

function depth(zoneId: string, byId: Map<string, { parent?: string }>): number {
  let level = 0;
  const seen = new Set<string>();
  for (let id = byId.get(zoneId)?.parent; id && !seen.has(id); id = byId.get(id)?.parent) {
    seen.add(id);
    level++;
  }
  return level;
}

/** A component that outsiders send flows to is reachable from the internet. */
function inferInternetExposure(model: ThreatModel, byId: Map<string, Component>): void {
  const zoneTrust = new Map(model.zones.map((zone) => [zone.id, zone.trust.value]));
  const isOutside = (component: Component) => {
    const zone = component.zone?.value;
    if (zone !== undefined) return zoneTrust.get(zone) === 'untrusted';
    return component.type.value === 'actor' || component.type.value === 'external';
  };
  for (const flow of model.flows) {
    const from = byId.get(flow.from);
    const to = byId.get(flow.to);
    if (!from || !to || !isOutside(from) || isOutside(to) || to.internetExposed) continue;
    to.internetExposed = {
      value: true,
      source: 'topology',
      reason: `receives flows from ${from.name}`,
    };
  }
}
