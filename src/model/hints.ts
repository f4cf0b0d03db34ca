import { echoInput } from './echo-input.js';
import { knownList } from './ids.js';
import { InputError, type Problem } from './problems.js';
import { HINTS_SCHEMA } from './schema.js';
import type { Component, Control, Fact, Flow, ThreatModel, Zone } from './types.js';
import { validateAgainstSchema } from './validate-schema.js';
import { parseSourceDocument, problemAt, type SourceDocument } from './yaml-source.js';

type HintValues = Record<string, unknown>;
interface Hints {
  zones?: Record<string, HintValues>;
  components?: Record<string, HintValues>;
  flows?: Record<string, HintValues>;
}

/** Facts copied one to one from a hint onto an element; controls are merged separately. */
const COMPONENT_FIELDS = [
  'type',
  'kind',
  'technology',
  'zone',
  'data',
  'authentication',
  'encryptionAtRest',
  'internetExposed',
] as const;
const FLOW_FIELDS = ['protocol', 'encrypted', 'authentication', 'data'] as const;

/**
 * Overlays a hints file on a model, by element ID, for what a diagram cannot say. Hinted facts
 * carry the source 'hint' and win over anything inferred. Unknown IDs are errors.
 */
export function applyHints(model: ThreatModel, text: string, file?: string): ThreatModel {
  const source = parseSourceDocument(text, file);
  if (source.value === null || source.value === undefined) return model;
  const schemaProblems = validateAgainstSchema(source, HINTS_SCHEMA);
  if (schemaProblems.length > 0) throw new InputError(schemaProblems);

  const hints = source.value as Hints;
  const problems: Problem[] = [];
  const zones = new Map(model.zones.map((zone) => [zone.id, zone]));
  const components = new Map(model.components.map((c) => [c.id, c]));
  const flows = new Map(model.flows.map((flow) => [flow.id, flow]));

  forEachHint(source, 'zones', hints.zones, zones, problems, (zone, values) =>
    applyZoneHint(zone, values),
  );
  forEachHint(source, 'components', hints.components, components, problems, (c, values) => {
    if (typeof values.zone === 'string' && !zones.has(values.zone)) return 'zone';
    copyFacts(c, values, COMPONENT_FIELDS);
    mergeControls(c, values.controls);
    if (typeof values.name === 'string') c.name = values.name;
    return undefined;
  });
  forEachHint(source, 'flows', hints.flows, flows, problems, (flow, values) => {
    copyFacts(flow, values, FLOW_FIELDS);
    mergeControls(flow, values.controls);
    return undefined;
  });
  if (problems.length > 0) throw new InputError(problems);
  return model;
}

/** Calls `apply` for each known ID; it returns the name of a field whose reference is bad. */
function forEachHint<T>(
  source: SourceDocument,
  section: 'zones' | 'components' | 'flows',
  entries: Record<string, HintValues> | undefined,
  known: Map<string, T>,
  problems: Problem[],
  apply: (element: T, values: HintValues) => string | undefined,
): void {
  const singular = section.slice(0, -1);
  for (const [id, values] of Object.entries(entries ?? {})) {
    const element = known.get(id);
    if (!element) {
      problems.push(
        problemAt(
          source,
          [section, id],
          `unknown-${singular}`,
          `unknown ${singular} '${echoInput(id)}' (known: ${knownList(known.keys())})`,
          { key: true },
        ),
      );
      continue;
    }
    const badField = apply(element, values);
    if (badField) {
      problems.push(
        problemAt(
          source,
          [section, id, badField],
          'unknown-zone',
          `unknown zone '${echoInput(values[badField])}'`,
        ),
      );
    }
  }
}

function applyZoneHint(zone: Zone, values: HintValues): undefined {
  if (typeof values.trust === 'string') {
    zone.trust = { value: values.trust as Zone['trust']['value'], source: 'hint' };
  }
  if (typeof values.name === 'string') zone.name = values.name;
  if (typeof values.parent === 'string') zone.parent = values.parent;
  return undefined;
}

function copyFacts<T extends Component | Flow>(
  element: T,
  values: HintValues,
  fields: readonly string[],
): void {
  const target = element as unknown as Record<string, Fact<unknown> | undefined>;
  for (const field of fields) {
    if (values[field] !== undefined) target[field] = { value: values[field], source: 'hint' };
  }
}

function mergeControls(element: Component | Flow, controls: unknown): void {
  for (const [name, value] of Object.entries((controls ?? {}) as Record<string, boolean>)) {
    element.controls[name as Control] = { value, source: 'hint' };
  }
}
