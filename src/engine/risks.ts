import type { Problem } from '../model/problems.js';
import type { RiskEntry, RiskFile } from '../model/risks.js';
import type { AnalysisReport, RiskDecision, Threat } from './threat.js';

export interface RiskOptions {
  /**
   * The analysis date, YYYY-MM-DD. The engine has no clock so that a report is reproducible;
   * the CLI passes today's date unless told otherwise.
   */
  today: string;
}

export interface AppliedRisks {
  report: AnalysisReport;
  /** Expired decisions and entries that match no threat, each pointing at its entry. */
  warnings: Problem[];
}

/**
 * Marks each threat with the decision recorded for it: by fingerprint first (the exact threat),
 * then by root key (the same root cause, whatever elements it now spans). An expired decision
 * is kept on the threat for the record, but the threat is active again.
 */
export function applyRiskDecisions(
  report: AnalysisReport,
  risks: RiskFile,
  options: RiskOptions,
): AppliedRisks {
  const byKey = new Map(risks.entries.map((entry) => [keyOf(entry), entry]));
  const warnings: Problem[] = [];

  const threats = report.threats.map((threat): Threat => {
    const entry =
      byKey.get(`fingerprint:${threat.fingerprint}`) ?? byKey.get(`rootKey:${threat.rootKey}`);
    if (!entry) return threat;
    const decision = toDecision(entry, options.today);
    if (decision.expired) warnings.push(expiredWarning(entry, threat));
    return { ...threat, status: decision.expired ? 'active' : decision.status, decision };
  });

  for (const entry of risks.entries) {
    // A root-key entry shadowed by a fingerprint entry for the same threat still names a
    // threat that exists, so only entries that name nothing are stale.
    if (matchesAny(entry, report.threats)) continue;
    warnings.push(unmatchedWarning(entry));
  }
  return { report: { ...report, threats }, warnings };
}

function keyOf(entry: RiskEntry): string {
  return `${entry.key.kind}:${entry.key.value}`;
}

function matchesAny(entry: RiskEntry, threats: readonly Threat[]): boolean {
  return threats.some((threat) => threat[entry.key.kind] === entry.key.value);
}

function toDecision(entry: RiskEntry, today: string): RiskDecision {
  return {
    status: entry.status,
    justification: entry.justification,
    owner: entry.owner,
    ...(entry.expires === undefined ? {} : { expires: entry.expires }),
    // ISO dates compare as strings; the decision holds through its expiry day.
    expired: entry.expires !== undefined && entry.expires < today,
    ...(entry.file === undefined ? {} : { file: entry.file }),
    line: entry.line,
    column: entry.column,
  };
}

function expiredWarning(entry: RiskEntry, threat: Threat): Problem {
  return warningAt(
    entry,
    'risk-expired',
    `risks[${entry.index}]: the ${entry.status} decision on ${threat.id} ` +
      `(${threat.slug}, ${entry.key.kind} ${entry.key.value}) expired on ${entry.expires}; ` +
      'the threat is active again until the entry is renewed or removed',
  );
}

function unmatchedWarning(entry: RiskEntry): Problem {
  return warningAt(
    entry,
    'risk-unmatched',
    `risks[${entry.index}]: ${entry.key.kind} '${entry.key.value}' matches no threat in this ` +
      'report; the threat is gone or the model changed, so review or remove the entry',
  );
}

function warningAt(entry: RiskEntry, code: string, message: string): Problem {
  return {
    severity: 'warning',
    code,
    message,
    ...(entry.file === undefined ? {} : { file: entry.file }),
    line: entry.line,
    column: entry.column,
  };
}
