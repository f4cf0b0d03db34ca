import { SEVERITIES, type Severity } from './score.js';
import type { Threat } from './threat.js';

/** Whether `severity` is `threshold` or worse; SEVERITIES runs from worst to mildest. */
export function isAtOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/**
 * The threats that fail a CI gate set at `threshold`: active ones at or above it. Accepted,
 * mitigated and false-positive threats never fail it; an expired decision left its threat
 * active, so that one does.
 */
export function threatsFailingGate(threats: readonly Threat[], threshold: Severity): Threat[] {
  return threats.filter((t) => t.status === 'active' && isAtOrAbove(t.severity, threshold));
}
