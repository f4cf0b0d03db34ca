import type { DiffThreat, ThreatChange, ThreatDiff } from '../engine/diff.js';
import type { Problem } from '../model/problems.js';
import type { DiffRenderOptions } from './diff-markdown.js';

/** Bumped when a field changes meaning or disappears; additions keep the version. */
export const DIFF_SCHEMA_VERSION = 1;

export interface DiffJsonOptions extends DiffRenderOptions {
  warnings?: readonly Problem[];
}

/** What changed between two analyses, for machines. Pure. */
export function renderDiffJson(diff: ThreatDiff, options: DiffJsonOptions = {}): string {
  const document = {
    schemaVersion: DIFF_SCHEMA_VERSION,
    tool: { name: 'strider' },
    kind: 'diff',
    before: options.before ?? null,
    after: options.after ?? null,
    summary: {
      new: diff.added.length,
      resolved: diff.resolved.length,
      changed: diff.changed.length,
      unchanged: diff.unchanged.length,
    },
    new: diff.added.map(summarize),
    resolved: diff.resolved.map(summarize),
    changed: diff.changed.map(describe),
    unchanged: diff.unchanged.map(({ before, after }) => ({
      before: before.id,
      after: after.id,
      rootKey: after.rootKey ?? null,
      fingerprint: after.fingerprint,
    })),
    problems: options.warnings ?? [],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The identifying and scoring fields only; the full threat is in the analysis report. */
function summarize(threat: DiffThreat) {
  return {
    id: threat.id,
    fingerprint: threat.fingerprint,
    rootKey: threat.rootKey ?? null,
    ruleId: threat.ruleId,
    slug: threat.slug ?? null,
    title: threat.title,
    severity: threat.severity,
    score: threat.score,
    status: threat.status,
    components: threat.components,
  };
}

function describe(change: ThreatChange) {
  return {
    before: summarize(change.before),
    after: summarize(change.after),
    changes: {
      ...(change.severity ? { severity: change.severity } : {}),
      ...(change.score ? { score: change.score } : {}),
      ...(change.components ? { components: change.components } : {}),
      ...(change.status ? { status: change.status } : {}),
    },
    worsened: change.worsened,
  };
}
