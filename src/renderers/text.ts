import type { Severity } from '../engine/score.js';
import type { AnalysisReport, Threat, ThreatStatus } from '../engine/threat.js';
import type { Evidence, RuleReferences, StrideLetter } from '../rules/rule.js';
import { STRIDE } from '../rules/rule.js';

/** Shared wording for every human-readable renderer, so they cannot drift apart. */
export const SEVERITY_LABELS = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
} as const satisfies Record<Severity, string>;

export function strideNames(letters: readonly StrideLetter[]): string[] {
  return letters.map((letter) => STRIDE[letter]);
}

/** "ASVS 5.0 V12.3.1, V12.3.3 (4.0.3: V9.2.2); CWE-319" */
export function formatReferences(references: RuleReferences): string {
  const parts: string[] = [];
  if (references.asvs.length > 0) {
    const legacy = references.asvs4.length > 0 ? ` (4.0.3: ${references.asvs4.join(', ')})` : '';
    parts.push(`ASVS 5.0 ${references.asvs.join(', ')}${legacy}`);
  } else if (references.asvs4.length > 0) {
    parts.push(`ASVS 4.0.3 ${references.asvs4.join(', ')}`);
  }
  parts.push(...references.cwe);
  return parts.join('; ');
}

/** "cache.authentication = false (technology: Redis ships without authentication)" */
export function formatEvidence(evidence: Evidence, nameOf: (id: string) => string): string {
  const value = Array.isArray(evidence.value)
    ? `[${evidence.value.join(', ')}]`
    : String(evidence.value);
  const origin = evidence.value === 'undeclared' ? 'not in the model' : evidence.source;
  const reason = evidence.reason ? `: ${evidence.reason}` : '';
  return `${nameOf(evidence.element)} · ${evidence.attribute} = ${value} (${origin}${reason})`;
}

export function formatScore(score: number): string {
  return score.toFixed(1);
}

export const STATUS_LABELS = {
  'active': 'Active',
  'accepted': 'Accepted',
  'mitigated': 'Mitigated',
  'false-positive': 'False positive',
} as const satisfies Record<ThreatStatus, string>;

/**
 * The status with the decision behind it: "Accepted by qa until 2027-01-31: reason", or for
 * an expired one "Active (the accepted decision by qa expired on 2027-01-31)".
 */
export function formatStatus(threat: Threat): string {
  const decision = threat.decision;
  if (!decision) return STATUS_LABELS[threat.status];
  if (decision.expired) {
    return (
      `${STATUS_LABELS.active} (the ${decision.status} decision by ${decision.owner} ` +
      `expired on ${decision.expires})`
    );
  }
  const until = decision.expires ? ` until ${decision.expires}` : '';
  const label = STATUS_LABELS[decision.status];
  return `${label} by ${decision.owner}${until}: ${decision.justification}`;
}

/** A count with its noun in agreement: "1 zone", "3 flows". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "Analyzed 1 component, 2 flows and 1 zone with 56 rules": the header both reports share. */
export function analyzedLine(stats: AnalysisReport['stats']): string {
  return (
    `Analyzed ${countOf(stats.components, 'component')}, ${countOf(stats.flows, 'flow')} and ` +
    `${countOf(stats.zones, 'zone')} with ${countOf(stats.rules, 'rule')}`
  );
}
