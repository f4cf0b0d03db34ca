import type { Problem } from '../model/problems.js';
import { THREAT_STATUSES, type AnalysisReport } from '../engine/threat.js';
import { SEVERITIES } from '../engine/score.js';
import { strideNames } from './text.js';

/** Bumped when a field changes meaning or disappears; additions keep the version. */
export const REPORT_SCHEMA_VERSION = 1;

export interface JsonOptions {
  top?: number;
  warnings?: Problem[];
}

/** The report for machines: every threat with its evidence, factors and references. Pure. */
export function renderJson(report: AnalysisReport, options: JsonOptions = {}): string {
  const threats = options.top === undefined ? report.threats : report.threats.slice(0, options.top);
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((severity) => [severity, threats.filter((t) => t.severity === severity).length]),
  );
  const byStatus = Object.fromEntries(
    THREAT_STATUSES.map((status) => [status, threats.filter((t) => t.status === status).length]),
  );
  const document = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'strider' },
    title: report.title ?? null,
    stats: report.stats,
    summary: { total: threats.length, bySeverity, byStatus },
    threats: threats.map((threat) => ({ ...threat, strideNames: strideNames(threat.stride) })),
    problems: [...report.problems, ...(options.warnings ?? [])],
    completeness: report.completeness,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
