import type { Problem } from '../model/problems.js';
import type { CompletenessNote } from './completeness.js';
import { DECISION_STATUSES, type DecisionStatus } from '../model/risks.js';
import type { ControlState, Evidence, RuleReferences, StrideLetter } from '../rules/rule.js';
import type { ScoreFactors, Severity } from './score.js';

export const THREAT_STATUSES = ['active', ...DECISION_STATUSES] as const;
export type ThreatStatus = (typeof THREAT_STATUSES)[number];

/** A recorded decision about one threat, as applied to this report. */
export interface RiskDecision {
  status: DecisionStatus;
  justification: string;
  owner: string;
  /** YYYY-MM-DD, the last day the decision holds. */
  expires?: string;
  /** True when `expires` lies before the analysis date: the threat is active again. */
  expired: boolean;
  /** Where the entry stands in the risk file. */
  file?: string;
  line: number;
  column: number;
}

/** One threat of the report: a rule's grouped findings, scored and explained. */
export interface Threat {
  /** T001, T002...: by rank in this report, so they change when the model does. */
  id: string;
  /** Stable across runs and reorderings: rule plus the exact set of affected elements. */
  fingerprint: string;
  /** Rule plus root cause, stable when affected elements come and go; diffs match on it. */
  rootKey: string;
  ruleId: string;
  slug: string;
  title: string;
  severity: Severity;
  score: number;
  factors: ScoreFactors;
  stride: StrideLetter[];
  components: string[];
  componentNames: string[];
  flows: string[];
  why: string;
  evidence: Evidence[];
  controlState: ControlState;
  /** True when the threat rests on facts Strider assumed or inferred from topology. */
  assumed: boolean;
  references: RuleReferences;
  recommendation: string;
  /** 'active' unless a decision in the risk file accepted, mitigated or dismissed it. */
  status: ThreatStatus;
  /** The risk-file entry that matched, also when it expired and so left the threat active. */
  decision?: RiskDecision;
}

export interface AnalysisReport {
  title?: string;
  threats: Threat[];
  /** Rules that crashed, and other problems found while analyzing. */
  problems: Problem[];
  stats: { components: number; flows: number; zones: number; rules: number };
  /** What the model leaves unsaid (unknown technologies, unlabeled flows...): not threats. */
  completeness: CompletenessNote[];
}
