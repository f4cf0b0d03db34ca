/**
 * Open Threat Model (OTM) 0.2.0 export: trust zones, components, data flows, Strider's threats
 * with one mitigation per rule, and the threats the input recorded. What OTM has no field for
 * (a component's kind, technology, data classes, exposure) goes under `attributes.strider`.
 *
 * Numbers OTM asks for, and where they come from:
 * - trustRating: the middle of the band the importer maps back to the same level
 *   (untrusted 10, dmz 40, internal 70, restricted 100), so a round trip keeps the level;
 * - threat risk: Strider's likelihood and impact (0-10) times ten;
 * - riskReduction 100: applying a rule's recommendation removes the finding.
 */
import { STRIDE, type StrideLetter } from '../rules/rule.js';
import type { Threat } from '../engine/threat.js';
import type { JsonObject } from '../importers/json-values.js';
import type { Component, RecordedThreat, TrustLevel } from '../model/types.js';
import type { ExportInput, Exporter } from './exporter.js';
import { threatsByElement } from './threat-index.js';

export const OTM_TRUST_RATINGS = {
  untrusted: 10,
  dmz: 40,
  internal: 70,
  restricted: 100,
} as const satisfies Record<TrustLevel, number>;

/** Impact written for recorded threats, from the severity the input gave them. */
const RECORDED_IMPACT = { critical: 95, high: 80, medium: 60, low: 40 } as const;

/** A zone for components the model places in none: OTM requires every component to have one. */
const NO_ZONE = { id: 'strider-no-zone', name: 'No zone in the model', trust: 'internal' } as const;

export const otmExporter: Exporter = {
  format: 'otm',
  description: 'Open Threat Model 0.2.0 JSON, with threats and mitigations',
  write(input) {
    return `${JSON.stringify(toOtm(input), null, 2)}\n`;
  },
};

function toOtm({ model, report, source }: ExportInput): JsonObject {
  const title = model.title ?? (source.file ? baseName(source.file) : 'Strider model');
  const recorded = recordedThreats(model.recordedThreats ?? []);
  const zoneIds = new Set(model.zones.map((zone) => zone.id));
  const zoneOf = (component: Component) => {
    const zone = component.zone?.value;
    return zone !== undefined && zoneIds.has(zone) ? zone : undefined;
  };
  const names = new Map(model.components.map((component) => [component.id, component.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const threatsOf = threatsByElement(report.threats);
  const needsNoZone = model.components.some((component) => zoneOf(component) === undefined);
  return {
    otmVersion: '0.2.0',
    project: {
      name: title,
      id: slug(title),
      description: `Exported by Strider from ${source.file ?? 'its input'}`,
    },
    trustZones: [
      ...model.zones.map((zone) => ({
        id: zone.id,
        name: zone.name,
        type: zone.trust.value,
        risk: { trustRating: OTM_TRUST_RATINGS[zone.trust.value] },
        ...(zone.parent === undefined ? {} : { parent: { trustZone: zone.parent } }),
      })),
      ...(needsNoZone
        ? [{ ...NO_ZONE, type: NO_ZONE.trust, risk: { trustRating: OTM_TRUST_RATINGS.internal } }]
        : []),
    ],
    components: model.components.map((component) => ({
      id: component.id,
      name: component.name,
      type: component.kind.value === 'unknown' ? component.type.value : component.kind.value,
      parent: { trustZone: zoneOf(component) ?? NO_ZONE.id },
      tags: component.technology ? [component.technology.value] : [],
      threats: references(component.id, threatsOf, recorded.byElement),
      attributes: { strider: componentFacts(component) },
    })),
    dataflows: model.flows.map((flow) => ({
      id: flow.id,
      name: flow.label ?? `${nameOf(flow.from)} to ${nameOf(flow.to)}`,
      source: flow.from,
      destination: flow.to,
      bidirectional: flow.bidirectional === true,
      tags: flow.protocol ? [flow.protocol.value] : [],
      threats: references(flow.id, threatsOf, recorded.byElement),
      attributes: {
        strider: {
          encrypted: flow.encrypted?.value ?? null,
          authentication: flow.authentication?.value ?? null,
          data: flow.data.value,
        },
      },
    })),
    threats: [...report.threats.map(otmThreat), ...recorded.threats],
    mitigations: mitigations(report.threats),
  };
}

function componentFacts(component: Component): JsonObject {
  return {
    type: component.type.value,
    kind: component.kind.value,
    technology: component.technology?.value ?? null,
    data: component.data.value,
    internetExposed: component.internetExposed?.value ?? null,
    authentication: component.authentication?.value ?? null,
    encryptionAtRest: component.encryptionAtRest?.value ?? null,
  };
}

function otmThreat(threat: Threat): JsonObject {
  return {
    id: threatId(threat),
    name: threat.title,
    description: threat.why,
    categories: threat.stride.map((letter: StrideLetter) => STRIDE[letter]),
    cwes: threat.references.cwe,
    risk: {
      likelihood: Math.round(threat.factors.likelihood.value * 10),
      likelihoodComment:
        `Strider: ${threat.factors.likelihood.basis} by rule, exposure ` +
        `${threat.factors.likelihood.exposure}, control ${threat.factors.likelihood.control}`,
      impact: Math.round(threat.factors.impact.value * 10),
      impactComment:
        `Strider: ${threat.factors.impact.basis} by rule, data ` +
        `${threat.factors.impact.sensitivity}`,
    },
    tags: [threat.ruleId, threat.severity],
    attributes: {
      strider: {
        ruleId: threat.ruleId,
        fingerprint: threat.fingerprint,
        score: threat.score,
        severity: threat.severity,
      },
    },
  };
}

function threatId(threat: Threat): string {
  return `strider-${threat.fingerprint}`;
}

function mitigationId(ruleId: string): string {
  return `strider-${ruleId}`;
}

/** One mitigation per rule: its recommendation, which every threat of the rule shares. */
function mitigations(threats: readonly Threat[]): JsonObject[] {
  const byRule = new Map<string, Threat>();
  for (const threat of threats) if (!byRule.has(threat.ruleId)) byRule.set(threat.ruleId, threat);
  return [...byRule.values()].map((threat) => ({
    id: mitigationId(threat.ruleId),
    name: firstSentence(threat.recommendation),
    description: threat.recommendation,
    riskReduction: 100,
    attributes: { strider: { ruleId: threat.ruleId } },
  }));
}

function references(
  element: string,
  threats: Map<string, Threat[]>,
  recorded: Map<string, JsonObject[]>,
): JsonObject[] {
  return [
    ...(recorded.get(element) ?? []),
    ...(threats.get(element) ?? []).map((threat) => ({
      threat: threatId(threat),
      state: 'exposed',
      mitigations: [{ mitigation: mitigationId(threat.ruleId), state: 'recommended' }],
    })),
  ];
}

/**
 * Recorded threats become OTM threats again, one per ID (OTM's own keep theirs), each
 * referenced from the elements it was recorded on.
 */
function recordedThreats(recorded: readonly RecordedThreat[]) {
  const threats = new Map<string, JsonObject>();
  const byElement = new Map<string, JsonObject[]>();
  recorded.forEach((entry, index) => {
    const id = entry.id ?? `recorded-${index + 1}`;
    if (!threats.has(id)) threats.set(id, recordedThreat(entry, id));
    const reference = { threat: id, state: entry.status ?? 'exposed' };
    byElement.set(entry.element, [...(byElement.get(entry.element) ?? []), reference]);
  });
  return { threats: [...threats.values()], byElement };
}

function recordedThreat(entry: RecordedThreat, id: string): JsonObject {
  const severity = entry.severity?.toLowerCase();
  const impact =
    severity !== undefined && Object.hasOwn(RECORDED_IMPACT, severity)
      ? RECORDED_IMPACT[severity as keyof typeof RECORDED_IMPACT]
      : undefined;
  const description = [entry.description, entry.mitigation && `Mitigation: ${entry.mitigation}`]
    .filter((part) => part)
    .join('\n\n');
  return {
    id,
    name: entry.title,
    description: description || null,
    categories: entry.type ? [entry.type] : [],
    risk: {
      likelihood: null,
      impact: impact ?? 50,
      impactComment:
        impact === undefined
          ? 'not rated in the input; 50 stands for unknown'
          : `severity '${entry.severity}' in the input`,
    },
    tags: ['recorded'],
  };
}

function firstSentence(text: string): string {
  const sentence = text.split(/(?<=[.!?])\s/)[0] ?? text;
  return sentence.length <= 120 ? sentence : `${sentence.slice(0, 117)}...`;
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
}

function slug(text: string): string {
  const slugged = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
  return slugged === '' ? 'strider-model' : slugged;
}
