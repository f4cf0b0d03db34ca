import type { ComponentKind, FactSource } from '../model/types.js';
import type { ModelQuery } from '../engine/query.js';

export const STRIDE = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information Disclosure',
  D: 'Denial of Service',
  E: 'Elevation of Privilege',
} as const;
export type StrideLetter = keyof typeof STRIDE;

export const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

/** References are structured so a catalog test can check each against the official lists. */
export interface RuleReferences {
  /** 'CWE-306': only weaknesses MITRE marks Allowed or Allowed-with-Review for mapping. */
  cwe: string[];
  /** ASVS 5.0.0 requirement IDs, 'V6.3.1'. Empty with `asvsNote` when no requirement fits. */
  asvs: string[];
  /** The ASVS 4.0.3 equivalents, '2.1.1' style IDs with a V prefix: 'V2.1.1'. */
  asvs4: string[];
  /** Why ASVS is empty or partial, shown to the user instead of a wrong citation. */
  asvsNote?: string;
}

/**
 * Segmentation rules cite the same weakness and, since ASVS 5.0 dropped network segmentation as
 * out of scope (4.0.3 V1.14.1), say so instead of citing a requirement that does not fit.
 */
export const SEGMENTATION_REFERENCES: RuleReferences = {
  cwe: ['CWE-653'],
  asvs: [],
  asvs4: ['V1.14.1'],
  asvsNote:
    'ASVS 5.0 has no network segmentation requirement (4.0.3 V1.14.1 was removed as out ' +
    'of scope), so none is cited.',
};

/** A model written in Strider's own YAML format, used as a rule's example and test. */
export interface RuleExample {
  description: string;
  model: string;
}

export interface RuleMeta {
  /** Opaque and stable forever: 'STR-0001'. */
  id: string;
  /** Kebab-case name, equal to the file name. */
  slug: string;
  /** Previous slugs, so suppressions and links keep working after a rename. */
  aliases?: string[];
  /** The threat's title; the engine appends the affected components' names. */
  title: string;
  stride: StrideLetter[];
  references: RuleReferences;
  /** How likely the threat is as a rule of thumb, before the model's facts adjust it. */
  likelihood: Level;
  /** How bad it is when it happens, before data sensitivity adjusts it. */
  impact: Level;
  description: string;
  recommendation: string;
  examples: { fires: RuleExample; quiet: RuleExample };
  /**
   * The kinds of component the rule is about, for rules that cannot fire unless the model has
   * one of them: the engine skips the rule on models without any (a test holds every rule to
   * its list). Undefined for rules that look at any component.
   */
  requiresKinds?: readonly ComponentKind[];
}

/**
 * A fact a finding rests on: which element, which attribute, what value, and where the
 * value came from. Renderers print these; nothing else explains a threat.
 */
export interface Evidence {
  /** A component, flow or zone ID. */
  element: string;
  attribute: string;
  value: unknown;
  source: FactSource;
  reason?: string;
}

/** Whether the missing control is known to be absent or merely not declared. */
export type ControlState = 'absent' | 'undeclared';

export interface Finding {
  components: string[];
  flows: string[];
  /** The Why, in full sentences that cite the model's facts. */
  why: string;
  evidence: Evidence[];
  controlState: ControlState;
  /**
   * Findings of one rule with the same key merge into one threat. Rules that group everything
   * into one threat per root cause leave it undefined.
   */
  groupKey?: string;
}

export interface Rule {
  meta: RuleMeta;
  /** Pure: reads the model through the query, returns findings. No I/O, clock or randomness. */
  check(query: ModelQuery): Finding[];
}

/** Identity function that gives rule modules a typed shape, as ESLint's createRule does. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
