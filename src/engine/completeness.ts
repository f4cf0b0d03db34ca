import { findTechnologyById } from '../catalog/index.js';
import type { ThreatModel } from '../model/types.js';

/*
 * What the model leaves unsaid, reported apart from threats: each gap is a place where rules
 * had less to go on, so a quiet report there means "not known", not "safe".
 */

export const COMPLETENESS_KINDS = [
  'unknown-technology',
  'unknown-kind',
  'unknown-protocol',
  'no-flows',
  'unused-data-class',
] as const;
export type CompletenessKind = (typeof COMPLETENESS_KINDS)[number];

export interface CompletenessNote {
  kind: CompletenessKind;
  /** The component, flow or data class the note is about. */
  element: string;
  message: string;
}

/** The model's gaps, in a stable order: by kind, then by the model's own order. */
export function checkCompleteness(model: ThreatModel): CompletenessNote[] {
  const notes: CompletenessNote[] = [];
  for (const component of model.components) {
    const technology = component.technology?.value;
    if (technology !== undefined && !findTechnologyById(technology)) {
      notes.push({
        kind: 'unknown-technology',
        element: component.id,
        message:
          `${component.name}: technology '${technology}' is not in the catalog, so no ` +
          'security defaults are known for it (see `strider technologies`)',
      });
    }
  }
  for (const component of model.components) {
    // A component with an unknown technology is reported as such, not twice.
    if (component.technology !== undefined) continue;
    if (component.type.value === 'process' && component.kind.value === 'unknown') {
      notes.push({
        kind: 'unknown-kind',
        element: component.id,
        message:
          `${component.name}: no kind or known technology, so only generic rules apply; ` +
          'declare `kind` (service, web-app, api-gateway...)',
      });
    }
  }
  const names = new Map(model.components.map((c) => [c.id, c.name]));
  for (const flow of model.flows) {
    if (flow.protocol === undefined) {
      notes.push({
        kind: 'unknown-protocol',
        element: flow.id,
        message:
          `${names.get(flow.from) ?? flow.from} → ${names.get(flow.to) ?? flow.to}: no ` +
          'protocol, so its encryption cannot be judged; declare `protocol`',
      });
    }
  }
  const connected = new Set<string>();
  for (const flow of model.flows) connected.add(flow.from).add(flow.to);
  for (const component of model.components) {
    if (!connected.has(component.id)) {
      notes.push({
        kind: 'no-flows',
        element: component.id,
        message: `${component.name}: no flows in or out; rules about paths never see it`,
      });
    }
  }
  const used = new Set<string>();
  for (const element of [...model.components, ...model.flows]) {
    for (const id of element.data.value) used.add(id);
  }
  for (const dataClass of model.dataClasses) {
    if (!used.has(dataClass.id)) {
      notes.push({
        kind: 'unused-data-class',
        element: dataClass.id,
        message: `data class '${dataClass.id}' is declared but nothing holds or carries it`,
      });
    }
  }
  return notes;
}
