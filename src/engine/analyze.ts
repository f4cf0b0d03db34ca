import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Problem } from '../model/problems.js';
import {
  SENSITIVITIES,
  type ComponentKind,
  type Sensitivity,
  type ThreatModel,
} from '../model/types.js';
import { RULES } from '../rules/index.js';
import type { Evidence, Finding, Rule } from '../rules/rule.js';
import { checkCompleteness } from './completeness.js';
import { ModelQuery, type Exposure } from './query.js';
import { scoreThreat, severityOf } from './score.js';
import type { AnalysisReport, Threat } from './threat.js';

const EXPOSURE_ORDER: Exposure[] = ['internal', 'dmz', 'internet'];
/** Titles name at most this many components; the rest are counted. */
const TITLE_NAMES = 5;
/** The Why names at most this many assumed facts; the evidence lists them all. */
const MAX_ASSUMPTIONS_NAMED = 12;

export interface AnalyzeOptions {
  rules?: readonly Rule[];
}

/** Runs every rule over the model and returns the threats, scored, sorted and numbered. */
export function analyzeModel(model: ThreatModel, options: AnalyzeOptions = {}): AnalysisReport {
  const query = new ModelQuery(model);
  const rules = options.rules ?? RULES;
  const problems: Problem[] = [];
  const unnumbered: Omit<Threat, 'id'>[] = [];

  const kinds = new Set(model.components.map((component) => component.kind.value));
  for (const rule of rules) {
    if (!appliesTo(rule, kinds)) continue;
    const findings = runRule(rule, query, problems);
    for (const group of groupFindings(findings)) unnumbered.push(buildThreat(rule, group, query));
  }

  unnumbered.sort(
    (a, b) =>
      b.score - a.score ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  const threats = unnumbered.map((threat, index) => ({
    id: `T${String(index + 1).padStart(3, '0')}`,
    ...threat,
  }));
  return {
    title: model.title,
    threats,
    problems,
    completeness: checkCompleteness(model),
    stats: {
      components: model.components.length,
      flows: model.flows.length,
      zones: model.zones.length,
      rules: rules.length,
    },
  };
}

/** Whether the model has a component of a kind the rule is about, when the rule says. */
export function appliesTo(rule: Rule, kinds: ReadonlySet<ComponentKind>): boolean {
  const required = rule.meta.requiresKinds;
  return required === undefined || required.some((kind) => kinds.has(kind));
}

/** A crashing rule is reported with its ID, and the other rules still run. */
function runRule(rule: Rule, query: ModelQuery, problems: Problem[]): Finding[] {
  try {
    return rule.check(query);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.push({
      severity: 'error',
      code: 'rule-crashed',
      message: `rule ${rule.meta.id} (${rule.meta.slug}) failed: ${message}`,
    });
    return [];
  }
}

function groupFindings(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = finding.groupKey ?? '';
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()].map(mergeFindings);
}

/**
 * One finding per threat. A lone finding keeps its lists as the rule wrote them, so fingerprints
 * stay as they were; several merge through sets, since a rule can report thousands in a group.
 */
function mergeFindings(group: Finding[]): Finding {
  const [first, ...rest] = group as [Finding, ...Finding[]];
  if (rest.length === 0) return { ...first, evidence: [...first.evidence] };
  const components = new Set<string>();
  const flows = new Set<string>();
  const evidence: Evidence[] = [];
  for (const finding of group) {
    for (const id of finding.components) components.add(id);
    for (const id of finding.flows) flows.add(id);
    for (const item of finding.evidence) evidence.push(item);
  }
  return {
    ...first,
    components: [...components],
    flows: [...flows],
    evidence,
    why: group.map((finding) => finding.why).join(' '),
    controlState: group.some((f) => f.controlState === 'absent') ? 'absent' : first.controlState,
  };
}

function buildThreat(rule: Rule, finding: Finding, query: ModelQuery): Omit<Threat, 'id'> {
  const { meta } = rule;
  const components = finding.components;
  const componentNames = components.map((id) => query.nameOf(id));
  const { score, factors } = scoreThreat({
    likelihood: meta.likelihood,
    impact: meta.impact,
    exposure: worstExposure(query, components),
    control: finding.controlState,
    sensitivity: worstSensitivity(query, finding),
  });
  const assumptions = assumedFacts(query, finding.evidence);
  return {
    fingerprint: fingerprintOf(meta.id, [...components].sort(), [...finding.flows].sort()),
    rootKey: `${meta.id}:${finding.groupKey ?? '*'}`,
    ruleId: meta.id,
    slug: meta.slug,
    title: `${meta.title} (${summarizeNames(componentNames)})`,
    severity: severityOf(score),
    score,
    factors,
    stride: meta.stride,
    components,
    componentNames,
    flows: finding.flows,
    why: assumptions ? `${finding.why} ${assumptions}` : finding.why,
    evidence: finding.evidence,
    controlState: finding.controlState,
    assumed: assumptions !== '',
    references: meta.references,
    recommendation: meta.recommendation,
    status: 'active',
  };
}

/** A sentence naming the assumed or topology-derived facts a threat rests on, or ''. */
function assumedFacts(query: ModelQuery, evidence: Evidence[]): string {
  const assumed = evidence.filter(
    (e) =>
      (e.source === 'assumed' || e.source === 'topology') &&
      e.value !== 'undeclared' &&
      !(Array.isArray(e.value) && e.value.length === 0),
  );
  if (assumed.length === 0) return '';
  const parts = assumed.map((e) => {
    const subject = query.component(e.element)?.name ?? e.element;
    const value = Array.isArray(e.value) ? e.value.join(', ') : String(e.value);
    return `${subject} ${e.attribute} = ${value}${e.reason ? ` (${e.reason})` : ''}`;
  });
  const distinct = [...new Set(parts)];
  // Like listNames: on a large model every element's zone may be assumed; name a dozen.
  const shown = distinct.slice(0, MAX_ASSUMPTIONS_NAMED).join('; ');
  const hidden = distinct.length - MAX_ASSUMPTIONS_NAMED;
  return `This rests on assumptions, not declarations: ${shown}${
    hidden > 0 ? `; and ${hidden} more (see the evidence)` : ''
  }.`;
}

function worstExposure(query: ModelQuery, componentIds: string[]): Exposure {
  let worst = 0;
  for (const id of componentIds) {
    const component = query.component(id);
    if (component) worst = Math.max(worst, EXPOSURE_ORDER.indexOf(query.exposureOf(component)));
    if (worst === EXPOSURE_ORDER.length - 1) break;
  }
  return EXPOSURE_ORDER[worst];
}

function worstSensitivity(query: ModelQuery, finding: Finding): Sensitivity | 'none' {
  let worst: Sensitivity | undefined;
  const consider = (dataClasses: readonly string[] | undefined) => {
    const level = query.highestSensitivity(dataClasses ?? []);
    if (level && (!worst || SENSITIVITIES.indexOf(level) > SENSITIVITIES.indexOf(worst))) {
      worst = level;
    }
  };
  // Nothing ranks above restricted, so a group of thousands usually stops early.
  for (const id of finding.components) {
    consider(query.component(id)?.data.value);
    if (worst === 'restricted') return worst;
  }
  for (const id of finding.flows) {
    consider(query.dataCarriedBy(id));
    if (worst === 'restricted') return worst;
  }
  return worst ?? 'none';
}

export function fingerprintOf(ruleId: string, components: string[], flows: string[]): string {
  const text = [ruleId, components.join(','), flows.join(',')].join('|');
  return bytesToHex(sha256(utf8ToBytes(text))).slice(0, 16);
}

function summarizeNames(names: string[]): string {
  if (names.length <= TITLE_NAMES) return names.join(', ');
  return `${names.slice(0, TITLE_NAMES).join(', ')} and ${names.length - TITLE_NAMES} more`;
}
