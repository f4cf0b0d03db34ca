import type { ControlState, Level } from '../rules/rule.js';
import type { Sensitivity } from '../model/types.js';
import type { Exposure } from './query.js';

/**
 * Scoring, documented in docs/scoring.md. Likelihood and impact are each 0-10: the rule's
 * basis, adjusted by facts of the model. The score is their geometric mean, so a threat needs
 * both to be high to be high, as in CVSS-like risk matrices.
 */
export const LEVEL_POINTS: Record<Level, number> = {
  low: 4,
  medium: 6,
  high: 8,
  critical: 9.5,
};

/** Reachability: an internet-facing element is easier to reach than one deep inside. */
export const EXPOSURE_ADJUSTMENT: Record<Exposure, number> = {
  internet: 1,
  dmz: 0.5,
  internal: 0,
};

/** A control known to be absent is a certainty; an undeclared one may exist unrecorded. */
export const CONTROL_ADJUSTMENT: Record<ControlState, number> = {
  absent: 0,
  undeclared: -1,
};

/** The most sensitive data involved raises the impact; no known data leaves it as is. */
export const SENSITIVITY_ADJUSTMENT: Record<Sensitivity | 'none', number> = {
  restricted: 1,
  confidential: 0.5,
  internal: 0,
  none: 0,
  public: -1,
};

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ScoreFactors {
  likelihood: { basis: Level; exposure: Exposure; control: ControlState; value: number };
  impact: { basis: Level; sensitivity: Sensitivity | 'none'; value: number };
}

export interface ScoreInput {
  likelihood: Level;
  impact: Level;
  exposure: Exposure;
  control: ControlState;
  sensitivity: Sensitivity | 'none';
}

export function scoreThreat(input: ScoreInput): { score: number; factors: ScoreFactors } {
  const likelihood = clamp(
    LEVEL_POINTS[input.likelihood] +
      EXPOSURE_ADJUSTMENT[input.exposure] +
      CONTROL_ADJUSTMENT[input.control],
  );
  const impact = clamp(LEVEL_POINTS[input.impact] + SENSITIVITY_ADJUSTMENT[input.sensitivity]);
  return {
    score: Math.round(Math.sqrt(likelihood * impact) * 10) / 10,
    factors: {
      likelihood: {
        basis: input.likelihood,
        exposure: input.exposure,
        control: input.control,
        value: likelihood,
      },
      impact: { basis: input.impact, sensitivity: input.sensitivity, value: impact },
    },
  };
}

/** Bands as in CVSS v3: 9.0+ critical, 7.0+ high, 4.0+ medium, below low. */
export function severityOf(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

function clamp(value: number): number {
  return Math.min(10, Math.max(0, value));
}
