import type { Severity } from '../engine/score.js';
import type { Threat } from '../engine/threat.js';
import type { Component, ElementType, Flow, ThreatModel, Zone } from '../model/types.js';
import {
  diagramView,
  isInferredElement,
  isStated,
  protocolState,
  SEVERITY_COLORS,
  TRUST_COLORS,
  type DiagramView,
} from './diagram-view.js';

export interface MermaidOptions {
  /** Threats to colour elements by; without them all are drawn neutral. */
  threats?: readonly Threat[];
}

/** Shapes by DFD type; the Mermaid importer reads a cylinder back as a data store. */
const TYPE_BRACKETS = {
  actor: ['([', '])'],
  process: ['(', ')'],
  datastore: ['[(', ')]'],
  external: ['[[', ']]'],
} as const satisfies Record<ElementType, readonly [string, string]>;

const SEVERITY_CLASSES = {
  critical: 'sevCritical',
  high: 'sevHigh',
  medium: 'sevMedium',
  low: 'sevLow',
} as const satisfies Record<Severity, string>;

/** Words Mermaid reads as syntax, so they cannot be node or subgraph IDs. */
const RESERVED_IDS: ReadonlySet<string> = new Set([
  'end',
  'graph',
  'flowchart',
  'flowchart-elk',
  'subgraph',
  'direction',
  'style',
  'linkStyle',
  'classDef',
  'class',
  'click',
  'call',
  'href',
  'default',
  'interpolate',
  'accTitle',
  'accDescr',
]);

/** IDs written as they are: letters, digits and underscores, with single inner hyphens. */
const PLAIN_ID = /^[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*$/;

/**
 * Characters that would end a quoted label or be read as markup, as Mermaid entity codes, which
 * Mermaid draws as the character and the Mermaid importer reads back as it.
 */
const LABEL_ENTITIES = {
  '#': '#35;',
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '`': '#96;',
  '|': '#124;',
} as const satisfies Record<string, string>;

/**
 * The model as a Mermaid flowchart that GitHub renders and the Mermaid importer reads back to
 * the same components, flows and zones. Elements keep their IDs when Mermaid allows them;
 * styling (ignored on import) colours elements by their worst threat and dashes what Strider
 * inferred. Pure; every label is escaped.
 */
export function renderMermaid(model: ThreatModel, options: MermaidOptions = {}): string {
  const view = diagramView(model, options.threats);
  const ids = mermaidIds(model);
  const lines: string[] = [];
  if (model.title !== undefined) lines.push('---', `title: ${yamlString(model.title)}`, '---');
  lines.push(
    '%% Drawn by Strider from the model it understood. Dashed nodes: type or kind inferred;',
    '%% dashed links: protocol unknown; colours: the worst threat on each element.',
    'flowchart LR',
  );
  for (const component of view.members.get(undefined) ?? []) {
    lines.push(`  ${nodeDefinition(component, ids)}`);
  }
  for (const zone of view.rootZones) lines.push(...subgraphLines(zone, view, ids, 1));
  for (const flow of model.flows) lines.push(`  ${linkStatement(flow, ids)}`);
  lines.push(...styleLines(model, view, ids));
  return `${lines.join('\n')}\n`;
}

function subgraphLines(zone: Zone, view: DiagramView, ids: MermaidIds, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const lines = [`${indent}subgraph ${ids.zones.get(zone.id)}["${label(zone.name)}"]`];
  for (const component of view.members.get(zone.id) ?? []) {
    lines.push(`${indent}  ${nodeDefinition(component, ids)}`);
  }
  for (const child of view.childZones.get(zone.id) ?? []) {
    lines.push(...subgraphLines(child, view, ids, depth + 1));
  }
  lines.push(`${indent}end`);
  return lines;
}

function nodeDefinition(component: Component, ids: MermaidIds): string {
  const [open, close] = TYPE_BRACKETS[component.type.value];
  return `${ids.components.get(component.id)}${open}"${label(component.name)}"${close}`;
}

/**
 * A link per flow, in model order, so the importer numbers repeated pairs the same way. The
 * text is the diagram's own label, or else a protocol the model states; an inferred protocol
 * is left out, as writing it down would turn it into a stated one on the way back.
 */
function linkStatement(flow: Flow, ids: MermaidIds): string {
  const dashed = protocolState(flow) === 'undeclared';
  const body = dashed ? '-.->' : '-->';
  const arrow = flow.bidirectional ? `<${body}` : body;
  const text = flow.label ?? (isStated(flow.protocol) ? flow.protocol?.value : undefined);
  const textPart = text === undefined ? '' : `|"${label(text)}"|`;
  return `${ids.components.get(flow.from)} ${arrow}${textPart} ${ids.components.get(flow.to)}`;
}

function styleLines(model: ThreatModel, view: DiagramView, ids: MermaidIds): string[] {
  const lines: string[] = [];
  for (const [severity, className] of Object.entries(SEVERITY_CLASSES)) {
    const members = model.components
      .filter((c) => view.componentSeverity.get(c.id) === severity)
      .map((c) => ids.components.get(c.id));
    if (members.length === 0) continue;
    const colors = SEVERITY_COLORS[severity as Severity];
    lines.push(`  classDef ${className} fill:${colors.fill},stroke:${colors.stroke}`);
    lines.push(`  class ${members.join(',')} ${className}`);
  }
  const inferred = model.components.filter(isInferredElement).map((c) => ids.components.get(c.id));
  if (inferred.length > 0) {
    lines.push('  classDef inferred stroke-dasharray:5 3');
    lines.push(`  class ${inferred.join(',')} inferred`);
  }
  for (const zone of model.zones) {
    const colors = TRUST_COLORS[zone.trust.value];
    const dash = isStated(zone.trust) ? '' : ',stroke-dasharray:5 3';
    const id = ids.zones.get(zone.id);
    lines.push(`  style ${id} fill:${colors.fill},stroke:${colors.stroke}${dash}`);
  }
  for (const severity of Object.keys(SEVERITY_CLASSES) as Severity[]) {
    const links = model.flows.flatMap((flow, index) =>
      view.flowSeverity.get(flow.id) === severity ? [index] : [],
    );
    if (links.length === 0) continue;
    const color = SEVERITY_COLORS[severity].edge;
    lines.push(`  linkStyle ${links.join(',')} stroke:${color},stroke-width:2px`);
  }
  return lines;
}

interface MermaidIds {
  components: ReadonlyMap<string, string>;
  zones: ReadonlyMap<string, string>;
}

/**
 * Mermaid IDs for every element, one namespace for nodes and subgraphs (Mermaid links to a
 * subgraph by its ID). Model IDs are kept when Mermaid can read them; others are rewritten to
 * letters, digits and underscores, made unique.
 */
function mermaidIds(model: ThreatModel): MermaidIds {
  const taken = new Set<string>();
  const assign = (id: string): string => {
    let candidate = isPlainMermaidId(id) ? id : rewriteId(id);
    for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${rewriteId(id)}_${suffix}`;
    taken.add(candidate);
    return candidate;
  };
  // Plain IDs claim their names first, so a rewritten ID never takes one a later plain ID needs.
  const plainFirst = <T extends { id: string }>(items: T[]) => [
    ...items.filter((item) => isPlainMermaidId(item.id)),
    ...items.filter((item) => !isPlainMermaidId(item.id)),
  ];
  const components = new Map<string, string>();
  const zones = new Map<string, string>();
  for (const component of plainFirst(model.components)) {
    components.set(component.id, assign(component.id));
  }
  for (const zone of plainFirst(model.zones)) zones.set(zone.id, assign(zone.id));
  return { components, zones };
}

function isPlainMermaidId(id: string): boolean {
  return PLAIN_ID.test(id) && !RESERVED_IDS.has(id);
}

function rewriteId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return `id_${cleaned === '' ? 'x' : cleaned}`;
}

/** Text for inside double quotes: one line, with markup characters as entity codes. */
function label(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/[#"&<>`|]/g, (char) => LABEL_ENTITIES[char as keyof typeof LABEL_ENTITIES]);
}

/**
 * A YAML double-quoted scalar. JSON's escapes are valid YAML; markup characters are escaped
 * too, so no reader of the front matter ever sees a tag.
 */
function yamlString(text: string): string {
  return JSON.stringify(text).replace(
    /[<>&]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
