/**
 * Building blocks the deployment-format importers share: components and flows that start with
 * placeholders inference may replace, and a flow set that keeps one flow per direction.
 */
import { matchKindInLabel } from '../catalog/index.js';
import { echoInput } from '../model/echo-input.js';
import { createFlowIdAllocator } from '../model/ids.js';
import type { Component, Fact, Flow, SourcePosition, Zone } from '../model/types.js';

/** Echoes an input value in a message, cut short and printable (see echoInput). */
export function shown(value: unknown): string {
  return echoInput(value);
}

export function newComponent(id: string, name: string, position?: SourcePosition): Component {
  return {
    id,
    name,
    type: { value: 'process', source: 'assumed', reason: 'no type declared' },
    kind: { value: 'unknown', source: 'assumed', reason: 'no kind declared' },
    data: { value: [], source: 'assumed', reason: 'no data declared' },
    controls: {},
    position,
  };
}

/**
 * A container runs software: never a person or an outside party, whatever its name says. A
 * service called `user` or `payment` is read as the in-house service it is, not as a user or
 * a payment provider; other names are left to inference.
 */
export function keepContainerInside(component: Component): void {
  if (component.technology) return;
  const match = matchKindInLabel(component.name);
  if (!match || (match.type !== 'actor' && match.type !== 'external')) return;
  const reason =
    `a container; its name's '${match.matched}' does not make it a ` +
    match.kind.replace(/-/g, ' ');
  component.kind = declared('service', reason);
  component.type = declared('process', reason);
}

export function newZone(
  id: string,
  name: string,
  trust: Zone['trust'],
  position?: SourcePosition,
): Zone {
  return { id, name, trust, position };
}

export function declared<T>(value: T, reason?: string): Fact<T> {
  return reason === undefined
    ? { value, source: 'declared' }
    : { value, source: 'declared', reason };
}

/**
 * Flows keyed by their two ends: a second reason to connect the same pair (a dependency and
 * a URL, say) refines the first flow instead of adding another.
 */
export class FlowSet {
  private readonly byEnds = new Map<string, Flow>();
  private readonly allocate = createFlowIdAllocator();

  /** The flow from `from` to `to`, created on first use; `created` says which happened. */
  connect(from: string, to: string, position?: SourcePosition): { flow: Flow; created: boolean } {
    const key = `${from}\u0000${to}`;
    const existing = this.byEnds.get(key);
    if (existing) return { flow: existing, created: false };
    const flow: Flow = {
      id: this.allocate(from, to),
      from,
      to,
      data: { value: [], source: 'assumed', reason: 'no data declared' },
      controls: {},
      position,
    };
    this.byEnds.set(key, flow);
    return { flow, created: true };
  }

  get flows(): Flow[] {
    return [...this.byEnds.values()];
  }
}
