import type { Component, Flow } from '../model/types.js';

/*
 * Rules read the same few fields of every component and flow. Elements built by importers and
 * inference have a field only when a fact was found, so a large model holds half a dozen object
 * shapes of each, and V8 turns every such read into a slow generic lookup (and deoptimizes the
 * rules each time a new shape turns up). Rebuilt with every field, in one order, absent ones
 * undefined, all components share one shape and all flows another.
 */

export function uniformComponent(component: Component): Component {
  return {
    id: component.id,
    name: component.name,
    type: component.type,
    kind: component.kind,
    technology: component.technology,
    zone: component.zone,
    data: component.data,
    authentication: component.authentication,
    encryptionAtRest: component.encryptionAtRest,
    internetExposed: component.internetExposed,
    controls: component.controls,
    shape: component.shape,
    position: component.position,
  };
}

export function uniformFlow(flow: Flow): Flow {
  return {
    id: flow.id,
    from: flow.from,
    to: flow.to,
    label: flow.label,
    protocol: flow.protocol,
    encrypted: flow.encrypted,
    authentication: flow.authentication,
    data: flow.data,
    bidirectional: flow.bidirectional,
    controls: flow.controls,
    position: flow.position,
  };
}
