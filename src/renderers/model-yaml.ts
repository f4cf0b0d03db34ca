import { Document, isNode, type Node } from 'yaml';
import type { Fact, RecordedThreat, ThreatModel } from '../model/types.js';

const HEADER = [
  ' The model Strider understood. A comment after a fact says where it came from;',
  ' facts without one were declared in the input. Edit and feed this file back to',
  ' `strider analyze`: every fact in it then counts as declared.',
];

type Path = (string | number)[];

/** The model as Strider's own YAML, each inferred fact commented with its source. Pure. */
export function renderModelYaml(model: ThreatModel): string {
  const comments: [Path, Fact<unknown>][] = [];
  const plain = toPlain(model, comments);
  const doc = new Document(plain);
  doc.commentBefore = HEADER.join('\n');
  if (model.recordedThreats?.length) doc.comment = recordedThreatsComment(model.recordedThreats);
  for (const [path, fact] of comments) {
    const node = doc.getIn(path, true);
    if (isNode(node))
      (node as Node).comment = ` ${fact.source}${fact.reason ? `: ${fact.reason}` : ''}`;
  }
  compactLists(doc);
  return doc.toString({ lineWidth: 0 });
}

function toPlain(model: ThreatModel, comments: [Path, Fact<unknown>][]): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  if (model.title) plain.title = model.title;
  const fact = (path: Path, value: Fact<unknown> | undefined, into: Record<string, unknown>) => {
    if (!value) return;
    into[path[path.length - 1]] = value.value;
    if (value.source !== 'declared') comments.push([path, value]);
  };

  plain.zones = model.zones.map((zone, i) => {
    const out: Record<string, unknown> = { id: zone.id, name: zone.name };
    fact(['zones', i, 'trust'], zone.trust, out);
    if (zone.parent) out.parent = zone.parent;
    return out;
  });
  plain.components = model.components.map((c, i) => {
    const out: Record<string, unknown> = { id: c.id, name: c.name };
    const at = (field: string): Path => ['components', i, field];
    fact(at('type'), c.type, out);
    if (c.kind.value !== 'unknown') fact(at('kind'), c.kind, out);
    fact(at('technology'), c.technology, out);
    fact(at('zone'), c.zone, out);
    if (c.data.value.length > 0) fact(at('data'), c.data, out);
    fact(at('authentication'), c.authentication, out);
    fact(at('encryptionAtRest'), c.encryptionAtRest, out);
    fact(at('internetExposed'), c.internetExposed, out);
    addControls(out, c.controls, ['components', i], comments);
    return out;
  });
  plain.flows = model.flows.map((flow, i) => {
    const out: Record<string, unknown> = { id: flow.id, from: flow.from, to: flow.to };
    const at = (field: string): Path => ['flows', i, field];
    if (flow.label) out.label = flow.label;
    fact(at('protocol'), flow.protocol, out);
    fact(at('encrypted'), flow.encrypted, out);
    fact(at('authentication'), flow.authentication, out);
    if (flow.data.value.length > 0) fact(at('data'), flow.data, out);
    if (flow.bidirectional) out.bidirectional = true;
    addControls(out, flow.controls, ['flows', i], comments);
    return out;
  });
  if (model.dataClasses.length > 0) plain.dataClasses = model.dataClasses;
  return plain;
}

function addControls(
  out: Record<string, unknown>,
  controls: Record<string, Fact<boolean> | undefined>,
  base: Path,
  comments: [Path, Fact<unknown>][],
): void {
  const entries = Object.entries(controls).filter(([, fact]) => fact !== undefined);
  if (entries.length === 0) return;
  out.controls = Object.fromEntries(entries.map(([name, fact]) => [name, fact!.value]));
  for (const [name, fact] of entries) {
    if (fact!.source !== 'declared') comments.push([[...base, 'controls', name], fact!]);
  }
}

/**
 * Threats the input already recorded are listed as comments: they are worth seeing beside the
 * model, but they are not part of the model format, so the file stays valid to read back.
 */
function recordedThreatsComment(threats: readonly RecordedThreat[]): string {
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  const lines = threats.map((threat) => {
    const details = [threat.type, threat.status, threat.severity].filter((part) => part);
    const suffix = details.length > 0 ? ` (${oneLine(details.join(', '))})` : '';
    return `   ${threat.element}: ${oneLine(threat.title)}${suffix}`;
  });
  return [
    ' Threats recorded in the input (for reference; not read back as part of the model):',
    ...lines,
  ].join('\n');
}

/** Short lists of data classes read better inline: data: [pii, customer-data]. */
function compactLists(doc: Document): void {
  for (const section of ['components', 'flows']) {
    const items = doc.getIn([section], true) as { items?: unknown[] } | undefined;
    items?.items?.forEach((_, i) => {
      const data = doc.getIn([section, i, 'data'], true) as { flow?: boolean } | undefined;
      if (data && typeof data === 'object') data.flow = true;
    });
  }
}
