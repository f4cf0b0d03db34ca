import { findTechnologyById } from '../catalog/index.js';
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

export interface DotOptions {
  /** Threats to colour elements by, worst first wins; without them all are drawn neutral. */
  threats?: readonly Threat[];
}

/** Prefixes of the SVG `id` of each element, so a page can find an element by its model ID. */
export const SVG_ID_PREFIX = {
  component: 'strider-c-',
  flow: 'strider-f-',
  zone: 'strider-z-',
} as const;

/** Data-flow-diagram shapes: people as ovals, stores as cylinders, outsiders as 3-D boxes. */
const TYPE_SHAPES = {
  actor: { shape: 'ellipse', style: '' },
  process: { shape: 'box', style: 'rounded' },
  datastore: { shape: 'cylinder', style: '' },
  external: { shape: 'box3d', style: '' },
} as const satisfies Record<ElementType, { shape: string; style: string }>;

const FONT = 'Helvetica';
/** Graphviz draws text in this face italic: an inferred protocol reads as a guess. */
const FONT_ITALIC = 'Helvetica-Oblique';
const SECONDARY_TEXT = '#4b5563';

const GRAPH_DEFAULTS = [
  `  graph [rankdir=LR, newrank=true, fontname="${FONT}", fontsize=12, pad=0.2, ` +
    'nodesep=0.3, ranksep=0.45, bgcolor="white"];',
  `  node [fontname="${FONT}", fontsize=12, style="filled", penwidth=1.2, margin="0.12,0.05"];`,
  `  edge [fontname="${FONT}", fontsize=10, arrowsize=0.7, penwidth=1.2];`,
];

/** An attribute value Graphviz reads as an HTML-like label rather than a string. */
interface HtmlLabel {
  html: string;
}
type AttributeValue = string | number | HtmlLabel;

/**
 * The model as a Graphviz digraph: zones as nested clusters coloured by trust, components
 * shaped by type and filled by their worst threat, flows labelled with their protocol. Dashed
 * borders mark elements whose type or kind Strider inferred; dashed edges, flows of unknown
 * protocol; italic labels, protocols Strider inferred. Pure; every input text is escaped.
 */
export function renderDot(model: ThreatModel, options: DotOptions = {}): string {
  const view = diagramView(model, options.threats);
  const names = new Map(model.components.map((c) => [c.id, c.name]));
  const lines = [`digraph ${quote(model.title ?? 'threat model')} {`, ...GRAPH_DEFAULTS];
  for (const component of view.members.get(undefined) ?? []) {
    lines.push(`  ${nodeStatement(component, view)}`);
  }
  for (const zone of view.rootZones) lines.push(...clusterLines(zone, view, 1));
  for (const flow of model.flows) lines.push(`  ${edgeStatement(flow, view, names)}`);
  // Set last: attributes set before a subgraph are inherited by it, and clusters have their own.
  if (model.title !== undefined) {
    lines.push(`  graph ${attributes({ label: model.title, labelloc: 't', fontsize: 14 })};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function clusterLines(zone: Zone, view: DiagramView, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const colors = TRUST_COLORS[zone.trust.value];
  const trustNote = isStated(zone.trust) ? '' : ' (inferred)';
  const settings = {
    id: SVG_ID_PREFIX.zone + zone.id,
    class: `zone trust-${zone.trust.value}`,
    label: `${zone.name} · ${zone.trust.value}${trustNote}`,
    tooltip: `${zone.name} (${zone.id}): trust ${zone.trust.value}${sourceNote(zone.trust)}`,
    style: isStated(zone.trust) ? 'rounded,filled' : 'rounded,filled,dashed',
    fillcolor: colors.fill,
    color: colors.stroke,
    fontcolor: colors.stroke,
    fontsize: 11,
    labeljust: 'l',
  };
  const lines = [`${indent}subgraph ${quote(`cluster_${zone.id}`)} {`];
  for (const [name, value] of Object.entries(settings)) {
    lines.push(`${indent}  ${name}=${formatValue(value)};`);
  }
  for (const component of view.members.get(zone.id) ?? []) {
    lines.push(`${indent}  ${nodeStatement(component, view)}`);
  }
  for (const child of view.childZones.get(zone.id) ?? []) {
    lines.push(...clusterLines(child, view, depth + 1));
  }
  lines.push(`${indent}}`);
  return lines;
}

function nodeStatement(component: Component, view: DiagramView): string {
  const severity = view.componentSeverity.get(component.id);
  const colors = SEVERITY_COLORS[severity ?? 'none'];
  const { shape, style } = TYPE_SHAPES[component.type.value];
  const inferred = isInferredElement(component);
  const styles = ['filled', style, inferred ? 'dashed' : ''].filter((s) => s !== '');
  const classes = [
    'component',
    `type-${component.type.value}`,
    `sev-${severity ?? 'none'}`,
    inferred ? 'inferred' : 'stated',
  ];
  return `${quote(component.id)} ${attributes({
    id: SVG_ID_PREFIX.component + component.id,
    class: classes.join(' '),
    shape,
    style: styles.join(','),
    fillcolor: colors.fill,
    color: colors.stroke,
    label: { html: nodeLabel(component) },
    tooltip: nodeTooltip(component, severity),
  })};`;
}

/** The name, and below it in small grey type what Strider takes the element to be. */
function nodeLabel(component: Component): string {
  const kind = component.kind.value === 'unknown' ? 'kind unknown' : words(component.kind.value);
  const technology = component.technology && findTechnologyById(component.technology.value);
  // Generic catalog entries ('generic-log-service': 'Log service') only repeat the kind.
  const named = technology && !technology.id.startsWith('generic-') ? technology.name : undefined;
  const detail = named ? `${kind} · ${named}` : kind;
  return (
    `${htmlText(component.name)}<BR/>` +
    `<FONT POINT-SIZE="9" COLOR="${SECONDARY_TEXT}">${htmlText(detail)}</FONT>`
  );
}

function nodeTooltip(component: Component, severity: Severity | undefined): string {
  const lines = [
    `${component.name} (${component.id})`,
    `type ${component.type.value}${sourceNote(component.type)}`,
    `kind ${component.kind.value}${sourceNote(component.kind)}`,
  ];
  if (severity) lines.push(`worst threat: ${severity}`);
  return lines.join('\n');
}

function edgeStatement(flow: Flow, view: DiagramView, names: ReadonlyMap<string, string>): string {
  const severity = view.flowSeverity.get(flow.id);
  const color = SEVERITY_COLORS[severity ?? 'none'].edge;
  const state = protocolState(flow);
  const settings: Record<string, AttributeValue> = {
    id: SVG_ID_PREFIX.flow + flow.id,
    class: `flow sev-${severity ?? 'none'} protocol-${state}`,
    color,
    fontcolor: severity ? color : SECONDARY_TEXT,
    tooltip: edgeTooltip(flow, names),
  };
  if (flow.protocol) settings.label = flow.protocol.value;
  if (state === 'inferred') settings.fontname = FONT_ITALIC;
  if (state === 'undeclared') settings.style = 'dashed';
  if (severity) settings.penwidth = 1.8;
  if (flow.bidirectional) settings.dir = 'both';
  return `${quote(flow.from)} -> ${quote(flow.to)} ${attributes(settings)};`;
}

function edgeTooltip(flow: Flow, names: ReadonlyMap<string, string>): string {
  const ends = `${names.get(flow.from) ?? flow.from} → ${names.get(flow.to) ?? flow.to}`;
  const protocol = flow.protocol
    ? `protocol ${flow.protocol.value}${sourceNote(flow.protocol)}`
    : 'protocol undeclared';
  return [ends, flow.label ? `label: ${flow.label}` : '', protocol]
    .filter((line) => line !== '')
    .join('\n');
}

function sourceNote(fact: { source: string; reason?: string }): string {
  if (fact.source === 'declared') return '';
  return fact.reason ? ` (${fact.source}: ${fact.reason})` : ` (${fact.source})`;
}

function words(kebab: string): string {
  return kebab.replace(/-/g, ' ');
}

function attributes(settings: Record<string, AttributeValue>): string {
  const pairs = Object.entries(settings).map(([name, value]) => `${name}=${formatValue(value)}`);
  return `[${pairs.join(', ')}]`;
}

function formatValue(value: AttributeValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return quote(value);
  return `<${value.html}>`;
}

/**
 * A DOT string. Backslashes are doubled so Graphviz's own escapes (`\N`, `\l`) cannot be
 * smuggled in; line breaks become Graphviz's `\n` (a new line in labels and tooltips); other
 * control characters, which XML output cannot carry, become spaces.
 */
export function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n?|\n/g, '\\n')
    .replace(CONTROL_CHARACTERS, ' ');
  return `"${escaped}"`;
}

/** Text inside an HTML-like label: markup characters as entities, never as tags. */
function htmlText(text: string): string {
  return text
    .replace(CONTROL_CHARACTERS_AND_BREAKS, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const CONTROL_CHARACTERS_AND_BREAKS = /[\u0000-\u001f\u007f]/g;
