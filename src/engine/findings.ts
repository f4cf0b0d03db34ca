import type { Control } from '../model/types.js';
import type { ControlState, Evidence, Finding } from '../rules/rule.js';
import { evidenceOf, listDescribed, type Controlled, type ModelQuery } from './query.js';

/*
 * Small builders most rules share: a rule decides which elements are affected and why; these
 * turn that into the finding the engine groups and scores, so each rule stays about its threat.
 */

/** 'absent' when the model says a control is off on any of the elements, else 'undeclared'. */
export function stateOf(
  elements: readonly Controlled[],
  controls: readonly Control[],
): ControlState {
  const off = elements.some((element) =>
    controls.some((control) => element.controls[control]?.value === false),
  );
  return off ? 'absent' : 'undeclared';
}

/** One evidence line per element and control: the control's value, or 'undeclared'. */
export function controlEvidence(
  elements: readonly Controlled[],
  controls: readonly Control[],
): Evidence[] {
  return elements.flatMap((element) =>
    controls.map((control) =>
      evidenceOf(element.id, `controls.${control}`, element.controls[control]),
    ),
  );
}

export interface ControlGap {
  /** Components the threat affects. */
  components: readonly Controlled[];
  /** Flows the threat rests on, if any. */
  flows?: readonly Controlled[];
  /** The controls that would have kept the rule quiet. */
  controls: readonly Control[];
  why: string;
  /** Facts beyond the controls, such as the data or exposure that made the rule fire. */
  evidence?: readonly Evidence[];
  groupKey?: string;
}

/**
 * The common finding: elements that lack a control. Control evidence is read from the flows
 * when the gap lies on flows, else from the components. No elements, no finding.
 */
export function controlGap(gap: ControlGap): Finding[] {
  if (gap.components.length === 0 && (gap.flows ?? []).length === 0) return [];
  const carriers = gap.flows && gap.flows.length > 0 ? gap.flows : gap.components;
  return [
    {
      components: unique(gap.components.map((c) => c.id)),
      flows: unique((gap.flows ?? []).map((f) => f.id)),
      why: gap.why,
      evidence: [...(gap.evidence ?? []), ...controlEvidence(carriers, gap.controls)],
      controlState: stateOf([...gap.components, ...(gap.flows ?? [])], gap.controls),
      groupKey: gap.groupKey,
    },
  ];
}

/** "Orders API and Billing" for a sentence, from component IDs. */
export function namesOf(query: ModelQuery, ids: readonly string[]): string {
  return listDescribed(unique(ids), (id) => query.nameOf(id));
}

/** "Web → API" for each flow, as a list for a sentence. */
export function edgesOf(query: ModelQuery, flows: readonly { from: string; to: string }[]): string {
  return listDescribed(flows, (flow) => `${query.nameOf(flow.from)} → ${query.nameOf(flow.to)}`);
}

/**
 * A word agreeing with the number of subjects, given as a count or a list:
 * verb(2, 'handles', 'handle'), verb(stores, 'it', 'them').
 */
export function verb(
  subjects: number | readonly unknown[],
  singular: string,
  plural: string,
): string {
  const count = typeof subjects === 'number' ? subjects : subjects.length;
  return count === 1 ? singular : plural;
}

/** Component names with a verb that agrees: "Orders API takes", "Orders API and Web take". */
export function namesWith(
  query: ModelQuery,
  ids: readonly string[],
  singular: string,
  plural: string,
): string {
  const distinct = unique(ids);
  return `${namesOf(query, distinct)} ${verb(distinct, singular, plural)}`;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
