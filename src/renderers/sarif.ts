import type { Problem } from '../model/problems.js';
import type { SourcePosition, ThreatModel } from '../model/types.js';
import { RULES } from '../rules/index.js';
import type { Rule, RuleMeta } from '../rules/rule.js';
import { scoreThreat, severityOf, type Severity } from '../engine/score.js';
import type { AnalysisReport, RiskDecision, Threat } from '../engine/threat.js';
import { formatReferences, formatScore, formatStatus, strideNames } from './text.js';

/**
 * SARIF 2.1.0 (OASIS), the format code-scanning tabs read. One reporting descriptor per rule of
 * the catalog, one result per threat, located at the elements and flows it rests on.
 */
const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

// TODO(repo-url): confirm once the repository is published; the rule pages are generated
// into docs/rules/<slug>.md there.
const REPOSITORY_URI = 'https://github.com/strider-dev/strider';
export const DEFAULT_DOCS_BASE_URI = `${REPOSITORY_URI}/blob/main/docs/rules/`;

/** GitHub and others show 'error' results as failures and 'note' ones as hints. */
export const SARIF_LEVELS = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
} as const satisfies Record<Severity, string>;

/** Where an analyzed file is, as SARIF names it. */
export interface SarifArtifact {
  uri: string;
  /** '%SRCROOT%' when `uri` is relative to the working directory (the checkout in CI). */
  uriBaseId?: string;
}

export interface SarifOptions {
  /** The analyzed model, whose elements' positions become the results' locations. */
  model?: ThreatModel;
  /** The input file as given on the command line; absent for text that came from no file. */
  input?: string;
  /** The working directory, so that paths inside it become relative to %SRCROOT%. */
  cwd?: string;
  toolVersion?: string;
  docsBaseUri?: string;
  /** The catalog to describe; the rules that produced the report. */
  rules?: readonly Rule[];
  top?: number;
  /** Problems of the run (input warnings, stale risk entries), reported as notifications. */
  warnings?: readonly Problem[];
}

/** The report as a SARIF log. Pure. */
export function renderSarif(report: AnalysisReport, options: SarifOptions = {}): string {
  const rules = options.rules ?? RULES;
  const docsBaseUri = options.docsBaseUri ?? DEFAULT_DOCS_BASE_URI;
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const threats = options.top === undefined ? report.threats : report.threats.slice(0, options.top);
  const artifactOf = (file: string) => artifactFor(file, options.cwd);
  const input = options.input === undefined ? undefined : artifactOf(options.input);
  const locate = threatLocator(options.model, input);
  const problems = [...report.problems, ...(options.warnings ?? [])];
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Strider',
            ...(options.toolVersion ? { semanticVersion: options.toolVersion } : {}),
            informationUri: REPOSITORY_URI,
            rules: rules.map((rule) => describeRule(rule.meta, docsBaseUri)),
          },
        },
        ...(input ? { artifacts: [{ location: input, roles: ['analysisTarget'] }] } : {}),
        invocations: [invocationOf(problems, artifactOf)],
        columnKind: 'utf16CodeUnits',
        results: threats.map((threat) => toResult(threat, ruleIndex, locate)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * A file path as a SARIF artifact location: relative to the working directory under
 * %SRCROOT% when it lies inside it (or is relative and no directory is known), else an
 * absolute file URI. Plain string work, so it runs where node:path does not.
 */
export function artifactFor(file: string, cwd?: string): SarifArtifact {
  const normalized = file.replace(/\\/g, '/');
  if (cwd === undefined) {
    return normalized.startsWith('/')
      ? { uri: `file://${encodePath(normalizePath(normalized))}` }
      : { uri: encodePath(normalized.replace(/^(\.\/)+/, '')), uriBaseId: '%SRCROOT%' };
  }
  const root = normalizePath(cwd.replace(/\\/g, '/'));
  const absolute = normalizePath(normalized.startsWith('/') ? normalized : `${root}/${normalized}`);
  const prefix = root === '/' ? '/' : `${root}/`;
  if (absolute.startsWith(prefix)) {
    return { uri: encodePath(absolute.slice(prefix.length)), uriBaseId: '%SRCROOT%' };
  }
  return { uri: `file://${encodePath(absolute)}` };
}

function describeRule(meta: RuleMeta, docsBaseUri: string) {
  const helpUri = `${docsBaseUri}${meta.slug}.md`;
  const stride = strideNames(meta.stride).join(', ');
  const score = basisScore(meta);
  return {
    id: meta.id,
    name: meta.slug,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: {
      text:
        `${meta.description}\n\nRecommendation: ${meta.recommendation}\n\nSTRIDE: ${stride}\n` +
        `References: ${formatReferences(meta.references)}\nDocumentation: ${helpUri}`,
      markdown:
        `${meta.description}\n\n**Recommendation:** ${meta.recommendation}\n\n` +
        `**STRIDE:** ${stride}\n\n**References:** ${linkedReferences(meta)}\n\n` +
        `[Rule documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: SARIF_LEVELS[severityOf(score)] },
    properties: {
      'tags': ['security', ...strideNames(meta.stride), ...meta.references.cwe.map(cweTag)],
      'security-severity': formatScore(score),
      ...(meta.aliases?.length ? { aliases: meta.aliases } : {}),
    },
  };
}

/**
 * The rule's score before a model adjusts it: its likelihood and impact bases with neutral
 * exposure, control and data. Code scanning ranks every alert of a rule by this one number.
 */
function basisScore(meta: RuleMeta): number {
  return scoreThreat({
    likelihood: meta.likelihood,
    impact: meta.impact,
    exposure: 'internal',
    control: 'absent',
    sensitivity: 'internal',
  }).score;
}

/** GitHub reads CWE tags in this form and links them to MITRE. */
function cweTag(cwe: string): string {
  return `external/cwe/${cwe.toLowerCase()}`;
}

function linkedReferences(meta: RuleMeta): string {
  const asvs = formatReferences({ ...meta.references, cwe: [] });
  const cwes = meta.references.cwe.map(
    (id) => `[${id}](https://cwe.mitre.org/data/definitions/${id.replace(/^CWE-/, '')}.html)`,
  );
  return [asvs, ...cwes].filter((part) => part !== '').join('; ');
}

function toResult(threat: Threat, ruleIndex: Map<string, number>, locate: ThreatLocator) {
  const index = ruleIndex.get(threat.ruleId);
  return {
    ruleId: threat.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: SARIF_LEVELS[threat.severity],
    message: { text: `${threat.title}. ${threat.why}` },
    locations: locate(threat),
    partialFingerprints: { 'striderFingerprint/v1': threat.fingerprint },
    ...(threat.status !== 'active' && threat.decision
      ? { suppressions: [suppressionOf(threat, threat.decision)] }
      : {}),
    properties: {
      threatId: threat.id,
      rootKey: threat.rootKey,
      severity: threat.severity,
      score: threat.score,
      factors: threat.factors,
      status: threat.status,
      stride: strideNames(threat.stride),
      components: threat.components,
      flows: threat.flows,
      assumed: threat.assumed,
      evidence: threat.evidence,
    },
  };
}

/** A recorded decision: 'external' because it lives in the risk file, not in the input. */
function suppressionOf(threat: Threat, decision: RiskDecision) {
  return {
    kind: 'external',
    status: 'accepted',
    justification: formatStatus(threat),
    properties: {
      decision: decision.status,
      owner: decision.owner,
      ...(decision.expires ? { expires: decision.expires } : {}),
    },
  };
}

function invocationOf(problems: readonly Problem[], artifactOf: (file: string) => SarifArtifact) {
  const notifications = problems.map((problem) => ({
    level: problem.severity,
    message: { text: problem.message },
    descriptor: { id: problem.code },
    ...(problem.file !== undefined
      ? { locations: [physicalAt(artifactOf(problem.file), problem)] }
      : {}),
  }));
  return {
    executionSuccessful: !problems.some((p) => p.code === 'rule-crashed'),
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}

type ThreatLocator = (threat: Threat) => object[];

/**
 * Each component and flow a threat rests on becomes a location: physical at its line and
 * column when the importer kept its position, and logical by ID in every case. A threat none
 * of whose elements has a position still points at the top of the input, so that code
 * scanning, which needs a file, can show it.
 */
function threatLocator(model: ThreatModel | undefined, input: SarifArtifact | undefined) {
  const positions = new Map<string, SourcePosition | undefined>();
  for (const c of model?.components ?? []) positions.set(`components/${c.id}`, c.position);
  for (const f of model?.flows ?? []) positions.set(`flows/${f.id}`, f.position);

  // No kind the specification lists fits a diagram element, and it allows others.
  const elementLocation = (qualifiedName: string, id: string, description: string) => {
    const position = positions.get(qualifiedName);
    const kind = qualifiedName.startsWith('flows/') ? 'flow' : 'component';
    return {
      ...(input && position ? physicalAt(input, position) : {}),
      logicalLocations: [{ name: id, fullyQualifiedName: qualifiedName, kind }],
      message: { text: description },
    };
  };

  return (threat: Threat): object[] => {
    const locations: object[] = [
      ...threat.components.map((id, i) =>
        elementLocation(`components/${id}`, id, `${threat.componentNames[i] ?? id} (${id})`),
      ),
      ...threat.flows.map((id) => elementLocation(`flows/${id}`, id, `flow ${id}`)),
    ];
    if (input && !locations.some((location) => 'physicalLocation' in location)) {
      locations.unshift({ ...physicalAt(input, {}), message: { text: 'the analyzed model' } });
    }
    return locations;
  };
}

function physicalAt(artifact: SarifArtifact, position: { line?: number; column?: number }) {
  return {
    physicalLocation: {
      artifactLocation: artifact,
      region: { startLine: position.line ?? 1, startColumn: position.column ?? 1 },
    },
  };
}

/** Resolves '.' and '..' in an absolute or relative slash path; the result starts with '/'. */
function normalizePath(file: string): string {
  const parts: string[] = [];
  for (const part of file.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
