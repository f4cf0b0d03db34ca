import { isAtOrAbove } from './gate.js';
import { SEVERITIES, type Severity } from './score.js';
import type { Threat } from './threat.js';

/** What a diff needs of a threat; a JSON report from an older run carries at least this. */
export type DiffThreat = Pick<
  Threat,
  'id' | 'fingerprint' | 'ruleId' | 'title' | 'severity' | 'score' | 'components' | 'status'
> & {
  /** Absent in reports that predate root keys; matching then falls back to the fingerprint. */
  rootKey?: string;
  slug?: string;
  componentNames?: string[];
};

export interface ThreatChange {
  before: DiffThreat;
  after: DiffThreat;
  severity?: { from: Severity; to: Severity };
  score?: { from: number; to: number };
  /** Component IDs that joined or left the threat. */
  components?: { added: string[]; removed: string[] };
  status?: { from: Threat['status']; to: Threat['status'] };
  /** The severity went up. */
  worsened: boolean;
}

export interface ThreatDiff {
  /** Threats only the after side has, in its order (highest score first). */
  added: DiffThreat[];
  /** Threats only the before side had. */
  resolved: DiffThreat[];
  changed: ThreatChange[];
  unchanged: { before: DiffThreat; after: DiffThreat }[];
}

/**
 * Pairs the threats of two reports by root key (rule plus root cause), then by fingerprint
 * for those left, so that renumbered IDs and grown element lists read as one threat that
 * changed rather than one resolved and one new.
 */
export function diffThreats(
  before: readonly DiffThreat[],
  after: readonly DiffThreat[],
): ThreatDiff {
  const pairs = new Map<DiffThreat, DiffThreat>();
  pairUp(before, after, pairs, (t) => t.rootKey);
  pairUp(before, after, pairs, (t) => t.fingerprint);

  const matchedBefore = new Set(pairs.values());
  const diff: ThreatDiff = { added: [], resolved: [], changed: [], unchanged: [] };
  for (const threat of after) {
    const earlier = pairs.get(threat);
    if (!earlier) {
      diff.added.push(threat);
      continue;
    }
    const change = compare(earlier, threat);
    if (change) diff.changed.push(change);
    else diff.unchanged.push({ before: earlier, after: threat });
  }
  diff.resolved = before.filter((threat) => !matchedBefore.has(threat));
  return diff;
}

/**
 * New threats, and threats whose severity rose, that are active and at or above the
 * threshold: what a pull-request gate fails on.
 */
export function newThreatsAtOrAbove(diff: ThreatDiff, threshold: Severity): DiffThreat[] {
  const failing = (threat: DiffThreat) =>
    threat.status === 'active' && isAtOrAbove(threat.severity, threshold);
  return [
    ...diff.added.filter(failing),
    ...diff.changed.filter((c) => c.worsened && failing(c.after)).map((c) => c.after),
  ];
}

function pairUp(
  before: readonly DiffThreat[],
  after: readonly DiffThreat[],
  pairs: Map<DiffThreat, DiffThreat>,
  keyOf: (threat: DiffThreat) => string | undefined,
): void {
  const taken = new Set(pairs.values());
  const waiting = new Map<string, DiffThreat>();
  for (const threat of before) {
    const key = keyOf(threat);
    if (key !== undefined && !taken.has(threat) && !waiting.has(key)) waiting.set(key, threat);
  }
  for (const threat of after) {
    const key = keyOf(threat);
    if (pairs.has(threat) || key === undefined) continue;
    const earlier = waiting.get(key);
    if (!earlier) continue;
    pairs.set(threat, earlier);
    waiting.delete(key);
  }
}

function compare(before: DiffThreat, after: DiffThreat): ThreatChange | undefined {
  const change: ThreatChange = { before, after, worsened: false };
  if (before.severity !== after.severity) {
    change.severity = { from: before.severity, to: after.severity };
    change.worsened = SEVERITIES.indexOf(after.severity) < SEVERITIES.indexOf(before.severity);
  }
  if (before.score !== after.score) change.score = { from: before.score, to: after.score };
  const added = after.components.filter((id) => !before.components.includes(id));
  const removed = before.components.filter((id) => !after.components.includes(id));
  if (added.length > 0 || removed.length > 0) change.components = { added, removed };
  if (before.status !== after.status) change.status = { from: before.status, to: after.status };
  const changed = change.severity || change.score || change.components || change.status;
  return changed ? change : undefined;
}
