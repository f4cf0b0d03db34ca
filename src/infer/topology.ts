import type { Component, ComponentKind, ThreatModel, TrustLevel, Zone } from '../model/types.js';

/** Kinds that belong at the edge when they sit in front of the system. */
const EDGE_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'waf',
  'api-gateway',
  'reverse-proxy',
  'load-balancer',
  'cdn',
]);

const ASSUMED_ZONES: Record<'internet' | 'edge' | 'private', { name: string; trust: TrustLevel }> =
  {
    internet: { name: 'Internet', trust: 'untrusted' },
    edge: { name: 'Edge', trust: 'dmz' },
    private: { name: 'Private', trust: 'internal' },
  };
type AssumedZone = keyof typeof ASSUMED_ZONES;

/**
 * Places components in zones when the diagram draws none: actors and third parties outside,
 * the first hops behind them and the edge devices chained behind those at the edge, the rest
 * private. Every placement is marked 'topology' and every zone 'assumed'.
 */
export function assignZonesByTopology(model: ThreatModel): void {
  const byId = new Map(model.components.map((c) => [c.id, c]));
  const placement = new Map<string, { zone: AssumedZone; reason: string }>();

  for (const component of model.components) {
    if (isOutsider(component)) {
      const drawn = component.type.value === 'actor' ? 'an actor' : 'a third party';
      placement.set(component.id, { zone: 'internet', reason: `${drawn}, outside the system` });
    }
  }
  placeEdge(model, byId, placement);
  for (const component of model.components) {
    if (!placement.has(component.id)) {
      placement.set(component.id, { zone: 'private', reason: 'behind the edge' });
    }
  }

  const used = new Set([...placement.values()].map((p) => p.zone));
  model.zones = (Object.keys(ASSUMED_ZONES) as AssumedZone[])
    .filter((id) => used.has(id))
    .map((id): Zone => ({
      id,
      name: ASSUMED_ZONES[id].name,
      trust: {
        value: ASSUMED_ZONES[id].trust,
        source: 'assumed',
        reason: 'the diagram draws no trust boundaries; zones follow its topology',
      },
    }));
  for (const component of model.components) {
    const { zone, reason } = placement.get(component.id)!;
    component.zone = { value: zone, source: 'topology', reason };
  }
}

function isOutsider(component: Component): boolean {
  return component.type.value === 'actor' || component.type.value === 'external';
}

/** First hops behind outsiders, then edge-kind components chained behind them. */
function placeEdge(
  model: ThreatModel,
  byId: Map<string, Component>,
  placement: Map<string, { zone: AssumedZone; reason: string }>,
): void {
  const edgeIds: string[] = [];
  for (const flow of model.flows) {
    const from = placement.get(flow.from);
    if (from?.zone !== 'internet' || placement.has(flow.to)) continue;
    const source = byId.get(flow.from);
    placement.set(flow.to, { zone: 'edge', reason: `first hop behind ${source?.name}` });
    edgeIds.push(flow.to);
  }
  const outgoing = new Map<string, string[]>();
  for (const flow of model.flows) {
    const list = outgoing.get(flow.from) ?? [];
    list.push(flow.to);
    outgoing.set(flow.from, list);
  }
  for (let i = 0; i < edgeIds.length; i++) {
    const from = byId.get(edgeIds[i]);
    for (const targetId of outgoing.get(edgeIds[i]) ?? []) {
      const target = byId.get(targetId);
      if (!target || placement.has(targetId) || !EDGE_KINDS.has(target.kind.value)) continue;
      placement.set(targetId, {
        zone: 'edge',
        reason: `an edge component (${target.kind.value}) behind ${from?.name}`,
      });
      edgeIds.push(targetId);
    }
  }
}
