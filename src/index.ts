/**
 * Strider's public API: the engine takes text and returns data and text, with no file system
 * or process access, so it runs the same in the CLI, a server and a browser page.
 */
export { analyzeModel, fingerprintOf } from './engine/analyze.js';
export type { AnalyzeOptions } from './engine/analyze.js';
export { analyze, understand, DEFAULT_MAX_INPUT } from './engine/pipeline.js';
export type { Analysis, SourceText, Understanding, UnderstandOptions } from './engine/pipeline.js';
export { ModelQuery } from './engine/query.js';
export { scoreThreat, severityOf, SEVERITIES } from './engine/score.js';
export type { ScoreFactors, Severity } from './engine/score.js';
export type { AnalysisReport, RiskDecision, Threat, ThreatStatus } from './engine/threat.js';
export { IMPORTERS, importerFor } from './importers/index.js';
export type { Importer, ImportResult } from './importers/index.js';
export { inferModel } from './infer/index.js';
export { applyHints } from './model/hints.js';
export { formatProblem, InputError } from './model/problems.js';
export type { Problem } from './model/problems.js';
export { HINTS_SCHEMA, MODEL_SCHEMA } from './model/schema.js';
export type {
  Component,
  DataClass,
  Fact,
  FactSource,
  Flow,
  ThreatModel,
  Zone,
} from './model/types.js';
export { RULES } from './rules/index.js';
export type { Evidence, Finding, Rule, RuleMeta } from './rules/index.js';
export { renderJson } from './renderers/json.js';
export { renderMarkdown } from './renderers/markdown.js';
export { renderModelYaml } from './renderers/model-yaml.js';
export { renderSarif, artifactFor } from './renderers/sarif.js';
export type { SarifOptions } from './renderers/sarif.js';
export { parseRiskFile, RISKS_SCHEMA, DECISION_STATUSES } from './model/risks.js';
export type { RiskEntry, RiskFile } from './model/risks.js';
export { applyRiskDecisions } from './engine/risks.js';
export { threatsFailingGate } from './engine/gate.js';
export { diffThreats, newThreatsAtOrAbove } from './engine/diff.js';
export type { DiffThreat, ThreatChange, ThreatDiff } from './engine/diff.js';
export { isJsonReport, readReportThreats } from './engine/read-report.js';
export { renderDiffJson } from './renderers/diff-json.js';
export { renderDiffMarkdown } from './renderers/diff-markdown.js';
